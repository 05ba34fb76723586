// Per-op inference functions keyed by domain::op, with opset-versioned variants where the
// operator's inputs or semantics changed (a variant applies from its `since` opset on).
import { opKey } from '../model/graph';
import type { InferFn } from './context';

interface Variant {
  since: number;
  fn: InferFn;
}

const table = new Map<string, Variant[]>();

export function register(domain: string, ops: string | string[], fn: InferFn, since = 1): void {
  for (const op of Array.isArray(ops) ? ops : [ops]) {
    const key = opKey(domain, op);
    const list = table.get(key) ?? [];
    list.push({ since, fn });
    list.sort((a, b) => b.since - a.since);
    table.set(key, list);
  }
}

/** The inference function for an op at an opset version, or undefined when unsupported. */
export function lookup(domain: string, op: string, opset: number): InferFn | undefined {
  const list = table.get(domain === '' ? op : opKey(domain, op));
  if (!list) return undefined;
  for (const v of list) if (opset >= v.since) return v.fn;
  return list[list.length - 1].fn;
}

export function registeredOps(): string[] {
  return [...table.keys()].sort();
}

/** Rank-only fallbacks, used when an op's shape-determining input values are unknown. */
const fallbacks = new Map<string, InferFn>();

export function registerFallback(domain: string, ops: string[], fn: InferFn): void {
  for (const op of ops) fallbacks.set(opKey(domain, op), fn);
}

export function lookupFallback(domain: string, op: string): InferFn | undefined {
  return fallbacks.get(opKey(domain, op));
}

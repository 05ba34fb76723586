// Laid-out levels of the models opened in this workspace (workspace state), keyed by the graph's content
// and the layout version (src/core/view/layoutCacheKey.ts): a reopen posts them before `init`, so the
// webview paints without waiting for its elkjs worker. Bounded: the most recent models, levels per model.
import type * as vscode from 'vscode';
import type { WireLayout } from '../../core/view/protocol';
import { layoutCacheKey } from '../../core/view/layoutCacheKey';

const KEY = 'onnxNpuProfiler.layoutCache';
const MAX_MODELS = 8;
const MAX_LEVELS = 400;

interface Stored {
  /** Model key -> level -> layout; insertion order = least recently used first. */
  models: Record<string, Record<string, WireLayout>>;
}

let memento: vscode.Memento | undefined;
const keys = new WeakMap<Uint8Array, string>();

export function initLayoutCache(context: vscode.ExtensionContext): void {
  memento = context.workspaceState;
}

/** The cache key of a graph's wire bytes (hashed once per analysis). */
export function layoutKeyOf(wire: Uint8Array): string {
  let k = keys.get(wire);
  if (!k) keys.set(wire, (k = layoutCacheKey(wire)));
  return k;
}

function stored(): Stored {
  return memento?.get<Stored>(KEY) ?? { models: {} };
}

export function cachedLayouts(key: string): Array<[string, WireLayout]> {
  return Object.entries(stored().models[key] ?? {});
}

/** Adds levels the webview laid out; the model moves to most recent, the oldest models go. */
export async function storeLayouts(key: string, levels: Array<[string, WireLayout]>): Promise<void> {
  if (!memento || levels.length === 0 || !key.includes(':')) return;
  const s = stored();
  const mine = { ...(s.models[key] ?? {}) };
  for (const [level, l] of levels) if (Object.keys(mine).length < MAX_LEVELS || level in mine) mine[level] = l;
  const rest = Object.entries(s.models).filter(([k]) => k !== key).slice(-(MAX_MODELS - 1));
  await memento.update(KEY, { models: Object.fromEntries([...rest, [key, mine]]) });
}

// Symbolic input dims left unbound after inference, with a proposed value for each, and the CLI flags that
// would bind them. The editor's banner and the CLI's "unbound dims" lines both come from here.
//
// Default policy (documented in the README's "Unbound dims" section):
//  1. a number the model itself gives: metadata_props with the dim's name as key (`batch_size`, `seq_len`…) or a
//     declared value_info/graph output that has a number where inference has the bare symbol → that number;
//  2. otherwise a batch-like dim (named batch/batch_size/bs/N/B/…, or the unnamed first axis of an input with
//     rank ≥ 2) → 1;
//  3. otherwise no proposal: the dim stays unbound until the user gives it, and the layers that depend on it
//     are reported as not costed.
import type { Dim, Model } from '../model/graph';
import type { ShapeResult } from './types';

export type ProposalSource = 'metadata' | 'value_info' | 'batch-like' | 'none';

export interface UnboundDim {
  /** The symbol as `--dim` binds it, or for an unnamed dim `input[axis]` (bound with `--input` only). */
  dim: string;
  /** False for a dim the file leaves unnamed (no dim_param): only `--input NAME=AxBxC` binds it. */
  named: boolean;
  /** Graph inputs that use it, with the axis and the input's inferred shape. */
  inputs: Array<{ name: string; axis: number; shape: Dim[] }>;
  /** Proposed size (undefined = no proposal: the user must give it). */
  proposal?: number;
  proposalSource: ProposalSource;
  /** One line saying where the proposal comes from, for tooltips and CLI output. */
  why: string;
}

const ATOM = /[A-Za-z_][A-Za-z0-9_.:]*/g;
const BATCH_LIKE = /^(batch|batch_size|batchsize|bs|n|b|num_images|unk__\d+|dynamic_batch|batch_dim)$/i;

/** Unbound symbolic dims of the graph inputs, in input order, each with a proposal per the default policy. */
export function unboundDims(model: Model, shapes: ShapeResult): UnboundDim[] {
  const inits = new Set(model.graph.initializers.map((t) => t.name));
  const byDim = new Map<string, UnboundDim>();
  for (const input of model.graph.inputs) {
    if (inits.has(input.name)) continue;
    const shape = shapes.tensors.get(input.name)?.shape;
    if (!shape) continue;
    const generated = `${input.name.replace(/[^A-Za-z0-9_]/g, '_')}_d`;
    shape.forEach((d, axis) => {
      if (typeof d === 'number') return;
      const unnamed = d === null || d === `${generated}${axis}`;
      const keys = unnamed ? [`${input.name}[${axis}]`] : [...new Set(String(d).match(ATOM) ?? [])];
      for (const key of keys) {
        let u = byDim.get(key);
        if (!u) byDim.set(key, (u = { dim: key, named: !unnamed, inputs: [], proposalSource: 'none', why: '' }));
        u.inputs.push({ name: input.name, axis, shape });
      }
    });
  }
  const hints = valueInfoHints(model, shapes);
  for (const u of byDim.values()) propose(u, model, hints);
  return [...byDim.values()];
}

function propose(u: UnboundDim, model: Model, hints: Map<string, number>): void {
  const meta = u.named ? metadataHint(model.metadata, u.dim) : undefined;
  if (meta) {
    u.proposal = meta.value;
    u.proposalSource = 'metadata';
    u.why = `model metadata ${meta.key} = ${meta.value}`;
    return;
  }
  const vi = u.named ? hints.get(u.dim) : undefined;
  if (vi !== undefined) {
    u.proposal = vi;
    u.proposalSource = 'value_info';
    u.why = `the model's declared value_info has ${vi} where this dim is`;
    return;
  }
  const first = u.inputs[0];
  if ((u.named && BATCH_LIKE.test(u.dim)) || (!u.named && first.axis === 0 && first.shape.length >= 2)) {
    u.proposal = 1;
    u.proposalSource = 'batch-like';
    u.why = 'batch-like dim: bound to 1 by default';
    return;
  }
  u.proposalSource = 'none';
  u.why = 'no hint in the model: give its size';
}

/** metadata_props whose key is the dim's name (or name_size / max_name), with a positive integer value. */
function metadataHint(meta: Record<string, string>, dim: string): { key: string; value: number } | undefined {
  const want = new Set([dim, `${dim}_size`, `max_${dim}`, `${dim}_len`].map((k) => k.toLowerCase()));
  for (const [k, v] of Object.entries(meta)) {
    if (!want.has(k.toLowerCase())) continue;
    const n = Number(v.trim());
    if (Number.isSafeInteger(n) && n > 0) return { key: k, value: n };
  }
  return undefined;
}

/** Symbol -> the number a declared value_info or graph output has where inference left the bare symbol (majority). */
function valueInfoHints(model: Model, shapes: ShapeResult): Map<string, number> {
  const votes = new Map<string, Map<number, number>>();
  for (const vi of [...model.graph.valueInfo, ...model.graph.outputs]) {
    const declared = vi.type?.shape;
    const inferred = shapes.tensors.get(vi.name)?.shape;
    if (!declared || !inferred || declared.length !== inferred.length) continue;
    declared.forEach((d, i) => {
      const s = inferred[i];
      if (typeof d !== 'number' || d <= 0 || typeof s !== 'string' || !/^[A-Za-z_][A-Za-z0-9_.:]*$/.test(s)) return;
      const v = votes.get(s) ?? votes.set(s, new Map()).get(s)!;
      v.set(d, (v.get(d) ?? 0) + 1);
    });
  }
  const out = new Map<string, number>();
  for (const [sym, v] of votes) out.set(sym, [...v.entries()].sort((a, b) => b[1] - a[1])[0][0]);
  return out;
}

/**
 * The exact flags that bind the given dims: `--dim sym=N` for named dims, `--input name=AxBxC` for inputs with an
 * unnamed dim (every other dim of that input filled in from its shape, the proposals, or `values`). A dim with
 * neither a proposal nor a value is written as `N` (the user must replace it). Shell-safe names are not quoted;
 * others are single-quoted.
 */
export function cliFlagsFor(unbound: UnboundDim[], values: Record<string, number> = {}): string[] {
  const size = (u: UnboundDim): string => String(values[u.dim] ?? u.proposal ?? 'N');
  const flags: string[] = [];
  for (const u of unbound) if (u.named) flags.push(`--dim ${quote(`${u.dim}=${size(u)}`)}`);
  const byKey = new Map(unbound.map((u) => [u.dim, u]));
  const done = new Set<string>();
  for (const u of unbound) {
    if (u.named) continue;
    for (const { name, shape } of u.inputs) {
      if (done.has(name)) continue;
      done.add(name);
      const dims = shape.map((d, axis) => {
        if (typeof d === 'number') return String(d);
        const own = byKey.get(`${name}[${axis}]`);
        if (own) return size(own);
        const named = byKey.get(String(d));
        return named ? size(named) : 'N';
      });
      flags.push(`--input ${quote(`${name}=${dims.join('x')}`)}`);
    }
  }
  return flags;
}

function quote(s: string): string {
  return /^[A-Za-z0-9_.:=/x+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

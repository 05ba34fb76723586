// Symbolic input dims no binding gave a value, and the CLI flags that would bind them. A minimal version computed
// from the declared input shapes; helper F's src/core/shapes/unbound.ts (with value_info hints) replaces it when present.
import type { Model } from '../model/graph';
import type { ShapeBindings } from '../shapes/types';
import type { ProfileUnboundDim } from './types';

/** Dims that mean "how many at once": bound to 1 by default proposal. */
const BATCH_LIKE = /^(n|b|bs|batch|batch_?size|num_?batch(es)?|unk__\d+_batch)$/i;

export function proposeDim(dim: string): number | undefined {
  return BATCH_LIKE.test(dim) ? 1 : undefined;
}

export function findUnboundDims(stage: string, model: Model, bindings: ShapeBindings): ProfileUnboundDim[] {
  const initializers = new Set(model.graph.initializers.map((t) => t.name));
  const bound = bindings.dims ?? {};
  const boundInputs = bindings.inputs ?? {};
  const bySymbol = new Map<string, ProfileUnboundDim>();
  const out: ProfileUnboundDim[] = [];
  for (const vi of model.graph.inputs) {
    if (initializers.has(vi.name) || vi.name in boundInputs) continue;
    const shape = vi.type?.shape;
    if (!shape) continue;
    const text = `${vi.name}: [${shape.map((d) => (d === null ? '?' : String(d))).join(',')}]`;
    for (const d of shape) {
      if (typeof d === 'string' && !(d in bound)) {
        const seen = bySymbol.get(d);
        if (seen) {
          if (!seen.inputs.includes(text)) seen.inputs.push(text);
          continue;
        }
        const proposal = proposeDim(d);
        const entry: ProfileUnboundDim = { stage, dim: d, inputs: [text], proposal, flag: `--dim ${d}=${proposal ?? 'N'}` };
        bySymbol.set(d, entry);
        out.push(entry);
      } else if (d === null) {
        // An unnamed dim: only a full input shape binds it.
        const dims = shape.map((x) => (typeof x === 'number' ? String(x) : typeof x === 'string' && x in bound ? String(bound[x]) : 'N'));
        out.push({ stage, dim: '', inputs: [text], flag: `--input ${vi.name}=${dims.join('x')}` });
        break;
      }
    }
  }
  return out;
}

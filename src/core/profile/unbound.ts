// Unbound symbolic input dims of each stage, as the profile reports them: shape inference's own list
// (src/core/shapes/unbound.ts: proposals from metadata, value_info, batch-like names) with the exact CLI flag for each.
import type { Model } from '../model/graph';
import type { ShapeResult } from '../shapes/types';
import { cliFlagsFor, unboundDims, type UnboundDim } from '../shapes/unbound';
import type { ProfileUnboundDim } from './types';

function flagFor(u: UnboundDim, all: UnboundDim[]): string {
  if (u.named) return cliFlagsFor([u])[0];
  // An unnamed dim is bound through its input's whole shape, which may hold the stage's other unbound dims.
  const name = u.inputs[0].name;
  const flags = cliFlagsFor(all.filter((x) => !x.named || x.inputs.some((i) => i.name === name)));
  return flags.find((f) => f.includes(`${name}=`)) ?? flags[flags.length - 1];
}

export function findUnboundDims(stage: string, model: Model, shapes: ShapeResult): ProfileUnboundDim[] {
  const all = unboundDims(model, shapes);
  return all.map((u) => ({
    stage,
    dim: u.dim,
    named: u.named,
    inputs: u.inputs.map((i) => `${i.name}: [${i.shape.map((d) => (d === null ? '?' : String(d))).join(',')}]`),
    ...(u.proposal !== undefined ? { proposal: u.proposal } : {}),
    why: u.why,
    flag: flagFor(u, all),
  }));
}

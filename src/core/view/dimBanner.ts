// The editor's unbound-dims banner, pure part: what the banner lists (from src/core/shapes/unbound.ts) and
// how the values typed into it become shape bindings (named dims bind by symbol; a dim the file leaves
// unnamed, `input[axis]`, binds through the input's whole shape). Unit-tested under Node.
import type { ShapeBindings } from '../shapes/types';
import type { UnboundDim } from '../shapes/unbound';
import type { UnboundDimView } from './protocol';

export function bannerDims(unbound: UnboundDim[]): UnboundDimView[] {
  return unbound.map((u) => ({
    name: u.dim,
    proposal: u.proposal ?? 0,
    why: u.why,
    where: u.inputs.map((i) => `input '${i.name}' axis ${i.axis}`).join(', '),
  }));
}

/** Banner values -> bindings: `dims` for named dims, `inputs` (whole shapes) for inputs with an unnamed dim. Values <= 0 are left out. */
export function bindingsFromBanner(unbound: UnboundDim[], values: Record<string, number>): ShapeBindings {
  const ok = (v: number | undefined): v is number => v !== undefined && Number.isInteger(v) && v > 0;
  const dims: Record<string, number> = {};
  for (const u of unbound) if (u.named && ok(values[u.dim])) dims[u.dim] = values[u.dim];
  const inputs: Record<string, number[]> = {};
  for (const u of unbound) {
    if (u.named) continue;
    for (const { name, shape } of u.inputs) {
      if (inputs[name]) continue;
      const full = shape.map((d, axis) => (typeof d === 'number' ? d : values[`${name}[${axis}]`] ?? (typeof d === 'string' ? values[d] : undefined)));
      if (full.every(ok)) inputs[name] = full;
    }
  }
  return { ...(Object.keys(dims).length ? { dims } : {}), ...(Object.keys(inputs).length ? { inputs } : {}) };
}

/** `extra` (the banner's, remembered per file) on top of `base`; its dims and input shapes win. */
export function withExtraBindings(base: ShapeBindings, extra: ShapeBindings | undefined): ShapeBindings {
  if (!extra || (!extra.dims && !extra.inputs)) return base;
  return {
    ...base,
    dims: { ...(base.dims ?? {}), ...(extra.dims ?? {}) },
    ...(base.inputs || extra.inputs ? { inputs: { ...(base.inputs ?? {}), ...(extra.inputs ?? {}) } } : {}),
  };
}

// Shape-manipulating ops (Reshape, Transpose, Concat, Split, Slice, Gather, Squeeze/Unsqueeze,
// Expand, Tile, Pad, Shape, Size, ConstantOfShape, Constant, Range...), folding their values
// when small, because torch exports compute Reshape/Expand targets with them.
import type { Dim } from '../../model/graph';
import { register, registerFallback } from '../registry';
import { fail, normAxis, unknownDims, valuesOfTensor, type OpContext, type TVal } from '../context';
import { addDim, broadcastShapes, ceilDivDim, floorDivDim, isKnown, mulDim, productDims, subDim } from '../dims';
import { FOLD_LIMIT, broadcastValues, numelOf, remapValues } from '../fold';
import { dtypeFromCode } from '../../model/dtype';

function numeric(shape: Dim[] | undefined): number[] | undefined {
  return shape && shape.every((d) => typeof d === 'number') ? (shape) : undefined;
}

/** Row-major strides of a numeric shape. */
function strides(shape: number[]): number[] {
  const s = new Array<number>(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--) s[i] = s[i + 1] * shape[i + 1];
  return s;
}

/** Axes from attribute (older opsets) or input (newer), undefined when neither given. */
function axesFrom(ctx: OpContext, attr: string, input: number): number[] | undefined {
  const a = ctx.intList(attr);
  if (a) return a;
  if (ctx.has(input)) return ctx.ints(input, attr);
  return undefined;
}

// ---- Constant, Shape, Size, ConstantOfShape, Range, EyeLike, OneHot ----

register('', 'Constant', (ctx) => {
  const t = ctx.tensor('value');
  if (t) return [{ dtype: t.dtype, shape: [...t.dims], value: valuesOfTensor(t) }];
  const scalar = (dtype: 'float32' | 'int64', v: number) => ({ dtype, shape: [] as Dim[], value: [v] });
  const vf = ctx.attr('value_float');
  if (vf?.type === 'float') return [scalar('float32', vf.value)];
  const vi = ctx.attr('value_int');
  if (vi?.type === 'int') return [scalar('int64', Number(vi.value))];
  const vfs = ctx.floatList('value_floats');
  if (ctx.attr('value_floats') && vfs) return [{ dtype: 'float32', shape: [vfs.length], value: vfs }];
  const vis = ctx.intList('value_ints');
  if (vis) return [{ dtype: 'int64', shape: [vis.length], value: vis }];
  const vs = ctx.attr('value_string');
  if (vs) return [{ dtype: 'string', shape: [] }];
  const vss = ctx.attr('value_strings');
  if (vss?.type === 'strings') return [{ dtype: 'string', shape: [vss.value.length] }];
  const sp = ctx.attr('sparse_value');
  if (sp?.type === 'sparse_tensor') return [{ dtype: sp.value.values.dtype, shape: [...sp.value.dims] }];
  fail('Constant without a supported value attribute');
});

register('', 'Shape', (ctx) => {
  const s = ctx.shape(0);
  const r = s.length;
  const clamp = (x: number) => Math.min(Math.max(x < 0 ? x + r : x, 0), r);
  const start = clamp(ctx.int('start', 0));
  const end = ctx.attr('end') ? clamp(ctx.int('end', r)) : r;
  const v = s.slice(start, Math.max(start, end));
  return [{ dtype: 'int64', shape: [v.length], value: v }];
});

register('', 'Size', (ctx) => {
  const s = ctx.shape(0);
  return [{ dtype: 'int64', shape: [], value: [productDims(s)] }];
});

register('', 'ConstantOfShape', (ctx) => {
  const t = ctx.tensor('value');
  const dtype = t?.dtype ?? 'float32';
  const fill = t?.values?.[0] ?? 0;
  const x = ctx.req(0);
  let shape: Dim[];
  if (x.value) shape = x.value;
  else if (x.shape && typeof x.shape[0] === 'number') shape = unknownDims(x.shape[0]);
  else fail('ConstantOfShape: shape input is not a constant and its length is unknown');
  const n = numelOf(shape);
  const out: TVal = { dtype, shape };
  if (n !== undefined && n <= FOLD_LIMIT) out.value = new Array(n).fill(Number(fill));
  return [out];
});

register('', 'Range', (ctx) => {
  const dtype = ctx.in(0)?.dtype;
  const [start] = ctx.values(0, 'start');
  const [limit] = ctx.values(1, 'limit');
  const [delta] = ctx.values(2, 'delta');
  if (typeof start === 'number' && typeof limit === 'number' && typeof delta === 'number') {
    const n = Math.max(Math.ceil((limit - start) / delta), 0);
    const out: TVal = { dtype, shape: [n] };
    if (n <= FOLD_LIMIT) out.value = Array.from({ length: n }, (_, i) => start + i * delta);
    return [out];
  }
  // Symbolic range: length = ceil((limit - start) / delta).
  const len = typeof delta === 'number' && delta > 0 ? ceilDivDim(subDim(limit, start), delta) : null;
  return [{ dtype, shape: [len] }];
});

register('', 'EyeLike', (ctx) => {
  const x = ctx.req(0);
  const code = ctx.int('dtype');
  return [{ dtype: code !== undefined ? dtypeFromCodeOr(code, x.dtype) : x.dtype, shape: x.shape }];
});

function dtypeFromCodeOr(code: number, def: TVal['dtype']): TVal['dtype'] {
  return dtypeFromCode(code) ?? def;
}

register('', 'OneHot', (ctx) => {
  const ind = ctx.shape(0);
  const [depth] = ctx.values(1, 'depth');
  const dtype = ctx.in(2)?.dtype;
  const r = ind.length + 1;
  const axis = normAxis(ctx.int('axis', -1), r);
  const out = [...ind];
  out.splice(axis, 0, typeof depth === 'number' ? Math.trunc(depth) : depth);
  return [{ dtype, shape: out }];
});

// ---- Reshape, Flatten, Squeeze, Unsqueeze, Transpose ----

export function reshapeTarget(input: Dim[] | undefined, target: Dim[], allowZero: boolean): Dim[] {
  const out = target.map((d, i) => (d === 0 && !allowZero ? (input ? input[i] ?? fail('Reshape: 0 beyond input rank') : null) : d));
  const neg = out.findIndex((d) => d === -1);
  if (neg >= 0) {
    if (!input) {
      out[neg] = null;
      return out;
    }
    const total = productDims(input);
    const rest = productDims(out.filter((_, i) => i !== neg));
    out[neg] = typeof total === 'number' && typeof rest === 'number' ? (rest === 0 ? 0 : total / rest) : divideSymbolic(total, rest);
    if (typeof out[neg] === 'number' && !Number.isInteger(out[neg])) fail(`Reshape: cannot reshape [${input.join(',')}] to [${target.join(',')}]`);
  } else if (input) {
    const a = productDims(input);
    const b = productDims(out);
    if (typeof a === 'number' && typeof b === 'number' && a !== b) fail(`Reshape: element count ${a} != ${b} for target [${target.join(',')}]`);
  }
  return out;
}

function divideSymbolic(total: Dim, rest: Dim): Dim {
  if (!isKnown(total) || !isKnown(rest)) return null;
  return floorDivDim(total, rest);
}

register('', 'Reshape', (ctx) => {
  const x = ctx.req(0);
  let target: Dim[];
  const attrShape = ctx.intList('shape'); // opset 1-4
  if (attrShape && !ctx.has(1)) target = attrShape;
  else {
    const s = ctx.req(1);
    if (s.value) target = s.value;
    else if (s.shape && typeof s.shape[0] === 'number') return [{ dtype: x.dtype, shape: unknownDims(s.shape[0]) }];
    else fail('Reshape: target shape is not a constant');
  }
  const shape = reshapeTarget(x.shape, target, ctx.int('allowzero', 0) === 1);
  const out: TVal = { dtype: x.dtype, shape };
  if (x.value) out.value = x.value;
  return [out];
});

register('', 'Flatten', (ctx) => {
  const x = ctx.req(0);
  const s = ctx.shape(0);
  const axis = ctx.int('axis', 1);
  const a = axis < 0 ? axis + s.length : axis;
  if (a < 0 || a > s.length) fail(`Flatten: axis ${axis} out of range`);
  const out: TVal = { dtype: x.dtype, shape: [productDims(s.slice(0, a)), productDims(s.slice(a))] };
  if (x.value) out.value = x.value;
  return [out];
});

register('', 'Squeeze', (ctx) => {
  const x = ctx.req(0);
  const s = ctx.shape(0);
  const axes = axesFrom(ctx, 'axes', 1);
  let shape: Dim[];
  if (axes) {
    const drop = new Set(axes.map((a) => normAxis(a, s.length)));
    shape = s.filter((_, i) => !drop.has(i));
  } else {
    if (s.some((d) => typeof d !== 'number')) fail('Squeeze without axes on a shape with unknown dims');
    shape = s.filter((d) => d !== 1);
  }
  const out: TVal = { dtype: x.dtype, shape };
  if (x.value) out.value = x.value;
  return [out];
});

register('', 'Unsqueeze', (ctx) => {
  const x = ctx.req(0);
  const s = ctx.shape(0);
  const axes = axesFrom(ctx, 'axes', 1);
  if (!axes) fail('Unsqueeze: axes unknown');
  const r = s.length + axes.length;
  const set = new Set(axes.map((a) => normAxis(a, r)));
  const shape: Dim[] = [];
  let j = 0;
  for (let i = 0; i < r; i++) shape.push(set.has(i) ? 1 : s[j++]);
  const out: TVal = { dtype: x.dtype, shape };
  if (x.value) out.value = x.value;
  return [out];
});

register('', 'Transpose', (ctx) => {
  const x = ctx.req(0);
  const s = ctx.shape(0);
  const perm = ctx.intList('perm') ?? s.map((_, i) => s.length - 1 - i);
  if (perm.length !== s.length) fail(`Transpose: perm length ${perm.length} != rank ${s.length}`);
  const shape = perm.map((p) => s[normAxis(p, s.length)]);
  const out: TVal = { dtype: x.dtype, shape };
  const ns = numeric(s);
  if (x.value && ns) {
    const st = strides(ns);
    const os = shape as number[];
    out.value = remapValues(x.value, os, (idx) => {
      let src = 0;
      for (let a = 0; a < os.length; a++) src += idx[a] * st[perm[a]];
      return src;
    });
  }
  return [out];
});

// ---- Concat, Split, Slice ----

register('', 'Concat', (ctx) => {
  const idx = ctx.node.inputs.map((_, i) => i).filter((i) => ctx.has(i));
  const shapes = idx.map((i) => ctx.in(i)?.shape);
  const dtype = idx.map((i) => ctx.in(i)?.dtype).find((d) => d);
  const known = shapes.find((s) => s);
  if (!known) return [{ dtype }];
  const r = known.length;
  const axis = normAxis(ctx.int('axis', 0), r);
  const shape: Dim[] = [...known];
  let sum: Dim = 0;
  for (const s of shapes) {
    if (!s) {
      sum = null;
      continue;
    }
    if (s.length !== r) fail(`Concat: rank mismatch ${s.length} vs ${r}`);
    sum = addDim(sum, s[axis]);
    for (let a = 0; a < r; a++) {
      if (a === axis) continue;
      if (shape[a] === null || (typeof shape[a] === 'string' && typeof s[a] === 'number')) shape[a] = s[a];
      else if (typeof s[a] === 'number' && typeof shape[a] === 'number' && s[a] !== shape[a]) fail(`Concat: dim ${a} mismatch ${shape[a]} vs ${s[a]}`);
    }
  }
  shape[axis] = sum;
  const out: TVal = { dtype, shape };
  // Fold 1-D concatenations (shape vectors) and general small ones along axis 0.
  if (axis === 0 && idx.every((i) => ctx.in(i)?.value)) out.value = idx.flatMap((i) => ctx.in(i)!.value!);
  else if (r > 0 && idx.every((i) => ctx.in(i)?.value) && numeric(shape)) {
    const outer = productDims(shape.slice(0, axis)) as number;
    const parts = idx.map((i) => ({ v: ctx.in(i)!.value!, inner: productDims(ctx.in(i)!.shape!.slice(axis)) as number }));
    const v: Dim[] = [];
    for (let o = 0; o < outer; o++) for (const p of parts) v.push(...p.v.slice(o * p.inner, (o + 1) * p.inner));
    out.value = v;
  }
  return [out];
});

register('', 'Split', (ctx) => {
  const x = ctx.req(0);
  const s = ctx.shape(0);
  const axis = normAxis(ctx.int('axis', 0), s.length);
  const n = ctx.numOutputs;
  let sizes: Dim[] | undefined = ctx.intList('split');
  if (!sizes && ctx.has(1)) sizes = ctx.values(1, 'split');
  const d = s[axis];
  if (!sizes) {
    const k = ctx.int('num_outputs') ?? n;
    if (typeof d === 'number') {
      const chunk = Math.ceil(d / k);
      sizes = Array.from({ length: n }, (_, i) => Math.max(0, Math.min(chunk, d - i * chunk)));
    } else sizes = new Array(n).fill(floorDivDim(d, k));
  }
  if (sizes.length !== n) fail(`Split: ${sizes.length} sizes for ${n} outputs`);
  const outs: TVal[] = [];
  let off: Dim = 0;
  const ns = numeric(s);
  for (const sz of sizes) {
    const shape = [...s];
    shape[axis] = sz;
    const t: TVal = { dtype: x.dtype, shape };
    if (x.value && ns && s.length === 1 && typeof off === 'number' && typeof sz === 'number') t.value = x.value.slice(off, off + sz);
    off = addDim(off, sz);
    outs.push(t);
  }
  return outs;
});

/** Slice one dim per ONNX Slice-10+ rules: its length, and its numeric start when known. */
function sliceDim(d: Dim, start: Dim, end: Dim, step: number): { len: Dim; start?: number } {
  if (step === 0) fail('Slice: step 0');
  const BIG = 2 ** 52;
  if (typeof d !== 'number' || typeof start !== 'number' || typeof end !== 'number') {
    // Symbolic: assume the slice stays in range (torch's x[:, :seq] on a longer buffer).
    if (step !== 1 && !(step === -1 && start === -1 && typeof end === 'number' && end <= -BIG)) return { len: null };
    if (step === -1) return { len: d };
    const s0: Dim = typeof start === 'number' && start < 0 ? addDim(d, start) : start;
    let e: Dim = end;
    if (typeof end === 'number' && end >= BIG) e = d;
    else if (typeof end === 'number' && end < 0) e = addDim(d, end);
    if (typeof start === 'number' && start < 0 && typeof end === 'number' && end >= BIG) return { len: -start };
    return { len: subDim(e, s0) };
  }
  const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), hi);
  let s = start < 0 ? start + d : start;
  let e = end < 0 ? end + d : end;
  if (step > 0) {
    s = clamp(s, 0, d);
    e = clamp(e, 0, d);
    return { len: Math.max(0, Math.ceil((e - s) / step)), start: s };
  }
  s = clamp(s, -1, d - 1);
  e = clamp(e, -1, d - 1);
  return { len: Math.max(0, Math.ceil((e - s) / step)), start: s };
}

register('', 'Slice', (ctx) => {
  const x = ctx.req(0);
  const s = ctx.shape(0);
  let starts: Dim[];
  let ends: Dim[];
  let axes: number[] | undefined;
  let steps: number[] | undefined;
  if (ctx.intList('starts') && !ctx.has(1)) {
    starts = ctx.intList('starts')!;
    ends = ctx.intList('ends')!;
    axes = ctx.intList('axes');
  } else {
    starts = ctx.values(1, 'starts');
    ends = ctx.values(2, 'ends');
    if (ctx.has(3)) axes = ctx.ints(3, 'axes');
    if (ctx.has(4)) steps = ctx.ints(4, 'steps');
  }
  axes = axes ?? starts.map((_, i) => i);
  const shape = [...s];
  const plan = s.map(() => ({ start: 0, step: 1 }));
  let foldable = true;
  axes.forEach((a0, i) => {
    const a = normAxis(a0, s.length);
    const step = steps?.[i] ?? 1;
    const r = sliceDim(s[a], starts[i], ends[i], step);
    shape[a] = r.len;
    if (r.start === undefined) foldable = false;
    else plan[a] = { start: r.start, step };
  });
  const out: TVal = { dtype: x.dtype, shape };
  const ns = numeric(s);
  const os = numeric(shape);
  if (x.value && foldable && ns && os) {
    const st = strides(ns);
    out.value = remapValues(x.value, os, (idx) => {
      let src = 0;
      for (let a = 0; a < os.length; a++) src += (plan[a].start + idx[a] * plan[a].step) * st[a];
      return src;
    });
  }
  return [out];
});

// ---- Gather family ----

register('', 'Gather', (ctx) => {
  const x = ctx.req(0);
  const s = ctx.shape(0);
  const ind = ctx.shape(1);
  const axis = normAxis(ctx.int('axis', 0), s.length);
  const shape = [...s.slice(0, axis), ...ind, ...s.slice(axis + 1)];
  const out: TVal = { dtype: x.dtype, shape };
  const iv = ctx.in(1)?.value;
  const ns = numeric(s);
  if (x.value && iv && ns && (numelOf(shape) ?? Infinity) <= FOLD_LIMIT) {
    const outer = productDims(ns.slice(0, axis)) as number;
    const inner = productDims(ns.slice(axis + 1)) as number;
    const d = ns[axis];
    const v: Dim[] = [];
    for (let o = 0; o < outer; o++)
      for (const i0 of iv) {
        if (typeof i0 !== 'number') return [{ dtype: x.dtype, shape }];
        const i = i0 < 0 ? i0 + d : i0;
        for (let k = 0; k < inner; k++) v.push(x.value[(o * d + i) * inner + k]);
      }
    out.value = v;
  }
  return [out];
});

register('', 'GatherElements', (ctx) => [{ dtype: ctx.req(0).dtype, shape: ctx.shape(1) }]);

register('', 'GatherND', (ctx) => {
  const data = ctx.shape(0);
  const ind = ctx.shape(1);
  const b = ctx.int('batch_dims', 0);
  const last = ind[ind.length - 1];
  if (typeof last !== 'number') fail('GatherND: last indices dim unknown');
  return [{ dtype: ctx.req(0).dtype, shape: [...ind.slice(0, -1), ...data.slice(b + last)] }];
});

// ---- Expand, Tile, Pad ----

register('', 'Expand', (ctx) => {
  const x = ctx.req(0);
  const s = ctx.shape(0);
  const t = ctx.req(1);
  let target: Dim[];
  if (t.value) target = t.value;
  else if (t.shape && typeof t.shape[0] === 'number') target = unknownDims(t.shape[0]);
  else fail('Expand: target shape unknown');
  // Expand broadcasts, so an unknown target entry could still be 1: keep the input dim only when >1.
  const tgt = target.map((d, i) => {
    const j = s.length - target.length + i;
    return d === null && j >= 0 && typeof s[j] === 'number' && s[j] !== 1 ? s[j] : d;
  });
  const shape = broadcastShapes([s, tgt]);
  if (!shape) fail(`Expand: cannot broadcast [${s.join(',')}] to [${target.join(',')}]`);
  const out: TVal = { dtype: x.dtype, shape };
  if (x.value && numelOf(shape) !== undefined && numelOf(shape)! <= FOLD_LIMIT) {
    out.value = foldBroadcast(x, shape as number[]);
  }
  return [out];
});

function foldBroadcast(x: TVal, out: number[]): Dim[] | undefined {
  return broadcastValues(x.value!, x.shape!, out);
}

register('', 'Tile', (ctx) => {
  const x = ctx.req(0);
  const s = ctx.shape(0);
  const rep = ctx.values(1, 'repeats');
  return [{ dtype: x.dtype, shape: s.map((d, i) => mulDim(d, rep[i] ?? null)) }];
});

register('', 'Pad', (ctx) => {
  const x = ctx.req(0);
  const s = ctx.shape(0);
  const pads = ctx.intList('pads') ?? ctx.intList('paddings') ?? ctx.ints(1, 'pads');
  let axes = ctx.has(3) ? ctx.ints(3, 'axes').map((a) => normAxis(a, s.length)) : s.map((_, i) => i);
  if (pads.length !== 2 * axes.length) {
    if (!ctx.has(3) && pads.length === 2 * s.length) axes = s.map((_, i) => i);
    else fail(`Pad: ${pads.length} pads for ${axes.length} axes`);
  }
  const shape = [...s];
  axes.forEach((a, i) => (shape[a] = addDim(addDim(s[a], pads[i]), pads[i + axes.length])));
  return [{ dtype: x.dtype, shape }];
});

register('', 'CenterCropPad', (ctx) => {
  const x = ctx.req(0);
  const s = ctx.shape(0);
  const target = ctx.values(1, 'shape');
  const axes = (ctx.intList('axes') ?? s.map((_, i) => i)).map((a) => normAxis(a, s.length));
  const shape = [...s];
  axes.forEach((a, i) => (shape[a] = target[i]));
  return [{ dtype: x.dtype, shape }];
});

// ---- Data-dependent shapes: known rank, unknown sizes ----

// With known input values (small constants, or inputs bound by the caller) the sizes are computed.
register('', 'NonZero', (ctx) => {
  const x = ctx.req(0);
  const s = ctx.shape(0);
  const count = x.value && x.value.every((v) => typeof v === 'number') ? x.value.filter((v) => v !== 0).length : null;
  return [{ dtype: 'int64', shape: [s.length, count] }];
});

register('', 'Compress', (ctx) => {
  const s = ctx.shape(0);
  const cond = ctx.in(1)?.value;
  const axis = ctx.int('axis');
  let kept: Dim = null;
  if (cond && cond.every((v) => typeof v === 'number')) {
    const limit = axis === undefined ? productDims(s) : s[normAxis(axis, s.length)];
    const n = typeof limit === 'number' ? Math.min(limit, cond.length) : cond.length;
    kept = cond.slice(0, n).filter((v) => v !== 0).length;
  }
  if (axis === undefined) return [{ dtype: ctx.req(0).dtype, shape: [kept] }];
  const shape = [...s];
  shape[normAxis(axis, s.length)] = kept;
  return [{ dtype: ctx.req(0).dtype, shape }];
});

register('', 'Unique', (ctx) => {
  const x = ctx.req(0);
  const axis = ctx.int('axis');
  const s = ctx.shape(0);
  const ns = numeric(s);
  let count: Dim = null;
  if (x.value && ns && x.value.every((v) => typeof v === 'number')) {
    if (axis === undefined) count = new Set(x.value).size;
    else {
      // Distinct slices along the axis.
      const a = normAxis(axis, s.length);
      const outer = ns.slice(0, a).reduce((p, q) => p * q, 1);
      const inner = ns.slice(a + 1).reduce((p, q) => p * q, 1);
      const keys = new Set<string>();
      for (let i = 0; i < ns[a]; i++) {
        const parts: Dim[] = [];
        for (let o = 0; o < outer; o++) parts.push(...x.value.slice((o * ns[a] + i) * inner, (o * ns[a] + i + 1) * inner));
        keys.add(parts.join(','));
      }
      count = keys.size;
    }
  }
  let y: Dim[] = [count];
  let inverse: Dim = axis === undefined ? productDims(s) : null;
  if (axis !== undefined) {
    const a = normAxis(axis, s.length);
    y = [...s];
    y[a] = count;
    inverse = s[a];
  }
  return [{ dtype: x.dtype, shape: y }, { dtype: 'int64', shape: [count] }, { dtype: 'int64', shape: [inverse] }, { dtype: 'int64', shape: [count] }];
});
register('', 'NonMaxSuppression', () => [{ dtype: 'int64', shape: [null, 3] }]);

// ---- DepthToSpace, SpaceToDepth, TopK, Arg* ----

register('', 'DepthToSpace', (ctx) => {
  const [n, c, h, w] = ctx.shape(0);
  const b = ctx.int('blocksize', 1);
  return [{ dtype: ctx.req(0).dtype, shape: [n, floorDivDim(c, b * b), mulDim(h, b), mulDim(w, b)] }];
});
register('', 'SpaceToDepth', (ctx) => {
  const [n, c, h, w] = ctx.shape(0);
  const b = ctx.int('blocksize', 1);
  return [{ dtype: ctx.req(0).dtype, shape: [n, mulDim(c, b * b), floorDivDim(h, b), floorDivDim(w, b)] }];
});

register('', 'TopK', (ctx) => {
  const s = ctx.shape(0);
  const axis = normAxis(ctx.int('axis', -1), s.length);
  const k = ctx.attr('k') ? ctx.int('k', 0) : ctx.values(1, 'k')[0];
  const shape = [...s];
  shape[axis] = k;
  return [{ dtype: ctx.req(0).dtype, shape }, { dtype: 'int64', shape }];
});

function reducedShape(s: Dim[], axes: number[] | undefined, keep: boolean, noopEmpty = false): Dim[] {
  if (!axes || axes.length === 0) {
    if (noopEmpty) return s;
    return keep ? s.map(() => 1) : [];
  }
  const set = new Set(axes.map((a) => normAxis(a, s.length)));
  return keep ? s.map((d, i) => (set.has(i) ? 1 : d)) : s.filter((_, i) => !set.has(i));
}

register('', ['ArgMax', 'ArgMin'], (ctx) => {
  const s = ctx.shape(0);
  const axis = ctx.int('axis', 0);
  return [{ dtype: 'int64', shape: reducedShape(s, [axis], ctx.int('keepdims', 1) === 1) }];
});

const REDUCE = ['ReduceSum', 'ReduceMean', 'ReduceMax', 'ReduceMin', 'ReduceProd', 'ReduceL1', 'ReduceL2', 'ReduceLogSum', 'ReduceLogSumExp', 'ReduceSumSquare'];
register('', REDUCE, (ctx) => {
  const x = ctx.req(0);
  const s = ctx.shape(0);
  const axes = axesFrom(ctx, 'axes', 1);
  const shape = reducedShape(s, axes, ctx.int('keepdims', 1) === 1, ctx.int('noop_with_empty_axes', 0) === 1);
  const out: TVal = { dtype: x.dtype, shape };
  // Fold ReduceProd/Sum of a 1-D shape vector (element counts in torch exports).
  if (x.value && s.length === 1 && (!axes || axes.length === 1) && shape.length <= 1) {
    if (ctx.node.opType === 'ReduceProd') out.value = [productDims(x.value)];
    if (ctx.node.opType === 'ReduceSum') out.value = [x.value.reduce<Dim>((p, c) => addDim(p, c), 0)];
  }
  return [out];
});

export { reducedShape, numeric, strides };

// ---- Rank-only fallbacks when shape-determining values are data-dependent ----

const nullsLike = (s: Dim[] | undefined) => s?.map(() => null as Dim);
registerFallback('', ['Slice', 'Tile', 'Pad', 'CenterCropPad', 'Resize', 'Upsample'], (ctx) => [{ dtype: ctx.dtype(0), shape: nullsLike(ctx.in(0)?.shape) }]);
registerFallback('', ['TopK'], (ctx) => {
  const s = ctx.shape(0);
  const shape = [...s];
  shape[normAxis(ctx.int('axis', -1), s.length)] = null;
  return [{ dtype: ctx.dtype(0), shape }, { dtype: 'int64', shape }];
});
registerFallback('', REDUCE, (ctx) => [{ dtype: ctx.dtype(0), shape: ctx.int('keepdims', 1) === 1 ? nullsLike(ctx.in(0)?.shape) : undefined }]);
registerFallback('', ['Range'], (ctx) => [{ dtype: ctx.dtype(0), shape: [null] }]);
registerFallback('', ['OneHot'], (ctx) => [{ dtype: ctx.dtype(2), shape: [...ctx.shape(0).map(() => null as Dim), null] }]);
registerFallback('', ['Unsqueeze'], (ctx) => {
  const n = ctx.in(1)?.shape?.[0];
  return [{ dtype: ctx.dtype(0), shape: typeof n === 'number' ? unknownDims(ctx.shape(0).length + n) : undefined }];
});
registerFallback('', ['Split'], (ctx) => {
  const s = ctx.shape(0);
  const shape = [...s];
  shape[normAxis(ctx.int('axis', 0), s.length)] = null;
  return ctx.node.outputs.map(() => ({ dtype: ctx.dtype(0), shape }));
});
registerFallback('', ['Col2Im'], (ctx) => {
  const n = ctx.in(1)?.shape?.[0];
  return [{ dtype: ctx.dtype(0), shape: typeof n === 'number' ? [ctx.shape(0)[0], null, ...unknownDims(n)] : undefined }];
});

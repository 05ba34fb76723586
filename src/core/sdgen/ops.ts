// ONNX ops with the output shape (and, for shape arithmetic, the values) each one produces, so that
// a wrong Reshape target or a mismatched MatMul fails while generating, naming the node's module.
import type { DType } from '../model/graph';
import { BuildError, numel, type GraphBuilder, type Tensor } from './onnxBuilder';

function fail(g: GraphBuilder, op: string, msg: string): never {
  throw new BuildError(`${g.scopePath}/${op}`, msg);
}

export function broadcast(g: GraphBuilder, op: string, a: number[], b: number[]): number[] {
  const n = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = a[a.length - n + i] ?? 1;
    const y = b[b.length - n + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) fail(g, op, `cannot broadcast [${a}] with [${b}]`);
    out.push(x === 1 ? y : x);
  }
  return out;
}

/** Row-major values broadcast to `shape` (only used on tiny shape-arithmetic tensors). */
function expandValues(v: number[], from: number[], to: number[]): number[] {
  const out: number[] = [];
  const total = numel(to);
  for (let flat = 0; flat < total; flat++) {
    let rem = flat;
    let src = 0;
    let stride = 1;
    const idx = new Array<number>(to.length);
    for (let d = to.length - 1; d >= 0; d--) {
      idx[d] = rem % to[d];
      rem = Math.floor(rem / to[d]);
    }
    for (let d = from.length - 1; d >= 0; d--) {
      const i = idx[to.length - from.length + d];
      src += (from[d] === 1 ? 0 : i) * stride;
      stride *= from[d];
    }
    out.push(v[src]);
  }
  return out;
}

const ARITH: Record<string, (x: number, y: number) => number> = {
  Add: (x, y) => x + y,
  Sub: (x, y) => x - y,
  Mul: (x, y) => x * y,
  // Integer Div truncates, as ONNX defines it for integer types.
  Div: (x, y) => Math.trunc(x / y),
};

export function binary(g: GraphBuilder, op: 'Add' | 'Sub' | 'Mul' | 'Div' | 'Pow' | 'Equal', a: Tensor, b: Tensor): Tensor {
  if (a.dtype !== b.dtype) fail(g, op, `dtype mismatch ${a.dtype} vs ${b.dtype}`);
  const shape = broadcast(g, op, a.shape, b.shape);
  let value: number[] | undefined;
  if (a.value && b.value && a.dtype === 'int64' && ARITH[op]) {
    const va = expandValues(a.value, a.shape, shape);
    const vb = expandValues(b.value, b.shape, shape);
    value = va.map((x, i) => ARITH[op](x, vb[i]));
  }
  return g.node(op, [a, b], [{ dtype: op === 'Equal' ? 'bool' : a.dtype, shape, value }])[0];
}

export const add = (g: GraphBuilder, a: Tensor, b: Tensor): Tensor => binary(g, 'Add', a, b);
export const sub = (g: GraphBuilder, a: Tensor, b: Tensor): Tensor => binary(g, 'Sub', a, b);
export const mul = (g: GraphBuilder, a: Tensor, b: Tensor): Tensor => binary(g, 'Mul', a, b);
export const div = (g: GraphBuilder, a: Tensor, b: Tensor): Tensor => binary(g, 'Div', a, b);

export function unary(g: GraphBuilder, op: string, x: Tensor, attrs: Record<string, number> = {}): Tensor {
  return g.node(op, [x], [{ dtype: x.dtype, shape: x.shape }], attrs)[0];
}

export function cast(g: GraphBuilder, x: Tensor, to: DType, code: number): Tensor {
  return g.node('Cast', [x], [{ dtype: to, shape: x.shape, value: x.value }], { to: code })[0];
}

export function shapeOf(g: GraphBuilder, x: Tensor): Tensor {
  return g.node('Shape', [x], [{ dtype: 'int64', shape: [x.shape.length], value: [...x.shape] }])[0];
}

function normAxis(axis: number, rank: number): number {
  return axis < 0 ? axis + rank : axis;
}

/** Gather along axis 0 (shape arithmetic on a 1-D int64 tensor, or an embedding lookup). */
export function gather(g: GraphBuilder, data: Tensor, indices: Tensor, axis = 0): Tensor {
  const ax = normAxis(axis, data.shape.length);
  const shape = [...data.shape.slice(0, ax), ...indices.shape, ...data.shape.slice(ax + 1)];
  let value: number[] | undefined;
  if (data.value && indices.value && data.shape.length === 1) {
    value = indices.value.map((i) => data.value![normAxis(i, data.shape[0])]);
  }
  return g.node('Gather', [data, indices], [{ dtype: data.dtype, shape, value }], { axis })[0];
}

/** x.shape[i] as torch exports it: Shape → Gather(scalar index). */
export function dimOf(g: GraphBuilder, x: Tensor, i: number, shape?: Tensor): Tensor {
  return gather(g, shape ?? shapeOf(g, x), g.int64(i));
}

export function unsqueeze(g: GraphBuilder, x: Tensor, axes: number[]): Tensor {
  const rank = x.shape.length + axes.length;
  const norm = axes.map((a) => normAxis(a, rank)).sort((a, b) => a - b);
  const shape = [...x.shape];
  for (const a of norm) shape.splice(a, 0, 1);
  return g.node('Unsqueeze', [x, g.int64(axes)], [{ dtype: x.dtype, shape, value: x.value }])[0];
}

export function concat(g: GraphBuilder, xs: Tensor[], axis: number): Tensor {
  const ax = normAxis(axis, xs[0].shape.length);
  const shape = [...xs[0].shape];
  shape[ax] = 0;
  for (const x of xs) {
    if (x.shape.length !== shape.length) fail(g, 'Concat', 'rank mismatch');
    x.shape.forEach((d, i) => {
      if (i !== ax && d !== shape[i]) fail(g, 'Concat', `dim ${i}: ${d} vs ${shape[i]}`);
    });
    shape[ax] += x.shape[ax];
  }
  const value = xs.every((x) => x.value) && shape.length === 1 ? xs.flatMap((x) => x.value!) : undefined;
  return g.node('Concat', xs, [{ dtype: xs[0].dtype, shape, value }], { axis })[0];
}

/** Build a 1-D int64 shape vector from scalar dims, torch-style: Unsqueeze each scalar, then Concat. */
export function shapeVector(g: GraphBuilder, parts: Array<Tensor | number>): Tensor {
  const pieces = parts.map((p) => (typeof p === 'number' ? g.int64([p]) : p.shape.length === 0 ? unsqueeze(g, p, [0]) : p));
  return concat(g, pieces, 0);
}

export function reshape(g: GraphBuilder, x: Tensor, target: Tensor): Tensor {
  if (!target.value) fail(g, 'Reshape', 'target shape is not known while building');
  const shape = target.value.map((d, i) => (d === 0 ? x.shape[i] : d));
  const neg = shape.indexOf(-1);
  if (neg >= 0) {
    const rest = numel(shape.filter((_, i) => i !== neg));
    shape[neg] = numel(x.shape) / rest;
  }
  if (numel(shape) !== numel(x.shape) || !Number.isInteger(shape[Math.max(neg, 0)])) {
    fail(g, 'Reshape', `cannot reshape [${x.shape}] to [${target.value}]`);
  }
  return g.node('Reshape', [x, target], [{ dtype: x.dtype, shape, value: x.value }])[0];
}

export function transpose(g: GraphBuilder, x: Tensor, perm: number[]): Tensor {
  return g.node('Transpose', [x], [{ dtype: x.dtype, shape: perm.map((p) => x.shape[p]) }], { perm })[0];
}

export function matmul(g: GraphBuilder, a: Tensor, b: Tensor): Tensor {
  const [m, k] = a.shape.slice(-2);
  const [k2, n] = b.shape.length === 1 ? [b.shape[0], 1] : b.shape.slice(-2);
  if (k !== k2) fail(g, 'MatMul', `inner dims differ: [${a.shape}] x [${b.shape}]`);
  const batch = broadcast(g, 'MatMul', a.shape.slice(0, -2), b.shape.slice(0, -2));
  return g.node('MatMul', [a, b], [{ dtype: a.dtype, shape: [...batch, m, n] }])[0];
}

export function gemmTransB(g: GraphBuilder, a: Tensor, w: Tensor, bias: Tensor): Tensor {
  if (a.shape[1] !== w.shape[1]) fail(g, 'Gemm', `K differs: [${a.shape}] x [${w.shape}]^T`);
  return g.node('Gemm', [a, w, bias], [{ dtype: a.dtype, shape: [a.shape[0], w.shape[0]] }], {
    alpha: { float: 1 },
    beta: { float: 1 },
    transB: 1,
  })[0];
}

export function conv(g: GraphBuilder, x: Tensor, w: Tensor, b: Tensor, stride: number, pad: number): Tensor {
  const [n, c, h, wd] = x.shape;
  const [o, ci, kh, kw] = w.shape;
  if (c !== ci) fail(g, 'Conv', `input has ${c} channels, weight expects ${ci}`);
  const oh = Math.floor((h + 2 * pad - kh) / stride) + 1;
  const ow = Math.floor((wd + 2 * pad - kw) / stride) + 1;
  return g.node('Conv', [x, w, b], [{ dtype: x.dtype, shape: [n, o, oh, ow] }], {
    dilations: [1, 1],
    group: 1,
    kernel_shape: [kh, kw],
    pads: [pad, pad, pad, pad],
    strides: [stride, stride],
  })[0];
}

export function slice(g: GraphBuilder, x: Tensor, starts: Tensor, ends: Tensor, axes: Tensor, steps?: Tensor): Tensor {
  if (!starts.value || !ends.value || !axes.value) fail(g, 'Slice', 'bounds unknown while building');
  const shape = [...x.shape];
  let value = x.value;
  axes.value.forEach((a, i) => {
    const ax = normAxis(a, x.shape.length);
    const dim = x.shape[ax];
    const clamp = (v: number) => Math.min(Math.max(v < 0 ? v + dim : v, 0), dim);
    const s = clamp(starts.value![i]);
    const e = clamp(ends.value![i]);
    shape[ax] = Math.max(e - s, 0);
    if (value && x.shape.length === 1) value = value.slice(s, e);
  });
  const inputs = steps ? [x, starts, ends, axes, steps] : [x, starts, ends, axes];
  return g.node('Slice', inputs, [{ dtype: x.dtype, shape, value }])[0];
}

export function reduceMean(g: GraphBuilder, x: Tensor, axes: number[]): Tensor {
  const shape = x.shape.map((d, i) => (axes.some((a) => normAxis(a, x.shape.length) === i) ? 1 : d));
  return g.node('ReduceMean', [x], [{ dtype: x.dtype, shape }], { axes, keepdims: 1 })[0];
}

export function softmax(g: GraphBuilder, x: Tensor, axis: number): Tensor {
  return unary(g, 'Softmax', x, { axis });
}

/** SiLU as torch exports it at opset 14: x * Sigmoid(x). */
export function silu(g: GraphBuilder, x: Tensor): Tensor {
  return mul(g, x, unary(g, 'Sigmoid', x));
}

export function expand(g: GraphBuilder, x: Tensor, shape: Tensor): Tensor {
  if (!shape.value) fail(g, 'Expand', 'target shape unknown while building');
  const out = broadcast(g, 'Expand', x.shape, shape.value);
  return g.node('Expand', [x, shape], [{ dtype: x.dtype, shape: out }])[0];
}

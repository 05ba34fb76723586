// com.microsoft contrib ops that real exports carry (onnxruntime transformer optimizer output,
// quantized models). Shapes follow onnxruntime's ContribOperators.md.
import type { Dim } from '../../model/graph';
import { register, lookup } from '../registry';
import { fail, normAxis, type OpContext, type TVal } from '../context';
import { addDim, broadcastShapes, floorDivDim, isKnown, mulDim } from '../dims';
import { matmulShape, windowOf, windowOut } from './nn';

const MS = 'com.microsoft';

const same = (ctx: OpContext): TVal[] => [{ dtype: ctx.dtype(0), shape: ctx.req(0).shape }];
register(MS, ['BiasGelu', 'FastGelu', 'QuickGelu', 'Gelu', 'BiasAdd', 'GroupNorm', 'RotaryEmbedding', 'Inverse', 'QLinearSigmoid', 'QLinearLeakyRelu', 'QLinearSoftmax', 'NhwcMaxPool'], same);

register(MS, 'BiasSplitGelu', (ctx) => {
  const s = ctx.shape(0);
  return [{ dtype: ctx.dtype(0), shape: [...s.slice(0, -1), floorDivDim(s[s.length - 1], 2)] }];
});

register(MS, ['SkipLayerNormalization', 'SkipSimplifiedLayerNormalization'], (ctx) => {
  const x = ctx.req(0);
  const s = ctx.shape(0);
  const stat: Dim[] = [...s.slice(0, -1), 1];
  const outs: TVal[] = [{ dtype: x.dtype, shape: s }, { dtype: 'float32', shape: stat }, { dtype: 'float32', shape: stat }, { dtype: x.dtype, shape: s }];
  return outs.slice(0, ctx.numOutputs);
});

register(MS, ['SimplifiedLayerNormalization', 'LayerNormalization'], (ctx) => {
  const s = ctx.shape(0);
  const axis = normAxis(ctx.int('axis', -1), s.length);
  const stat = s.map((d, i) => (i < axis ? d : 1));
  const outs: TVal[] = [{ dtype: ctx.dtype(0), shape: s }, { dtype: 'float32', shape: stat }, { dtype: 'float32', shape: stat }];
  return outs.slice(0, ctx.numOutputs);
});

register(MS, 'EmbedLayerNormalization', (ctx) => {
  const ids = ctx.shape(0);
  const word = ctx.shape(2);
  const hidden = word[1];
  const dtype = ctx.dtype(2);
  const outs: TVal[] = [
    { dtype, shape: [ids[0], ids[1], hidden] },
    { dtype: 'int32', shape: [ids[0]] },
    { dtype, shape: [ids[0], ids[1], hidden] },
  ];
  return outs.slice(0, ctx.numOutputs);
});

register(MS, ['Attention', 'QAttention'], (ctx) => {
  const x = ctx.shape(0);
  const w = ctx.shape(1);
  const heads = ctx.int('num_heads') ?? fail('Attention: num_heads missing');
  const qkv = ctx.intList('qkv_hidden_sizes');
  const vHidden: Dim = qkv ? qkv[2] : floorDivDim(w[1], 3);
  const kHidden: Dim = qkv ? qkv[1] : floorDivDim(w[1], 3);
  const dtype = ctx.node.opType === 'QAttention' ? ctx.dtype(3) ?? 'float32' : ctx.dtype(0);
  const outs: TVal[] = [{ dtype, shape: [x[0], x[1], vHidden] }];
  if (ctx.numOutputs > 1) {
    const pastIdx = ctx.node.opType === 'QAttention' ? 8 : 4;
    const past = ctx.has(pastIdx) ? ctx.in(pastIdx)?.shape : undefined;
    const total = past ? addDim(past[3], x[1]) : x[1];
    outs.push({ dtype, shape: [2, x[0], heads, total, floorDivDim(kHidden, heads)] });
  }
  return outs;
});

register(MS, 'MultiHeadAttention', (ctx) => {
  const q = ctx.shape(0);
  const heads = ctx.int('num_heads') ?? fail('MultiHeadAttention: num_heads missing');
  const k = ctx.has(1) ? ctx.in(1)?.shape : undefined;
  const v = ctx.has(2) ? ctx.in(2)?.shape : undefined;
  let vHidden: Dim;
  let kvLen: Dim;
  let headK: Dim;
  if (q.length === 5) {
    vHidden = mulDim(q[2], q[4]);
    kvLen = q[1];
    headK = q[4];
  } else if (k && k.length === 5) {
    vHidden = mulDim(k[2], k[4]);
    kvLen = k[1];
    headK = k[4];
  } else {
    if (!k || !v) fail('MultiHeadAttention: key/value shapes unknown');
    vHidden = v.length === 4 ? mulDim(heads, v[3]) : v[2];
    kvLen = k.length === 4 ? k[2] : k[1];
    headK = k.length === 4 ? k[3] : floorDivDim(k[2], heads);
  }
  const dtype = ctx.dtype(0);
  const outs: TVal[] = [{ dtype, shape: [q[0], q[1], vHidden] }];
  const pastK = ctx.has(6) ? ctx.in(6)?.shape : undefined;
  const total = pastK && k?.length !== 4 ? addDim(pastK[2], kvLen) : kvLen;
  if (ctx.numOutputs > 1) outs.push({ dtype, shape: [q[0], heads, total, headK] });
  if (ctx.numOutputs > 2) outs.push({ dtype, shape: [q[0], heads, total, floorDivDim(vHidden, heads)] });
  return outs;
});

register(MS, 'GroupQueryAttention', (ctx) => {
  const q = ctx.shape(0);
  const heads = ctx.int('num_heads') ?? fail('GroupQueryAttention: num_heads missing');
  const kvHeads = ctx.int('kv_num_heads') ?? fail('GroupQueryAttention: kv_num_heads missing');
  const pastK = ctx.has(3) ? ctx.in(3)?.shape : undefined;
  const k = ctx.has(1) ? ctx.in(1)?.shape : undefined;
  let head: Dim;
  if (k) head = floorDivDim(k[2], kvHeads);
  else if (pastK) head = pastK[3];
  else head = floorDivDim(q[2], heads + 2 * kvHeads);
  const dtype = ctx.dtype(0);
  const outs: TVal[] = [{ dtype, shape: [q[0], q[1], mulDim(head, heads)] }];
  if (ctx.numOutputs > 1) {
    // Present length: max(past buffer, total_sequence_length); without constants use past + new.
    const totalV = ctx.in(6)?.value?.[0];
    const pastLen = pastK ? pastK[2] : 0;
    let present: Dim;
    if (typeof totalV === 'number' && typeof pastLen === 'number') present = Math.max(pastLen, totalV);
    else present = isKnown(pastLen) ? addDim(pastLen, q[1]) : null;
    outs.push({ dtype, shape: [q[0], kvHeads, present, head] });
    if (ctx.numOutputs > 2) outs.push({ dtype, shape: [q[0], kvHeads, present, head] });
  }
  return outs;
});

register(MS, 'MatMulNBits', (ctx) => {
  const a = ctx.shape(0);
  const n = ctx.int('N') ?? fail('MatMulNBits: N missing');
  return [{ dtype: ctx.dtype(0), shape: [...a.slice(0, -1), n] }];
});

register(MS, 'FusedMatMul', (ctx) => {
  let a = ctx.shape(0);
  let b = ctx.shape(1);
  const swap = (s: Dim[]) => (s.length >= 2 ? [...s.slice(0, -2), s[s.length - 1], s[s.length - 2]] : s);
  if (ctx.int('transA', 0)) a = swap(a);
  if (ctx.int('transB', 0)) b = swap(b);
  return [{ dtype: ctx.dtype(0), shape: matmulShape(a, b) }];
});

register(MS, ['DynamicQuantizeMatMul'], (ctx) => [{ dtype: 'float32', shape: matmulShape(ctx.shape(0), ctx.shape(1)) }]);
register(MS, ['MatMulIntegerToFloat'], (ctx) => [{ dtype: ctx.dtype(2) ?? 'float32', shape: matmulShape(ctx.shape(0), ctx.shape(1)) }]);

register(MS, ['QLinearAdd', 'QLinearMul'], (ctx) => {
  const shape = broadcastShapes([ctx.shape(0), ctx.shape(3)]) ?? fail('QLinear binary: shapes do not broadcast');
  return [{ dtype: ctx.dtype(0), shape }];
});

register(MS, 'QLinearGlobalAveragePool', (ctx) => {
  const x = ctx.shape(0);
  const last = ctx.int('channels_last', 0);
  const shape = last ? [x[0], ...x.slice(1, -1).map(() => 1), x[x.length - 1]] : [x[0], x[1], ...x.slice(2).map(() => 1)];
  return [{ dtype: ctx.dtype(0), shape }];
});

register(MS, 'QLinearConcat', (ctx) => {
  const shapes: Dim[][] = [];
  for (let i = 2; i < ctx.node.inputs.length; i += 3) shapes.push(ctx.shape(i));
  const axis = normAxis(ctx.int('axis', 0), shapes[0].length);
  const shape = [...shapes[0]];
  shape[axis] = shapes.reduce<Dim>((s, x) => addDim(s, x[axis]), 0);
  return [{ dtype: ctx.dtype(2), shape }];
});

register(MS, 'QGemm', (ctx) => {
  const a = ctx.shape(0);
  const b = ctx.shape(3);
  const m = ctx.int('transA', 0) ? a[1] : a[0];
  const n = ctx.int('transB', 0) ? b[0] : b[1];
  const dtype = ctx.has(7) ? ctx.dtype(0) : 'float32';
  return [{ dtype, shape: [m, n] }];
});

// Contrib ops that behave like their ai.onnx namesakes.
for (const op of ['QuantizeLinear', 'DequantizeLinear', 'QLinearConv', 'QLinearAveragePool', 'FusedConv']) {
  register(MS, op, (ctx) => {
    const base = op === 'QLinearAveragePool' ? 'AveragePool' : op === 'FusedConv' ? 'Conv' : op;
    const fn = lookup('', base, 21) ?? fail(`no base op for ${op}`);
    if (op === 'QLinearAveragePool' && ctx.int('channels_last', 0)) fail(`${op}: channels-last layout not supported`);
    return fn(ctx);
  });
}

// Channels-last convolution: X [N, spatial..., C], W [M, C/group, k...] -> [N, out spatial..., M].
register(MS, 'NhwcConv', (ctx) => {
  const x = ctx.shape(0);
  const w = ctx.shape(1);
  const spatial = x.slice(1, -1);
  const kernel = ctx.intList('kernel_shape') ?? w.slice(2).map((d) => (typeof d === 'number' ? d : fail('NhwcConv: kernel size unknown')));
  return [{ dtype: ctx.dtype(0), shape: [x[0], ...windowOut(spatial, windowOf(ctx, spatial.length, kernel)), w[0]] }];
});

register(MS, 'SkipGroupNorm', (ctx) => {
  const x = ctx.req(0);
  return [{ dtype: x.dtype, shape: x.shape }, { dtype: x.dtype, shape: x.shape }].slice(0, ctx.numOutputs);
});
register(MS, 'BiasDropout', (ctx) => {
  const outs: TVal[] = [{ dtype: ctx.dtype(0), shape: ctx.req(0).shape }, { dtype: 'bool', shape: ctx.req(0).shape }];
  return outs.slice(0, ctx.numOutputs);
});

// Neural-network ops: MatMul/Gemm/Einsum, convolutions and pooling, normalizations, Resize,
// recurrent layers and attention.
import type { Dim, DType } from '../../model/graph';
import { dtypeFromCode } from '../../model/dtype';
import { register } from '../registry';
import { fail, normAxis, type OpContext, type TVal } from '../context';
import { addDim, broadcastShapes, ceilDivDim, floorDivDim, mulDim, subDim } from '../dims';
import { reducedShape } from './tensor';

// ---- MatMul family ----

export function matmulShape(a: Dim[], b: Dim[]): Dim[] {
  if (a.length === 0 || b.length === 0) fail('MatMul of a scalar');
  const A = a.length === 1 ? [1, a[0]] : a;
  const B = b.length === 1 ? [b[0], 1] : b;
  const k1 = A[A.length - 1];
  const k2 = B[B.length - 2];
  if (typeof k1 === 'number' && typeof k2 === 'number' && k1 !== k2) fail(`MatMul: inner dims ${k1} and ${k2} differ`);
  const batch = broadcastShapes([A.slice(0, -2), B.slice(0, -2)]);
  if (!batch) fail('MatMul: batch dims do not broadcast');
  const out = [...batch];
  if (a.length !== 1) out.push(A[A.length - 2]);
  if (b.length !== 1) out.push(B[B.length - 1]);
  return out;
}

register('', 'MatMul', (ctx) => [{ dtype: ctx.req(0).dtype, shape: matmulShape(ctx.shape(0), ctx.shape(1)) }]);
register('', 'MatMulInteger', (ctx) => [{ dtype: 'int32', shape: matmulShape(ctx.shape(0), ctx.shape(1)) }]);
register('', 'QLinearMatMul', (ctx) => [{ dtype: ctx.in(7)?.dtype ?? ctx.req(0).dtype, shape: matmulShape(ctx.shape(0), ctx.shape(3)) }]);

register('', 'Gemm', (ctx) => {
  const a = ctx.shape(0);
  const b = ctx.shape(1);
  const m = ctx.int('transA', 0) ? a[1] : a[0];
  const n = ctx.int('transB', 0) ? b[0] : b[1];
  return [{ dtype: ctx.req(0).dtype, shape: [m, n] }];
});

register('', 'Einsum', (ctx) => {
  const eq = ctx.str('equation', '').replace(/\s/g, '');
  const [lhs, rhs0] = eq.split('->');
  const terms = lhs.split(',');
  const sizes = new Map<string, Dim>();
  let ellipsis: Dim[] = [];
  terms.forEach((term, i) => {
    const s = ctx.shape(i);
    const e = term.indexOf('...');
    const letters = term.replace('...', '');
    const nEll = e >= 0 ? s.length - letters.length : 0;
    if (e >= 0) {
      const ell = s.slice(e, e + nEll);
      ellipsis = broadcastShapes([ellipsis, ell]) ?? fail('Einsum: ellipsis dims do not broadcast');
    }
    let j = 0;
    for (let c = 0; c < term.length; c++) {
      if (term.startsWith('...', c)) {
        j += nEll;
        c += 2;
        continue;
      }
      const d = s[j++];
      const prev = sizes.get(term[c]);
      if (prev === undefined || prev === 1 || prev === null) sizes.set(term[c], d);
    }
  });
  let rhs = rhs0;
  if (rhs === undefined) {
    const counts = new Map<string, number>();
    for (const ch of lhs.replace(/\.\.\.|,/g, '')) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    rhs = (lhs.includes('...') ? '...' : '') + [...counts].filter(([, n]) => n === 1).map(([c]) => c).sort().join('');
  }
  const out: Dim[] = [];
  for (let c = 0; c < rhs.length; c++) {
    if (rhs.startsWith('...', c)) {
      out.push(...ellipsis);
      c += 2;
    } else out.push(sizes.get(rhs[c]) ?? fail(`Einsum: unknown index ${rhs[c]}`));
  }
  return [{ dtype: ctx.req(0).dtype, shape: out }];
});

// ---- Convolution and pooling ----

interface Window {
  kernel: number[];
  strides: number[];
  dilations: number[];
  pads: number[];
  autoPad: string;
  ceil: boolean;
}

export function windowOf(ctx: OpContext, spatial: number, kernel: number[]): Window {
  const ones = new Array<number>(spatial).fill(1);
  return {
    kernel,
    strides: ctx.intList('strides') ?? ones,
    dilations: ctx.intList('dilations') ?? ones,
    pads: ctx.intList('pads') ?? new Array<number>(spatial * 2).fill(0),
    autoPad: ctx.str('auto_pad', 'NOTSET'),
    ceil: ctx.int('ceil_mode', 0) === 1,
  };
}

export function windowOut(x: Dim[], w: Window): Dim[] {
  return x.map((d, i) => {
    const k = (w.kernel[i] - 1) * w.dilations[i] + 1;
    const s = w.strides[i];
    if (w.autoPad === 'SAME_UPPER' || w.autoPad === 'SAME_LOWER') return ceilDivDim(d, s);
    if (w.autoPad === 'VALID') return floorDivDim(addDim(subDim(d, k), s), s);
    const padded = subDim(addDim(d, w.pads[i] + w.pads[i + x.length]), k);
    let o = w.ceil ? addDim(ceilDivDim(padded, s), 1) : addDim(floorDivDim(padded, s), 1);
    // ceil_mode: the last window must start inside the input or left padding.
    if (w.ceil && typeof o === 'number' && typeof d === 'number' && (o - 1) * s >= d + w.pads[i]) o -= 1;
    return o;
  });
}

register('', ['Conv', 'ConvInteger', 'QLinearConv', 'DeformConv'], (ctx) => {
  const q = ctx.node.opType === 'QLinearConv';
  const x = ctx.shape(0);
  const wIdx = q ? 3 : 1;
  const wt = ctx.in(wIdx)?.shape;
  const spatial = x.length - 2;
  const kernel = ctx.intList('kernel_shape') ?? wt?.slice(2).map((d) => (typeof d === 'number' ? d : fail('Conv: kernel size unknown')));
  if (!kernel) fail('Conv: kernel shape unknown');
  const m = wt ? wt[0] : null;
  const dtype: DType | undefined = ctx.node.opType === 'ConvInteger' ? 'int32' : q ? ctx.in(7)?.dtype ?? ctx.dtype(0) : ctx.dtype(0);
  return [{ dtype, shape: [x[0], m, ...windowOut(x.slice(2), windowOf(ctx, spatial, kernel))] }];
});

register('', 'ConvTranspose', (ctx) => {
  const x = ctx.shape(0);
  const w = ctx.shape(1);
  const spatial = x.length - 2;
  const group = ctx.int('group', 1);
  const kernel = ctx.intList('kernel_shape') ?? w.slice(2).map((d) => (typeof d === 'number' ? d : fail('kernel unknown')));
  const win = windowOf(ctx, spatial, kernel);
  const outPad = ctx.intList('output_padding') ?? new Array(spatial).fill(0);
  const outShape = ctx.intList('output_shape');
  const c = mulDim(w[1], group);
  let sp: Dim[];
  if (outShape) sp = outShape.slice(-spatial);
  else
    sp = x.slice(2).map((d, i) => {
      if (win.autoPad === 'SAME_UPPER' || win.autoPad === 'SAME_LOWER') return mulDim(d, win.strides[i]);
      const k = (kernel[i] - 1) * win.dilations[i] + 1;
      return addDim(mulDim(subDim(d, 1), win.strides[i]), k + outPad[i] - win.pads[i] - win.pads[i + spatial]);
    });
  return [{ dtype: ctx.dtype(0), shape: [x[0], c, ...sp] }];
});

register('', ['AveragePool', 'MaxPool', 'LpPool'], (ctx) => {
  const x = ctx.shape(0);
  const kernel = ctx.intList('kernel_shape') ?? fail('pool without kernel_shape');
  const shape = [x[0], x[1], ...windowOut(x.slice(2), windowOf(ctx, x.length - 2, kernel))];
  const out: TVal[] = [{ dtype: ctx.dtype(0), shape }];
  if (ctx.numOutputs > 1) out.push({ dtype: 'int64', shape });
  return out;
});

register('', ['GlobalAveragePool', 'GlobalMaxPool', 'GlobalLpPool'], (ctx) => {
  const x = ctx.shape(0);
  return [{ dtype: ctx.dtype(0), shape: [x[0], x[1], ...x.slice(2).map(() => 1)] }];
});

register('', 'MaxRoiPool', (ctx) => {
  const x = ctx.shape(0);
  const r = ctx.shape(1);
  const p = ctx.intList('pooled_shape') ?? fail('pooled_shape missing');
  return [{ dtype: ctx.dtype(0), shape: [r[0], x[1], ...p] }];
});

register('', 'RoiAlign', (ctx) => {
  const x = ctx.shape(0);
  const r = ctx.shape(1);
  return [{ dtype: ctx.dtype(0), shape: [r[0], x[1], ctx.int('output_height', 1), ctx.int('output_width', 1)] }];
});

register('', 'MaxUnpool', (ctx) => {
  const x = ctx.shape(0);
  if (ctx.has(2)) {
    const v = ctx.values(2, 'output_shape');
    return [{ dtype: ctx.dtype(0), shape: v }];
  }
  const kernel = ctx.intList('kernel_shape') ?? fail('kernel_shape missing');
  const strides = ctx.intList('strides') ?? kernel.map(() => 1);
  const pads = ctx.intList('pads') ?? new Array(kernel.length * 2).fill(0);
  const sp = x.slice(2).map((d, i) => addDim(mulDim(subDim(d, 1), strides[i]), kernel[i] - pads[i] - pads[i + kernel.length]));
  return [{ dtype: ctx.dtype(0), shape: [x[0], x[1], ...sp] }];
});

register('', 'Col2Im', (ctx) => {
  const x = ctx.shape(0);
  const img = ctx.values(1, 'image_shape');
  const blk = ctx.ints(2, 'block_shape');
  const c = floorDivDim(x[1], blk.reduce((p, q) => p * q, 1));
  return [{ dtype: ctx.dtype(0), shape: [x[0], c, ...img] }];
});

// ---- Normalization ----

register('', ['BatchNormalization'], (ctx) => {
  const x = ctx.req(0);
  const c = ctx.in(1)?.shape ?? [x.shape?.[1] ?? null];
  const outs: TVal[] = [{ dtype: x.dtype, shape: x.shape }];
  for (let i = 1; i < ctx.numOutputs; i++) outs.push({ dtype: ctx.dtype(3) ?? x.dtype, shape: c });
  return outs;
});

register('', ['InstanceNormalization', 'GroupNormalization'], (ctx) => [{ dtype: ctx.dtype(0), shape: ctx.req(0).shape }]);

register('', ['LayerNormalization', 'RMSNormalization'], (ctx) => {
  const x = ctx.req(0);
  const s = ctx.shape(0);
  const axis = normAxis(ctx.int('axis', -1), s.length);
  const statShape = s.map((d, i) => (i < axis ? d : 1));
  const code = ctx.int('stash_type', 1);
  const stashType = dtypeFromCode(code) ?? 'float32';
  const outs: TVal[] = [{ dtype: x.dtype, shape: s }];
  for (let i = 1; i < ctx.numOutputs; i++) outs.push({ dtype: stashType, shape: statShape });
  return outs;
});

// ---- Resize / Upsample ----

function scaled(d: Dim, s: number): Dim {
  if (typeof d === 'number') return Math.floor(d * s + 1e-9);
  if (Number.isInteger(s)) return mulDim(d, s);
  if (Number.isInteger(1 / s)) return floorDivDim(d, 1 / s);
  return null;
}

// Resize-10 takes (X, scales); Resize-11+ takes (X, roi, scales, sizes).
const resize = (v10: boolean) => (ctx: OpContext): TVal[] => {
  const x = ctx.shape(0);
  const scalesIdx = v10 ? 1 : 2;
  const sizesIdx = v10 ? -1 : 3;
  const axes = ctx.intList('axes')?.map((a) => normAxis(a, x.length)) ?? x.map((_, i) => i);
  const shape = [...x];
  const sizesT = sizesIdx > 0 && ctx.has(sizesIdx) ? ctx.in(sizesIdx) : undefined;
  const scalesT = ctx.has(scalesIdx) ? ctx.in(scalesIdx) : undefined;
  if (sizesT && (sizesT.shape?.[0] !== 0 || sizesT.value)) {
    const sizes = ctx.values(sizesIdx, 'sizes');
    if (sizes.length === 0) fail('Resize: empty sizes and scales');
    const policy = ctx.str('keep_aspect_ratio_policy', 'stretch');
    if (policy !== 'stretch') {
      const ratios = axes.map((a, i) => (typeof sizes[i] === 'number' && typeof x[a] === 'number' ? (sizes[i]) / (x[a]) : NaN));
      const r = policy === 'not_larger' ? Math.min(...ratios) : Math.max(...ratios);
      axes.forEach((a) => (shape[a] = typeof x[a] === 'number' ? Math.round((x[a]) * r) : null));
    } else axes.forEach((a, i) => (shape[a] = sizes[i]));
  } else if (scalesT) {
    const scales = ctx.values(scalesIdx, 'scales');
    axes.forEach((a, i) => (shape[a] = typeof scales[i] === 'number' ? scaled(x[a], scales[i]) : null));
  } else fail('Resize: neither scales nor sizes');
  return [{ dtype: ctx.dtype(0), shape }];
};
register('', 'Resize', resize(true), 10);
register('', 'Resize', resize(false), 11);

register('', 'Upsample', (ctx) => {
  const x = ctx.shape(0);
  const scales = ctx.floatList('scales') ?? ctx.values(1, 'scales');
  return [{ dtype: ctx.dtype(0), shape: x.map((d, i) => (typeof scales[i] === 'number' ? scaled(d, scales[i]) : null)) }];
});

register('', 'GridSample', (ctx) => {
  const x = ctx.shape(0);
  const g = ctx.shape(1);
  return [{ dtype: ctx.dtype(0), shape: [x[0], x[1], ...g.slice(1, -1)] }];
});

register('', 'AffineGrid', (ctx) => {
  const size = ctx.values(1, 'size');
  const [n, , ...sp] = size;
  return [{ dtype: ctx.dtype(0), shape: [n, ...sp, sp.length] }];
});

// ---- Recurrent ----

register('', ['RNN', 'GRU', 'LSTM'], (ctx) => {
  const x = ctx.shape(0);
  const layout = ctx.int('layout', 0);
  const dir = ctx.str('direction', 'forward') === 'bidirectional' ? 2 : 1;
  const hidden = ctx.int('hidden_size') ?? (ctx.in(2)?.shape?.[2] ?? null);
  const [seq, batch] = layout ? [x[1], x[0]] : [x[0], x[1]];
  const y: Dim[] = layout ? [batch, seq, dir, hidden] : [seq, dir, batch, hidden];
  const h: Dim[] = layout ? [batch, dir, hidden] : [dir, batch, hidden];
  const dtype = ctx.dtype(0);
  return [{ dtype, shape: y }, { dtype, shape: h }, { dtype, shape: h }].slice(0, ctx.numOutputs);
});

// ---- Attention (ai.onnx 23) and RotaryEmbedding ----

register('', 'Attention', (ctx) => {
  const q = ctx.shape(0);
  const k = ctx.shape(1);
  const v = ctx.shape(2);
  const dtype = ctx.dtype(0);
  let out: Dim[];
  let kvHeads: Dim;
  let qHeads: Dim;
  const pastK: Dim[] | undefined = ctx.has(4) ? ctx.in(4)?.shape : undefined;
  if (q.length === 3) {
    qHeads = ctx.int('q_num_heads') ?? fail('Attention: q_num_heads needed for 3-D inputs');
    kvHeads = ctx.int('kv_num_heads') ?? fail('Attention: kv_num_heads needed for 3-D inputs');
    const vHead = floorDivDim(v[2], kvHeads);
    out = [q[0], q[1], mulDim(vHead, qHeads)];
  } else {
    qHeads = q[1];
    kvHeads = k[1];
    out = [q[0], q[1], q[2], v[3]];
  }
  const outs: TVal[] = [{ dtype, shape: out }];
  const kLen = k.length === 3 ? k[1] : k[2];
  const totalLen = pastK ? addDim(pastK[2], kLen) : kLen;
  const headK = k.length === 3 ? floorDivDim(k[2], kvHeads) : k[3];
  const headV = v.length === 3 ? floorDivDim(v[2], kvHeads) : v[3];
  if (ctx.numOutputs > 1) outs.push({ dtype, shape: [q[0], kvHeads, totalLen, headK] });
  if (ctx.numOutputs > 2) outs.push({ dtype, shape: [q[0], kvHeads, totalLen, headV] });
  if (ctx.numOutputs > 3) outs.push({ dtype, shape: [q[0], qHeads, q.length === 3 ? q[1] : q[2], totalLen] });
  return outs;
});

register('', 'RotaryEmbedding', (ctx) => [{ dtype: ctx.dtype(0), shape: ctx.req(0).shape }]);

// ---- Losses ----

register('', 'NegativeLogLikelihoodLoss', (ctx) => {
  const x = ctx.shape(0);
  const red = ctx.str('reduction', 'mean');
  return [{ dtype: ctx.dtype(0), shape: red === 'none' ? [x[0], ...x.slice(2)] : [] }];
});

register('', 'SoftmaxCrossEntropyLoss', (ctx) => {
  const x = ctx.shape(0);
  const red = ctx.str('reduction', 'mean');
  const outs: TVal[] = [{ dtype: ctx.dtype(0), shape: red === 'none' ? [x[0], ...x.slice(2)] : [] }];
  if (ctx.numOutputs > 1) outs.push({ dtype: ctx.dtype(0), shape: x });
  return outs;
});

// ---- Quantization ----

register('', 'QuantizeLinear', (ctx) => {
  const code = ctx.int('output_dtype', 0);
  const dtype = code ? dtypeFromCode(code) : ctx.has(2) ? ctx.dtype(2) : 'uint8';
  return [{ dtype, shape: ctx.req(0).shape }];
});

register('', 'DequantizeLinear', (ctx) => {
  const code = ctx.int('output_dtype', 0);
  const dtype = code ? dtypeFromCode(code) : ctx.dtype(1) ?? 'float32';
  return [{ dtype, shape: ctx.req(0).shape }];
});

register('', 'DynamicQuantizeLinear', (ctx) => [
  { dtype: 'uint8', shape: ctx.req(0).shape },
  { dtype: 'float32', shape: [] },
  { dtype: 'uint8', shape: [] },
]);

// ---- Misc math ----

register('', 'Det', (ctx) => [{ dtype: ctx.dtype(0), shape: ctx.shape(0).slice(0, -2) }]);

export { reducedShape };

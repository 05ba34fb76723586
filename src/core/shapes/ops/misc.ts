// Signal processing (DFT, STFT, windows, MelWeightMatrix), sequences and optionals, strings,
// and the ai.onnx.ml ops found in exports.
import type { Dim, DType } from '../../model/graph';
import { dtypeFromCode } from '../../model/dtype';
import { register } from '../registry';
import { fail, normAxis, type OpContext, type TVal } from '../context';
import { addDim, floorDivDim, isKnown, mulDim, subDim } from '../dims';
import { broadcastOrFail } from './elementwise';
import { FOLD_LIMIT } from '../fold';

// ---- Signal ----

function outType(ctx: OpContext, attr: string, def: DType): DType {
  const code = ctx.int(attr);
  return (code ? dtypeFromCode(code) : undefined) ?? def;
}

// DFT-17 takes the axis as an attribute (default 1); DFT-20 as input 2 (default -2).
const dft = (v20: boolean) => (ctx: OpContext): TVal[] => {
  const x = ctx.shape(0);
  const r = x.length;
  const axis = v20 ? (ctx.has(2) ? ctx.ints(2, 'axis')[0] : -2) : ctx.int('axis', 1);
  const a = normAxis(axis, r);
  const shape = [...x];
  let n: Dim = x[a];
  if (ctx.has(1)) n = ctx.values(1, 'dft_length')[0];
  const onesided = ctx.int('onesided', 0) === 1;
  if (ctx.int('inverse', 0) === 1 && onesided) {
    // Inverse of a one-sided spectrum: real output of length dft_length or 2*(n-1).
    shape[a] = ctx.has(1) ? n : mulDim(subDim(x[a], 1), 2);
    shape[r - 1] = 1;
  } else {
    shape[a] = onesided ? addDim(floorDivDim(n, 2), 1) : n;
    shape[r - 1] = 2;
  }
  return [{ dtype: ctx.dtype(0), shape }];
};
register('', 'DFT', dft(false), 17);
register('', 'DFT', dft(true), 20);

register('', 'STFT', (ctx) => {
  const x = ctx.shape(0);
  const [step] = ctx.values(1, 'frame_step');
  let frameLen: Dim = null;
  if (ctx.has(3)) frameLen = ctx.values(3, 'frame_length')[0];
  else if (ctx.has(2)) frameLen = ctx.shape(2)[0];
  if (!isKnown(frameLen)) fail('STFT: frame length unknown');
  const frames = addDim(floorDivDim(subDim(x[1], frameLen), step), 1);
  const bins = ctx.int('onesided', 1) ? addDim(floorDivDim(frameLen, 2), 1) : frameLen;
  return [{ dtype: ctx.dtype(0), shape: [x[0], frames, bins, 2] }];
});

register('', ['HannWindow', 'HammingWindow', 'BlackmanWindow'], (ctx) => [
  { dtype: outType(ctx, 'output_datatype', 'float32'), shape: [ctx.values(0, 'size')[0]] },
]);

register('', 'MelWeightMatrix', (ctx) => {
  const [mel] = ctx.values(0, 'num_mel_bins');
  const [dft] = ctx.values(1, 'dft_length');
  return [{ dtype: outType(ctx, 'output_datatype', 'float32'), shape: [addDim(floorDivDim(dft, 2), 1), mel] }];
});

// ---- Sequences and optionals ----

function mergeShapes(a: Dim[] | undefined, b: Dim[] | undefined): Dim[] | undefined {
  if (!a || !b || a.length !== b.length) return undefined;
  return a.map((d, i) => (d === b[i] ? d : null));
}

function seqOf(items: TVal[] | undefined, elem: TVal | undefined): TVal {
  if (items && items.length) {
    const shape = items.slice(1).reduce<Dim[] | undefined>((s, e) => mergeShapes(s, e.shape), items[0].shape);
    return { kind: 'sequence', items, elem: { dtype: items[0].dtype ?? elem?.dtype, shape } };
  }
  return { kind: 'sequence', items, elem };
}

/** A position input resolved against a known length (negative counts from the end). */
function position(ctx: OpContext, i: number, len: number, def: number): number | undefined {
  if (!ctx.has(i)) return def;
  const v = ctx.in(i)?.value?.[0];
  if (typeof v !== 'number') return undefined;
  return v < 0 ? v + len : v;
}

register('', 'SequenceConstruct', (ctx) => seqFrom(ctx.node.inputs.map((_, i) => ctx.req(i))));
function seqFrom(items: TVal[]): TVal[] {
  return [seqOf(items.map((t) => ({ dtype: t.dtype, shape: t.shape })), undefined)];
}

register('', 'SequenceEmpty', (ctx) => [{ kind: 'sequence', items: [], elem: { dtype: outType(ctx, 'dtype', 'float32') } }]);

register('', 'SequenceAt', (ctx) => {
  const s = ctx.req(0);
  if (s.items) {
    const p = position(ctx, 1, s.items.length, 0);
    if (p !== undefined && s.items[p]) return [s.items[p]];
  }
  return [s.elem ?? fail('SequenceAt: element type unknown')];
});

register('', 'SequenceInsert', (ctx) => {
  const s = ctx.req(0);
  const t = ctx.req(1);
  const item = { dtype: t.dtype, shape: t.shape };
  if (s.items) {
    const p = position(ctx, 2, s.items.length, s.items.length);
    if (p !== undefined) return [seqOf([...s.items.slice(0, p), item, ...s.items.slice(p)], s.elem)];
  }
  const shape = s.elem?.shape ? mergeShapes(s.elem.shape, t.shape) : t.shape;
  return [{ kind: 'sequence', elem: { dtype: t.dtype, shape } }];
});

register('', 'SequenceErase', (ctx) => {
  const s = ctx.req(0);
  if (s.items) {
    const p = position(ctx, 1, s.items.length, s.items.length - 1);
    if (p !== undefined) return [seqOf(s.items.filter((_, i) => i !== p), s.elem)];
  }
  return [{ kind: 'sequence', elem: s.elem }];
});

register('', 'SequenceLength', (ctx) => {
  const s = ctx.req(0);
  return [{ dtype: 'int64', shape: [], value: s.items ? [s.items.length] : undefined }];
});

register('', 'SplitToSequence', (ctx) => {
  const x = ctx.shape(0);
  const axis = normAxis(ctx.int('axis', 0), x.length);
  const keep = ctx.int('keepdims', 1);
  const dtype = ctx.dtype(0);
  const d = x[axis];
  const piece = (len: Dim): TVal => {
    const shape = [...x];
    shape[axis] = len;
    return { dtype, shape };
  };
  if (!ctx.has(1)) {
    const shape = [...x];
    if (keep) shape[axis] = 1;
    else shape.splice(axis, 1);
    const items = typeof d === 'number' && d <= FOLD_LIMIT ? Array.from({ length: d }, () => ({ dtype, shape })) : undefined; // a per-item list only while small
    return [seqOf(items, { dtype, shape })];
  }
  const sp = ctx.in(1);
  if (sp?.value && sp.shape?.length === 0 && typeof sp.value[0] === 'number' && sp.value[0] > 0 && typeof d === 'number' && d / sp.value[0] <= FOLD_LIMIT) {
    const k = sp.value[0];
    const items = Array.from({ length: Math.ceil(d / k) }, (_, i) => piece(Math.min(k, d - i * k)));
    return [seqOf(items, undefined)];
  }
  if (sp?.value && sp.shape?.length === 1) return [seqOf(sp.value.map(piece), undefined)];
  return [{ kind: 'sequence', elem: piece(null) }];
});

register('', 'ConcatFromSequence', (ctx) => {
  const s = ctx.req(0);
  const e = s.elem;
  if (!e?.shape) fail('ConcatFromSequence: element shape unknown');
  const newAxis = ctx.int('new_axis', 0);
  const r = e.shape.length + (newAxis ? 1 : 0);
  const axis = normAxis(ctx.int('axis', 0), r);
  const shape = [...e.shape];
  if (newAxis) shape.splice(axis, 0, s.items ? s.items.length : null);
  else shape[axis] = s.items ? s.items.reduce<Dim>((acc, it) => addDim(acc, it.shape?.[axis] ?? null), 0) : null;
  return [{ dtype: e.dtype, shape }];
});

register('', 'Optional', (ctx) => {
  const tp = ctx.attr('type');
  const elem: TVal | undefined = ctx.has(0) ? ctx.in(0) : tp?.type === 'type_proto' ? { dtype: tp.value.dtype, shape: tp.value.shape } : undefined;
  return [{ kind: 'optional', elem }];
});

register('', 'OptionalGetElement', (ctx) => {
  const x = ctx.req(0);
  if (x.kind === 'optional') return [x.elem ?? fail('OptionalGetElement: element type unknown')];
  return [x];
});

register('', 'OptionalHasElement', () => [{ dtype: 'bool', shape: [] }]);

// ---- Strings ----

register('', 'StringConcat', (ctx) => [{ dtype: 'string', shape: broadcastOrFail(ctx, [0, 1]) }]);
register('', 'RegexFullMatch', (ctx) => [{ dtype: 'bool', shape: ctx.req(0).shape }]);
register('', 'StringSplit', (ctx) => {
  const s = ctx.shape(0);
  return [{ dtype: 'string', shape: [...s, null] }, { dtype: 'int64', shape: s }];
});
register('', 'StringNormalizer', (ctx) => {
  const s = ctx.shape(0);
  const stop = ctx.attr('stopwords');
  const hasStop = stop?.type === 'strings' && stop.value.length > 0;
  return [{ dtype: 'string', shape: hasStop ? s.map((d, i) => (i === s.length - 1 ? null : d)) : s }];
});

// ---- ai.onnx.ml ----

register('ai.onnx.ml', 'ArrayFeatureExtractor', (ctx) => {
  const x = ctx.shape(0);
  const y = ctx.shape(1);
  const n = y.length === 0 ? 1 : y[y.length - 1];
  return [{ dtype: ctx.dtype(0), shape: x.length === 1 ? [1, n] : [...x.slice(0, -1), n] }];
});

register('ai.onnx.ml', 'Binarizer', (ctx) => [{ dtype: ctx.dtype(0), shape: ctx.req(0).shape }]);

register('ai.onnx.ml', 'LabelEncoder', (ctx) => {
  const t = ctx.tensor('values_tensor');
  let dtype: DType | undefined = t?.dtype;
  if (!dtype) {
    if (ctx.attr('values_strings')) dtype = 'string';
    else if (ctx.attr('values_int64s')) dtype = 'int64';
    else if (ctx.attr('values_floats')) dtype = 'float32';
  }
  return [{ dtype, shape: ctx.req(0).shape }];
});

register('ai.onnx.ml', 'TreeEnsemble', (ctx) => [{ dtype: ctx.dtype(0), shape: [ctx.shape(0)[0], ctx.int('n_targets', 1)] }]);

register('ai.onnx.ml', ['TreeEnsembleRegressor'], (ctx) => [{ dtype: 'float32', shape: [ctx.shape(0)[0], ctx.int('n_targets', 1)] }]);

register('', 'TfIdfVectorizer', (ctx) => {
  const x = ctx.shape(0);
  const idx = ctx.intList('ngram_indexes') ?? fail('TfIdfVectorizer: ngram_indexes missing');
  const width = Math.max(...idx) + 1;
  return [{ dtype: 'float32', shape: x.length === 1 ? [width] : [x[0], width] }];
});

// ---- Random generators ----

register('', ['RandomUniform', 'RandomNormal'], (ctx) => [
  { dtype: outType(ctx, 'dtype', 'float32'), shape: ctx.intList('shape') ?? fail('random op without shape') },
]);
register('', ['RandomUniformLike', 'RandomNormalLike', 'Bernoulli'], (ctx) => {
  const x = ctx.req(0);
  return [{ dtype: outType(ctx, 'dtype', x.dtype ?? 'float32'), shape: x.shape }];
});
register('', 'Multinomial', (ctx) => [{ dtype: outType(ctx, 'dtype', 'int32'), shape: [ctx.shape(0)[0], ctx.int('sample_size', 1)] }]);

// SwiGLU(a, b) = Swish(a) * b, element-wise.
register('', 'SwiGLU', (ctx) => [{ dtype: ctx.dtype(0), shape: broadcastOrFail(ctx, [0, 1]) }]);

// ---- Training optimizers: each output has the shape of its corresponding input ----

const OPTIMIZER_GROUPS: Record<string, { groups: number; outGroups: number[] }> = {
  Adagrad: { groups: 3, outGroups: [0, 2] }, // X, G, H -> X_new, H_new
  Momentum: { groups: 3, outGroups: [0, 2] }, // X, G, V -> X_new, V_new
  Adam: { groups: 4, outGroups: [0, 2, 3] }, // X, G, V, H -> X_new, V_new, H_new
};
for (const [op, g] of Object.entries(OPTIMIZER_GROUPS))
  register('ai.onnx.preview.training', op, (ctx) => {
    const n = (ctx.node.inputs.length - 2) / g.groups;
    if (!Number.isInteger(n)) fail(`${op}: ${ctx.node.inputs.length} inputs do not split into ${g.groups} groups`);
    return ctx.node.outputs.map((_, j) => ctx.in(2 + g.outGroups[Math.floor(j / n)] * n + (j % n)));
  });

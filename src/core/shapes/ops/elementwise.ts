// Element-wise ops: unary (same type out), broadcasting binary/variadic, comparisons and
// logic (bool out), Where, Cast/CastLike, with folding of small values.
import type { DType } from '../../model/graph';
import { dtypeFromCode } from '../../model/dtype';
import { register } from '../registry';
import { fail, type OpContext, type TVal } from '../context';
import { binaryFolder, broadcastShapes, castValue, foldElementwise, unaryFolder } from '../fold';

const UNARY_SAME = [
  'Abs', 'Acos', 'Acosh', 'Asin', 'Asinh', 'Atan', 'Atanh', 'Ceil', 'Cos', 'Cosh', 'Erf', 'Exp', 'Floor', 'Log', 'Neg',
  'Reciprocal', 'Round', 'Sigmoid', 'Sign', 'Sin', 'Sinh', 'Sqrt', 'Tan', 'Tanh', 'Relu', 'Elu', 'Selu', 'LeakyRelu',
  'HardSigmoid', 'HardSwish', 'Softplus', 'Softsign', 'ThresholdedRelu', 'Mish', 'Gelu', 'Shrink', 'Celu', 'Swish',
  'Identity', 'BitwiseNot', 'Not', 'Clip', 'Dropout', 'Softmax', 'LogSoftmax', 'Hardmax', 'LRN', 'CumSum', 'CumProd',
  'MeanVarianceNormalization', 'LpNormalization', 'Trilu', 'ReverseSequence', 'Scatter', 'ScatterElements', 'ScatterND',
  'TensorScatter', 'Binarizer', 'PRelu',
];

function unary(ctx: OpContext): Array<TVal | undefined> {
  const x = ctx.req(0);
  const out: TVal = { dtype: x.dtype, shape: x.shape };
  const f = unaryFolder(ctx.node.opType);
  if (f && x.value) out.value = x.value.map(f);
  const res: Array<TVal | undefined> = [out];
  if (ctx.node.opType === 'Dropout' && ctx.numOutputs > 1) res.push({ dtype: 'bool', shape: x.shape });
  return res;
}
register('', UNARY_SAME, unary);

export function broadcastOrFail(ctx: OpContext, idx: number[]): TVal['shape'] {
  const shapes = [];
  for (const i of idx) {
    const t = ctx.inputs[i];
    if (!t?.shape) return undefined;
    shapes.push(t.shape);
  }
  const out = broadcastShapes(shapes);
  if (!out) fail(`cannot broadcast ${shapes.map((s) => `[${s.join(',')}]`).join(' with ')}`);
  return out;
}

const ARITH = ['Add', 'Sub', 'Mul', 'Div', 'Pow', 'Mod', 'BitwiseAnd', 'BitwiseOr', 'BitwiseXor', 'BitShift'];
const COMPARE = ['Equal', 'Less', 'LessOrEqual', 'Greater', 'GreaterOrEqual', 'And', 'Or', 'Xor'];

function binary(ctx: OpContext): Array<TVal | undefined> {
  const op = ctx.node.opType;
  const a = ctx.in(0);
  const b = ctx.in(1);
  const dtype: DType | undefined = COMPARE.includes(op) ? 'bool' : a?.dtype ?? b?.dtype;
  // Before opset 7, broadcasting was opt-in (broadcast=1) and B was aligned to A from `axis`.
  const legacy = ctx.opset < 7 && ctx.int('broadcast', 0) === 1;
  const shape = legacy ? a?.shape : broadcastOrFail(ctx, [0, 1]);
  const out: TVal = { dtype, shape };
  const f = legacy ? undefined : binaryFolder(op, a?.dtype, ctx.int('fmod', 0));
  if (f) {
    const v = foldElementwise([a, b], shape, (xs) => f(xs[0], xs[1]));
    if (v) out.value = v;
  }
  return [out];
}
register('', [...ARITH, ...COMPARE], binary);

function variadic(ctx: OpContext): Array<TVal | undefined> {
  const idx = ctx.node.inputs.map((_, i) => i).filter((i) => ctx.has(i));
  const shape = broadcastOrFail(ctx, idx);
  const dtype = ctx.in(idx[0])?.dtype;
  const out: TVal = { dtype, shape };
  const op = ctx.node.opType;
  const f = op === 'Sum' ? binaryFolder('Add', dtype) : op === 'Max' || op === 'Min' ? binaryFolder(op, dtype) : undefined;
  if (f) {
    const v = foldElementwise(idx.map((i) => ctx.in(i)), shape, (xs) => xs.reduce((p, c) => f(p, c)));
    if (v) out.value = v;
  }
  return [out];
}
register('', ['Sum', 'Max', 'Min', 'Mean'], variadic);

register('', ['IsNaN', 'IsInf'], (ctx) => [{ dtype: 'bool', shape: ctx.req(0).shape }]);

register('', 'Where', (ctx) => {
  const shape = broadcastOrFail(ctx, [0, 1, 2]);
  const dtype = ctx.in(1)?.dtype ?? ctx.in(2)?.dtype;
  const out: TVal = { dtype, shape };
  const v = foldElementwise([ctx.in(0), ctx.in(1), ctx.in(2)], shape, ([c, x, y]) => (c === null ? (x === y ? x : null) : c ? x : y));
  if (v) out.value = v;
  return [out];
});

function castTo(x: TVal, to: DType): TVal {
  const out: TVal = { dtype: to, shape: x.shape };
  if (x.value) out.value = x.value.map((v) => castValue(v, to));
  return out;
}

register('', 'Cast', (ctx) => {
  const code = ctx.int('to');
  const to = code === undefined ? undefined : dtypeFromCode(code);
  if (!to) fail(`Cast: unknown 'to' type ${code}`);
  return [castTo(ctx.req(0), to)];
});

register('', 'CastLike', (ctx) => {
  const to = ctx.req(1).dtype;
  if (!to) fail('CastLike: target dtype unknown');
  return [castTo(ctx.req(0), to)];
});

// Output dtype from an attribute, shape from input 0 (e.g. BitCast keeps shape when widths match).
register('', 'BitCast', (ctx) => {
  const x = ctx.req(0);
  const to = dtypeFromCode(ctx.int('to', 0));
  if (!to) fail('BitCast: unknown target type');
  return [{ dtype: to, shape: x.shape }];
});

// Constant folding helpers: broadcasting element-wise arithmetic over folded values, so that
// torch-style shape arithmetic (Shape -> Gather -> Mul -> Concat -> Reshape) resolves.
import type { DType, Dim } from '../model/graph';
import { isFloatType } from '../model/dtype';
import { addDim, broadcastShapes, ceilDivDim, floorDivDim, isKnown, mulDim, subDim, truncDivDim } from './dims';
import type { TVal } from './context';

/** Fold only tensors up to this many elements (shape arithmetic, not data). */
export const FOLD_LIMIT = 1024;

export function numelOf(shape: Dim[] | undefined): number | undefined {
  if (!shape) return undefined;
  let n = 1;
  for (const d of shape) {
    if (typeof d !== 'number') return undefined;
    n *= d;
  }
  return n;
}

/**
 * Values of a tensor of shape `out` (numeric), each read from `v` at the source offset that `srcOffset`
 * gives for its multi-index: the walk behind broadcasting, Transpose and Slice folding.
 */
export function remapValues(v: Dim[], out: number[], srcOffset: (idx: readonly number[]) => number): Dim[] {
  const n = numelOf(out)!;
  const res = new Array<Dim>(n);
  const idx = new Array<number>(out.length).fill(0);
  for (let k = 0; k < n; k++) {
    res[k] = v[srcOffset(idx)];
    for (let a = out.length - 1; a >= 0; a--) {
      if (++idx[a] < out[a]) break;
      idx[a] = 0;
    }
  }
  return res;
}

/** Values of `v` broadcast to `out` (numeric shapes only). */
export function broadcastValues(v: Dim[], from: Dim[], out: number[]): Dim[] | undefined {
  const n = numelOf(out)!;
  if (from.length === out.length && v.length === n) return v;
  if (v.length === 1) return new Array<Dim>(n).fill(v[0]);
  const off = out.length - from.length;
  const fromN = from.map((d) => (typeof d === 'number' ? d : -1));
  if (fromN.some((d) => d < 0)) return undefined;
  return remapValues(v, out, (idx) => {
    let src = 0;
    for (let a = 0; a < fromN.length; a++) {
      const d = fromN[a];
      src = src * d + (d === 1 ? 0 : idx[a + off]);
    }
    return src;
  });
}

type Binary = (a: Dim, b: Dim) => Dim;

/** Element-wise fold of n inputs with broadcasting; undefined if any value is missing. */
export function foldElementwise(inputs: Array<TVal | undefined>, outShape: Dim[] | undefined, f: (xs: Dim[]) => Dim): Dim[] | undefined {
  if (!outShape) return undefined;
  const n = numelOf(outShape);
  if (n === undefined || n > FOLD_LIMIT) return undefined;
  const cols: Dim[][] = [];
  for (const t of inputs) {
    if (!t?.value || !t.shape) return undefined;
    const b = broadcastValues(t.value, t.shape, outShape as number[]);
    if (!b) return undefined;
    cols.push(b);
  }
  const out = new Array<Dim>(n);
  const xs = new Array<Dim>(cols.length);
  for (let k = 0; k < n; k++) {
    for (let j = 0; j < cols.length; j++) xs[j] = cols[j][k];
    out[k] = f(xs);
  }
  return out;
}

function num2(f: (a: number, b: number) => number): Binary {
  return (a, b) => (typeof a === 'number' && typeof b === 'number' ? f(a, b) : null);
}

function exactDiv(a: Dim, b: Dim): Dim {
  if (typeof a === 'number' && typeof b === 'number') return a / b;
  // Float division of a symbol: the symbolic part is assumed to divide evenly.
  return floorDivDim(a, b);
}

function intDiv(a: Dim, b: Dim): Dim {
  return truncDivDim(a, b);
}

function cmp(f: (a: number, b: number) => boolean): Binary {
  return (a, b) => {
    if (typeof a === 'number' && typeof b === 'number') return f(a, b) ? 1 : 0;
    return null;
  };
}

/** Binary folding function for an op, by dtype of the inputs. */
export function binaryFolder(op: string, dtype: DType | undefined, fmod = 0): Binary | undefined {
  const isFloat = dtype ? isFloatType(dtype) : false;
  switch (op) {
    case 'Add':
      return addDim;
    case 'Sub':
      return subDim;
    case 'Mul':
      return mulDim;
    case 'Div':
      return isFloat ? exactDiv : intDiv;
    case 'Mod':
      return num2((a, b) => {
        if (b === 0) return NaN;
        if (fmod || isFloat) return a % b;
        const r = a % b;
        return r !== 0 && r < 0 !== b < 0 ? r + b : r;
      });
    case 'Pow':
      return num2((a, b) => {
        const r = Math.pow(a, b);
        return isFloat ? r : Math.trunc(r);
      });
    case 'Max':
      return (a, b) => (a === b ? a : typeof a === 'number' && typeof b === 'number' ? Math.max(a, b) : null);
    case 'Min':
      return (a, b) => (a === b ? a : typeof a === 'number' && typeof b === 'number' ? Math.min(a, b) : null);
    case 'Equal':
      return (a, b) => (a !== null && a === b ? 1 : cmp((x, y) => x === y)(a, b));
    case 'Less':
      return cmp((a, b) => a < b);
    case 'LessOrEqual':
      return (a, b) => (a !== null && a === b ? 1 : cmp((x, y) => x <= y)(a, b));
    case 'Greater':
      return cmp((a, b) => a > b);
    case 'GreaterOrEqual':
      return (a, b) => (a !== null && a === b ? 1 : cmp((x, y) => x >= y)(a, b));
    case 'And':
      return num2((a, b) => (a && b ? 1 : 0));
    case 'Or':
      return num2((a, b) => (a || b ? 1 : 0));
    case 'Xor':
      return num2((a, b) => (!!a !== !!b ? 1 : 0));
    case 'BitwiseAnd':
      return num2((a, b) => a & b);
    case 'BitwiseOr':
      return num2((a, b) => a | b);
    case 'BitwiseXor':
      return num2((a, b) => a ^ b);
  }
  return undefined;
}

/** Unary folding on numbers; symbols pass through ops that keep integers integral. */
export function unaryFolder(op: string): ((a: Dim) => Dim) | undefined {
  const n = (f: (x: number) => number) => (a: Dim) => (typeof a === 'number' ? f(a) : null);
  switch (op) {
    case 'Neg':
      return (a) => (isKnown(a) ? subDim(0, a) : null);
    case 'Abs':
      return n(Math.abs);
    case 'Floor':
    case 'Ceil':
    case 'Round':
      return (a) =>
        typeof a === 'number' ? (op === 'Floor' ? Math.floor(a) : op === 'Ceil' ? Math.ceil(a) : roundHalfEven(a)) : typeof a === 'string' ? a : null;
    case 'Identity':
      return (a) => a;
    case 'Not':
      return n((x) => (x ? 0 : 1));
    case 'Sqrt':
      return n(Math.sqrt);
    case 'Reciprocal':
      return n((x) => 1 / x);
    case 'Sign':
      return n(Math.sign);
    case 'Relu':
      return n((x) => Math.max(0, x));
  }
  return undefined;
}

export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Cast a folded value to a dtype (ints truncate, bool is x != 0). */
export function castValue(v: Dim, to: DType): Dim {
  if (typeof v !== 'number') return v;
  if (to === 'bool') return v !== 0 ? 1 : 0;
  if (isFloatType(to)) return v;
  if (/int/.test(to)) return Number.isFinite(v) ? Math.trunc(v) : null;
  return v;
}

export { ceilDivDim, floorDivDim, broadcastShapes };

// Dimension arithmetic over numbers and named symbols. A symbolic dim is a small polynomial
// ("2*batch", "height/8", "h*w", "past+seq") kept as a canonical string so that equal
// expressions compare equal as strings. Division of a symbolic expression by a number
// assumes the symbolic part divides evenly (height is a multiple of the strides it meets):
// floor((h-1)/2)+1 becomes h/2. Binding the symbols to numbers gives exact results.
import type { Dim } from '../model/graph';

/** monomial key ('' = constant, else atoms sorted and joined by '*') -> coefficient. */
type Poly = Map<string, number>;

const IDENT = /^[A-Za-z_][A-Za-z0-9_.:]*$/;
const parseCache = new Map<string, Poly>();

function termOf(s: string): { key: string; coef: number } | undefined {
  // term := [coef*]atom(*atom)*[/den] | coef
  let den = 1;
  const slash = s.lastIndexOf('/');
  let body = s;
  if (slash >= 0) {
    const d = Number(s.slice(slash + 1));
    if (!Number.isInteger(d) || d <= 0) return undefined;
    den = d;
    body = s.slice(0, slash);
  }
  let coef = 1;
  const atoms: string[] = [];
  for (const f of body.split('*')) {
    if (f === '') return undefined;
    if (/^\d+$/.test(f)) coef *= Number(f);
    else if (IDENT.test(f)) atoms.push(f);
    else return undefined;
  }
  atoms.sort();
  return { key: atoms.join('*'), coef: coef / den };
}

/** Parse a symbolic dim; strings that are not our expression syntax become one opaque atom. */
function parse(s: string): Poly {
  const hit = parseCache.get(s);
  if (hit) return hit;
  let p: Poly | undefined = new Map();
  // Split on + and - at top level (our syntax has no parentheses).
  const parts = s.replace(/-/g, '+-').split('+');
  for (let raw of parts) {
    raw = raw.trim();
    if (raw === '') continue;
    let sign = 1;
    if (raw.startsWith('-')) {
      sign = -1;
      raw = raw.slice(1);
    }
    const t = termOf(raw);
    if (!t) {
      p = undefined;
      break;
    }
    p.set(t.key, (p.get(t.key) ?? 0) + sign * t.coef);
  }
  // A name outside our syntax ("seq len", "N?") is one opaque atom. Names with '-' parse as a
  // difference; they still bind by exact name at the graph inputs.
  if (!p) p = new Map([[s, 1]]);
  if (parseCache.size > 100000) parseCache.clear();
  parseCache.set(s, p);
  return p;
}

function toPoly(d: number | string): Poly {
  return typeof d === 'number' ? new Map([['', d]]) : parse(d);
}

function fraction(x: number): [number, number] {
  for (let q = 1; q <= 4096; q++) {
    const p = x * q;
    if (Math.abs(p - Math.round(p)) < 1e-9) return [Math.round(p), q];
  }
  return [x, 1];
}

function fromPoly(p: Poly): Dim {
  const keys = [...p.keys()].filter((k) => Math.abs(p.get(k)!) > 1e-12);
  if (keys.length === 0) return 0;
  if (keys.length === 1 && keys[0] === '') return p.get('')!;
  keys.sort((a, b) => {
    if (a === '') return 1;
    if (b === '') return -1;
    const da = a.split('*').length;
    const db = b.split('*').length;
    return da !== db ? db - da : a < b ? -1 : a > b ? 1 : 0;
  });
  let out = '';
  for (const k of keys) {
    const c = p.get(k)!;
    const [num, den] = fraction(Math.abs(c));
    let term: string;
    if (k === '') term = den === 1 ? String(num) : `${num}/${den}`;
    else term = (num === 1 ? k : `${num}*${k}`) + (den === 1 ? '' : `/${den}`);
    if (out === '') out = c < 0 ? '-' + term : term;
    else out += (c < 0 ? '-' : '+') + term;
  }
  return out;
}

export function isKnown(d: Dim | undefined): d is number | string {
  return d !== null && d !== undefined;
}

// Results of symbolic operations, memoised: graphs repeat the same few expressions thousands of times.
const memo = new Map<string, Dim>();
function memoized(op: string, a: number | string, b: number | string, f: () => Dim): Dim {
  const key = `${op}\u0000${a}\u0000${b}`;
  const hit = memo.get(key);
  if (hit !== undefined) return hit;
  const r = f();
  if (memo.size > 50000) memo.clear();
  memo.set(key, r);
  return r;
}

export function addDim(a: Dim, b: Dim): Dim {
  if (typeof a === 'number' && typeof b === 'number') return a + b;
  if (!isKnown(a) || !isKnown(b)) return null;
  return memoized('+', a, b, () => addPoly(a, b));
}

function addPoly(a: number | string, b: number | string): Dim {
  const p = new Map(toPoly(a));
  for (const [k, v] of toPoly(b)) p.set(k, (p.get(k) ?? 0) + v);
  return fromPoly(p);
}

export function negDim(a: Dim): Dim {
  if (typeof a === 'number') return -a;
  if (!isKnown(a)) return null;
  const p: Poly = new Map();
  for (const [k, v] of toPoly(a)) p.set(k, -v);
  return fromPoly(p);
}

export function subDim(a: Dim, b: Dim): Dim {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return addDim(a, negDim(b));
}

function mulKeys(a: string, b: string): string {
  if (a === '') return b;
  if (b === '') return a;
  return [...a.split('*'), ...b.split('*')].sort().join('*');
}

export function mulDim(a: Dim, b: Dim): Dim {
  if (typeof a === 'number' && typeof b === 'number') return a * b;
  if (a === 0 || b === 0) return 0;
  if (!isKnown(a) || !isKnown(b)) return null;
  if (a === 1) return b;
  if (b === 1) return a;
  return memoized('*', a, b, () => mulPoly(a, b));
}

function mulPoly(a: number | string, b: number | string): Dim {
  const p: Poly = new Map();
  for (const [ka, va] of toPoly(a))
    for (const [kb, vb] of toPoly(b)) {
      const k = mulKeys(ka, kb);
      p.set(k, (p.get(k) ?? 0) + va * vb);
    }
  return fromPoly(p);
}

/** Division by a symbolic monomial divisor ("(h*w)/w"); null when it does not divide. */
function divBySymbol(a: Poly, b: Poly): Poly | undefined {
  if (b.size !== 1) return undefined;
  const [[kb, cb]] = [...b];
  const atoms = kb.split('*');
  const out: Poly = new Map();
  for (const [k, v] of a) {
    const rest = k === '' ? [] : k.split('*');
    for (const at of atoms) {
      const i = rest.indexOf(at);
      if (i < 0) return undefined;
      rest.splice(i, 1);
    }
    out.set(rest.join('*'), v / cb);
  }
  return out;
}

function roundDiv(a: Dim, b: Dim, round: (x: number) => number): Dim {
  if (typeof a === 'number' && typeof b === 'number') return b === 0 ? null : round(a / b);
  if (!isKnown(a) || !isKnown(b)) return null;
  if (b === 1) return a;
  return memoized(round.name || 'div', a, b, () => roundDivPoly(a, b, round));
}

function roundDivPoly(a: number | string, b: number | string, round: (x: number) => number): Dim {
  if (typeof b === 'number') {
    if (b === 0) return null;
    const p: Poly = new Map();
    for (const [k, v] of toPoly(a)) {
      if (k !== '') p.set(k, v / b);
    }
    // Symbolic part assumed divisible: round only the constant.
    const c = toPoly(a).get('') ?? 0;
    p.set('', round(c / b));
    return fromPoly(p);
  }
  if (a === b) return 1;
  const q = divBySymbol(toPoly(a), toPoly(b));
  return q ? fromPoly(q) : null;
}

export function floorDivDim(a: Dim, b: Dim): Dim {
  return roundDiv(a, b, Math.floor);
}

export function ceilDivDim(a: Dim, b: Dim): Dim {
  return roundDiv(a, b, Math.ceil);
}

/** Integer division truncating toward zero (ONNX integer Div). */
export function truncDivDim(a: Dim, b: Dim): Dim {
  return roundDiv(a, b, Math.trunc);
}

/** Broadcast two dims (numpy rules). Returns undefined on a definite mismatch. */
export function broadcastDim(a: Dim, b: Dim): Dim | undefined {
  if (a === b) return a;
  if (a === 1) return b;
  if (b === 1) return a;
  if (typeof a === 'number' && typeof b === 'number') return undefined;
  // A number > 1 against a symbol or unknown: the number wins (the symbol must equal it).
  if (typeof a === 'number') return a;
  if (typeof b === 'number') return b;
  if (a === null) return b === null ? null : null;
  return b === null ? null : a; // two different symbols: keep the first, as ORT does
}

export function broadcastShapes(shapes: Dim[][]): Dim[] | undefined {
  const rank = Math.max(0, ...shapes.map((s) => s.length));
  const out = new Array<Dim>(rank).fill(1);
  for (const s of shapes) {
    const off = rank - s.length;
    for (let i = 0; i < s.length; i++) {
      const r = broadcastDim(out[off + i], s[i]);
      if (r === undefined) return undefined;
      out[off + i] = r;
    }
  }
  return out;
}

/** Product of dims (element count); null if any is unknown. */
export function productDims(dims: Dim[]): Dim {
  let p: Dim = 1;
  for (const d of dims) p = mulDim(p, d);
  return p;
}

/** Substitute bound symbols with numbers; returns the dim unchanged when nothing applies. */
export function substituteDim(d: Dim, env: Record<string, number>): Dim {
  if (typeof d !== 'string') return d;
  if (d in env) return env[d];
  const p = parse(d);
  let changed = false;
  let out: Dim = 0;
  for (const [k, v] of p) {
    let term: Dim = v;
    if (k !== '')
      for (const at of k.split('*')) {
        if (at in env) changed = true;
        term = mulDim(term, at in env ? env[at] : at);
      }
    out = addDim(out, term);
  }
  if (!changed) return d;
  return typeof out === 'number' ? Math.round(out * 1e9) / 1e9 : out;
}

export function formatDim(d: Dim): string {
  return d === null ? '?' : String(d);
}

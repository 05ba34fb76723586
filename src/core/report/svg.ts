// SVG string primitives for the charts: escaping, elements, scales and ticks. Pure TS (no DOM), so the same chart text
// renders in a webview, in the HTML report and in a unit test. No style="" anywhere (strict webview CSP): look comes
// from classes (CHART_CSS) with presentation attributes as the fallback when no stylesheet is present.

/** Text or attribute value from a model, escaped for HTML and SVG alike. */
export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export type Attrs = Record<string, string | number | boolean | undefined>;

/** One element; attribute values escaped, undefined/false left out; `inner` is already markup. */
export function el(tag: string, attrs: Attrs, inner?: string): string {
  let a = '';
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    a += v === true ? ` ${k}` : ` ${k}="${esc(typeof v === 'number' ? num(v) : v)}"`;
  }
  return inner === undefined ? `<${tag}${a}/>` : `<${tag}${a}>${inner}</${tag}>`;
}

/** A coordinate with one decimal: keeps 7,000-point charts small. */
export function num(x: number): string {
  return String(Math.round(x * 10) / 10);
}

export function text(x: number, y: number, s: string, attrs: Attrs = {}): string {
  return el('text', { x, y, ...attrs }, esc(s));
}

export function title(s: string): string {
  return `<title>${esc(s)}</title>`;
}

export interface Scale {
  (v: number): number;
  domain: [number, number];
}

export function linearScale(d0: number, d1: number, r0: number, r1: number): Scale {
  const span = d1 - d0 || 1;
  const s = ((v: number) => r0 + ((v - d0) / span) * (r1 - r0)) as Scale;
  s.domain = [d0, d1];
  return s;
}

export function logScale(d0: number, d1: number, r0: number, r1: number): Scale {
  const l0 = Math.log10(d0);
  const span = Math.log10(d1) - l0 || 1;
  const s = ((v: number) => r0 + ((Math.log10(Math.max(v, d0 * 1e-6)) - l0) / span) * (r1 - r0)) as Scale;
  s.domain = [d0, d1];
  return s;
}

/** Ticks on a 1-2-5 series inside [d0, d1], thinned to at most `max` (1-only decades, then every other decade). */
export function logTicks(d0: number, d1: number, max = 8): number[] {
  const series = [[1, 2, 5], [1, 3], [1]];
  for (const mult of series) {
    const out: number[] = [];
    for (let e = Math.floor(Math.log10(d0)); e <= Math.ceil(Math.log10(d1)); e++) {
      for (const m of mult) {
        const v = m * 10 ** e;
        if (v >= d0 * (1 - 1e-9) && v <= d1 * (1 + 1e-9)) out.push(Number(v.toPrecision(6)));
      }
    }
    if (out.length <= max) return out.length > 0 ? out : [d0, d1];
    if (mult.length === 1) return out.filter((_, i) => i % Math.ceil(out.length / max) === 0);
  }
  return [d0, d1];
}

/** A "nice" linear domain and its ticks covering [lo, hi] (about n steps of 1, 2 or 5 × 10^k). */
export function niceLinear(lo: number, hi: number, n = 4): { domain: [number, number]; ticks: number[] } {
  if (!(hi > lo)) {
    const pad = Math.abs(hi) > 0 ? Math.abs(hi) * 0.1 : 1;
    [lo, hi] = [lo - pad, hi + pad];
    if (lo < 0 && hi - pad >= 0) lo = 0;
  }
  const raw = (hi - lo) / n;
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw) ?? 10 * p;
  const d0 = Math.floor(lo / step) * step;
  const d1 = Math.ceil(hi / step) * step;
  const ticks: number[] = [];
  for (let v = d0; v <= d1 + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  return { domain: [d0, d1], ticks };
}

/** A log domain padded to whole 1-2-5 steps around [lo, hi] (both > 0). */
export function niceLog(lo: number, hi: number): [number, number] {
  const down = (v: number) => {
    const p = 10 ** Math.floor(Math.log10(v));
    return [5, 2, 1].map((m) => m * p).find((s) => s <= v * (1 + 1e-9)) ?? p;
  };
  const up = (v: number) => {
    const p = 10 ** Math.floor(Math.log10(v));
    return [1, 2, 5, 10].map((m) => m * p).find((s) => s >= v * (1 - 1e-9)) ?? 10 * p;
  };
  const a = down(lo);
  const b = up(hi);
  return b > a ? [a, b] : [a, a * 10];
}

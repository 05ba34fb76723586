// Number formatting shared by the webview, the hover card and tests (pure, no DOM).

// Bytes go through the project's one formatter (decimal MB/GB, exact binary sizes as KiB/MiB): see src/core/cost/units.ts.
export { formatBytes } from '../cost/units';

/** 12_345_678 -> "12.3 M" (decimal multiples, as MAC counts are quoted). */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return '—';
  const a = Math.abs(n);
  const units: Array<[number, string]> = [[1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'K']];
  for (const [scale, unit] of units) {
    if (a >= scale) {
      const v = n / scale;
      return `${Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2)} ${unit}`;
    }
  }
  return String(Math.round(n));
}

/** Milliseconds with three significant digits: 0.0123 -> "0.0123 ms", 1234 -> "1234 ms". */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  if (ms === 0) return '0 ms';
  if (Math.abs(ms) >= 100) return `${ms.toFixed(0)} ms`;
  return `${Number(ms.toPrecision(3))} ms`;
}

/** 0..1 -> "12.3%". */
export function formatPercent(x: number): string {
  if (!Number.isFinite(x)) return '—';
  return `${(x * 100).toFixed(x >= 0.1 ? 1 : 2)}%`;
}

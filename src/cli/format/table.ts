// Text tables whose columns fit their content (a long stage or layer name widens its column instead of shifting
// the others); a column may cap its width, cutting longer cells with an ellipsis in the middle.

export interface Column {
  title: string;
  align?: 'left' | 'right';
  /** Longest cell kept whole; longer ones are shortened to this with '…'. */
  max?: number;
}

export function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const keep = max - 1;
  const head = Math.ceil(keep / 2);
  return text.slice(0, head) + '…' + text.slice(text.length - (keep - head));
}

export function renderTable(columns: Column[], rows: string[][], indent = ''): string[] {
  const cells = rows.map((r) => r.map((c, i) => (columns[i]?.max ? shorten(c, columns[i].max) : c)));
  const widths = columns.map((col, i) => Math.max(col.title.length, ...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    indent +
    r
      .map((c, i) => (columns[i]?.align === 'right' ? c.padStart(widths[i]) : i === r.length - 1 ? c : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.title)), ...cells.map(line)];
}

/** Fixed decimals, '-' for a missing figure (never a silent zero). */
export function fixed(x: number | null | undefined, digits: number): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '-' : x.toFixed(digits);
}

/** A latency in ms with a few significant digits: 0.012, 7.23, 119.4, 12,266. */
export function ms(x: number): string {
  if (!Number.isFinite(x)) return '-';
  if (x >= 1000) return Math.round(x).toLocaleString('en-US');
  if (x >= 100) return x.toFixed(1);
  if (x >= 1) return x.toFixed(2);
  return x.toFixed(3);
}

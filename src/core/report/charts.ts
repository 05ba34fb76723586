// The project's charts as SVG strings: the SRAM sweep, the roofline, a per-stage time breakdown and a two-hardware
// comparison. Shared by the webviews (inserted under a strict nonce CSP: no style="", no scripts, no external
// resources) and by the HTML report (inline SVG). Colours come from CHART_CSS through CSS custom properties, so a
// VS Code theme (its --vscode-* variables) or the report's light/dark media query decides them; presentation
// attributes (currentColor, font-size) keep a chart legible where no stylesheet is loaded. Every model string is
// escaped. Interactive hooks are data attributes only: data-sram-bytes (sweep points), data-node-index/data-stage
// (roofline points); a webview adds its own listeners.
import { formatBytes } from '../cost/units';
import { formatMs } from '../view/format';
import { el, esc, linearScale, logScale, logTicks, niceLinear, niceLog, num, text, title, type Scale } from './svg';

export interface ChartOptions {
  /** Width of the viewBox (the SVG scales to its container). Default 720. */
  width?: number;
  /** Accessible title of the chart. */
  title?: string;
}

/** Classes the charts use; include in the webview's stylesheet or the report's <style>. */
export const CHART_CSS = `
.npc-chart{--npc-fg:var(--vscode-foreground,#1f2328);--npc-muted:var(--vscode-descriptionForeground,#59636e);
--npc-grid:var(--vscode-editorWidget-border,#d1d9e0);--npc-s1:var(--vscode-charts-blue,#0969da);
--npc-s2:var(--vscode-charts-purple,#8250df);--npc-s3:var(--vscode-charts-orange,#bc4c00);
--npc-roof:var(--vscode-charts-foreground,#1f2328);--npc-spill:var(--vscode-charts-orange,#bc4c00);
--npc-knee:var(--vscode-charts-green,#1a7f37);--npc-current:var(--vscode-charts-foreground,#59636e);
--npc-a:var(--vscode-charts-blue,#0969da);--npc-b:var(--vscode-charts-orange,#bc4c00);
--npc-k0:var(--vscode-charts-blue,#0969da);--npc-k1:var(--vscode-charts-orange,#bc4c00);--npc-k2:var(--vscode-charts-purple,#8250df);
--npc-k3:var(--vscode-charts-green,#1a7f37);--npc-k4:var(--vscode-charts-yellow,#9a6700);
color:var(--npc-fg);max-width:100%;height:auto;font-family:var(--vscode-font-family,system-ui,sans-serif)}
@media (prefers-color-scheme:dark){.npc-chart{--npc-fg:var(--vscode-foreground,#e6edf3);--npc-muted:var(--vscode-descriptionForeground,#9198a1);
--npc-grid:var(--vscode-editorWidget-border,#3d444d);--npc-s1:var(--vscode-charts-blue,#4493f8);--npc-s2:var(--vscode-charts-purple,#ab7df8);
--npc-s3:var(--vscode-charts-orange,#f0883e);--npc-roof:var(--vscode-charts-foreground,#e6edf3);--npc-spill:var(--vscode-charts-orange,#f0883e);
--npc-knee:var(--vscode-charts-green,#3fb950);--npc-current:var(--vscode-charts-foreground,#9198a1);
--npc-a:var(--vscode-charts-blue,#4493f8);--npc-b:var(--vscode-charts-orange,#f0883e);--npc-k0:var(--vscode-charts-blue,#4493f8);
--npc-k1:var(--vscode-charts-orange,#f0883e);--npc-k2:var(--vscode-charts-purple,#ab7df8);--npc-k3:var(--vscode-charts-green,#3fb950);
--npc-k4:var(--vscode-charts-yellow,#d29922)}}
.npc-chart text{fill:var(--npc-fg);font-size:11px}
.npc-chart .npc-muted,.npc-chart .npc-tick{fill:var(--npc-muted)}
.npc-chart .npc-title{font-size:13px;font-weight:600}
.npc-chart .npc-axis{stroke:var(--npc-muted)}
.npc-chart .npc-grid{stroke:var(--npc-grid)}
.npc-chart .npc-line{fill:none;stroke-width:2}
.npc-chart .npc-s1{stroke:var(--npc-s1);fill:var(--npc-s1)}.npc-chart .npc-s2{stroke:var(--npc-s2);fill:var(--npc-s2)}
.npc-chart .npc-s3{stroke:var(--npc-s3);fill:var(--npc-s3)}
.npc-chart .npc-line.npc-s1,.npc-chart .npc-line.npc-s2,.npc-chart .npc-line.npc-s3{fill:none}
.npc-chart .npc-hit{fill:transparent;stroke:none}
.npc-chart .npc-pt:hover .npc-hit,.npc-chart .npc-pt:focus .npc-hit{fill:var(--npc-grid);fill-opacity:.35}
.npc-chart [data-sram-bytes],.npc-chart [data-node-index]{cursor:pointer}
.npc-chart .npc-knee line{stroke:var(--npc-knee);stroke-width:2}.npc-chart .npc-knee text{fill:var(--npc-knee);font-weight:600}
.npc-chart .npc-current line{stroke:var(--npc-current);stroke-dasharray:4 3}
.npc-chart .npc-roof{fill:none;stroke:var(--npc-roof);stroke-width:2}
.npc-chart .npc-layer{fill:var(--npc-s1);fill-opacity:.55;stroke:var(--npc-s1)}
.npc-chart .npc-layer.npc-spill{fill:var(--npc-spill);fill-opacity:.8;stroke:var(--npc-fg);stroke-width:.8}
.npc-chart .npc-a{fill:var(--npc-a)}.npc-chart .npc-b{fill:var(--npc-b)}
.npc-chart .npc-k0{fill:var(--npc-k0)}.npc-chart .npc-k1{fill:var(--npc-k1)}.npc-chart .npc-k2{fill:var(--npc-k2)}
.npc-chart .npc-k3{fill:var(--npc-k3)}.npc-chart .npc-k4{fill:var(--npc-k4)}
`;

function svg(width: number, height: number, label: string, cls: string, inner: string): string {
  return (
    el('svg', { xmlns: 'http://www.w3.org/2000/svg', class: `npc-chart ${cls}`, viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-label': label, 'font-size': 11, fill: 'currentColor' },
      title(label) + inner)
  );
}

const line = (x1: number, y1: number, x2: number, y2: number, cls: string): string =>
  el('line', { class: cls, x1, y1, x2, y2, stroke: 'currentColor', 'stroke-opacity': cls === 'npc-grid' ? 0.15 : undefined });

function yAxis(y: Scale, ticks: number[], x0: number, x1: number, fmt: (v: number) => string): string {
  return ticks
    .map((t) => line(x0, y(t), x1, y(t), 'npc-grid') + text(x0 - 6, y(t) + 4, fmt(t), { class: 'npc-tick', 'text-anchor': 'end' }))
    .join('');
}

function xAxis(x: Scale, ticks: number[], y0: number, y1: number, fmt: (v: number) => string, labels = true): string {
  return ticks
    .map((t) => line(x(t), y0, x(t), y1, 'npc-grid') + (labels ? text(x(t), y1 + 14, fmt(t), { class: 'npc-tick', 'text-anchor': 'middle' }) : ''))
    .join('');
}

function polyline(pts: Array<[number, number]>, cls: string): string {
  return el('polyline', { class: cls, fill: 'none', stroke: 'currentColor', 'stroke-width': 2, points: pts.map(([a, b]) => `${num(a)},${num(b)}`).join(' ') });
}

// ---------------------------------------------------------------- SRAM sweep

export interface SweepChartPoint {
  sramBytes: number;
  /** Per image (pipeline) or per run (model). Unit: ms. */
  latencyMs: number;
  /** DDR read + write for the same unit of work as latencyMs. Unit: bytes. */
  ddrBytes: number;
  spillCount: number;
}

export interface SweepChartData {
  points: SweepChartPoint[];
  /** The SRAM size of the hardware in use (marked). */
  currentSramBytes?: number;
  /** The knee (marked and labelled), null/absent when there is none. */
  kneeSramBytes?: number | null;
  /** "per image" or "per run": appended to the panel titles. */
  unit?: string;
}

/** Latency, DDR traffic and spill count against SRAM size (log x), one panel each, sharing the x axis. */
export function sweepChart(d: SweepChartData, opts: ChartOptions = {}): string {
  const W = opts.width ?? 720;
  const label = opts.title ?? 'SRAM sweep: latency, DDR traffic and spills against SRAM size';
  const pts = [...d.points].filter((p) => p.sramBytes > 0).sort((a, b) => a.sramBytes - b.sramBytes);
  if (pts.length === 0) return svg(W, 60, label, 'npc-sweep', text(W / 2, 34, 'no sweep points', { 'text-anchor': 'middle', class: 'npc-muted' }));
  const L = 72;
  const R = W - 20;
  const panelH = 96;
  const gap = 34;
  const top = 48;
  const H = top + 3 * panelH + 2 * gap + 40;
  const xs = pts.map((p) => p.sramBytes);
  const [x0, x1] = xs.length > 1 ? [xs[0], xs[xs.length - 1]] : [xs[0] / 2, xs[0] * 2];
  const x = logScale(x0, x1, L, R);
  const suffix = d.unit ? ` (${d.unit})` : '';
  const panels: Array<{ name: string; cls: string; get: (p: SweepChartPoint) => number; fmt: (v: number) => string; zero: boolean }> = [
    { name: `Latency${suffix}`, cls: 'npc-s1', get: (p) => p.latencyMs, fmt: formatMs, zero: false },
    { name: `DDR traffic${suffix}`, cls: 'npc-s2', get: (p) => p.ddrBytes, fmt: (v) => formatBytes(v), zero: false },
    { name: 'Spilling layers', cls: 'npc-s3', get: (p) => p.spillCount, fmt: (v) => String(Math.round(v)), zero: true },
  ];
  let body = text(L, 16, label, { class: 'npc-title' });
  const ys: Scale[] = [];
  const xt = logTicks(x0, x1, 9);
  panels.forEach((p, i) => {
    const py0 = top + i * (panelH + gap);
    const py1 = py0 + panelH;
    const vals = pts.map(p.get);
    let lo = Math.min(...vals);
    const hi = Math.max(...vals);
    if (p.zero) lo = 0;
    const nice = niceLinear(lo, hi, 3);
    if (p.zero) nice.ticks = nice.ticks.filter((t) => Number.isInteger(t));
    const y = linearScale(nice.domain[0], nice.domain[1], py1, py0);
    ys.push(y);
    body += text(L, py0 - 8, p.name, { class: 'npc-muted' });
    body += yAxis(y, nice.ticks, L, R, p.fmt) + xAxis(x, xt, py0, py1, (v) => formatBytes(v), i === 2);
    body += line(L, py1, R, py1, 'npc-axis');
    body += polyline(pts.map((q) => [x(q.sramBytes), y(p.get(q))]), `npc-line ${p.cls}`);
  });
  const yTop = top - 4;
  const yBot = top + 3 * panelH + 2 * gap;
  body += text((L + R) / 2, yBot + 32, 'SRAM size (log scale)', { class: 'npc-muted', 'text-anchor': 'middle' });
  if (d.currentSramBytes && d.currentSramBytes >= x0 && d.currentSramBytes <= x1) {
    const cx = x(d.currentSramBytes);
    body += el('g', { class: 'npc-current' }, line(cx, yTop, cx, yBot, 'npc-current-line') + text(cx + 4, yTop + 10, `current ${formatBytes(d.currentSramBytes)}`, { class: 'npc-muted' }));
  }
  if (d.kneeSramBytes && d.kneeSramBytes >= x0 && d.kneeSramBytes <= x1) {
    const kx = x(d.kneeSramBytes);
    const anchor = kx > (L + R) / 2 ? 'end' : 'start';
    body += el('g', { class: 'npc-knee', 'data-knee-bytes': d.kneeSramBytes },
      line(kx, yTop, kx, yBot, 'npc-knee-line') + text(kx + (anchor === 'end' ? -4 : 4), yTop + 24, `knee ${formatBytes(d.kneeSramBytes)}`, { 'text-anchor': anchor }));
  }
  // One focusable group per point: a full-height hit band (easy to click) and a dot in each panel.
  const half = (i: number) => {
    const prev = i > 0 ? x(pts[i - 1].sramBytes) : L;
    const next = i < pts.length - 1 ? x(pts[i + 1].sramBytes) : R;
    return [(prev + x(pts[i].sramBytes)) / 2, (next + x(pts[i].sramBytes)) / 2];
  };
  pts.forEach((p, i) => {
    const [a, b] = half(i);
    const tip = `${formatBytes(p.sramBytes)} SRAM: ${formatMs(p.latencyMs)}, ${formatBytes(p.ddrBytes)} DDR, ${p.spillCount} spill${p.spillCount === 1 ? '' : 's'}`;
    const dots = panels.map((q, j) => el('circle', { class: q.cls, cx: x(p.sramBytes), cy: ys[j](q.get(p)), r: 3.5 })).join('');
    body += el('g', { class: 'npc-pt', 'data-sram-bytes': p.sramBytes, tabindex: 0, role: 'button', 'aria-label': tip },
      title(tip) + el('rect', { class: 'npc-hit', x: a, y: yTop, width: Math.max(1, b - a), height: yBot - yTop, fill: 'transparent' }) + dots);
  });
  return svg(W, H, label, 'npc-sweep', body);
}

// ---------------------------------------------------------------- roofline

export interface RooflinePoint {
  nodeIndex: number;
  stage?: string;
  name: string;
  opType: string;
  macCount: number;
  /** DDR read + write of the layer. Unit: bytes. 0 = all operands on chip (drawn at the right edge). */
  ddrBytes: number;
  latencyMs: number;
  spill: boolean;
}

export interface RooflineData {
  points: RooflinePoint[];
  /** Compute roof. Unit: MAC/s. */
  peakMacsPerS: number;
  /** DDR roof slope: achievable DDR bandwidth. Unit: bytes/s. */
  ddrBytesPerS: number;
}

/** 1234 -> "1.23K", 5e12 -> "5T": three significant digits, no trailing zeros (tick labels, rates). */
export function compact(v: number): string {
  const a = Math.abs(v);
  for (const [scale, unit] of [[1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'K']] as const) {
    if (a >= scale * 0.9995) return `${Number((v / scale).toPrecision(3))}${unit}`;
  }
  return String(Number(v.toPrecision(3)));
}

const macRate = (v: number) => `${compact(v)} MAC/s`;

/** MAC layers (intensity = MAC per DDR byte, achieved MAC/s), log-log, under the compute and DDR roofs. */
export function rooflineChart(d: RooflineData, opts: ChartOptions = {}): string {
  const W = opts.width ?? 720;
  const H = 420;
  const label = opts.title ?? 'Roofline: achieved MAC/s against arithmetic intensity (MAC per DDR byte)';
  const L = 70;
  const R = W - 64; // right of R: a column for layers with no DDR traffic (infinite intensity)
  const T = 46;
  const B = H - 52;
  const pts = d.points.filter((p) => p.macCount > 0 && p.latencyMs > 0);
  const ridge = d.peakMacsPerS / d.ddrBytesPerS;
  const finite = pts.filter((p) => p.ddrBytes > 0).map((p) => p.macCount / p.ddrBytes);
  const [ix0, ix1] = niceLog(Math.min(ridge / 10, ...finite), Math.max(ridge * 10, ...finite) * 1.5);
  const rates = pts.map((p) => p.macCount / (p.latencyMs / 1e3));
  const [ry0, ry1] = niceLog(Math.min(d.peakMacsPerS / 1e3, ...rates), d.peakMacsPerS * 2);
  const x = logScale(ix0, ix1, L, R);
  const y = logScale(ry0, ry1, B, T);
  let body = text(L, 16, label, { class: 'npc-title' });
  body += yAxis(y, logTicks(ry0, ry1, 7), L, R, compact) + xAxis(x, logTicks(ix0, ix1, 9), T, B, compact);
  body += line(L, B, R, B, 'npc-axis') + line(L, T, L, B, 'npc-axis');
  body += text((L + R) / 2, H - 12, 'arithmetic intensity: MAC per DDR byte (log)', { class: 'npc-muted', 'text-anchor': 'middle' });
  body += text(16, (T + B) / 2, 'achieved MAC/s (log)', { class: 'npc-muted', 'text-anchor': 'middle', transform: `rotate(-90 16 ${num((T + B) / 2)})` });
  body += line(R + 32, T, R + 32, B, 'npc-grid') + text(R + 32, T - 4, 'no DDR', { class: 'npc-tick', 'text-anchor': 'middle' });
  // Roofs: bandwidth slope up to the ridge point, then flat at the peak.
  const roofAt = (i: number) => Math.min(d.peakMacsPerS, i * d.ddrBytesPerS);
  const rx = Math.min(Math.max(ridge, ix0), ix1);
  body += polyline([[x(ix0), y(roofAt(ix0))], [x(rx), y(roofAt(rx))], [x(ix1), y(roofAt(ix1))]], 'npc-roof');
  body += text(R - 4, y(d.peakMacsPerS) - 10, `compute roof ${macRate(d.peakMacsPerS)}`, { 'text-anchor': 'end' });
  // The DDR roof's label sits on the slope, a third of the way to the ridge (log), rotated to follow it.
  const li = Math.sqrt(Math.sqrt(ix0 * rx) * ix0) * 2;
  const [lx, ly] = [x(li), y(roofAt(li))];
  const slope = (Math.atan2(y(roofAt(rx)) - y(roofAt(ix0)), x(rx) - x(ix0)) * 180) / Math.PI;
  body += text(lx, ly - 6, `DDR roof ${formatBytes(d.ddrBytesPerS)}/s`, { 'text-anchor': 'middle', transform: `rotate(${num(slope)} ${num(lx)} ${num(ly - 6)})` });
  let dots = '';
  pts.forEach((p, i) => {
    const onChip = p.ddrBytes <= 0;
    const cx = onChip ? R + 32 : x(p.macCount / p.ddrBytes);
    const cy = y(rates[i]);
    const what = onChip ? 'no DDR traffic' : `${compact(p.macCount / p.ddrBytes)} MAC/B`;
    const tip = `${p.stage ? `${p.stage}: ` : ''}${p.name} (${p.opType}) · ${what} · ${macRate(rates[i])} · ${formatMs(p.latencyMs)}${p.spill ? ' · spills' : ''}`;
    const a = { 'data-node-index': p.nodeIndex, 'data-stage': p.stage, class: `npc-layer${p.spill ? ' npc-spill' : ''}`, fill: 'currentColor', 'fill-opacity': 0.5 };
    // Spills differ by shape (a triangle) as well as colour.
    dots += p.spill
      ? el('path', { ...a, d: `M${num(cx)} ${num(cy - 5)}L${num(cx + 4.5)} ${num(cy + 3.5)}L${num(cx - 4.5)} ${num(cy + 3.5)}Z` }, title(tip))
      : el('circle', { ...a, cx, cy, r: 3 }, title(tip));
  });
  body += el('g', { class: 'npc-layers' }, dots);
  const nSpill = pts.filter((p) => p.spill).length;
  body += el('circle', { class: 'npc-layer', cx: L + 4, cy: 30, r: 3, fill: 'currentColor' }) + text(L + 12, 34, `MAC layer (${pts.length})`, { class: 'npc-muted' });
  body += el('path', { class: 'npc-layer npc-spill', d: `M${L + 124} 25L${L + 128.5} 33.5L${L + 119.5} 33.5Z`, fill: 'currentColor' });
  body += text(L + 134, 34, `spilling (${nSpill})`, { class: 'npc-muted' });
  return svg(W, H, label, 'npc-roofline', body);
}

// ---------------------------------------------------------------- stacked breakdown

export interface BreakdownData {
  /** Segment kinds, in legend order (at most 5 colours, then they repeat). */
  keys: Array<{ key: string; label: string }>;
  rows: Array<{ label: string; values: Record<string, number>; note?: string }>;
  /** Unit of the values (formatted with formatMs when 'ms'). */
  unit: 'ms' | 'bytes' | 'count';
}

function fmtUnit(unit: BreakdownData['unit'], v: number): string {
  return unit === 'ms' ? formatMs(v) : unit === 'bytes' ? formatBytes(v) : compact(v);
}

/** Horizontal stacked bars, one row each (e.g. a stage's time per image split by what bounds its layers). */
export function stackedBreakdown(d: BreakdownData, opts: ChartOptions = {}): string {
  const W = opts.width ?? 720;
  const label = opts.title ?? 'Breakdown';
  const L = 140;
  const R = W - 160;
  const rowH = 26;
  const T = 52;
  const H = T + d.rows.length * rowH + 16;
  const totals = d.rows.map((r) => d.keys.reduce((s, k) => s + Math.max(0, r.values[k.key] ?? 0), 0));
  const x = linearScale(0, Math.max(...totals, 1e-12), L, R);
  let body = text(8, 16, label, { class: 'npc-title' });
  let lx = 8;
  d.keys.forEach((k, i) => {
    body += el('rect', { class: `npc-k${i % 5}`, x: lx, y: 26, width: 10, height: 10, fill: 'currentColor' }) + text(lx + 14, 35, k.label);
    lx += 26 + k.label.length * 6.5;
  });
  d.rows.forEach((r, i) => {
    const y0 = T + i * rowH;
    body += text(L - 8, y0 + 15, r.label, { 'text-anchor': 'end' });
    let at = 0;
    d.keys.forEach((k, j) => {
      const v = Math.max(0, r.values[k.key] ?? 0);
      if (v <= 0) return;
      const tip = `${r.label}: ${k.label} ${fmtUnit(d.unit, v)} (${((v / (totals[i] || 1)) * 100).toFixed(1)}%)`;
      body += el('rect', { class: `npc-seg npc-k${j % 5}`, 'data-key': k.key, x: x(at), y: y0 + 3, width: Math.max(0.5, x(at + v) - x(at)), height: rowH - 8, fill: 'currentColor' }, title(tip));
      at += v;
    });
    body += text(x(at) + 6, y0 + 15, fmtUnit(d.unit, totals[i]) + (r.note ? ` ${r.note}` : ''), { class: 'npc-muted' });
  });
  return svg(W, H, label, 'npc-breakdown', body);
}

// ---------------------------------------------------------------- compare

export interface CompareChartData {
  /** The two hardware names (legend). */
  names: [string, string];
  rows: Array<{ label: string; values: [number, number] }>;
  unit: 'ms' | 'bytes' | 'count';
}

/** Two bars per row (hardware a and b side by side), with the b / a ratio. */
export function compareChart(d: CompareChartData, opts: ChartOptions = {}): string {
  const W = opts.width ?? 720;
  const label = opts.title ?? `${d.names[0]} vs ${d.names[1]}`;
  const L = 140;
  const R = W - 150;
  const barH = 11;
  const rowH = 2 * barH + 12;
  const T = 52;
  const H = T + d.rows.length * rowH + 12;
  const max = Math.max(1e-12, ...d.rows.flatMap((r) => r.values));
  const x = linearScale(0, max, L, R);
  let body = text(8, 16, label, { class: 'npc-title' });
  body += el('rect', { class: 'npc-a', x: 8, y: 26, width: 10, height: 10, fill: 'currentColor' }) + text(22, 35, d.names[0]);
  const bx = 40 + d.names[0].length * 6.5;
  body += el('rect', { class: 'npc-b', x: bx, y: 26, width: 10, height: 10, fill: 'currentColor', 'fill-opacity': 0.6 }) + text(bx + 14, 35, d.names[1]);
  d.rows.forEach((r, i) => {
    const y0 = T + i * rowH;
    body += text(L - 8, y0 + barH + 4, r.label, { 'text-anchor': 'end' });
    r.values.forEach((v, j) => {
      const y = y0 + j * barH;
      const tip = `${r.label} on ${d.names[j]}: ${fmtUnit(d.unit, v)}`;
      body += el('rect', { class: j === 0 ? 'npc-a' : 'npc-b', 'data-hw': j, x: L, y, width: Math.max(0.5, x(v) - L), height: barH - 1, fill: 'currentColor', 'fill-opacity': j === 0 ? 1 : 0.6 }, title(tip));
      body += text(x(v) + 4, y + barH - 2, fmtUnit(d.unit, v), { class: 'npc-muted' });
    });
    const ratio = r.values[0] > 0 ? r.values[1] / r.values[0] : undefined;
    if (ratio !== undefined) body += text(W - 8, y0 + barH + 4, `b/a ×${ratio.toPrecision(3)}`, { 'text-anchor': 'end' });
  });
  return svg(W, H, label, 'npc-compare', body);
}

export { esc };

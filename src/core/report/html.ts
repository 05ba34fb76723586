// Self-contained HTML reports: one file, inline CSS and inline SVG charts, no scripts and no external resources (a
// CSP meta tag forbids them, so the file behaves the same offline in any browser). Light and dark themes follow
// prefers-color-scheme. Every model string is escaped. The per-layer table is compact (no closing </td>, short
// figures, one <details> per stage) so the SD 1.5 pipeline's ~7,000 layers stay well under 3 MB.
import { formatBytes } from '../cost/units';
import { formatMs } from '../view/format';
import type { CompareResult, Profile, ProfileLayer, SweepResult } from '../profile/types';
import { CHART_CSS, compareChart, compact, rooflineChart, stackedBreakdown, sweepChart } from './charts';
import { adviceText, breakdownData, compareChartData, layerDdrBytes, rooflineData, runsByStage, sweepChartData } from './data';
import { ABLATION_HEAD, ablationRows, headline, perImageLabel, STAGE_HEAD, stageRows, type ReportOptions } from './markdown';
import { esc } from './svg';

const PAGE_CSS = `
:root{color-scheme:light dark;--bg:#ffffff;--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--head:#f6f8fa;--warn:#9a6700;--spill:#bc4c00}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--line:#3d444d;--head:#151b23;--warn:#d29922;--spill:#f0883e}}
body{background:var(--bg);color:var(--fg);font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px auto;max-width:1100px;padding:0 16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}
.muted{color:var(--muted)}.big{font-size:20px;font-weight:600}
table{border-collapse:collapse;margin:6px 0 12px;font-variant-numeric:tabular-nums}
th,td{border-bottom:1px solid var(--line);padding:3px 8px;text-align:left;vertical-align:top}
th{background:var(--head);position:sticky;top:0}
td.n,th.n,.layers td:nth-child(n+3){text-align:right}.layers td:nth-child(-n+2){text-align:left}
.layers{font-size:12px}.layers td{padding:1px 6px;white-space:nowrap}.layers td:first-child{white-space:normal;word-break:break-all;max-width:420px}
.layers tr.s td{color:var(--spill)}.layers td.r{white-space:normal;text-align:left;color:var(--fg);font-size:11px}
details{margin:6px 0}summary{cursor:pointer;font-weight:600}
.warn{color:var(--warn)}figure{margin:8px 0 16px}figcaption{color:var(--muted);font-size:12px}
dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px}dt{color:var(--muted)}dd{margin:0}
`;

function page(title: string, body: string): string {
  return (
    '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">` +
    '<meta name="viewport" content="width=device-width,initial-scale=1">' +
    `<title>${esc(title)}</title><style>${PAGE_CSS}${CHART_CSS}</style></head><body>${body}</body></html>\n`
  );
}

function table(head: string[], rows: string[][], numeric: (i: number) => boolean = (i) => i > 0): string {
  const th = head.map((h, i) => `<th${numeric(i) ? ' class="n"' : ''}>${esc(h)}</th>`).join('');
  const trs = rows.map((r) => `<tr>${r.map((c, i) => `<td${numeric(i) ? ' class="n"' : ''}>${esc(c)}</td>`).join('')}</tr>`).join('');
  return `<table><thead><tr>${th}</tr></thead><tbody>${trs}</tbody></table>`;
}

const figure = (svg: string, caption: string) => `<figure>${svg}<figcaption>${esc(caption)}</figcaption></figure>`;

function hardwareSection(p: Profile): string {
  const h = p.hardware.config;
  const rows: Array<[string, string]> = [
    ['name', p.hardware.name], ['summary', p.hardware.description],
    ['MAC array', `${h.macs.toLocaleString('en-US')} MACs (${h.array.rows} × ${h.array.cols})`],
    ['clock', `${(h.clockHz / 1e6).toPrecision(4).replace(/\.?0+$/, '')} MHz`], ['SRAM', formatBytes(h.sramBytes)],
    ['DDR', `${formatBytes(h.ddrBytesPerS)}/s × efficiency ${h.ddrEfficiency}`], ['vector unit', `${h.vectorOpsPerCycle} ops/cycle`],
    ['widths', `weights ${h.weightBits} b, activations ${h.activationBits} b, accumulators ${h.accumulatorBits} b`],
    ['double buffering', h.doubleBuffering ? 'yes' : 'no'], ['attention', h.attention],
  ];
  return `<h2>Hardware</h2><dl>${rows.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('')}</dl>`;
}

/** Compact per-layer rows: name, op, ms per image, ms/run, MACs, DDR, SRAM, util, bound; spills add their reason. */
function layerTable(layers: ProfileLayer[], perImage: string): string {
  const head = ['layer', 'op', `ms ${perImage}`, 'ms/run', 'MACs', 'weights', 'DDR', 'SRAM', 'util', 'bound'];
  let rows = '';
  for (const l of layers) {
    rows += `<tr${l.spill ? ' class="s"' : ''}><td>${esc(l.name)}<td>${esc(l.opType)}<td>${ms(l.msPerImage)}<td>${ms(l.latencyMs)}<td>${l.macCount ? compact(l.macCount) : ''}<td>${l.weightBytes ? esc(formatBytes(l.weightBytes)) : ''}<td>${layerDdrBytes(l) ? esc(formatBytes(layerDdrBytes(l))) : ''}<td>${l.sramUsageBytes ? esc(formatBytes(l.sramUsageBytes)) : ''}<td>${l.macCount || l.kind === 'vector' ? Math.round(l.utilization * 100) + '%' : ''}<td>${l.bound === 'none' ? esc(l.kind) : l.bound}`;
    if (l.spill) rows += `<tr class="s"><td class="r" colspan="10">spill: ${esc(l.spillReason)}${adviceText(l) ? ` — ${esc(adviceText(l))}` : ''}`;
  }
  return `<table class="layers"><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows}</tbody></table>`;
}

/** Milliseconds with 3 significant digits, '' for zero (most of a pipeline's layers are free shape arithmetic). */
function ms(v: number): string {
  return v > 0 ? String(Number(v.toPrecision(3))) : '';
}

/** The profile report: hardware, stages, image, roofline, SRAM sweep (when given), breakdown, spills, ablation, layers. */
export function renderHtmlReport(p: Profile, opts: ReportOptions = {}): string {
  const per = perImageLabel(p);
  let b = `<h1>NPU profile: ${esc(p.target.path)}</h1>`;
  b += `<p><span class="big">${esc(headline(p))}</span> on <b>${esc(p.hardware.name)}</b> <span class="muted">(${esc(p.hardware.description)})</span></p>`;
  if (opts.generatedAt) b += `<p class="muted">Generated ${esc(opts.generatedAt)} by ONNX NPU Profiler.</p>`;
  const uncosted = p.stages.reduce((s, st) => s + st.uncostedLayers.length, 0);
  if (uncosted) b += `<p class="warn">${uncosted} layer${uncosted === 1 ? '' : 's'} could not be costed: the figures leave them out (see below).</p>`;
  b += hardwareSection(p);
  b += `<h2>Stages</h2>${table(STAGE_HEAD, stageRows(p))}`;
  if (p.image) b += `<p>One image: <b>${esc(formatMs(p.image.latencyMs))}</b> = Σ stage latency × runs per image (${esc(p.image.secondsPerImage.toPrecision(3))} s).</p>`;
  b += '<h2>Time breakdown</h2>' + figure(stackedBreakdown(breakdownData(p), { title: `Time ${per} by stage and by what bounds each layer` }),
    'Each layer counts as compute-bound (MAC array or vector unit), DDR-bound (waiting on DDR) or overhead (fixed per-layer cost).');
  const roof = rooflineData(p.layers, p.hardware.config);
  b += '<h2>Roofline</h2>' + figure(rooflineChart(roof),
    `${roof.points.length} MAC layers${p.stages.length > 1 ? ' of all stages' : ''}. Intensity = MACs / DDR bytes moved during the layer (read + write, less weights prefetched during earlier layers); layers with no DDR traffic (all operands on chip) stand in the "no DDR" column. Triangles spill.`);
  if (opts.sweep) {
    const d = sweepChartData(opts.sweep, runsByStage(p), p.hardware.config.sramBytes);
    b += '<h2>SRAM sweep</h2>' + figure(sweepChart(d), `DDR traffic ${d.ddrUnit}. Knee: ${opts.sweep.knee.rule}.`);
    b += sweepTable(opts.sweep, d);
  }
  const spills = p.layers.filter((l) => l.spill).sort((a, c) => c.msPerImage - a.msPerImage);
  b += `<h2>Spills (${spills.length})</h2>`;
  b += spills.length
    ? table(['stage', 'layer', `ms ${per}`, 'reason', 'advice'], spills.slice(0, 100).map((l) => [l.stage, l.name, formatMs(l.msPerImage), l.spillReason, adviceText(l)]), (i) => i === 2) +
      (spills.length > 100 ? `<p class="muted">… and ${spills.length - 100} more in the per-layer table.</p>` : '')
    : '<p>No layer spills.</p>';
  if (opts.ablation?.length) b += `<h2>Ablation</h2><p class="muted">Each mechanism of the cost model switched off in turn.</p>${table(ABLATION_HEAD, ablationRows(opts.ablation), (i) => i > 1)}`;
  if (uncosted) {
    b += `<h2>Not costed (${uncosted})</h2>` + table(['stage', 'layer', 'op', 'reason'], p.stages.flatMap((s) => s.uncostedLayers.map((u) => [s.name, u.name, u.opType, u.reason])), () => false);
  }
  const warnings = [...(p.readerWarnings ?? []), ...p.stages.flatMap((s) => s.warnings.map((w) => `${s.name}: ${w}`))];
  if (warnings.length) b += `<h2>Warnings (${warnings.length})</h2><ul>${warnings.slice(0, 200).map((w) => `<li>${esc(w)}</li>`).join('')}</ul>`;
  b += `<h2>Layers (${p.layers.length})</h2><p class="muted">In execution order; times in ms, sizes as in the rest of the report; spilling layers in colour with their reason.</p>`;
  for (const s of p.stages) {
    const layers = p.layers.filter((l) => l.stage === s.name);
    b += `<details${p.stages.length === 1 ? ' open' : ''}><summary>${esc(s.name)}: ${layers.length} layers, ${esc(formatMs(s.latencyMs * s.runsPerImage))} ${per}</summary>${layerTable(layers, per)}</details>`;
  }
  return page(`NPU profile: ${p.target.path}`, b);
}

function sweepTable(s: SweepResult, d: ReturnType<typeof sweepChartData>): string {
  return table(['SRAM', `latency ${d.unit}`, `DDR ${d.ddrUnit}`, 'spills'],
    d.points.map((q) => [formatBytes(q.sramBytes) + (q.sramBytes === s.knee.sramBytes ? ' (knee)' : ''), formatMs(q.latencyMs), formatBytes(q.ddrBytes), String(q.spillCount)]));
}

/** The sweep alone (CLI `sweep --format html`): the chart and its table. */
export function renderSweepHtml(s: SweepResult, runsPerImage: Record<string, number> = {}): string {
  const d = sweepChartData(s, runsPerImage);
  let b = `<h1>SRAM sweep: ${esc(s.target.path)}</h1><p>On <b>${esc(s.hardware.name)}</b> <span class="muted">(${esc(s.hardware.description)})</span>, SRAM varied over ${s.points.length} sizes.</p>`;
  b += `<p>Knee: <b>${s.knee.sramBytes !== null ? esc(formatBytes(s.knee.sramBytes)) : 'none'}</b> <span class="muted">(${esc(s.knee.rule)})</span></p>`;
  b += figure(sweepChart(d), `DDR traffic ${d.ddrUnit}.`) + sweepTable(s, d);
  return page(`SRAM sweep: ${s.target.path}`, b);
}

/** The comparison (CLI `compare --format html`): both hardware, the per-stage chart, stages and top layers with ratios. */
export function renderCompareHtml(c: CompareResult): string {
  const [a, h2] = c.hardware;
  const per = c.target.kind === 'pipeline' ? 'per image' : 'per run';
  const r = (x: number | null) => (x === null ? '—' : `×${x.toPrecision(3)}`);
  let b = `<h1>${esc(a.name)} vs ${esc(h2.name)}: ${esc(c.target.path)}</h1>`;
  b += `<dl><dt>a</dt><dd><b>${esc(a.name)}</b> ${esc(a.description)}</dd><dt>b</dt><dd><b>${esc(h2.name)}</b> ${esc(h2.description)}</dd></dl>`;
  b += `<p>Latency ${per}: <b>${esc(formatMs(c.image.latencyMs[0]))}</b> on a, <b>${esc(formatMs(c.image.latencyMs[1]))}</b> on b (b / a ${esc(r(c.image.ratio))}).</p>`;
  b += figure(compareChart(compareChartData(c), { title: `Time ${per} per stage` }), 'b / a > 1: b is slower.');
  b += '<h2>Stages</h2>' + table(['stage', 'runs/image', 'ms a', 'ms b', 'DDR a', 'DDR b', 'spills a', 'spills b', 'b / a'],
    c.stages.map((s) => [s.name, String(s.runsPerImage), formatMs(s.latencyMs[0]), formatMs(s.latencyMs[1]), formatBytes(s.ddrBytes[0]), formatBytes(s.ddrBytes[1]), String(s.spillCount[0]), String(s.spillCount[1]), r(s.ratio)]));
  b += `<h2>Top ${c.layers.length} layers</h2>` + table(['stage', 'layer', 'op', `ms ${per} a`, `ms ${per} b`, 'spill a / b', 'b / a'],
    c.layers.map((l) => [l.stage, l.name, l.opType, formatMs(l.msPerImage[0]), formatMs(l.msPerImage[1]), `${l.spill[0] ? 'yes' : 'no'} / ${l.spill[1] ? 'yes' : 'no'}`, r(l.ratio)]), (i) => i > 2 && i !== 5);
  return page(`${a.name} vs ${h2.name}: ${c.target.path}`, b);
}


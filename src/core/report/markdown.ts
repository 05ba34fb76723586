// Markdown renderers: the profile (hardware, stages, image, top layers, spills with advice, ablation), the sweep and
// the comparison. Model strings are escaped for Markdown tables and made inert as HTML.
import { formatBytes } from '../cost/units';
import { formatCount, formatMs, formatPercent } from '../view/format';
import type { CompareResult, Profile, SweepResult } from '../profile/types';
import { adviceText, layerDdrBytes, sweepChartData, type AblationEntry } from './data';

export interface ReportOptions {
  /** The SRAM sweep to show (the HTML report draws it; Markdown and CSV list it). */
  sweep?: SweepResult;
  /** Helper A's ablation study, when it was run. */
  ablation?: AblationEntry[];
  /** Number of layers in the "top layers" tables. Default 20. */
  top?: number;
  /** Shown in the header, e.g. an ISO date; absent = none (reports stay byte-identical for the same input). */
  generatedAt?: string;
}

/** Text from a model inside a Markdown table cell: no pipes, no HTML, no emphasis or code spans. */
export function mdText(s: string): string {
  return s.replace(/[\\`*_[\]|<>&#]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : `\\${c}`)).replace(/\r?\n/g, ' ');
}

function table(head: string[], rows: string[][], right: boolean[] = []): string {
  const sep = head.map((_, i) => (right[i] ? '---:' : '---'));
  return [head, sep, ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n') + '\n';
}

export function perImageLabel(p: Pick<Profile, 'target'>): string {
  return p.target.kind === 'pipeline' ? 'per image' : 'per run';
}

/** Stages rows shared by Markdown and HTML: name, runs, ms per run, ms per image, share, MACs, weights, DDR, spills, uncosted. */
export function stageRows(p: Profile): string[][] {
  const total = p.image?.latencyMs ?? p.stages.reduce((s, st) => s + st.latencyMs * st.runsPerImage, 0);
  return p.stages.map((s) => [
    s.name, String(s.runsPerImage), formatMs(s.latencyMs), formatMs(s.latencyMs * s.runsPerImage),
    total > 0 ? formatPercent((s.latencyMs * s.runsPerImage) / total) : '—',
    `${formatCount(s.totals.macCount)}MAC`.replace(/(\d)MAC/, '$1 MAC'), formatBytes(s.totals.weightBytes),
    formatBytes(s.totals.ddrReadBytes + s.totals.ddrWriteBytes), String(s.totals.spillCount),
    s.uncostedLayers.length ? `${s.uncostedLayers.length} of ${s.layerCount}` : '0',
  ]);
}
export const STAGE_HEAD = ['stage', 'runs/image', 'ms/run', 'ms/image', 'share', 'MACs', 'weights', 'DDR/run', 'spills', 'not costed'];

export function headline(p: Profile): string {
  if (p.image) return `${p.image.secondsPerImage.toPrecision(3)} s per image`;
  const s = p.stages[0];
  return s ? `${formatMs(s.latencyMs)} per run${s.throughputPerS !== null ? ` (${s.throughputPerS.toPrecision(3)}/s)` : ''}` : 'no stages';
}

export function ablationRows(ab: AblationEntry[]): string[][] {
  const value = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v) ?? String(v));
  return ab.flatMap((a) => a.stages.map((s) => [a.on !== undefined || a.off !== undefined ? `${a.mechanism} (${value(a.on)} → ${value(a.off)})` : a.mechanism, s.name, formatMs(s.latencyMsOn), formatMs(s.latencyMsOff),
    s.latencyMsOn > 0 ? `×${(s.latencyMsOff / s.latencyMsOn).toPrecision(3)}` : '—', formatBytes(s.ddrBytesOn), formatBytes(s.ddrBytesOff)]));
}
export const ABLATION_HEAD = ['mechanism', 'stage', 'ms on', 'ms off', 'off / on', 'DDR on', 'DDR off'];

export function renderMarkdown(p: Profile, opts: ReportOptions = {}): string {
  const top = opts.top ?? 20;
  const out: string[] = [];
  out.push(`# NPU profile: ${mdText(p.target.path)}`, '');
  if (opts.generatedAt) out.push(`Generated ${mdText(opts.generatedAt)}.`, '');
  out.push(`**${headline(p)}** on **${mdText(p.hardware.name)}** (${mdText(p.hardware.description)}).`, '');
  out.push('## Stages', '', table(STAGE_HEAD, stageRows(p).map((r) => [mdText(r[0]), ...r.slice(1)]), STAGE_HEAD.map((_, i) => i > 0)));
  const ranked = [...p.layers].sort((a, b) => b.msPerImage - a.msPerImage).slice(0, top);
  out.push(`## Top ${ranked.length} layers by time ${perImageLabel(p)}`, '');
  out.push(table(['stage', 'layer', 'op', `ms ${perImageLabel(p)}`, 'ms/run', 'util', 'bound', 'DDR', 'spill'],
    ranked.map((l) => [mdText(l.stage), mdText(l.name), mdText(l.opType), formatMs(l.msPerImage), formatMs(l.latencyMs), formatPercent(l.utilization), l.bound, formatBytes(layerDdrBytes(l)), l.spill ? 'yes' : '']),
    [false, false, false, true, true, true, false, true, false]));
  const spills = p.layers.filter((l) => l.spill).sort((a, b) => b.msPerImage - a.msPerImage);
  out.push(`## Spills (${spills.length})`, '');
  if (spills.length) {
    out.push(table(['stage', 'layer', 'reason', 'advice'], spills.slice(0, 50).map((l) => [mdText(l.stage), mdText(l.name), mdText(l.spillReason), mdText(adviceText(l))])));
    if (spills.length > 50) out.push(`… and ${spills.length - 50} more (see the CSV).`, '');
  } else out.push('No layer spills.', '');
  if (opts.sweep) out.push(...sweepSection(opts.sweep, p));
  if (opts.ablation?.length) out.push('## Ablation', '', table(ABLATION_HEAD, ablationRows(opts.ablation).map((r) => [mdText(r[0]), mdText(r[1]), ...r.slice(2)]), ABLATION_HEAD.map((_, i) => i > 1)));
  const uncosted = p.stages.flatMap((s) => s.uncostedLayers.map((u) => ({ ...u, stage: s.name })));
  if (uncosted.length) out.push(`## Not costed (${uncosted.length})`, '', table(['stage', 'layer', 'op', 'reason'], uncosted.slice(0, 50).map((u) => [mdText(u.stage), mdText(u.name), mdText(u.opType), mdText(u.reason)])));
  const warnings = [...(p.readerWarnings ?? []), ...p.stages.flatMap((s) => s.warnings.map((w) => `${s.name}: ${w}`))];
  if (warnings.length) out.push('## Warnings', '', ...warnings.slice(0, 50).map((w) => `- ${mdText(w)}`), '');
  return out.join('\n');
}

function sweepSection(s: SweepResult, p?: Profile): string[] {
  const d = sweepChartData(s, p ? Object.fromEntries(p.stages.map((st) => [st.name, st.runsPerImage])) : {});
  const knee = s.knee.sramBytes !== null ? `Knee: **${formatBytes(s.knee.sramBytes)}** (${mdText(s.knee.rule)}).` : 'No knee (fewer than two points).';
  return ['## SRAM sweep', '', knee, '',
    table(['SRAM', `latency ${d.unit}`, `DDR (${d.ddrUnit})`, 'spills'], d.points.map((q) => [formatBytes(q.sramBytes) + (q.sramBytes === s.knee.sramBytes ? ' (knee)' : ''), formatMs(q.latencyMs), formatBytes(q.ddrBytes), String(q.spillCount)]), [false, true, true, true])];
}

export function renderSweepMarkdown(s: SweepResult): string {
  return [`# SRAM sweep: ${mdText(s.target.path)}`, '', `On **${mdText(s.hardware.name)}** (${mdText(s.hardware.description)}), SRAM varied.`, '', ...sweepSection(s).slice(2)].join('\n');
}

export function renderCompareMarkdown(c: CompareResult): string {
  const [a, b] = c.hardware;
  const r = (x: number | null) => (x === null ? '—' : `×${x.toPrecision(3)}`);
  const unit = c.target.kind === 'pipeline' ? 'per image' : 'per run';
  return [
    `# ${mdText(a.name)} vs ${mdText(b.name)}: ${mdText(c.target.path)}`, '',
    `- a: **${mdText(a.name)}** (${mdText(a.description)})`, `- b: **${mdText(b.name)}** (${mdText(b.description)})`, '',
    `Latency ${unit}: ${formatMs(c.image.latencyMs[0])} on a, ${formatMs(c.image.latencyMs[1])} on b (b / a ${r(c.image.ratio)}).`, '',
    '## Stages', '',
    table(['stage', 'runs/image', 'ms a', 'ms b', 'DDR a', 'DDR b', 'spills a', 'spills b', 'b / a'],
      c.stages.map((s) => [mdText(s.name), String(s.runsPerImage), formatMs(s.latencyMs[0]), formatMs(s.latencyMs[1]), formatBytes(s.ddrBytes[0]), formatBytes(s.ddrBytes[1]), String(s.spillCount[0]), String(s.spillCount[1]), r(s.ratio)]),
      [false, true, true, true, true, true, true, true, true]),
    `## Top ${c.layers.length} layers`, '',
    table(['stage', 'layer', 'op', `ms ${unit} a`, `ms ${unit} b`, 'spill a/b', 'b / a'],
      c.layers.map((l) => [mdText(l.stage), mdText(l.name), mdText(l.opType), formatMs(l.msPerImage[0]), formatMs(l.msPerImage[1]), `${l.spill[0] ? 'yes' : 'no'}/${l.spill[1] ? 'yes' : 'no'}`, r(l.ratio)]),
      [false, false, false, true, true, false, true]),
  ].join('\n');
}

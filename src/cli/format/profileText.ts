// The profile as a terminal table: what is missing first (unbound dims with the flags that bind them, reader
// warnings, uncosted layers), then one row per stage, seconds per image, and the top layers by time per image.
import { formatBytes } from '../../core/cost/units';
import { topLayers, type Profile } from '../../core/profile';
import { adviceText } from '../../core/report/data';
import { fixed, ms, renderTable } from './table';

export interface AttentionNote {
  stage: string;
  mode: string;
  latencyMs: number;
  otherMode: string;
  otherLatencyMs: number;
}

function unboundLines(p: Profile): string[] {
  const u = p.unboundDims ?? [];
  if (u.length === 0) return [];
  const out = [`${u.length} unbound input dim${u.length === 1 ? '' : 's'} (layers that use them are not costed):`];
  for (const d of u) out.push(`  ${p.stages.length > 1 ? d.stage + ': ' : ''}${d.dim} in ${d.inputs.join('; ')} (${d.why})`);
  const flags = [...new Set(u.map((d) => d.flag))];
  out.push(`bind with: ${flags.join(' ')}`, '');
  return out;
}

function uncostedLines(p: Profile): string[] {
  const out: string[] = [];
  for (const s of p.stages) {
    const n = s.uncostedLayers.length;
    if (n === 0) continue;
    out.push(`${p.stages.length > 1 ? s.name + ': ' : ''}${n} of ${s.layerCount} layers not costed (totals leave them out; throughput not shown)`);
    for (const l of s.uncostedLayers.slice(0, 5)) out.push(`  ${l.name} (${l.opType}): ${l.reason}`);
    if (n > 5) out.push(`  … ${n - 5} more (see --format json: stages[].uncostedLayers)`);
  }
  return out.length ? [...out, ''] : [];
}

function stageRows(p: Profile): string[] {
  const pipeline = p.image !== undefined;
  const cols = [
    { title: 'stage', max: 40 },
    ...(pipeline ? [{ title: 'runs/img', align: 'right' as const }] : []),
    { title: 'ms/run', align: 'right' as const },
    { title: 'runs/s', align: 'right' as const },
    { title: 'GMAC', align: 'right' as const },
    { title: 'weights', align: 'right' as const },
    { title: 'DDR rd+wr', align: 'right' as const },
    { title: 'spills', align: 'right' as const },
    ...(pipeline ? [{ title: 's/img', align: 'right' as const }] : []),
  ];
  const rows = p.stages.map((s) => {
    const t = s.totals;
    return [
      s.name,
      ...(pipeline ? [String(s.runsPerImage)] : []),
      ms(s.latencyMs),
      s.throughputPerS === null ? 'n/a' : fixed(s.throughputPerS, 2),
      fixed(t.macCount / 1e9, 1),
      formatBytes(t.weightBytes),
      formatBytes(t.ddrReadBytes + t.ddrWriteBytes),
      String(t.spillCount),
      ...(pipeline ? [fixed((s.latencyMs * s.runsPerImage) / 1000, 2)] : []),
    ];
  });
  return renderTable(cols, rows);
}

function topLayerRows(p: Profile, top: number): string[] {
  const pipeline = p.image !== undefined;
  const layers = topLayers(p, top);
  const out = [`top ${layers.length} layers by ${pipeline ? 'time per image (ms/run × runs/img)' : 'latency'}:`];
  const cols = [
    { title: 'stage', max: 24 },
    ...(pipeline ? [{ title: 'ms/img', align: 'right' as const }] : []),
    { title: 'ms/run', align: 'right' as const },
    { title: 'bound' },
    { title: 'util', align: 'right' as const },
    { title: 'op', max: 24 },
    { title: 'name / spill' },
  ];
  const rows: string[][] = [];
  for (const l of layers) {
    rows.push([l.stage, ...(pipeline ? [ms(l.msPerImage)] : []), ms(l.latencyMs), l.bound, `${(l.utilization * 100).toFixed(0)}%`, l.opType, l.name]);
    if (l.spill) rows.push(['', ...(pipeline ? [''] : []), '', '', '', '', `spill: ${l.spillReason}`]);
    const advice = adviceText(l);
    if (advice) rows.push(['', ...(pipeline ? [''] : []), '', '', '', '', `  ${l.spillKind ? `${l.spillKind}: ` : ''}${advice}`]);
  }
  return [...out, ...renderTable(cols, rows)];
}

export function profileTable(p: Profile, top: number, attention: AttentionNote[] = []): string {
  const lines: string[] = [`${p.target.kind}: ${p.target.path}`, `hardware: ${p.hardware.name} (${p.hardware.description})`, ''];
  for (const s of p.stages) if (s.bindingNote) lines.push(`${s.name}: ${s.bindingNote}`);
  if (p.stages.some((s) => s.bindingNote)) lines.push('');
  lines.push(...unboundLines(p));
  if (p.readerWarnings?.length) lines.push(`reader warnings (${p.readerWarnings.length}):`, ...p.readerWarnings.map((w) => `  ${w}`), '');
  lines.push(...uncostedLines(p));
  lines.push(...stageRows(p), '');
  if (p.image) lines.push(`seconds per image: ${p.image.secondsPerImage.toFixed(2)}`, '');
  for (const a of attention) lines.push(`attention in ${a.stage}: ${a.mode} ${ms(a.latencyMs)} ms/run; ${a.otherMode} would be ${ms(a.otherLatencyMs)} ms/run`);
  if (attention.length) lines.push('');
  lines.push(...topLayerRows(p, top));
  const warnings = p.stages.flatMap((s) => s.warnings.map((w) => (p.stages.length > 1 ? `${s.name}: ${w}` : w)));
  if (warnings.length) {
    lines.push('', `${warnings.length} cost warning(s):`, ...warnings.slice(0, 10).map((w) => '  ' + w));
    if (warnings.length > 10) lines.push(`  … ${warnings.length - 10} more (see --format json: stages[].warnings)`);
  }
  return lines.join('\n') + '\n';
}

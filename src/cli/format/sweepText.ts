// An SRAM sweep as a terminal table: one row per size, the knee marked.
import { formatBytes } from '../../core/cost/units';
import type { SweepResult } from '../../core/profile';
import { ms, renderTable } from './table';

export function sweepTable(s: SweepResult): string {
  const names = s.points[0]?.stages.map((st) => st.name) ?? [];
  const many = names.length > 1;
  const cols = [
    { title: 'SRAM', align: 'right' as const },
    { title: many ? 'ms/img' : 'ms/run', align: 'right' as const },
    ...(many ? names.map((n) => ({ title: `${n} ms`, align: 'right' as const })) : []),
    { title: 'DDR rd+wr', align: 'right' as const },
    { title: 'spills', align: 'right' as const },
    { title: '' },
  ];
  const rows = s.points.map((p) => [
    formatBytes(p.sramBytes),
    ms(p.image.latencyMs),
    ...(many ? p.stages.map((st) => ms(st.latencyMs)) : []),
    formatBytes(p.stages.reduce((n, st) => n + st.ddrBytes, 0)),
    String(p.stages.reduce((n, st) => n + st.spillCount, 0)),
    p.sramBytes === s.knee.sramBytes ? '<- knee' : '',
  ]);
  const lines = [`${s.target.kind}: ${s.target.path}`, `hardware: ${s.hardware.name} (${s.hardware.description}), SRAM swept`, ''];
  lines.push(...renderTable(cols, rows), '');
  lines.push(s.knee.sramBytes === null ? 'knee: none (fewer than two points)' : `knee: ${formatBytes(s.knee.sramBytes)}`);
  lines.push(`  rule: ${s.knee.rule}`);
  if (many) lines.push('  DDR rd+wr and spills: per run of each stage, summed over stages');
  return lines.join('\n') + '\n';
}

// Two hardware configurations side by side: per stage, per image, the top layers; ratio = b / a of latency.
import { formatBytes } from '../../core/cost/units';
import type { CompareResult } from '../../core/profile';
import { fixed, ms, renderTable } from './table';

const x = (r: number | null) => (r === null ? '-' : `${fixed(r, 2)}x`);

export function compareTable(c: CompareResult): string {
  const [a, b] = c.hardware;
  const lines = [`${c.target.kind}: ${c.target.path}`, `a: ${a.name} (${a.description})`, `b: ${b.name} (${b.description})`, ''];
  const pipeline = c.target.kind === 'pipeline';
  const r = (t: string) => ({ title: t, align: 'right' as const });
  lines.push(
    ...renderTable(
      [{ title: 'stage', max: 40 }, ...(pipeline ? [r('runs/img')] : []), r('a ms/run'), r('b ms/run'), r('b/a'), r('a DDR'), r('b DDR'), r('a spills'), r('b spills')],
      c.stages.map((s) => [
        s.name,
        ...(pipeline ? [String(s.runsPerImage)] : []),
        ms(s.latencyMs[0]),
        ms(s.latencyMs[1]),
        x(s.ratio),
        formatBytes(s.ddrBytes[0]),
        formatBytes(s.ddrBytes[1]),
        String(s.spillCount[0]),
        String(s.spillCount[1]),
      ]),
    ),
    '',
  );
  if (pipeline) lines.push(`seconds per image: a ${fixed(c.image.latencyMs[0] / 1000, 2)}, b ${fixed(c.image.latencyMs[1] / 1000, 2)} (b/a ${x(c.image.ratio)})`, '');
  lines.push(`top ${c.layers.length} layers by time per image on either:`);
  lines.push(
    ...renderTable(
      [{ title: 'stage', max: 24 }, r('a ms/img'), r('b ms/img'), r('b/a'), { title: 'spill a/b' }, { title: 'op', max: 24 }, { title: 'name' }],
      c.layers.map((l) => [l.stage, ms(l.msPerImage[0]), ms(l.msPerImage[1]), x(l.ratio), `${l.spill[0] ? 'y' : 'n'}/${l.spill[1] ? 'y' : 'n'}`, l.opType, l.name]),
    ),
  );
  return lines.join('\n') + '\n';
}

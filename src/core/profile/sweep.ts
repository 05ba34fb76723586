// SRAM sweep: the same prepared graphs costed at many SRAM sizes (lowering, shapes and tile candidates are shared,
// see cost/sweep.ts), and the knee of the latency curve.
import type { HardwareConfig } from '../cost/hardware';
import { costPrepared } from '../cost/engine';
import { parseBytes } from '../cost/units';
import { ProfileInputError } from './errors';
import type { LoadedTarget } from './load';
import { profileHardware } from './hardware';
import { imageLatencyMs } from './profile';
import type { SweepKnee, SweepPoint, SweepResult } from './types';

/** Relative latency gain below which more SRAM is "not worth it" (the knee rule's threshold). */
export const KNEE_GAIN = 0.05;
export const KNEE_RULE =
  'the smallest SRAM size past which latency per image improves by less than 5% up to the end of the range ' +
  '((L(s) - min L(s\' >= s)) / L(s) < 0.05)';

/** "0.5MB..64MB" -> [5e5, 64e6]. Throws ProfileInputError naming `what` for bad text or an empty range. */
export function parseSramRange(text: string, what = '--sram'): [number, number] {
  const parts = text.split('..');
  if (parts.length !== 2) throw new ProfileInputError(what, `expected a range A..B, e.g. 0.5MB..64MB, got '${text}'`);
  let lo: number;
  let hi: number;
  try {
    lo = parseBytes(parts[0]);
    hi = parseBytes(parts[1]);
  } catch (e) {
    throw new ProfileInputError(what, (e as Error).message);
  }
  if (!(lo > 0) || !(hi > lo)) throw new ProfileInputError(what, `range must go from a positive size to a larger one, got '${text}'`);
  return [lo, hi];
}

/** The sweep range the reports and the palette use by default: 0.5 MB to 64 MB, 16 log-spaced points. */
export const DEFAULT_SWEEP = { lo: 0.5e6, hi: 64e6, points: 16 };

/** `points` sizes log-spaced from lo to hi inclusive, rounded to whole bytes. */
export function logSizes(lo: number, hi: number, points: number): number[] {
  if (!Number.isInteger(points) || points < 2) throw new ProfileInputError('--points', `must be an integer >= 2, got ${points}`);
  const ratio = Math.log(hi / lo);
  return Array.from({ length: points }, (_, i) => Math.round(lo * Math.exp((ratio * i) / (points - 1))));
}

/** The knee by KNEE_RULE: scanning from the largest size down keeps the running minimum of what comes after. */
export function findKnee(points: Array<{ sramBytes: number; latencyMs: number }>): SweepKnee {
  const sorted = [...points].sort((a, b) => a.sramBytes - b.sramBytes);
  if (sorted.length < 2) return { sramBytes: null, rule: KNEE_RULE };
  let knee = sorted[sorted.length - 1].sramBytes;
  let minAfter = Infinity;
  for (let i = sorted.length - 1; i >= 0; i--) {
    const p = sorted[i];
    minAfter = Math.min(minAfter, p.latencyMs);
    const gain = p.latencyMs > 0 ? (p.latencyMs - minAfter) / p.latencyMs : 0;
    if (gain < KNEE_GAIN) knee = p.sramBytes;
    else break;
  }
  return { sramBytes: knee, rule: KNEE_RULE };
}

/** Latency, DDR traffic and spills of every stage at each SRAM size; everything else as in `hw`. */
export function sweepSram(loaded: LoadedTarget, hw: HardwareConfig, sizes: number[], onPoint?: (done: number, total: number) => void): SweepResult {
  const points: SweepPoint[] = sizes.map((sramBytes, i) => {
    const at = { ...hw, sramBytes };
    const stages = loaded.stages.map((s) => {
      const t = costPrepared(s.prepared, at, { name: s.name }).totals;
      return { name: s.name, runsPerImage: s.runsPerImage, latencyMs: t.latencyMs, ddrBytes: t.ddrReadBytes + t.ddrWriteBytes, spillCount: t.spillCount };
    });
    onPoint?.(i + 1, sizes.length);
    const latencyMs = imageLatencyMs(stages);
    return { sramBytes, stages, image: { latencyMs } };
  });
  const knee = findKnee(points.map((p) => ({ sramBytes: p.sramBytes, latencyMs: p.image.latencyMs })));
  return { target: loaded.target, hardware: profileHardware(hw), points, knee };
}

// From profiling results (src/core/profile/types.ts) to chart data and the short texts reports share.
import type { HardwareConfig } from '../cost/hardware';
import { peakMacsPerS } from '../cost/hardware';
import type { AblationRow } from '../cost/ablation';
import type { LayerCost } from '../cost/types';
import { formatBytes } from '../cost/units';
import { formatMs } from '../view/format';
import type { CompareResult, Profile, SweepResult } from '../profile/types';
import type { BreakdownData, CompareChartData, RooflineData, SweepChartData } from './charts';

/** The ablation study (src/core/cost/ablation.ts ablate()): each mechanism switched off in turn, per stage. */
export type AblationEntry = Pick<AblationRow, 'mechanism' | 'stages'> & Partial<Pick<AblationRow, 'on' | 'off'>>;

/** "fits at 12.7 MB; saves 10.5 MB of DDR traffic, 0.48 ms" from the spill-advisor fields; '' when absent. */
export function adviceText(l: Pick<LayerCost, 'spill' | 'sramToAvoidSpillBytes' | 'ddrBytesSavedIfResident' | 'msSavedIfResident'>): string {
  if (!l.spill || l.sramToAvoidSpillBytes === undefined) return '';
  const saves: string[] = [];
  if (l.ddrBytesSavedIfResident !== undefined) saves.push(`${formatBytes(l.ddrBytesSavedIfResident)} of DDR traffic`);
  if (l.msSavedIfResident !== undefined) saves.push(formatMs(l.msSavedIfResident));
  return `fits at ${formatBytes(l.sramToAvoidSpillBytes)}${saves.length ? `; saves ${saves.join(', ')}` : ''}`;
}

/** DDR read + write of one layer. Unit: bytes. */
export const layerDdrBytes = (l: LayerCost): number => l.ddrReadBytes.total + l.ddrWriteBytes;

/**
 * The sweep chart's series. Latency is per image (a model: per run). DDR traffic is per image when every stage's
 * runs per image are known (from `runsPerImage`, e.g. the profile's stages, or a runsPerImage field on the points);
 * otherwise it is per run summed over the stages, and the unit says so. Spills: spilling layers over all stages.
 */
export function sweepChartData(s: SweepResult, runsPerImage: Record<string, number> = {}, currentSramBytes = s.hardware.config.sramBytes): SweepChartData & { ddrUnit: string } {
  const runs = (st: { name: string; runsPerImage?: number }) => st.runsPerImage ?? runsPerImage[st.name];
  const pipeline = s.target.kind === 'pipeline';
  const known = pipeline && s.points.every((p) => p.stages.every((st) => runs(st) !== undefined));
  const single = s.points.every((p) => p.stages.length <= 1);
  return {
    points: s.points.map((p) => ({
      sramBytes: p.sramBytes,
      latencyMs: p.image.latencyMs,
      ddrBytes: p.stages.reduce((sum, st) => sum + st.ddrBytes * (known ? runs(st) : 1), 0),
      spillCount: p.stages.reduce((sum, st) => sum + st.spillCount, 0),
    })),
    currentSramBytes,
    kneeSramBytes: s.knee.sramBytes,
    unit: pipeline ? 'per image' : 'per run',
    ddrUnit: known ? 'per image' : single ? 'per run' : 'per run, summed over stages',
  };
}

/**
 * DDR bytes moved while the layer runs: its read + write less the weights prefetched during earlier layers (the
 * engine's cross-layer weight prefetch takes them out of this layer's DDR time, so they must leave its intensity too,
 * or a prefetching layer would sit above the DDR roof).
 */
export function ddrBytesDuringLayer(l: LayerCost): number {
  return Math.max(0, layerDdrBytes(l) - (l.prefetchedWeightBytes ?? 0));
}

/** Roofline points of MAC layers (optionally of one stage) under the roofs of `hw`. */
export function rooflineData(layers: Array<LayerCost & { stage?: string }>, hw: HardwareConfig, stage?: string): RooflineData {
  return {
    peakMacsPerS: peakMacsPerS(hw),
    ddrBytesPerS: hw.ddrBytesPerS * hw.ddrEfficiency,
    points: layers
      .filter((l) => l.kind === 'mac' && l.macCount > 0 && (stage === undefined || l.stage === stage))
      .map((l) => ({ nodeIndex: l.nodeIndex, stage: l.stage, name: l.name, opType: l.opType, macCount: l.macCount, ddrBytes: ddrBytesDuringLayer(l), latencyMs: l.latencyMs, spill: l.spill })),
  };
}

export const BOUND_KEYS = [
  { key: 'compute', label: 'compute-bound' },
  { key: 'memory', label: 'DDR-bound' },
  { key: 'overhead', label: 'overhead' },
];

/** One image's time per stage (ms per image) split by what bounds each layer. */
export function breakdownData(p: Profile): BreakdownData {
  const rows = p.stages.map((s) => {
    const values: Record<string, number> = {};
    return { label: s.name, values, note: s.runsPerImage > 1 ? `(${s.runsPerImage} runs)` : undefined };
  });
  const byName = new Map(rows.map((r) => [r.label, r]));
  for (const l of p.layers) {
    const r = byName.get(l.stage);
    if (!r || l.bound === 'none') continue;
    r.values[l.bound] = (r.values[l.bound] ?? 0) + l.msPerImage;
  }
  return { keys: BOUND_KEYS, rows, unit: 'ms' };
}

/** Time per image of each stage on the two hardware. */
export function compareChartData(c: CompareResult): CompareChartData {
  return {
    names: [c.hardware[0].name, c.hardware[1].name],
    unit: 'ms',
    rows: c.stages.map((s) => ({ label: s.name, values: [s.latencyMs[0] * s.runsPerImage, s.latencyMs[1] * s.runsPerImage] as [number, number] })),
  };
}

/** Runs per image by stage name, from a profile (for sweepChartData). */
export function runsByStage(p: Profile): Record<string, number> {
  return Object.fromEntries(p.stages.map((s) => [s.name, s.runsPerImage]));
}

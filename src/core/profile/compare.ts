// Two hardware configurations side by side on the same prepared graphs: per stage, per image, and the top layers.
import type { HardwareConfig } from '../cost/hardware';
import type { LoadedTarget } from './load';
import { profileHardware } from './hardware';
import { costStage, imageLatencyMs } from './profile';
import type { CompareLayer, CompareResult, CompareStage } from './types';

/** b / a, or null when a is 0 (no ratio is better than an infinite one). */
export function ratio(a: number, b: number): number | null {
  return a > 0 ? b / a : null;
}

export function compareHardware(loaded: LoadedTarget, a: HardwareConfig, b: HardwareConfig, top = 15): CompareResult {
  const ca = loaded.stages.map((s) => costStage(s, a));
  const cb = loaded.stages.map((s) => costStage(s, b));
  const stages: CompareStage[] = loaded.stages.map((s, i) => {
    const ta = ca[i].cost.totals;
    const tb = cb[i].cost.totals;
    return {
      name: s.name,
      runsPerImage: s.runsPerImage,
      latencyMs: [ta.latencyMs, tb.latencyMs],
      ddrBytes: [ta.ddrReadBytes + ta.ddrWriteBytes, tb.ddrReadBytes + tb.ddrWriteBytes],
      spillCount: [ta.spillCount, tb.spillCount],
      ratio: ratio(ta.latencyMs, tb.latencyMs),
    };
  });
  const ia = imageLatencyMs(ca.map((c) => c.stage));
  const ib = imageLatencyMs(cb.map((c) => c.stage));
  const layers: CompareLayer[] = [];
  loaded.stages.forEach((s, i) => {
    const lb = cb[i].cost.layers;
    ca[i].cost.layers.forEach((la, k) => {
      const other = lb[k];
      if (!other || (la.latencyMs === 0 && other.latencyMs === 0)) return;
      layers.push({
        stage: s.name,
        nodeIndex: la.nodeIndex,
        name: la.name,
        opType: la.opType,
        latencyMs: [la.latencyMs, other.latencyMs],
        msPerImage: [la.latencyMs * s.runsPerImage, other.latencyMs * s.runsPerImage],
        spill: [la.spill, other.spill],
        ratio: ratio(la.latencyMs, other.latencyMs),
      });
    });
  });
  layers.sort((x, y) => Math.max(y.msPerImage[0], y.msPerImage[1]) - Math.max(x.msPerImage[0], x.msPerImage[1]));
  return {
    target: loaded.target,
    hardware: [profileHardware(a), profileHardware(b)],
    stages,
    image: { latencyMs: [ia, ib], ratio: ratio(ia, ib) },
    layers: layers.slice(0, top),
  };
}

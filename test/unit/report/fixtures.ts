// Small hand-made profiles for the report tests, and the SD 1.5 pipeline profiled through the core entry point.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { PRESETS } from '../../../src/core/cost/hardware';
import type { LayerCost } from '../../../src/core/cost/types';
import { describeHardware } from '../../../src/core/cost/hardware';
import type { Profile, ProfileLayer, SweepResult } from '../../../src/core/profile/types';
import { hardwareFromPreset, loadTarget, logSizes, profile, sweepSram, type LoadedTarget } from '../../../src/core/profile';
import { nodeProfileFiles } from '../../../src/node/profileFiles';

export const EVIL = '<script>alert("x")</script>&, "quoted"\nnext line';

export function layer(i: number, over: Partial<LayerCost> = {}): LayerCost {
  return {
    nodeIndex: i, name: `/block.${i}/conv/Conv`, opType: 'Conv', kind: 'mac', macClass: 'conv', macCount: 1e9 * (i + 1),
    weightBytes: 1e5, sramUsageBytes: 393216, ddrReadBytes: { input: 1e6, weight: 1e5, total: 1.1e6 }, ddrWriteBytes: 5e5,
    computeCycles: 1000, dramAccessCycles: 800, overheadCycles: 0, opCycles: 1000, latencyMs: 0.5 + i, utilization: 0.8,
    bound: 'compute', spill: false, spillReason: '', utilizationKind: 'mac', ...over,
  };
}

const hw = PRESETS['expedera-8k'].config;

/** Two stages; a spilling layer with advisor fields, an evil layer name, a free layer, a layer with no DDR traffic. */
export function smallProfile(): Profile {
  const a: LayerCost[] = [
    layer(0),
    layer(1, { name: EVIL, spill: true, spillReason: 'output 12 MB > 7 MB SRAM: written to DDR', spillKind: 'capacity', sramToAvoidSpillBytes: 12.7e6, ddrBytesSavedIfResident: 10.5e6, msSavedIfResident: 0.48, bound: 'memory' }),
    layer(2, { kind: 'free', macCount: 0, latencyMs: 0, bound: 'none', opType: 'Reshape', name: 'shape, "with" comma' }),
    layer(3, { ddrReadBytes: { input: 0, weight: 0, total: 0 }, ddrWriteBytes: 0 }),
  ];
  const b: LayerCost[] = [layer(0, { name: '/dec/conv', latencyMs: 3 }), layer(1, { kind: 'vector', macCount: 0, opType: 'Softmax', utilizationKind: 'vector', utilization: 0.3 })];
  const stage = (name: string, runs: number, ls: LayerCost[]) => {
    const latencyMs = ls.reduce((s, l) => s + l.latencyMs, 0);
    return {
      name, runsPerImage: runs, latencyMs, throughputPerS: 1000 / latencyMs, uncostedLayers: [], layerCount: ls.length, warnings: [],
      totals: { latencyMs, macCount: ls.reduce((s, l) => s + l.macCount, 0), macByClass: { conv: 0, linear: 0, attention: 0, other: 0 }, weightBytes: 2e5, ddrReadBytes: 2e6, ddrWriteBytes: 1e6, spillCount: ls.filter((l) => l.spill).length, computeCycles: 0, opCycles: 0 },
    };
  };
  const stages = [stage('unet', 10, a), stage(`vae ${EVIL}`, 1, b)];
  const layers: ProfileLayer[] = [
    ...a.map((l) => ({ ...l, stage: 'unet', msPerImage: l.latencyMs * 10 })),
    ...b.map((l) => ({ ...l, stage: stages[1].name, msPerImage: l.latencyMs })),
  ];
  const latencyMs = stages.reduce((s, st) => s + st.latencyMs * st.runsPerImage, 0);
  return {
    target: { kind: 'pipeline', path: `/models/${EVIL}` },
    hardware: { name: hw.name, description: describeHardware(hw), config: hw },
    stages, layers, image: { latencyMs, secondsPerImage: latencyMs / 1000 },
  };
}

export function smallSweep(p: Profile): SweepResult {
  const sizes = [5e5, 1e6, 2e6, 4e6, 7e6, 12.7e6, 32e6, 64e6];
  return {
    target: p.target, hardware: p.hardware,
    points: sizes.map((s, i) => ({ sramBytes: s, stages: [{ name: 'unet', runsPerImage: 10, latencyMs: 100 / (i + 1) + 20, ddrBytes: 1e9 / (i + 1), spillCount: Math.max(0, 6 - i) }], image: { latencyMs: (100 / (i + 1) + 20) * 10 } })),
    knee: { sramBytes: 12.7e6, rule: 'test rule' },
  };
}

export const SD_DIR = resolve(__dirname, '..', '..', '..', 'samples', 'sd15');

let sd: Promise<{ loaded: LoadedTarget; profile: Profile; sweep: SweepResult }> | undefined;

/** The SD 1.5 pipeline on expedera-8k with a 16-point sweep; undefined when samples/sd15 is absent. */
export function sdProfile(): Promise<{ loaded: LoadedTarget; profile: Profile; sweep: SweepResult }> | undefined {
  if (!existsSync(resolve(SD_DIR, 'model_index.json'))) return undefined;
  sd ??= (async () => {
    const loaded = await loadTarget(nodeProfileFiles(), SD_DIR);
    const hw8k = hardwareFromPreset('expedera-8k');
    return { loaded, profile: profile(loaded, hw8k), sweep: sweepSram(loaded, hw8k, logSizes(5e5, 64e6, 16)) };
  })();
  return sd;
}

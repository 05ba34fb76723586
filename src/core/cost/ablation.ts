// Ablation: what each compiler/hardware mechanism is worth, per pipeline stage — latency and DDR bytes with the
// mechanism on and off, everything else as configured. Mechanism names are the hardware fields (and the pipeline
// option cfgBatch), so a front end can show "normFusion: VAE 312 -> 238 ms".
import { resolveHardware, type Dataflow, type HardwareConfig, type ResolvedHardware } from './hardware';
import { costPrepared } from './engine';
import { GUIDED_STAGES, type PipelineStageInput } from './pipeline';
import type { ModelCost } from './types';

export interface AblationStage {
  name: string;
  latencyMsOn: number;
  latencyMsOff: number;
  ddrBytesOn: number;
  ddrBytesOff: number;
}

export interface AblationRow {
  /** The hardware field (or pipeline option) switched. */
  mechanism: string;
  /** The value used for "on" and for "off". */
  on: unknown;
  off: unknown;
  stages: AblationStage[];
}

interface Switch {
  mechanism: keyof ResolvedHardware;
  on(hw: ResolvedHardware): Partial<ResolvedHardware> | undefined;
  off: Partial<ResolvedHardware>;
}

/** Vela's DRAM latencies (vela.ini) for the "on" state when the config has none. */
const VELA_DRAM_LATENCY = { read: 500, write: 250 };
/** LPDDR5 burst (hardware.ts) for the "on" state when the config models none. */
const DEFAULT_BURST = 64;
const WS_ONLY: Dataflow[] = ['weightStationary'];

const SWITCHES: Switch[] = [
  { mechanism: 'weightPrefetch', on: () => ({ weightPrefetch: true }), off: { weightPrefetch: false } },
  { mechanism: 'normFusion', on: () => ({ normFusion: true }), off: { normFusion: false } },
  { mechanism: 'resizeFolding', on: () => ({ resizeFolding: true }), off: { resizeFolding: false } },
  { mechanism: 'lineBuffers', on: () => ({ lineBuffers: true }), off: { lineBuffers: false } },
  { mechanism: 'ddrBurstBytes', on: (hw) => ({ ddrBurstBytes: hw.ddrBurstBytes || DEFAULT_BURST }), off: { ddrBurstBytes: 0 } },
  { mechanism: 'shortcutFusion', on: () => ({ shortcutFusion: true }), off: { shortcutFusion: false } },
  { mechanism: 'vectorCosts', on: () => ({ vectorCosts: 'vela' }), off: { vectorCosts: 'uniform' } },
  { mechanism: 'ddrReadLatencyCycles', on: (hw) => ({ ddrReadLatencyCycles: hw.ddrReadLatencyCycles || VELA_DRAM_LATENCY.read }), off: { ddrReadLatencyCycles: 0 } },
  { mechanism: 'ddrWriteLatencyCycles', on: (hw) => ({ ddrWriteLatencyCycles: hw.ddrWriteLatencyCycles || VELA_DRAM_LATENCY.write }), off: { ddrWriteLatencyCycles: 0 } },
  { mechanism: 'sramBytesPerS', on: (hw) => (hw.sramBytesPerS > 0 ? { sramBytesPerS: hw.sramBytesPerS } : undefined), off: { sramBytesPerS: 0 } },
  {
    mechanism: 'dataflows',
    on: (hw) => (hw.dataflows.length > 1 || hw.dataflows[0] !== 'weightStationary' ? { dataflows: hw.dataflows } : undefined),
    off: { dataflows: WS_ONLY },
  },
];

export interface AblationOptions {
  /** Include classifier-free guidance as batch 2 (compares one batch-2 run with two batch-1 runs of each guided stage). Default true. */
  cfgBatch?: boolean;
  /** Only these mechanisms (default: all). */
  only?: string[];
}

const ddr = (c: ModelCost) => c.totals.ddrReadBytes + c.totals.ddrWriteBytes;

/** Per mechanism, each stage's latency and DDR bytes with it on and off. */
export function ablate(stages: PipelineStageInput[], hwIn: HardwareConfig, opts: AblationOptions = {}): AblationRow[] {
  const hw = resolveHardware(hwIn);
  const memo = new Map<string, ModelCost>();
  const cost = (s: PipelineStageInput, h: ResolvedHardware, batch = 1): ModelCost => {
    const key = `${s.name}|${batch}|${JSON.stringify(h)}`;
    let c = memo.get(key);
    if (!c) memo.set(key, (c = costPrepared(s.prepared, h, { name: s.name, batch, advisor: false })));
    return c;
  };
  const wanted = (m: string) => !opts.only || opts.only.includes(m);
  const rows: AblationRow[] = [];
  for (const sw of SWITCHES) {
    if (!wanted(sw.mechanism)) continue;
    const onPart = sw.on(hw);
    if (!onPart) continue;
    const hwOn = { ...hw, ...onPart };
    const hwOff = { ...hw, ...sw.off };
    rows.push({
      mechanism: sw.mechanism, on: onPart[sw.mechanism], off: sw.off[sw.mechanism],
      stages: stages.map((s) => {
        const a = cost(s, hwOn);
        const b = cost(s, hwOff);
        return { name: s.name, latencyMsOn: a.totals.latencyMs, latencyMsOff: b.totals.latencyMs, ddrBytesOn: ddr(a), ddrBytesOff: ddr(b) };
      }),
    });
  }
  if ((opts.cfgBatch ?? true) && wanted('cfgBatch')) {
    // Per guidance pair: one batch-2 run (on) against two batch-1 runs (off).
    const guided = stages.filter((s) => GUIDED_STAGES.includes(s.name) && s.runsPerImage % 2 === 0 && s.runsPerImage > 0);
    if (guided.length) {
      rows.push({
        mechanism: 'cfgBatch', on: true, off: false,
        stages: guided.map((s) => {
          const a = cost(s, hw, 2);
          const b = cost(s, hw, 1);
          return { name: s.name, latencyMsOn: a.totals.latencyMs, latencyMsOff: 2 * b.totals.latencyMs, ddrBytesOn: ddr(a), ddrBytesOff: 2 * ddr(b) };
        }),
      });
    }
  }
  return rows;
}

/** Mechanism names ablate() can report (hardware fields and the pipeline option). */
export function ablationMechanisms(): string[] {
  return [...SWITCHES.map((s) => s.mechanism as string), 'cfgBatch'];
}

// Contract between the NPU cost engine and its consumers (CLI, editor overlay, reports).
// Field names follow Arm Vela's per-layer report where they mean the same thing
// (SRAM Usage -> sramUsageBytes, Op Cycles -> opCycles, DRAM AC -> dramAccessCycles, MAC Count -> macCount, Util% -> utilization).

export type LayerKind = 'mac' | 'vector' | 'fused' | 'free';
export type Bound = 'compute' | 'memory' | 'overhead' | 'none';

export interface TileInfo {
  /** Loop-nest tile sizes by dimension name, e.g. { n: 1, oh: 16, ow: 64, oc: 64, ic: 320 } or { m: 256, n: 64, k: 320 }. */
  dims: Record<string, number>;
  /** Number of tiles the layer runs as. */
  count: number;
  /** How many times each operand is fetched from DDR (1 = once). */
  refetch: { input: number; weight: number; output: number };
}

export interface LayerCost {
  /** Index of the ONNX node in the main graph (exactly one layer per node). */
  nodeIndex: number;
  name: string;
  opType: string;
  kind: LayerKind;
  /** For 'fused' layers: the index of the MAC layer this one was fused into. */
  fusedInto?: number;
  macCount: number;
  /** 'conv' | 'linear' | 'attention' | 'other' — the counting convention split (figures.md). */
  macClass: 'conv' | 'linear' | 'attention' | 'other' | 'none';
  weightBytes: number;
  tile?: TileInfo;
  sramUsageBytes: number;
  ddrReadBytes: { input: number; weight: number; total: number };
  ddrWriteBytes: number;
  computeCycles: number;
  dramAccessCycles: number;
  overheadCycles: number;
  opCycles: number;
  latencyMs: number;
  /** 0..1: achieved MACs / (peak MACs x cycles). */
  utilization: number;
  bound: Bound;
  spill: boolean;
  /** One line a person understands; '' when no spill. */
  spillReason: string;
  energyPj?: number;
}

export interface ModelCost {
  model: string;
  hardware: string;
  layers: LayerCost[];
  totals: {
    latencyMs: number;
    macCount: number;
    macByClass: Record<'conv' | 'linear' | 'attention' | 'other', number>;
    weightBytes: number;
    ddrReadBytes: number;
    ddrWriteBytes: number;
    spillCount: number;
    computeCycles: number;
    opCycles: number;
    energyMj?: number;
  };
  warnings: string[];
}

export interface StageCost {
  /** diffusers folder name: text_encoder | unet | vae_decoder */
  name: string;
  latencyMs: number;
  throughputPerS: number;
  runsPerImage: number;
  cost: ModelCost;
}

export interface PipelineCost {
  hardware: string;
  stages: StageCost[];
  secondsPerImage: number;
}

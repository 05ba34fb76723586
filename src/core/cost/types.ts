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
  /** Spill advisor (set on spilling layers): 'capacity' = the tensor alone exceeds the SRAM; 'pressure' = it would fit, other live tensors push it out. */
  spillKind?: 'capacity' | 'pressure';
  /** Smallest SRAM size (bytes) at which this layer's output stays resident, everything else equal. */
  sramToAvoidSpillBytes?: number;
  /** DDR bytes (read + write) this spill costs, saved if the output were resident. */
  ddrBytesSavedIfResident?: number;
  /** Milliseconds saved if the output were resident. */
  msSavedIfResident?: number;
  /** What `utilization` measures: the MAC array ('mac') or the vector unit ('vector'). */
  utilizationKind?: 'mac' | 'vector';
  energyPj?: number;
  /** Weight bytes of this layer loaded during earlier layers' compute (cross-layer weight prefetch); its DDR time excludes them. */
  prefetchedWeightBytes?: number;
  /** SRAM-port cycles when the SRAM bandwidth is finite (a third term of max(compute, DRAM, SRAM) like Vela's SRAM AC). */
  sramAccessCycles?: number;
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
    /** Layers that need costing (every non-free layer), and how many of them could not be costed ("N of M layers not costed"). */
    layerCount?: number;
    uncostedCount?: number;
  };
  warnings: string[];
  /** Layers the engine could not cost (unknown shapes, unsupported op): counted and named, never silently zero. */
  uncostedLayers?: UncostedLayer[];
}

export interface UncostedLayer {
  nodeIndex: number;
  name: string;
  opType: string;
  /** Why, in one line, e.g. "input 'x' has unbound dim 'batch'". */
  reason: string;
}

export interface StageCost {
  /** diffusers folder name: text_encoder | unet | vae_decoder */
  name: string;
  latencyMs: number;
  throughputPerS: number;
  runsPerImage: number;
  /** Batch per run when classifier-free guidance runs as batch 2 (cfgBatch); absent = 1. Throughput is then pairs/s. */
  batch?: number;
  cost: ModelCost;
}

export interface PipelineCost {
  hardware: string;
  stages: StageCost[];
  secondsPerImage: number;
}

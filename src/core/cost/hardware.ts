// The NPU the cost engine models: a MAC array, a vector unit, one on-chip SRAM and one DDR port.
// Every field: physical meaning, unit, default, source. README.md ("Hardware parameters") repeats this table.
import { formatBytes, formatHz } from './units';

export type AttentionMode = 'flash' | 'materialized';

export interface HardwareConfig {
  /** Display name (free text). */
  name: string;
  /** MAC units that each do one multiply-accumulate per cycle at the weight/activation widths below. Unit: MACs/cycle. Required. */
  macs: number;
  /**
   * How the MACs are organised: a rows x cols array (rows * cols must equal macs). The mapper places two of a layer's
   * loop dims (reduction, output channels, output positions) on the two axes; a dim smaller than (or not a multiple of)
   * its axis leaves MACs idle, which is the array-fit utilisation. Default: the most square power-of-two split with
   * cols = 2 * rows when possible (8,192 -> 64 x 128).
   */
  array: { rows: number; cols: number };
  /** Core clock. Unit: Hz. Required. */
  clockHz: number;
  /** On-chip SRAM for tiles and resident activations (weights stream through it). Unit: bytes. Required. */
  sramBytes: number;
  /** Peak external DDR bandwidth, read + write shared. Unit: bytes/s. Required. */
  ddrBytesPerS: number;
  /** Fraction of the peak DDR bandwidth that transfers achieve, 0 < x <= 1. Default 1 (the article quotes one figure, no derating). */
  ddrEfficiency: number;
  /** Stored weight width. Unit: bits. Default 8 (INT8, the article's configuration). */
  weightBits: number;
  /** Stored activation width (SRAM and DDR). Unit: bits. Default 8. */
  activationBits: number;
  /** Partial-sum width while a reduction is split across tiles. Unit: bits. Default 32 (INT8 x INT8 accumulators). */
  accumulatorBits: number;
  /**
   * Vector (non-MAC) unit throughput: elementwise operations per cycle for norms, softmax, activations, resize, pooling.
   * Default macs / 32: the ratio of Arm Ethos-U's published configs (Vela architecture_features.py: 256 MACs, 8 elementwise units).
   */
  vectorOpsPerCycle: number;
  /** Streamed tiles (input, weight, output) are double-buffered so DMA overlaps compute; doubles their SRAM. Default true (Vela, Timeloop multiple_buffering: 2). */
  doubleBuffering: boolean;
  /** Fixed cost per executed layer (command fetch, DMA setup). Unit: cycles. Default 0 (no published figure for these NPUs). */
  layerOverheadCycles: number;
  /** Attention as one flash-style tiled computation ('flash', default) or with the score tensor through memory ('materialized'). */
  attention: AttentionMode;
  /** Energy per event, pJ. Defaults: see DEFAULT_ENERGY. */
  energy: { pjPerMac: number; pjPerSramByte: number; pjPerDdrByte: number };
  // ---- Compiler mechanisms and memory-system details (engine v2). Optional in the type so that configs built before
  // them still type-check; validateHardware always fills them, and the engine applies the same defaults (resolveHardware).
  /** Cross-layer weight prefetch: while a layer is compute-bound, the idle DMA loads later layers' weights into free SRAM
   *  (Vela's weight prebuffering, scheduler.py). Default true. */
  weightPrefetch?: boolean;
  /** GroupNorm/LayerNorm statistics in the producer's epilogue, normalisation (+ affine, activation) in the consumer's
   *  prologue; the normalised tensor is never written. Default true. */
  normFusion?: boolean;
  /** A nearest-neighbour 2x Resize read only by convs runs in their input addressing (Vela: IFM resampling mode, nearest
   *  2x upscale); the upsampled tensor is never written. Default true (Vela supports it on every Ethos-U). */
  resizeFolding?: boolean;
  /** Line buffers: a conv tiled in full-width row strips keeps the (kernel - 1) halo rows of its input on chip (SRAM
   *  counted), so each input row is read from DDR once. Default true (streaming conv engines' line buffers; Vela keeps
   *  IFM rows between stripes in rolling buffers when cascading). */
  lineBuffers?: boolean;
  /** DRAM burst length, bytes: a transfer of n contiguous bytes costs ceil(n / burst) bursts, so a tile row shorter than
   *  a burst wastes the rest of it. 0 = bursts not modelled (every byte costs itself). Default 64 (LPDDR5: BL32 on a
   *  16-bit channel = 64 B, JEDEC JESD209-5; also the 64 B line of mobile SoC interconnects); Ethos-U presets 128
   *  (Vela vela.ini Dram_burst_length / OffChipFlash_burst_length). */
  ddrBurstBytes?: number;
  /** conv2 + shortcut + Add: a residual block's shortcut conv runs on the same output tile as the conv whose epilogue
   *  adds it; the shortcut's output is never written. Default true (issue 12's review of NPU compilers). */
  shortcutFusion?: boolean;
  /** Vector-unit cost per op: 'uniform' (every op 1/vectorOpsPerCycle cycles per element) or 'vela' (Vela's
   *  output_cycles_per_elem / activation_cycles_per_elem for Ethos-U55-256, scaled by 8 / vectorOpsPerCycle).
   *  Default 'vela' on the Ethos-U presets (their source), 'uniform' elsewhere. */
  vectorCosts?: 'uniform' | 'vela';
  /** Cycles before the first byte of a DDR read / write arrives, paid once per layer that reads / writes DDR (the
   *  rest of its transfers pipeline behind it). Unit: core cycles. Default 500 / 250 (Vela DRAM defaults, vela.ini). */
  ddrReadLatencyCycles?: number;
  ddrWriteLatencyCycles?: number;
  /** On-chip SRAM port bandwidth for tiles and resident tensors. Unit: bytes/s; 0 = unlimited. Default 0 (unlimited)
   *  on expedera-8k (article silent); 4 GB/s Ethos-U55, 16 GB/s Ethos-U65 (Vela system configs). */
  sramBytesPerS?: number;
  /** Stored weight bytes / uncompressed weight bytes (Vela compresses weights losslessly). Unit: ratio. Default 1 (none). */
  weightCompression?: number;
  /** Weight width per MAC class, overriding weightBits (e.g. INT4 linear layers). Unit: bits. Default {} (weightBits). */
  weightBitsByClass?: Partial<Record<'conv' | 'linear' | 'attention', number>>;
  /** Dataflows the array supports: which loop dims it can place on its two axes. weightStationary = (reduction, output
   *  channels), outputStationary = (output positions, output channels), inputStationary = (reduction, output positions).
   *  Default all three (a flexible mapper). */
  dataflows?: Dataflow[];
  /** Where activations live. 'Dedicated_Sram': the SRAM caches tensors, the rest goes to the read-write DDR port
   *  (spills). 'Shared_Sram': every activation lives in the SRAM (the arena) and the external port (read-only flash on
   *  Ethos-U55) carries weights only; nothing spills, the arena may exceed sramBytes (warned). Default Dedicated_Sram;
   *  Shared_Sram on ethos-u55-256 (Vela's U55 default memory mode). */
  memoryMode?: 'Dedicated_Sram' | 'Shared_Sram';
}

export type Dataflow = 'weightStationary' | 'outputStationary' | 'inputStationary';
export const DATAFLOWS: Dataflow[] = ['weightStationary', 'outputStationary', 'inputStationary'];

/** The v2 fields with their defaults filled (what the engine reads). */
export type ResolvedHardware = HardwareConfig & Required<Pick<HardwareConfig,
  'weightPrefetch' | 'normFusion' | 'resizeFolding' | 'lineBuffers' | 'ddrBurstBytes' | 'shortcutFusion' | 'vectorCosts' | 'ddrReadLatencyCycles' | 'ddrWriteLatencyCycles' | 'sramBytesPerS' |
  'weightCompression' | 'weightBitsByClass' | 'dataflows' | 'memoryMode'>>;

export const V2_DEFAULTS = {
  weightPrefetch: true, normFusion: true, resizeFolding: true, lineBuffers: true, ddrBurstBytes: 64, shortcutFusion: true, vectorCosts: 'uniform' as const, ddrReadLatencyCycles: 500, ddrWriteLatencyCycles: 250,
  sramBytesPerS: 0, weightCompression: 1, weightBitsByClass: {}, dataflows: [...DATAFLOWS], memoryMode: 'Dedicated_Sram' as const,
};

/** Fills the v2 fields a config built by hand may lack. */
export function resolveHardware(hw: HardwareConfig): ResolvedHardware {
  return {
    ...hw,
    weightPrefetch: hw.weightPrefetch ?? V2_DEFAULTS.weightPrefetch,
    normFusion: hw.normFusion ?? V2_DEFAULTS.normFusion,
    resizeFolding: hw.resizeFolding ?? V2_DEFAULTS.resizeFolding,
    lineBuffers: hw.lineBuffers ?? V2_DEFAULTS.lineBuffers,
    ddrBurstBytes: hw.ddrBurstBytes ?? V2_DEFAULTS.ddrBurstBytes,
    shortcutFusion: hw.shortcutFusion ?? V2_DEFAULTS.shortcutFusion,
    vectorCosts: hw.vectorCosts ?? V2_DEFAULTS.vectorCosts,
    ddrReadLatencyCycles: hw.ddrReadLatencyCycles ?? V2_DEFAULTS.ddrReadLatencyCycles,
    ddrWriteLatencyCycles: hw.ddrWriteLatencyCycles ?? V2_DEFAULTS.ddrWriteLatencyCycles,
    sramBytesPerS: hw.sramBytesPerS ?? V2_DEFAULTS.sramBytesPerS,
    weightCompression: hw.weightCompression ?? V2_DEFAULTS.weightCompression,
    weightBitsByClass: hw.weightBitsByClass ?? V2_DEFAULTS.weightBitsByClass,
    dataflows: hw.dataflows ?? V2_DEFAULTS.dataflows,
    memoryMode: hw.memoryMode ?? V2_DEFAULTS.memoryMode,
  };
}

export class HardwareConfigError extends Error {
  override name = 'HardwareConfigError';
  constructor(readonly field: string, message: string) {
    super(`hardware config: ${field}: ${message}`);
  }
}

/**
 * Energy per event, pJ.
 * - pjPerMac 0.23: Horowitz, "Computing's energy problem", ISSCC 2014, 45 nm: 8-bit multiply 0.2 pJ + 8-bit add 0.03 pJ.
 * - pjPerSramByte 12.5: same source, a 64-bit read of a 1 MB SRAM 100 pJ (an 8 KB one is 10 pJ): the NPU's SRAM is
 *   megabytes, banked in at least 1 MB-class arrays, so the 8 KB figure (1.25 pJ/B) understated it ~10x.
 * - pjPerDdrByte 40: about 5 pJ/bit for LPDDR5-class mobile DRAM (device + interface), the figure used in issue 12's
 *   review; Horowitz's 640 pJ per 32-bit DDR3 access (160 pJ/B) is a desktop DIMM two generations older.
 */
export const DEFAULT_ENERGY = { pjPerMac: 0.23, pjPerSramByte: 12.5, pjPerDdrByte: 40 };

/** Most square rows x cols with rows <= cols (cols = 2*rows for odd powers of two): 8192 -> 64 x 128, 256 -> 16 x 16. */
export function defaultArray(macs: number): { rows: number; cols: number } {
  let rows = Math.floor(Math.sqrt(macs));
  while (rows > 1 && macs % rows !== 0) rows--;
  return { rows, cols: macs / rows };
}

const ARM_VELA = 'Arm Vela: ethosu/vela/architecture_features.py (MACs, cores, OFM micro-block 2x2x8, 8 elementwise units per core) and ethosu/config_files/Arm/vela.ini';

export const PRESETS: Record<string, { config: HardwareConfig; source: string }> = {
  'expedera-8k': {
    config: {
      name: 'expedera-8k', macs: 8192, array: { rows: 64, cols: 128 }, clockHz: 750e6, sramBytes: 7e6, ddrBytesPerS: 12e9,
      ddrEfficiency: 1, weightBits: 8, activationBits: 8, accumulatorBits: 32, vectorOpsPerCycle: 256, doubleBuffering: true,
      layerOverheadCycles: 0, attention: 'flash', energy: { ...DEFAULT_ENERGY }, ...V2_DEFAULTS, dataflows: [...DATAFLOWS],
    },
    source:
      'Expedera blog "Considerations for Accelerating On-Device Stable Diffusion Models" (Jan 2024) via Semiwiki (Feb 2024): ' +
      '8K MACs, 750 MHz, 7 MB on-chip memory, 12 GB/s DDR, INT8. Array shape 64x128, vector 256 ops/cycle (macs/32), ' +
      'accumulators 32 bit, double buffering, no overhead, DDR latency 500/250 cycles, DDR burst 64 B (LPDDR5 BL32 x 16 bit), SRAM port unlimited, uniform vector costs: ' +
      'documented defaults, not from the article.',
  },
  'ethos-u55-256': {
    config: {
      name: 'ethos-u55-256', macs: 256, array: { rows: 8, cols: 32 }, clockHz: 500e6, sramBytes: 393216, ddrBytesPerS: 0.5e9,
      ddrEfficiency: 1, weightBits: 8, activationBits: 8, accumulatorBits: 32, vectorOpsPerCycle: 8, doubleBuffering: true,
      layerOverheadCycles: 0, attention: 'flash', energy: { ...DEFAULT_ENERGY }, ...V2_DEFAULTS, dataflows: [...DATAFLOWS],
      vectorCosts: 'vela', ddrReadLatencyCycles: 64, ddrWriteLatencyCycles: 64, sramBytesPerS: 4e9, memoryMode: 'Shared_Sram', ddrBurstBytes: 128,
    },
    source:
      `${ARM_VELA}: Ethos-U55-256 = 256 MACs (8 input channels x 2x2x8 output micro-block), 8 elementwise units; ` +
      'System_Config.Ethos_U55_High_End_Embedded: 500 MHz core clock, SRAM 4 GB/s, off-chip flash 0.5 GB/s with 64-cycle latency ' +
      '(the external port: weights only); Memory_Mode.Shared_Sram (Vela\'s U55 default: the arena lives in the SRAM, flash is ' +
      'read-only, so nothing can spill to it); 384 KiB = the SRAM the arena is checked against; vector costs = Vela output_cycles_per_elem.',
  },
  'ethos-u65-512': {
    config: {
      name: 'ethos-u65-512', macs: 512, array: { rows: 8, cols: 64 }, clockHz: 1e9, sramBytes: 393216, ddrBytesPerS: 3.75e9,
      ddrEfficiency: 1, weightBits: 8, activationBits: 8, accumulatorBits: 32, vectorOpsPerCycle: 16, doubleBuffering: true,
      layerOverheadCycles: 0, attention: 'flash', energy: { ...DEFAULT_ENERGY }, ...V2_DEFAULTS, dataflows: [...DATAFLOWS],
      vectorCosts: 'vela', sramBytesPerS: 16e9, ddrBurstBytes: 128,
    },
    source:
      `${ARM_VELA}: Ethos-U65-512 = 2 cores x 256 MACs (8 x 32 each, modelled as one 8 x 64 array), 2 x 8 elementwise units; ` +
      'System_Config.Ethos_U65_High_End: 1 GHz core clock, SRAM 16 GB/s, DRAM 3.75 GB/s with 500/250-cycle read/write latency; ' +
      'SRAM 384 KiB = Memory_Mode.Dedicated_Sram arena_cache_size; vector costs = Vela output_cycles_per_elem.',
  },
};

type Json = Record<string, unknown>;

function isObj(x: unknown): x is Json {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function posNum(o: Json, key: string, path: string, dflt?: number, integer = false): number {
  const v = o[key];
  if (v === undefined) {
    if (dflt === undefined) throw new HardwareConfigError(path + key, 'is required');
    return dflt;
  }
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) throw new HardwareConfigError(path + key, `must be a positive number, got ${JSON.stringify(v)}`);
  if (integer && !Number.isInteger(v)) throw new HardwareConfigError(path + key, `must be an integer, got ${v}`);
  return v;
}

function nonNegNum(o: Json, key: string, path: string, dflt: number): number {
  const v = o[key];
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new HardwareConfigError(path + key, `must be a number >= 0, got ${JSON.stringify(v)}`);
  return v;
}

function bits(o: Json, key: string, dflt: number): number {
  const v = posNum(o, key, '', dflt, true);
  if (v > 64) throw new HardwareConfigError(key, `must be at most 64 bits, got ${v}`);
  return v;
}

const KNOWN = new Set([
  'preset', 'name', 'macs', 'array', 'clockHz', 'sramBytes', 'ddrBytesPerS', 'ddrEfficiency', 'weightBits', 'activationBits',
  'accumulatorBits', 'vectorOpsPerCycle', 'doubleBuffering', 'layerOverheadCycles', 'attention', 'energy', '$schema',
  'weightPrefetch', 'normFusion', 'resizeFolding', 'lineBuffers', 'ddrBurstBytes', 'shortcutFusion', 'vectorCosts', 'ddrReadLatencyCycles', 'ddrWriteLatencyCycles', 'sramBytesPerS',
  'weightCompression', 'weightBitsByClass', 'dataflows', 'memoryMode',
]);

function bool(o: Json, key: string, dflt: boolean): boolean {
  const v = o[key] ?? dflt;
  if (typeof v !== 'boolean') throw new HardwareConfigError(key, 'must be true or false');
  return v;
}

function oneOf<T extends string>(o: Json, key: string, allowed: readonly T[], dflt: T): T {
  const v = o[key] ?? dflt;
  if (typeof v !== 'string' || !allowed.includes(v as T)) throw new HardwareConfigError(key, `must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}, got ${JSON.stringify(v)}`);
  return v as T;
}

type V2Fields = Omit<ResolvedHardware, keyof Omit<HardwareConfig, V2Key>>;
type V2Key = 'weightPrefetch' | 'normFusion' | 'resizeFolding' | 'lineBuffers' | 'ddrBurstBytes' | 'shortcutFusion' | 'vectorCosts' | 'ddrReadLatencyCycles' | 'ddrWriteLatencyCycles' | 'sramBytesPerS' | 'weightCompression' | 'weightBitsByClass' | 'dataflows' | 'memoryMode';

function v2Fields(o: Json): V2Fields {
  const comp = posNum(o, 'weightCompression', '', V2_DEFAULTS.weightCompression);
  if (comp > 1) throw new HardwareConfigError('weightCompression', `must be in (0, 1] (stored / raw bytes), got ${comp}`);
  const byClass: Partial<Record<'conv' | 'linear' | 'attention', number>> = {};
  if (o.weightBitsByClass !== undefined) {
    if (!isObj(o.weightBitsByClass)) throw new HardwareConfigError('weightBitsByClass', 'must be an object {conv?, linear?, attention?}');
    for (const [k, v] of Object.entries(o.weightBitsByClass)) {
      if (k !== 'conv' && k !== 'linear' && k !== 'attention') throw new HardwareConfigError(`weightBitsByClass.${k}`, 'is not a MAC class (conv, linear, attention)');
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 64) throw new HardwareConfigError(`weightBitsByClass.${k}`, `must be an integer number of bits 1..64, got ${JSON.stringify(v)}`);
      byClass[k] = v;
    }
  }
  let dataflows = [...V2_DEFAULTS.dataflows];
  if (o.dataflows !== undefined) {
    if (!Array.isArray(o.dataflows) || o.dataflows.length === 0) throw new HardwareConfigError('dataflows', `must be a non-empty array of ${DATAFLOWS.join(', ')}`);
    for (const d of o.dataflows) if (!DATAFLOWS.includes(d as Dataflow)) throw new HardwareConfigError('dataflows', `unknown dataflow ${JSON.stringify(d)} (known: ${DATAFLOWS.join(', ')})`);
    dataflows = [...new Set(o.dataflows as Dataflow[])];
  }
  return {
    weightPrefetch: bool(o, 'weightPrefetch', V2_DEFAULTS.weightPrefetch),
    normFusion: bool(o, 'normFusion', V2_DEFAULTS.normFusion),
    resizeFolding: bool(o, 'resizeFolding', V2_DEFAULTS.resizeFolding),
    lineBuffers: bool(o, 'lineBuffers', V2_DEFAULTS.lineBuffers),
    ddrBurstBytes: nonNegNum(o, 'ddrBurstBytes', '', V2_DEFAULTS.ddrBurstBytes),
    shortcutFusion: bool(o, 'shortcutFusion', V2_DEFAULTS.shortcutFusion),
    vectorCosts: oneOf(o, 'vectorCosts', ['uniform', 'vela'] as const, V2_DEFAULTS.vectorCosts),
    ddrReadLatencyCycles: nonNegNum(o, 'ddrReadLatencyCycles', '', V2_DEFAULTS.ddrReadLatencyCycles),
    ddrWriteLatencyCycles: nonNegNum(o, 'ddrWriteLatencyCycles', '', V2_DEFAULTS.ddrWriteLatencyCycles),
    sramBytesPerS: nonNegNum(o, 'sramBytesPerS', '', V2_DEFAULTS.sramBytesPerS),
    weightCompression: comp,
    weightBitsByClass: byClass,
    dataflows,
    memoryMode: oneOf(o, 'memoryMode', ['Dedicated_Sram', 'Shared_Sram'] as const, V2_DEFAULTS.memoryMode),
  };
}

/**
 * Checks a JSON hardware description and fills defaults. `{"preset": "expedera-8k", "sramBytes": 4e6}` starts from a preset.
 * Throws HardwareConfigError naming the offending field path ("array.rows", "energy.pjPerMac").
 */
export function validateHardware(json: unknown): ResolvedHardware {
  if (!isObj(json)) throw new HardwareConfigError('(root)', 'must be a JSON object');
  for (const k of Object.keys(json)) if (!KNOWN.has(k)) throw new HardwareConfigError(k, 'is not a known hardware field');
  let base: Json = {};
  if (json.preset !== undefined) {
    const p = typeof json.preset === 'string' ? PRESETS[json.preset] : undefined;
    if (!p) throw new HardwareConfigError('preset', `unknown preset ${JSON.stringify(json.preset)} (known: ${Object.keys(PRESETS).join(', ')})`);
    base = { ...(p.config as unknown as Json) };
    // A preset's array no longer fits if the MAC count changes and no array is given: derive it again.
    if (json.macs !== undefined && json.array === undefined) delete base.array;
    if (json.macs !== undefined && json.vectorOpsPerCycle === undefined) delete base.vectorOpsPerCycle;
  }
  const o: Json = { ...base, ...json };
  const name = o.name === undefined ? 'custom' : o.name;
  if (typeof name !== 'string') throw new HardwareConfigError('name', 'must be a string');
  const macs = posNum(o, 'macs', '', undefined, true);
  let array = defaultArray(macs);
  if (o.array !== undefined) {
    if (!isObj(o.array)) throw new HardwareConfigError('array', 'must be an object {rows, cols}');
    const rows = posNum(o.array, 'rows', 'array.', undefined, true);
    const cols = posNum(o.array, 'cols', 'array.', undefined, true);
    if (rows * cols !== macs) throw new HardwareConfigError('array', `rows x cols = ${rows * cols} must equal macs = ${macs}`);
    array = { rows, cols };
  }
  const eff = posNum(o, 'ddrEfficiency', '', 1);
  if (eff > 1) throw new HardwareConfigError('ddrEfficiency', `must be in (0, 1], got ${eff}`);
  const db = o.doubleBuffering ?? true;
  if (typeof db !== 'boolean') throw new HardwareConfigError('doubleBuffering', 'must be true or false');
  const attention = o.attention ?? 'flash';
  if (attention !== 'flash' && attention !== 'materialized') throw new HardwareConfigError('attention', `must be "flash" or "materialized", got ${JSON.stringify(attention)}`);
  let energy = { ...DEFAULT_ENERGY };
  if (o.energy !== undefined) {
    if (!isObj(o.energy)) throw new HardwareConfigError('energy', 'must be an object');
    for (const k of Object.keys(o.energy)) if (!(k in DEFAULT_ENERGY)) throw new HardwareConfigError(`energy.${k}`, 'is not a known energy field');
    energy = {
      pjPerMac: nonNegNum(o.energy, 'pjPerMac', 'energy.', DEFAULT_ENERGY.pjPerMac),
      pjPerSramByte: nonNegNum(o.energy, 'pjPerSramByte', 'energy.', DEFAULT_ENERGY.pjPerSramByte),
      pjPerDdrByte: nonNegNum(o.energy, 'pjPerDdrByte', 'energy.', DEFAULT_ENERGY.pjPerDdrByte),
    };
  }
  return {
    name,
    macs,
    array,
    clockHz: posNum(o, 'clockHz', ''),
    sramBytes: posNum(o, 'sramBytes', ''),
    ddrBytesPerS: posNum(o, 'ddrBytesPerS', ''),
    ddrEfficiency: eff,
    weightBits: bits(o, 'weightBits', 8),
    activationBits: bits(o, 'activationBits', 8),
    accumulatorBits: bits(o, 'accumulatorBits', 32),
    vectorOpsPerCycle: posNum(o, 'vectorOpsPerCycle', '', Math.max(1, macs / 32)),
    doubleBuffering: db,
    layerOverheadCycles: nonNegNum(o, 'layerOverheadCycles', '', 0),
    attention,
    energy,
    ...v2Fields(o),
  };
}

/** "8,192 MACs @ 750 MHz, 7 MB SRAM, 12 GB/s" for quick picks and report headers. */
export function describeHardware(hw: HardwareConfig): string {
  return `${hw.macs.toLocaleString('en-US')} MACs @ ${formatHz(hw.clockHz)}, ${formatBytes(hw.sramBytes)} SRAM, ${formatBytes(hw.ddrBytesPerS)}/s`;
}

/** Peak MAC throughput, MAC/s. */
export function peakMacsPerS(hw: HardwareConfig): number {
  return hw.macs * hw.clockHz;
}

// Results of the one profiling entry point (src/core/profile): what the CLI prints, the editors show and the reports
// render (JSON, CSV, Markdown, HTML). Field names follow issue 11's JSON; every front end reads these, none re-costs.
import type { HardwareConfig } from '../cost/hardware';
import type { LayerCost, ModelCost, UncostedLayer } from '../cost/types';

/** What was profiled: one .onnx file or a diffusers pipeline folder (model_index.json). */
export interface ProfileTarget {
  kind: 'model' | 'pipeline';
  /** As given by the front end (file path or URI text). */
  path: string;
}

/** The hardware a profile was costed on: display name, one-line description and the full validated config. */
export interface ProfileHardware {
  name: string;
  /** "8,192 MACs @ 750 MHz, 7 MB SRAM, 12 GB/s" (describeHardware). */
  description: string;
  config: HardwareConfig;
}

export interface ProfileStage {
  /** diffusers folder name (text_encoder | unet | vae_decoder) or the model's name for a single file. */
  name: string;
  /** 1 for a single model; from the pipeline (steps × guidance) for a pipeline stage. */
  runsPerImage: number;
  /** Items per run: 2 when a classifier-free guidance pair runs as one batch-2 evaluation (cfgBatch); absent = 1. */
  batch?: number;
  /** Latency of one run. Unit: ms. */
  latencyMs: number;
  /** Runs per second; null when some layers are not costed (a number would look like a result and is not). */
  throughputPerS: number | null;
  totals: ModelCost['totals'];
  /** Layers the engine could not cost; [] when all are costed. */
  uncostedLayers: UncostedLayer[];
  /** Number of layers (ONNX nodes of the main graph) in the stage, for "N of M layers not costed". */
  layerCount: number;
  warnings: string[];
  /** How the stage's symbolic dims were bound, e.g. "bound as the unet stage of pipeline sd15" (absent when none). */
  bindingNote?: string;
}

/** One image through a pipeline: the sum of stage latency × runs per image. */
export interface ProfileImage {
  latencyMs: number;
  secondsPerImage: number;
}

export interface ProfileLayer extends LayerCost {
  /** The stage this layer belongs to. */
  stage: string;
  /** Time this layer takes per image: latencyMs × the stage's runsPerImage. Unit: ms. */
  msPerImage: number;
}

/** A symbolic input dim no binding gave a value, and the CLI flags that would bind it. */
export interface ProfileUnboundDim {
  stage: string;
  /** Symbol name ("batch"), or `input[axis]` for a dim the file leaves unnamed (then only --input binds it). */
  dim: string;
  /** False for an unnamed dim. */
  named: boolean;
  /** Graph inputs that use it, with their declared shapes as text ("sample: [batch,4,height,width]"). */
  inputs: string[];
  /** Proposed value (1 for batch-like dims, the model's own hints) when there is one. */
  proposal?: number;
  /** Where the proposal comes from, one line. */
  why: string;
  /** e.g. "--dim batch=1" or "--input sample=1x4x64x64". */
  flag: string;
}

export interface Profile {
  target: ProfileTarget;
  hardware: ProfileHardware;
  stages: ProfileStage[];
  /** Pipelines only: one image. */
  image?: ProfileImage;
  /** Every layer of every stage, in stage then node order. */
  layers: ProfileLayer[];
  /** Unbound symbolic dims (absent when all bound). */
  unboundDims?: ProfileUnboundDim[];
  /** The reader's warnings (refused external data, duplicates...), prefixed with the stage name for pipelines. */
  readerWarnings?: string[];
}

export interface SweepStagePoint {
  name: string;
  /** The stage's runs per image (1 for a single model), so per-image figures need no other input. */
  runsPerImage: number;
  latencyMs: number;
  /** DDR read + write for one run. Unit: bytes. */
  ddrBytes: number;
  spillCount: number;
}

export interface SweepPoint {
  sramBytes: number;
  stages: SweepStagePoint[];
  /** Per image: Σ stage latency × runs per image (a single model: its latency per run). Unit: ms. */
  image: { latencyMs: number };
}

export interface SweepKnee {
  /** The knee's SRAM size, or null when the range has fewer than two points. */
  sramBytes: number | null;
  /** The rule, in one sentence (KNEE_RULE). */
  rule: string;
}

export interface SweepResult {
  target: ProfileTarget;
  /** The base hardware; each point overrides only sramBytes. */
  hardware: ProfileHardware;
  points: SweepPoint[];
  knee: SweepKnee;
}

export interface CompareStage {
  name: string;
  runsPerImage: number;
  latencyMs: [number, number];
  ddrBytes: [number, number];
  spillCount: [number, number];
  /** b / a of latency (> 1: b is slower); null when a's latency is 0. */
  ratio: number | null;
}

export interface CompareLayer {
  stage: string;
  nodeIndex: number;
  name: string;
  opType: string;
  /** Per run. Unit: ms. */
  latencyMs: [number, number];
  /** Per image (latency × runs per image). Unit: ms. */
  msPerImage: [number, number];
  spill: [boolean, boolean];
  ratio: number | null;
}

export interface CompareResult {
  target: ProfileTarget;
  hardware: [ProfileHardware, ProfileHardware];
  stages: CompareStage[];
  /** Per image for a pipeline (a single model: per run). */
  image: { latencyMs: [number, number]; ratio: number | null };
  /** The top layers by time per image on either hardware, with both figures. */
  layers: CompareLayer[];
}

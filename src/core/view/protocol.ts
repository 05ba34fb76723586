// Messages between the extension host (custom editor provider) and the editor webview.
// Handshake as in VS Code's custom-editor sample: the webview posts `ready` once its script runs;
// the host answers with `init` (or `error`). Webview state that must survive hide/show (expanded
// groups, viewport, selection, overlay mode) is kept with `vscode.setState`, and re-sent in `ready`.
// Every string here may come from a stranger's model: the webview renders them as text only.
import type { PackedJson } from './packedJson';
import type { Bound, LayerKind } from '../cost/types';

/** One ONNX node as the webview sees it. Index = position in CompactGraph.nodes = ONNX node index. */
export interface ViewNode {
  name: string;
  opType: string;
  /** Group path this node belongs to, e.g. ['down_blocks.0', 'resnets.1', 'conv1'] (possibly synthetic chunk names). */
  scope: string[];
  inputs: ViewTensorRef[];
  outputs: ViewTensorRef[];
}

export interface ViewTensorRef {
  name: string;
  /** Human-readable "float16 [2,320,64,64]" or "? (reason)". */
  type: string;
}

/** Edges by node index: producer -> consumer, labelled with the tensor name. */
export interface ViewEdge {
  from: number;
  to: number;
  tensor: string;
}

export interface CompactGraph {
  title: string;
  /** Notes shown in a banner, e.g. "weights omitted in this file (sizes only)". */
  notes: string[];
  nodes: ViewNode[];
  edges: ViewEdge[];
  /** Graph inputs/outputs for the boundary pseudo-nodes. */
  inputs: ViewTensorRef[];
  outputs: ViewTensorRef[];
}

/**
 * CompactGraph as `init` carries it. The object form repeats every tensor's name and type string at
 * each producer and consumer and every scope path per node (3.7 MB of JSON on the SD UNet, most of
 * the time between the host's post and the webview receiving it); here each tensor, type string,
 * op type and scope path is sent once and referenced by index (~1.2 MB). Built by encodeGraph,
 * expanded by decodeGraph (src/core/view/wireGraph.ts) in the webview.
 */
export interface WireGraph {
  title: string;
  notes: string[];
  /** Distinct type strings ("float16 [2,320,64,64]"). */
  types: string[];
  /** Every tensor referenced once; tensorTypes[t] indexes `types`. */
  tensorNames: string[];
  tensorTypes: number[];
  /** Distinct op types and scope paths. */
  opTypes: string[];
  scopes: string[][];
  /** Per node: name, index into opTypes, index into scopes, input and output tensor indices. */
  nodeNames: string[];
  nodeOps: number[];
  nodeScopes: number[];
  nodeInputs: number[][];
  nodeOutputs: number[][];
  /** Edges as flat (from, to, tensor index) triples. */
  edges: number[];
  inputs: number[];
  outputs: number[];
}

/** Per-node cost overlay, parallel to CompactGraph.nodes; re-sent alone on what-if so nothing is laid out again. */
export interface ViewNodeCost {
  kind: LayerKind;
  latencyMs: number;
  /** Share of model latency, 0..1. */
  share: number;
  macCount: number;
  weightBytes: number;
  tile: string;
  sramUsageBytes: number;
  ddrReadBytes: number;
  ddrWriteBytes: number;
  computeCycles: number;
  dramAccessCycles: number;
  utilization: number;
  bound: Bound;
  spill: boolean;
  spillReason: string;
  /** 'fused' layers: index of the node this one runs inside (the head layer). */
  fusedInto?: number;
  /** Spill advisor (engine fills these on spilling layers when it can). */
  spillKind?: 'capacity' | 'pressure';
  sramToAvoidSpillBytes?: number;
  ddrBytesSavedIfResident?: number;
  msSavedIfResident?: number;
  /** What `utilization` measures: the MAC array or the vector unit. */
  utilizationKind?: 'mac' | 'vector';
}

/** Layers the engine could not cost: the totals say so and throughput is no number then. */
export interface ViewUncosted {
  count: number;
  /** Layers in the model (the M of "N of M layers not costed"). */
  of: number;
  /** The first few, with the reason. */
  examples: Array<{ nodeIndex: number; name: string; reason: string }>;
}

export interface ViewCost {
  hardware: string;
  hardwareSummary: string;
  totals: { latencyMs: number; macCount: number; ddrBytes: number; spillCount: number; throughputPerS: number };
  nodes: ViewNodeCost[];
  uncosted?: ViewUncosted;
}

/** A symbolic input dim nothing binds, with the value the banner proposes. */
export interface UnboundDimView {
  name: string;
  proposal: number;
  /** Why that proposal ("batch-like: 1", "from metadata"), and where the dim occurs ("input 'x' dim 0"). */
  why: string;
  where: string;
}

/** A laid-out level as JSON (GroupLayoutResult with its Map as entries): what the host lays out or caches. */
export interface WireLayout {
  width: number;
  height: number;
  items: Array<[id: string, x: number, y: number, width: number, height: number]>;
  edges: Array<{ id: string; points: Array<{ x: number; y: number }>; from?: string; to?: string }>;
}

export interface HardwareChoice {
  id: string;
  label: string;
  detail: string;
}

export interface WhatIf {
  preset: string;
  sramBytes?: number;
  ddrBytesPerS?: number;
  macs?: number;
}

/** A named moment of an editor open (epoch ms), host and webview alike: the benchmark prints where first paint goes. */
export type TimelineMark = [label: string, epochMs: number];

export type HostToWebview =
  /** `layoutKey`: what laid-out levels of this graph are cached under (the webview sends new ones back with it). */
  | { type: 'init'; graph: PackedJson<WireGraph>; presets: HardwareChoice[]; whatIf: WhatIf; timeline?: TimelineMark[]; layoutKey?: string }
  | { type: 'cost'; cost: PackedJson<ViewCost>; whatIf: WhatIf }
  | { type: 'reveal'; nodeIndex: number }
  /** Symbolic input dims still unbound (empty: all bound), and the bindings the file remembers. */
  | { type: 'unboundDims'; dims: UnboundDimView[]; bound: Record<string, number> }
  /** Levels laid out outside the webview (the host, or the cache of an earlier open), keyed as the webview keys them. */
  | { type: 'layouts'; key: string; levels: Array<[level: string, layout: WireLayout]> }
  | { type: 'error'; message: string };

export type WebviewToHost =
  | { type: 'ready' }
  | { type: 'whatIf'; whatIf: WhatIf }
  | { type: 'openStage'; stage: string }
  /** Pipeline view: run guidance pairs as batch 2 in this panel (re-costed and re-posted). */
  | { type: 'cfgBatch'; on: boolean }
  /** Banner's Apply: re-infer with these dims bound (remembered per file); `setting` also writes onnxNpuProfiler.dimBindings. */
  | { type: 'bindDims'; bindings: Record<string, number>; setting: boolean }
  /** Levels the webview laid out, for the host's cache (keyed by file content and layout options). */
  | { type: 'layouts'; key: string; levels: Array<[level: string, layout: WireLayout]> }
  | { type: 'log'; level: 'info' | 'error'; message: string };

// ---- Pipeline editor (model_index.json): host side in src/extension/pipelineEditor, rendered by webview/pipeline/. ----

/** One stage of a diffusion pipeline as the pipeline webview shows it, in execution order. */
export interface PipelineStageView {
  /** diffusers folder name: text_encoder | unet | vae_decoder (also the `openStage` argument). */
  name: string;
  /** "Text encoder (CLIP)", "UNet", "VAE decoder". */
  label: string;
  /** Workspace-relative path of the stage's model.onnx, or '' when the folder has none. */
  modelPath: string;
  /** Evaluations per generated image (UNet: steps, x2 when classifier-free guidance runs it twice). */
  runsPerImage: number;
  /** Items per run: 2 when the guidance pair runs as one batch-2 evaluation (cfgBatch; runsPerImage is then halved). */
  batch?: number;
  /** Filled once the stage is costed. */
  /** throughputPerS is null when layers are not costed (the profile's rule: no number that looks like a result). */
  cost?: { latencyMs: number; throughputPerS: number | null; secondsPerImage: number; macCount: number; ddrBytes: number; spillCount: number };
  /** Why a stage has no cost (missing file, parse error…), else what one run is ("UNet, batch 1, 64×64 latent…"). */
  note?: string;
}

export interface PipelineView {
  title: string;
  hardware: string;
  hardwareSummary: string;
  steps: number;
  guidance: boolean;
  /** Classifier-free guidance pairs run as batch 2 (setting pipeline.cfgBatch, or the view's switch). */
  cfgBatch: boolean;
  stages: PipelineStageView[];
  /** Sum over costed stages; undefined until at least one stage is costed. */
  secondsPerImage?: number;
  notes: string[];
}

export type HostToPipelineWebview =
  | { type: 'pipeline'; pipeline: PipelineView; presets: HardwareChoice[] }
  | { type: 'error'; message: string };

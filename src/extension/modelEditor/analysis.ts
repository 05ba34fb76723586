// A model file's bytes -> what the editor shows: the compact graph (once) and its cost for a given
// hardware (again on every what-if, reusing the prepared graph). Runs in the extension host, never on
// the webview's UI thread. No vscode import: unit-tested under plain Node.
// Reading, shapes, bindings and costing go through the core profiling entry point (src/core/profile), so the
// editor shows the figures the CLI prints and the reports hold.
import type { ExternalDataAccess } from '../../core/onnx/reader';
import { memorySource, type ByteSource } from '../../core/onnx/byteSource';
import type { ShapeBindings, ShapeResult } from '../../core/shapes/types';
import { prepareGraph, type PreparedGraph } from '../../core/cost/engine';
import { describeHardware, type HardwareConfig } from '../../core/cost/hardware';
import type { ModelCost } from '../../core/cost/types';
import type { Model } from '../../core/model/graph';
import type { PipelineStage } from '../../core/sd/pipeline';
import { costStage, mergeBindings, readAndInfer, type LoadedStage, type ProfileStage } from '../../core/profile';
import { inferShapes } from '../../core/shapes';
import { readModel } from '../../core/onnx/reader';
import { buildCompactGraph } from '../../core/view/compactGraph';
import { buildViewCost } from '../../core/view/viewCost';
import { encodeGraph } from '../../core/view/wireGraph';
import { packJson, type PackedJson } from '../../core/view/packedJson';
import type { CompactGraph, ViewCost, WireGraph } from '../../core/view/protocol';

export interface ModelAnalysis {
  model: Model;
  shapes: ShapeResult;
  graph: CompactGraph;
  /** `graph` as `init` carries it (indexed, as JSON bytes), encoded once and posted to every panel. */
  wire: PackedJson<WireGraph>;
  /** Hardware-independent part of the cost engine's work, reused for every what-if. */
  prepared: PreparedGraph;
  /** The model as the core profiling entry point sees it (profile, sweep and compare take it as is). */
  stage: LoadedStage;
}

export interface AnalyzeOptions {
  /** Bindings used as given (already merged). Ignored when `stage` is set. */
  bindings?: ShapeBindings;
  /** The pipeline stage this model is (findPipelineStage): its bindings, merged with `userBindings` by the core. */
  stage?: PipelineStage;
  /** The user's bindings (the dimBindings setting): they win over the stage's. */
  userBindings?: ShapeBindings;
  external?: ExternalDataAccess;
  /** Shown in the graph's notes banner, e.g. "bound as the UNet stage of pipeline sd15" (default from `stage`). */
  bindingNote?: string;
  /** Called after each step (read, shapes, graph, prepared) for the open timeline. */
  mark?: (label: string) => void;
}

/** Name the core gives a single model: the folder of a `model.onnx`, else the file name without `.onnx`. */
function stageName(fileName: string, stage: PipelineStage | undefined): string {
  return stage?.name ?? fileName.replace(/\.onnx$/i, '');
}

export async function analyzeModel(input: Uint8Array | ByteSource, fileName: string, opts: AnalyzeOptions = {}): Promise<ModelAnalysis> {
  const source = input instanceof Uint8Array ? memorySource(fileName, input) : input;
  const mark = opts.mark ?? (() => undefined);
  let model: Model;
  let shapes: ShapeResult;
  let bindings: ShapeBindings;
  if (opts.stage) {
    model = await readModel(source, { external: opts.external });
    mark('host: parsed');
    bindings = mergeBindings(opts.stage.bindings, opts.userBindings, model);
    shapes = inferShapes(model, bindings);
    mark('host: shapes');
  } else {
    bindings = opts.bindings ?? opts.userBindings ?? {};
    ({ model, shapes } = await readAndInfer({ source, external: opts.external, close: () => undefined }, bindings, mark));
  }
  const bindingNote = opts.bindingNote ?? (opts.stage ? `Inputs bound as in its pipeline: ${opts.stage.description}.` : undefined);
  const graph = buildCompactGraph(model, shapes);
  if (bindingNote) graph.notes.unshift(bindingNote);
  const wire = packJson(encodeGraph(graph));
  mark('host: graph encoded');
  const name = stageName(fileName, opts.stage);
  const prepared = prepareGraph(model, shapes, fileName);
  mark('host: cost prepared');
  const stage: LoadedStage = { ok: true, name, runsPerImage: 1, path: fileName, model, shapes, prepared, bindings, bindingNote, stage: opts.stage };
  return { model, shapes, graph, wire, prepared, stage };
}

export interface CostResult {
  cost: ModelCost;
  view: ViewCost;
  /** The stage's row as the profile (CLI, reports) has it: throughput null when layers are not costed. */
  profile: ProfileStage;
}

export function costFor(analysis: ModelAnalysis, hw: HardwareConfig): CostResult {
  const { cost, stage } = costStage(analysis.stage, hw);
  return { cost, view: buildViewCost(cost, hw.name, describeHardware(hw), analysis.graph.nodes.length), profile: stage };
}

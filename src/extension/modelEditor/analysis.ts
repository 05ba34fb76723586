// A model file's bytes -> what the editor shows: the compact graph (once) and its cost for a given
// hardware (again on every what-if, reusing the prepared graph). Runs in the extension host, never on
// the webview's UI thread. No vscode import: unit-tested under plain Node.
import { readModel, type ExternalDataAccess } from '../../core/onnx/reader';
import { memorySource, type ByteSource } from '../../core/onnx/byteSource';
import { inferShapes } from '../../core/shapes';
import type { ShapeBindings, ShapeResult } from '../../core/shapes/types';
import { costPrepared, prepareGraph, type PreparedGraph } from '../../core/cost/engine';
import { describeHardware, type HardwareConfig } from '../../core/cost/hardware';
import type { ModelCost } from '../../core/cost/types';
import type { Model } from '../../core/model/graph';
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
}

export interface AnalyzeOptions {
  bindings?: ShapeBindings;
  external?: ExternalDataAccess;
  /** Shown in the graph's notes banner, e.g. "bound as the UNet stage of pipeline sd15". */
  bindingNote?: string;
  /** Called after each step (read, shapes, graph, prepared) for the open timeline. */
  mark?: (label: string) => void;
}

export async function analyzeModel(input: Uint8Array | ByteSource, fileName: string, opts: AnalyzeOptions = {}): Promise<ModelAnalysis> {
  const source = input instanceof Uint8Array ? memorySource(fileName, input) : input;
  const mark = opts.mark ?? (() => undefined);
  const model = await readModel(source, { external: opts.external });
  mark('host: parsed');
  const shapes = inferShapes(model, opts.bindings ?? {});
  mark('host: shapes');
  const graph = buildCompactGraph(model, shapes);
  if (opts.bindingNote) graph.notes.unshift(opts.bindingNote);
  const wire = packJson(encodeGraph(graph));
  mark('host: graph encoded');
  const prepared = prepareGraph(model, shapes, fileName);
  mark('host: cost prepared');
  return { model, shapes, graph, wire, prepared };
}

export interface CostResult {
  cost: ModelCost;
  view: ViewCost;
}

export function costFor(analysis: ModelAnalysis, hw: HardwareConfig): CostResult {
  const cost = costPrepared(analysis.prepared, hw);
  return { cost, view: buildViewCost(cost, hw.name, describeHardware(hw), analysis.graph.nodes.length) };
}

// Model summary for `onnx-npu-profile inspect`: pure, works on any Model the reader produced.
import { opKey, type DType, type Dim, type Graph, type Model, type TypeInfo } from '../model/graph';
import { weightSummary, type WeightSummary } from '../model/weights';

export interface InspectIO {
  name: string;
  dtype: DType | null;
  /** null = rank unknown; null entries = unknown dims; strings = symbolic dims. */
  shape: Dim[] | null;
}

export interface ExternalFileSummary {
  location: string;
  tensors: number;
  bytes: number;
  resolvedPath?: string;
  problem?: string;
}

export interface InspectReport {
  file: string;
  fileBytes: number;
  irVersion: number;
  opsets: Record<string, number>;
  producer: string;
  nodeCount: number;
  /** Over the main graph, nested subgraphs and model-local functions; non-default domains keyed `domain::op`. */
  opHistogram: Record<string, number>;
  /** Main-graph (dense) initializers. */
  initializers: {
    count: number;
    elements: number;
    bytes: number;
    byDtype: Record<string, { count: number; elements: number; bytes: number }>;
  };
  /**
   * Main-graph weights: the initializers plus Constant-node tensors that feed a weight input (converters that keep
   * weights as Constant nodes). `fromConstants` is the Constant part, included in the totals.
   */
  weights: WeightSummary;
  inputs: InspectIO[];
  outputs: InspectIO[];
  externalFiles: ExternalFileSummary[];
  functions: number;
  subgraphs: number;
  weightsOmitted: boolean;
  warnings: string[];
}

/** Calls fn for every graph: the main graph, subgraphs in node attributes (recursively) and function bodies. */
export function forEachNodeList(model: Model, fn: (nodes: Graph['nodes'], where: 'main' | 'subgraph' | 'function') => void): void {
  const visitGraph = (g: Graph, where: 'main' | 'subgraph'): void => {
    fn(g.nodes, where);
    visitNodes(g.nodes);
  };
  const visitNodes = (nodes: Graph['nodes']): void => {
    for (const n of nodes) {
      for (const a of Object.values(n.attributes)) {
        if (a.type === 'graph') visitGraph(a.value, 'subgraph');
        else if (a.type === 'graphs') for (const g of a.value) visitGraph(g, 'subgraph');
      }
    }
  };
  visitGraph(model.graph, 'main');
  for (const f of model.functions) {
    fn(f.nodes, 'function');
    visitNodes(f.nodes);
  }
}

function io(name: string, type: TypeInfo | undefined): InspectIO {
  return { name, dtype: type?.dtype ?? null, shape: type?.shape ?? null };
}

export function inspectModel(model: Model): InspectReport {
  const opHistogram: Record<string, number> = {};
  let subgraphs = 0;
  forEachNodeList(model, (nodes, where) => {
    if (where === 'subgraph') subgraphs++;
    for (const n of nodes) {
      const k = opKey(n.domain, n.opType);
      opHistogram[k] = (opHistogram[k] ?? 0) + 1;
    }
  });

  const g = model.graph;
  const init: InspectReport['initializers'] = { count: 0, elements: 0, bytes: 0, byDtype: {} };
  const external = new Map<string, ExternalFileSummary>();
  for (const t of g.initializers) {
    init.count++;
    init.elements += t.elements;
    init.bytes += t.byteSize;
    const d = (init.byDtype[t.dtype] ??= { count: 0, elements: 0, bytes: 0 });
    d.count++;
    d.elements += t.elements;
    d.bytes += t.byteSize;
    if (t.data.kind === 'external') {
      let e = external.get(t.data.location);
      if (!e) {
        e = { location: t.data.location, tensors: 0, bytes: 0 };
        if (t.data.resolvedPath !== undefined) e.resolvedPath = t.data.resolvedPath;
        external.set(t.data.location, e);
      }
      e.tensors++;
      e.bytes += t.data.length ?? t.byteSize;
      if (t.data.problem !== undefined && e.problem === undefined) e.problem = t.data.problem;
    }
  }

  // Before IR v4 initializers were also listed as graph inputs; those are weights, not inputs.
  const initNames = new Set(g.initializers.map((t) => t.name));
  return {
    file: model.source.path,
    fileBytes: model.source.byteLength,
    irVersion: model.irVersion,
    opsets: { ...model.opsetImports },
    producer: [model.producerName, model.producerVersion].filter((s) => s !== '').join(' '),
    nodeCount: g.nodes.length,
    opHistogram,
    initializers: init,
    weights: weightSummary(g),
    inputs: g.inputs.filter((v) => !initNames.has(v.name)).map((v) => io(v.name, v.type)),
    outputs: g.outputs.map((v) => io(v.name, v.type)),
    externalFiles: [...external.values()],
    functions: model.functions.length,
    subgraphs,
    weightsOmitted: model.weightsOmitted,
    warnings: [...model.warnings],
  };
}

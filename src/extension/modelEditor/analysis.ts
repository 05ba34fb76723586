// Turns a model file's bytes into what the editor webview shows: the compact graph and (later) its cost.
// Runs in the extension host (Node or web worker), never on the webview's UI thread.
// FOUNDATION STAGE: decodes with onnx-proto directly; replaced by the core reader + view model as they land.
import { onnx } from 'onnx-proto';
import type { CompactGraph, ViewEdge, ViewNode, ViewTensorRef } from '../../core/view/protocol';

export class ModelOpenError extends Error {
  constructor(readonly file: string, message: string) {
    super(`${file}: ${message}`);
    this.name = 'ModelOpenError';
  }
}

export interface ModelAnalysis {
  graph: CompactGraph;
}

export function analyzeModel(bytes: Uint8Array, fileName: string): ModelAnalysis {
  let model: onnx.ModelProto;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (err) {
    throw new ModelOpenError(fileName, `not a valid ONNX protobuf (${err instanceof Error ? err.message : String(err)})`);
  }
  const g = model.graph;
  if (!g) throw new ModelOpenError(fileName, 'the model has no graph');
  const producer = new Map<string, number>();
  const nodes: ViewNode[] = (g.node ?? []).map((n, i) => {
    for (const o of n.output ?? []) producer.set(o, i);
    return {
      name: n.name || `${n.opType}_${i}`,
      opType: n.opType ?? '?',
      scope: [],
      inputs: (n.input ?? []).filter((s) => s !== '').map(ref),
      outputs: (n.output ?? []).filter((s) => s !== '').map(ref),
    };
  });
  const edges: ViewEdge[] = [];
  (g.node ?? []).forEach((n, i) => {
    for (const t of n.input ?? []) {
      const from = producer.get(t);
      if (from !== undefined) edges.push({ from, to: i, tensor: t });
    }
  });
  const initializers = new Set((g.initializer ?? []).map((t) => t.name));
  return {
    graph: {
      title: fileName,
      notes: [],
      nodes,
      edges,
      inputs: (g.input ?? []).filter((v) => !initializers.has(v.name ?? '')).map((v) => ref(v.name ?? '')),
      outputs: (g.output ?? []).map((v) => ref(v.name ?? '')),
    },
  };
}

function ref(name: string): ViewTensorRef {
  return { name, type: '?' };
}

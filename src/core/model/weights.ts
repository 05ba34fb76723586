// Which tensors of a graph are weights. Initializers are; so is a `Constant` node's tensor when it feeds a
// weight input (a Conv kernel, a Gemm/MatMul operand, RNN matrices, norm scales, an embedding table), directly
// or through layout/cast ops: several converters keep weights as Constant nodes, and counting only
// initializers reported such models as "0 B of weights". Pure and cached per Graph object.
import type { Graph, Node, TensorInfo } from './graph';

export interface WeightTensor {
  /** The tensor name readers use: the initializer's name or the Constant node's output. */
  name: string;
  tensor: TensorInfo;
  source: 'initializer' | 'constant';
  /** The Constant node, for source 'constant'. */
  node?: Node;
}

export interface WeightSummary {
  count: number;
  elements: number;
  bytes: number;
  /** The part that comes from Constant nodes (already included in the totals). */
  fromConstants: { count: number; elements: number; bytes: number };
}

/** Inputs (by index) that hold parameters rather than activations, per op type (default domain and com.microsoft). */
const WEIGHT_SLOTS: Record<string, number[]> = {
  Conv: [1, 2], ConvTranspose: [1, 2], ConvInteger: [1, 3], QLinearConv: [3, 8], DeformConv: [1, 3],
  Gemm: [0, 1, 2], MatMul: [0, 1], MatMulInteger: [0, 1], QLinearMatMul: [0, 3], FusedMatMul: [0, 1], MatMulNBits: [1],
  LSTM: [1, 2, 3, 6], GRU: [1, 2, 3], RNN: [1, 2, 3],
  BatchNormalization: [1, 2, 3, 4], InstanceNormalization: [1, 2], LayerNormalization: [1, 2], GroupNormalization: [1, 2],
  SimplifiedLayerNormalization: [1], SkipLayerNormalization: [2, 3, 4], SkipSimplifiedLayerNormalization: [2],
  EmbedLayerNormalization: [2, 3, 4, 5, 6], Attention: [1, 2], MultiHeadAttention: [3], PRelu: [1], Gather: [0],
};

/** Ops a weight passes through unchanged in meaning (layout, dtype, dequantisation) on its way to a weight input. */
const PASS_THROUGH = new Set(['Identity', 'Cast', 'Reshape', 'Transpose', 'Unsqueeze', 'Squeeze', 'Flatten', 'DequantizeLinear', 'CastLike']);
const MAX_HOPS = 4;

const cache = new WeakMap<Graph, Map<string, WeightTensor>>();

/**
 * Every weight of one graph (not its subgraphs: call it on a body graph for the body's weights), keyed by
 * tensor name: the initializers, then Constant tensors that feed a weight input.
 */
export function weightTensors(graph: Graph): Map<string, WeightTensor> {
  let m = cache.get(graph);
  if (m) return m;
  m = new Map();
  for (const t of graph.initializers) m.set(t.name, { name: t.name, tensor: t, source: 'initializer' });
  for (const w of constantWeights(graph)) if (!m.has(w.name)) m.set(w.name, w);
  cache.set(graph, m);
  return m;
}

/** The Constant nodes of one graph whose tensor feeds a weight input (directly or through PASS_THROUGH ops). */
export function constantWeights(graph: Graph): WeightTensor[] {
  const consumers = new Map<string, Array<{ node: Node; slot: number }>>();
  let anyConstant = false;
  for (const n of graph.nodes) {
    if (n.opType === 'Constant') anyConstant = true;
    n.inputs.forEach((x, slot) => {
      if (x === '') return;
      const list = consumers.get(x);
      if (list) list.push({ node: n, slot });
      else consumers.set(x, [{ node: n, slot }]);
    });
  }
  if (!anyConstant) return [];
  const out: WeightTensor[] = [];
  for (const n of graph.nodes) {
    if (n.opType !== 'Constant' || n.domain !== '' || n.outputs[0] === undefined || n.outputs[0] === '') continue;
    const a = n.attributes['value'];
    const tensor = a?.type === 'tensor' ? a.value : a?.type === 'sparse_tensor' ? a.value.values : undefined;
    if (!tensor || tensor.elements === 0) continue;
    if (feedsWeightInput(n.outputs[0], consumers)) out.push({ name: n.outputs[0], tensor: { ...tensor, name: n.outputs[0] }, source: 'constant', node: n });
  }
  return out;
}

function feedsWeightInput(name: string, consumers: Map<string, Array<{ node: Node; slot: number }>>): boolean {
  let frontier = [name];
  for (let hop = 0; hop <= MAX_HOPS && frontier.length > 0; hop++) {
    const next: string[] = [];
    for (const t of frontier)
      for (const { node, slot } of consumers.get(t) ?? []) {
        if (WEIGHT_SLOTS[node.opType]?.includes(slot)) return true;
        if (PASS_THROUGH.has(node.opType) && slot === 0 && node.outputs[0]) next.push(node.outputs[0]);
      }
    frontier = next;
  }
  return false;
}

/** Bytes of a weight tensor of this graph as stored in the file (0 when `name` is not a weight of it). */
export function weightTensorBytes(graph: Graph, name: string): number {
  return weightTensors(graph).get(name)?.tensor.byteSize ?? 0;
}

/** Weight totals of one graph (initializers and Constant-node weights). */
export function weightSummary(graph: Graph): WeightSummary {
  const s: WeightSummary = { count: 0, elements: 0, bytes: 0, fromConstants: { count: 0, elements: 0, bytes: 0 } };
  for (const w of weightTensors(graph).values()) {
    s.count++;
    s.elements += w.tensor.elements;
    s.bytes += w.tensor.byteSize;
    if (w.source === 'constant') {
      s.fromConstants.count++;
      s.fromConstants.elements += w.tensor.elements;
      s.fromConstants.bytes += w.tensor.byteSize;
    }
  }
  return s;
}

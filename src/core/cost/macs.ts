// MAC counts per ONNX node, with the counting convention of figures.md:
//   conv      = Conv / ConvTranspose
//   linear    = MatMul / Gemm with a constant (initializer) operand
//   attention = MatMul of two activations (Q·Kᵀ and P·V)
// Norms, softmax and elementwise ops are not MACs (they run on the vector unit): macClass 'none'.
import type { Graph, Node } from '../model/graph';
import type { InferredTensor, ShapeResult } from '../shapes/types';
import { macRule, opInfo } from './ops';

export type MacClass = 'conv' | 'linear' | 'attention' | 'other' | 'none';

export type ShapeSource = ShapeResult | Map<string, InferredTensor>;

/** Tells whether a tensor is a constant (initializer / Constant output). A Graph or a name set will do. */
export type ConstantSource = Graph | ReadonlySet<string> | ((name: string) => boolean);

function tensorsOf(shapes: ShapeSource): Map<string, InferredTensor> {
  return shapes instanceof Map ? shapes : shapes.tensors;
}

/** Fully numeric shape of a tensor, or undefined when any dim is unknown/symbolic. */
export function numericShape(shapes: ShapeSource, name: string): number[] | undefined {
  const s = tensorsOf(shapes).get(name)?.shape;
  if (!s) return undefined;
  const out: number[] = [];
  for (const d of s) {
    if (typeof d !== 'number' || d < 0) return undefined;
    out.push(d);
  }
  return out;
}

export function product(dims: readonly number[]): number {
  let p = 1;
  for (const d of dims) p *= d;
  return p;
}

function constantTest(src: ConstantSource | undefined): ((name: string) => boolean) | undefined {
  if (src === undefined) return undefined;
  if (typeof src === 'function') return src;
  if (src instanceof Set) return (n) => src.has(n);
  const g = src as Graph;
  const set = new Set<string>(g.initializers.map((t) => t.name));
  for (const n of g.nodes) if (n.opType === 'Constant') for (const o of n.outputs) set.add(o);
  return (n) => set.has(n);
}

function intAttr(node: Node, name: string, dflt: number): number {
  const a = node.attributes[name];
  return a && a.type === 'int' ? Number(a.value) : dflt;
}

/**
 * MACs of one node and their class. Shapes must be numeric (bind symbolic dims first); unknown shapes give 0.
 * Pass `constants` (the Graph, or the initializer names) so MatMul is split exactly into linear vs attention; without it a
 * MatMul whose second operand is rank 2 counts as linear (true of torch exports, where Linear weights are 2-D).
 */
export function nodeMacs(node: Node, shapes: ShapeSource, constants?: ConstantSource): { macs: number; macClass: MacClass } {
  const isConst = constantTest(constants);
  const shape = (i: number) => (node.inputs[i] ? numericShape(shapes, node.inputs[i]) : undefined);
  const out = node.outputs[0] ? numericShape(shapes, node.outputs[0]) : undefined;
  // The op table (ops.ts) says which MAC rule applies; ops without one are not MACs (vector unit).
  switch (macRule(node.domain, node.opType)) {
    case 'conv': {
      const w = shape(opInfo(node.domain, node.opType).weightInput ?? 1);
      if (!w || !out || w.length < 3) return { macs: 0, macClass: 'conv' };
      // out: [N, OC, spatial...]; w: [OC, IC/group, kernel...]
      return { macs: product(out) * product(w.slice(1)), macClass: 'conv' };
    }
    case 'convTranspose': {
      const x = shape(0);
      const w = shape(1);
      if (!x || !w || w.length < 3) return { macs: 0, macClass: 'conv' };
      // Every input element is multiplied into (OC/group) x kernel outputs. w: [IC, OC/group, kernel...]
      return { macs: product(x) * product(w.slice(1)), macClass: 'conv' };
    }
    case 'matmul': {
      const ai = 0;
      const bi = opInfo(node.domain, node.opType).weightInput ?? 1; // QLinearMatMul: a, a_scale, a_zero_point, b, ...
      const a = shape(ai);
      const b = shape(bi);
      const klass = matmulClass(node.inputs[ai], node.inputs[bi], b, isConst);
      if (!a || !b || !out) return { macs: 0, macClass: klass };
      const k = a.length === 0 ? 1 : a[a.length - 1];
      return { macs: product(out) * k, macClass: klass };
    }
    case 'gemm': {
      const a = shape(0);
      if (!a || !out || a.length !== 2) return { macs: 0, macClass: 'linear' };
      const k = intAttr(node, 'transA', 0) ? a[0] : a[1];
      const klass = isConst && !isConst(node.inputs[1]) && !isConst(node.inputs[0]) ? 'attention' : 'linear';
      return { macs: product(out) * k, macClass: klass };
    }
    case 'einsum':
      return { macs: 0, macClass: 'other' };
    default:
      return { macs: 0, macClass: 'none' };
  }
}

function matmulClass(aName: string, bName: string, bShape: number[] | undefined, isConst?: (n: string) => boolean): MacClass {
  if (isConst) return isConst(bName) || isConst(aName) ? 'linear' : 'attention';
  return bShape && bShape.length === 2 ? 'linear' : 'attention';
}

// Shape arithmetic: the nodes that cost nothing and only compute shapes (Shape -> Gather -> Unsqueeze ->
// Concat -> Reshape's shape input, Constants, the timestep's Expand to the batch). Exporters emit dozens
// per block; the editor folds them away by default (as Model Explorer hides constants) and a toolbar
// toggle shows them. Decided from the graph alone (ops and tensor sizes), so the layout never waits for
// the cost. Pure: runs in Node, host and webview.
import type { CompactGraph } from './protocol';

/** Ops that appear in shape computations; a node of one of them is noise only if its data is tiny too. */
const SHAPE_OPS = new Set([
  'Shape', 'Size', 'Constant', 'ConstantOfShape', 'Gather', 'GatherElements', 'Unsqueeze', 'Squeeze', 'Concat',
  'Expand', 'Slice', 'Cast', 'Reshape', 'Range', 'Equal', 'Where', 'Mul', 'Add', 'Sub', 'Div', 'Floor', 'Ceil',
  'Neg', 'Not', 'And', 'Or', 'Less', 'Greater', 'Min', 'Max', 'ReduceProd', 'Identity', 'Tile', 'Mod', 'Sqrt',
]);
/** Ops whose output is metadata or a literal, whatever its size. */
const ALWAYS = new Set(['Shape', 'Size', 'Constant']);
/** "Tiny": a shape vector, an index, a scalar broadcast to the batch. */
const SMALL_ELEMENTS = 64;

/** Elements of a "float16 [2,320,64,64]" type string; undefined when unknown or symbolic. */
export function typeElements(type: string): number | undefined {
  const m = /\[([^\]]*)\]\s*$/.exec(type);
  if (!m) return undefined;
  if (m[1].trim() === '') return 1;
  let n = 1;
  for (const d of m[1].split(',')) {
    const v = Number(d.trim());
    if (!Number.isInteger(v) || v < 0) return undefined;
    n *= v;
  }
  return n;
}

const small = (type: string) => {
  const n = typeElements(type);
  return n !== undefined && n <= SMALL_ELEMENTS;
};

/**
 * 1 for every shape-arithmetic node. A node qualifies when its op is a shape op, every output is tiny
 * (or the op is Shape/Size/Constant), and every input is tiny, an initializer, or computed by another
 * such node. Nothing is folded when that would leave no node to show.
 */
export function shapeArithmetic(graph: CompactGraph): Uint8Array {
  const n = graph.nodes.length;
  const out = new Uint8Array(n);
  const producer = new Map<string, number>();
  graph.nodes.forEach((node, i) => node.outputs.forEach((t) => producer.set(t.name, i)));
  const graphInputs = new Set(graph.inputs.map((t) => t.name));
  // Topological order is not needed: iterate to a fixed point (shape chains are short; <= a few passes).
  for (let changed = true; changed; ) {
    changed = false;
    graph.nodes.forEach((node, i) => {
      if (out[i] || !SHAPE_OPS.has(node.opType)) return;
      if (!ALWAYS.has(node.opType) && !node.outputs.every((t) => small(t.type))) return;
      const inputsOk = node.inputs.every((t) => {
        if (t.name === '') return true; // an omitted optional input
        const p = producer.get(t.name);
        if (p !== undefined) return out[p] === 1;
        if (graphInputs.has(t.name)) return small(t.type); // the timestep: a scalar broadcast to the batch
        return true; // an initializer: a literal
      });
      // Shape/Size read any tensor (only its metadata).
      if (inputsOk || node.opType === 'Shape' || node.opType === 'Size') {
        out[i] = 1;
        changed = true;
      }
    });
  }
  let hidden = 0;
  for (let i = 0; i < n; i++) hidden += out[i];
  return hidden === n ? new Uint8Array(n) : out;
}

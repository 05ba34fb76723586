// Model-local functions (FunctionProto): a call is inferred by running the function body as a
// subgraph, with attribute references resolved from the calling node.
import type { AttributeValue, FunctionDef, Graph, Node } from '../model/graph';
import type { TVal } from './context';
import type { Inferencer } from './infer';

function resolveAttrs(body: Node, call: Node): Node {
  const attributes: Record<string, AttributeValue> = {};
  for (const [k, v] of Object.entries(body.attributes)) {
    if (v.type === 'ref') {
      const actual = call.attributes[v.value];
      if (actual) attributes[k] = actual;
    } else attributes[k] = v;
  }
  return { ...body, attributes };
}

export function inferFunctionCall(
  inf: Inferencer,
  f: FunctionDef,
  call: Node,
  inputs: Array<TVal | undefined>,
  scope: Parameters<Inferencer['runGraph']>[2],
): Array<TVal | undefined> {
  const graph: Graph = {
    name: f.name,
    nodes: f.nodes.map((n) => resolveAttrs(n, call)),
    inputs: f.inputs.map((name) => ({ name })),
    outputs: f.outputs.map((name) => ({ name })),
    initializers: [],
    sparseInitializers: [],
    valueInfo: [],
  };
  return inf.runGraph(graph, inputs, scope);
}

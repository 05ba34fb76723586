// Model-local functions (FunctionProto): a call is inferred by running the function body as a
// subgraph, with attribute references resolved from the calling node. Calls are memoised per signature
// (function, input types and folded values, the call's attributes), so a function called twice by each of
// 30 nested functions is inferred 30 times, not 2^30; a budget on expanded nodes stops what memoising cannot
// (every call with a new signature), and a function on its own call stack is a recursion error.
import { MAX_FUNCTION_EXPANSION_NODES, ModelLimitError, ModelStructureError } from '../model/errors';
import { normalizeDomain, type AttributeValue, type FunctionDef, type Graph, type Node } from '../model/graph';
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

/** Per-inference state of function expansion (one per Inferencer). */
export class FunctionCalls {
  readonly memo = new Map<string, Array<TVal | undefined>>();
  readonly stack: string[] = [];
  expandedNodes = 0;
}

const objectIds = new WeakMap<object, number>();
let nextId = 1;
function idOf(o: object): number {
  let id = objectIds.get(o);
  if (id === undefined) objectIds.set(o, (id = nextId++));
  return id;
}

/** A stable text for a call's inputs and attributes (graphs and tensors by identity; bigint as text). */
function signature(key: string, call: Node, inputs: Array<TVal | undefined>): string {
  return `${key}|${JSON.stringify(inputs)}|${JSON.stringify(call.attributes, (_k, v: unknown) => {
    if (typeof v === 'bigint') return `${v}n`;
    if (v && typeof v === 'object' && ('nodes' in v || 'data' in v)) return `#${idOf(v)}`; // Graph or TensorInfo
    return v;
  })}`;
}

export function inferFunctionCall(
  inf: Inferencer,
  f: FunctionDef,
  call: Node,
  inputs: Array<TVal | undefined>,
  scope: Parameters<Inferencer['runGraph']>[2],
): Array<TVal | undefined> {
  const calls = inf.functionCalls;
  const key = `${normalizeDomain(f.domain)}::${f.name}`;
  if (calls.stack.includes(key))
    throw new ModelStructureError(`function '${f.name}' calls itself (${[...calls.stack, key].join(' → ')}); ONNX functions may not be recursive`, 'function-recursion', [f.name]);
  const sig = signature(key, call, inputs);
  const hit = calls.memo.get(sig);
  if (hit) return hit;
  calls.expandedNodes += f.nodes.length;
  if (calls.expandedNodes > MAX_FUNCTION_EXPANSION_NODES)
    throw new ModelLimitError(
      `expanding model-local function calls visited more than ${MAX_FUNCTION_EXPANSION_NODES} nodes (at function '${f.name}', called by '${call.name || call.opType}'); the call tree is too large to infer`,
      'function-expansion', [f.name],
    );
  const graph: Graph = {
    name: f.name,
    nodes: f.nodes.map((n) => resolveAttrs(n, call)),
    inputs: f.inputs.map((name) => ({ name })),
    outputs: f.outputs.map((name) => ({ name })),
    initializers: [],
    sparseInitializers: [],
    valueInfo: [],
  };
  calls.stack.push(key);
  try {
    const out = inf.runGraph(graph, inputs, scope);
    calls.memo.set(sig, out);
    return out;
  } finally {
    calls.stack.pop();
  }
}

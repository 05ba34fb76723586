// CompactGraph <-> WireGraph (protocol.ts): the host encodes the graph once per document, the
// webview decodes it on `init`. Decoding shares one ViewTensorRef object per tensor and one scope
// array per scope path between nodes (consumers only read them, or replace a node's scope whole).
import type { CompactGraph, ViewTensorRef, WireGraph } from './protocol';

/** Index of each distinct value, in first-seen order. */
class Interner<T> {
  readonly values: T[] = [];
  private readonly index = new Map<string, number>();
  constructor(private readonly key: (v: T) => string) {}
  id(v: T): number {
    const k = this.key(v);
    let i = this.index.get(k);
    if (i === undefined) {
      i = this.values.length;
      this.values.push(v);
      this.index.set(k, i);
    }
    return i;
  }
}

export function encodeGraph(g: CompactGraph): WireGraph {
  const types = new Interner<string>((s) => s);
  const ops = new Interner<string>((s) => s);
  // Scope segments never contain '/', so the joined path is a faithful key.
  const scopes = new Interner<string[]>((s) => s.join('/'));
  const tensorNames: string[] = [];
  const tensorTypes: number[] = [];
  const tensorIndex = new Map<string, number>();
  const tensor = (r: ViewTensorRef): number => {
    let i = tensorIndex.get(r.name);
    // A name seen with a different type string (never from buildCompactGraph) gets its own entry.
    if (i !== undefined && types.values[tensorTypes[i]] === r.type) return i;
    i = tensorNames.length;
    tensorNames.push(r.name);
    tensorTypes.push(types.id(r.type));
    if (!tensorIndex.has(r.name)) tensorIndex.set(r.name, i);
    return i;
  };
  const byName = (name: string): number => tensorIndex.get(name) ?? tensor({ name, type: '?' });
  const nodeInputs = g.nodes.map((n) => n.inputs.map(tensor));
  const nodeOutputs = g.nodes.map((n) => n.outputs.map(tensor));
  const inputs = g.inputs.map(tensor);
  const outputs = g.outputs.map(tensor);
  const edges: number[] = [];
  for (const e of g.edges) edges.push(e.from, e.to, byName(e.tensor));
  return {
    title: g.title,
    notes: g.notes,
    types: types.values,
    tensorNames,
    tensorTypes,
    nodeNames: g.nodes.map((n) => n.name),
    nodeOps: g.nodes.map((n) => ops.id(n.opType)),
    nodeScopes: g.nodes.map((n) => scopes.id(n.scope)),
    opTypes: ops.values,
    scopes: scopes.values,
    nodeInputs,
    nodeOutputs,
    edges,
    inputs,
    outputs,
  };
}

export function decodeGraph(w: WireGraph): CompactGraph {
  const refs: ViewTensorRef[] = w.tensorNames.map((name, i) => ({ name, type: w.types[w.tensorTypes[i]] ?? '?' }));
  const ref = (i: number): ViewTensorRef => refs[i];
  const edges: CompactGraph['edges'] = [];
  for (let k = 0; k + 2 < w.edges.length; k += 3) edges.push({ from: w.edges[k], to: w.edges[k + 1], tensor: w.tensorNames[w.edges[k + 2]] });
  return {
    title: w.title,
    notes: w.notes,
    nodes: w.nodeNames.map((name, i) => ({
      name,
      opType: w.opTypes[w.nodeOps[i]],
      scope: w.scopes[w.nodeScopes[i]],
      inputs: w.nodeInputs[i].map(ref),
      outputs: w.nodeOutputs[i].map(ref),
    })),
    edges,
    inputs: w.inputs.map(ref),
    outputs: w.outputs.map(ref),
  };
}

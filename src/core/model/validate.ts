// Structural checks on a Model after reading: what protobuf framing cannot catch. Errors (a cycle, a
// recursive function, an impossible dim) throw a ModelError naming the nodes/tensors; oddities that
// onnxruntime tolerates or that only make results ambiguous (duplicate producers, an initializer shadowing an
// input) come back as warnings. Linear in the model size (the 100k-node model: a few ms).
import { dimsProblem, ModelLimitError, ModelStructureError } from './errors';
import { nodeLabel, normalizeDomain, type FunctionDef, type Graph, type Model, type Node, type TensorInfo, type ValueInfo } from './graph';

const checkedAcyclic = new WeakSet<Model>();

/** Warnings found (already folded: at most a few examples per kind). Throws ModelStructureError / ModelLimitError. */
export function validateModel(model: Model): string[] {
  const w = new WarningFold();
  visitGraph(model.graph, 'main graph', model, w);
  for (const f of model.functions) {
    const cycle = findCycle(f.nodes);
    if (cycle) throw cycleError(`function '${f.name}'`, cycle);
    forSubgraphs(f.nodes, (g, where) => visitGraph(g, `${where} in function '${f.name}'`, model, w));
  }
  checkFunctionRecursion(model.functions);
  checkedAcyclic.add(model); // inferShapes need not check again
  return w.finish();
}

function visitGraph(g: Graph, where: string, model: Model, w: WarningFold): void {
  for (const t of g.initializers) checkTensor(t, `initializer '${t.name}' (${where})`);
  for (const sp of g.sparseInitializers) checkDims(sp.dims, `sparse initializer '${sp.name}' (${where})`, sp.name);
  for (const list of [g.inputs, g.outputs, g.valueInfo]) for (const vi of list) checkValueInfo(vi, where);
  let subgraphs = false;
  for (const n of g.nodes)
    for (const k in n.attributes) {
      const a = n.attributes[k];
      if (a.type === 'tensor') checkTensor(a.value, `tensor attribute of node '${nodeLabel(n)}' (${where})`);
      else if (a.type === 'tensors') for (const t of a.value) checkTensor(t, `tensor attribute of node '${nodeLabel(n)}' (${where})`);
      else if (a.type === 'graph' || a.type === 'graphs') subgraphs = true;
    }
  const producer = checkDuplicates(g, where, model, w);
  const cycle = findCycle(g.nodes, producer);
  if (cycle) throw cycleError(where, cycle);
  if (subgraphs) forSubgraphs(g.nodes, (sub, subWhere) => visitGraph(sub, `${subWhere} in ${where}`, model, w));
}

function forSubgraphs(nodes: Node[], fn: (g: Graph, where: string) => void): void {
  for (const n of nodes)
    for (const k in n.attributes) {
      const a = n.attributes[k];
      if (a.type === 'graph') fn(a.value, `${n.opType} '${nodeLabel(n)}'.${k}`);
      else if (a.type === 'graphs') a.value.forEach((g, i) => fn(g, `${n.opType} '${nodeLabel(n)}'.${k}[${i}]`));
    }
}

function checkTensor(t: TensorInfo, what: string): void {
  checkDims(t.dims, what, t.name);
}

function checkDims(dims: number[], what: string, name: string): void {
  const p = dimsProblem(dims);
  if (p) throw new ModelLimitError(`${what} ${p.text}`, p.kind, [name]);
}

function checkValueInfo(vi: ValueInfo, where: string): void {
  let t = vi.type;
  while (t && (t.kind === 'sequence' || t.kind === 'optional')) t = t.elem;
  if (!t?.shape) return;
  const p = dimsProblem(t.shape, true);
  if (p) throw new ModelLimitError(`tensor '${vi.name}' (declared in ${where}) ${p.text}`, p.kind, [vi.name]);
}

/** Tensors produced twice (two nodes, or a node over a graph input/initializer) and initializers shadowing inputs. */
function checkDuplicates(g: Graph, where: string, model: Model, w: WarningFold): Map<string, number> {
  // Producer per tensor: -1 graph input, -2 initializer, else the node index (labels formatted only when reporting).
  const producer = new Map<string, number>();
  const what = (p: number) => (p === -1 ? 'a graph input' : p === -2 ? 'an initializer' : `node '${nodeLabel(g.nodes[p])}'`);
  for (const vi of g.inputs) producer.set(vi.name, -1);
  for (const t of g.initializers) {
    if (producer.get(t.name) === -1) {
      const shape = g.inputs.find((vi) => vi.name === t.name)?.type?.shape;
      const differs = shape !== undefined && (shape.length !== t.dims.length || shape.some((d, i) => typeof d === 'number' && d !== t.dims[i]));
      if (differs || model.irVersion >= 4)
        w.add('shadow', `initializer '${t.name}' has the name of a graph input (${where})${differs ? ` with different dims [${t.dims}] vs [${shape.map((d) => d ?? '?')}]` : ''}: the input overrides it at run time`);
      continue;
    }
    if (producer.has(t.name)) w.add('dup', `tensor '${t.name}' is defined twice in ${where} (two initializers)`);
    producer.set(t.name, -2);
  }
  const nodes = g.nodes;
  for (let i = 0; i < nodes.length; i++) {
    const outs = nodes[i].outputs;
    for (let k = 0; k < outs.length; k++) {
      const o = outs[k];
      if (o === '') continue;
      const prev = producer.get(o);
      if (prev !== undefined) w.add('dup', `tensor '${o}' is produced by node '${nodeLabel(nodes[i])}' and by ${what(prev)} (${where}): later readers see one of them`);
      else producer.set(o, i);
    }
  }
  return producer;
}

/**
 * A cycle among the graph's own nodes (names from outer scopes are not edges), or undefined. Kahn's algorithm;
 * a node reading its own output is a cycle of one.
 */
export function findCycle(nodes: Node[], knownProducers?: Map<string, number>): Node[] | undefined {
  if (knownProducers) {
    // The caller's map (node index, or < 0 for inputs/initializers): sorted when every producer precedes its reader.
    let sorted = true;
    for (let i = 0; i < nodes.length && sorted; i++) {
      const ins = nodes[i].inputs;
      for (let k = 0; k < ins.length; k++) if ((knownProducers.get(ins[k]) ?? -1) >= i) sorted = false;
    }
    if (sorted) return undefined;
  }
  const producer = new Map<string, number>();
  // Fast path (the common case, one pass, no per-node arrays): every input's producer comes earlier.
  let sorted = true;
  for (let i = 0; i < nodes.length && sorted; i++) {
    const n = nodes[i];
    for (let k = 0; k < n.outputs.length; k++) if (n.outputs[k] !== '' && !producer.has(n.outputs[k])) producer.set(n.outputs[k], i);
    for (let k = 0; k < n.inputs.length; k++) {
      const p = producer.get(n.inputs[k]);
      if (p === i) sorted = false; // reads its own output
    }
  }
  if (sorted) {
    // Inputs produced later than their reader would have been missed above: check with the full map.
    for (let i = 0; i < nodes.length && sorted; i++) for (const inp of nodes[i].inputs) if ((producer.get(inp) ?? -1) > i) sorted = false;
    if (sorted) return undefined;
  }
  producer.clear();
  for (let i = 0; i < nodes.length; i++) for (const o of nodes[i].outputs) if (o !== '' && !producer.has(o)) producer.set(o, i);
  const indeg = new Int32Array(nodes.length);
  const users = new Array<number[]>(nodes.length);
  for (let i = 0; i < nodes.length; i++) users[i] = [];
  for (let i = 0; i < nodes.length; i++)
    for (const inp of nodes[i].inputs) {
      const p = producer.get(inp);
      if (p === undefined) continue;
      indeg[i]++;
      users[p].push(i);
    }
  const ready: number[] = [];
  for (let i = 0; i < nodes.length; i++) if (indeg[i] === 0) ready.push(i);
  let done = 0;
  for (let k = 0; k < ready.length; k++) {
    done++;
    for (const u of users[ready[k]]) if (--indeg[u] === 0) ready.push(u);
  }
  if (done === nodes.length) return undefined;
  // Walk back through producers that are still blocked until a node repeats: that loop is a cycle.
  let at = indeg.findIndex((d) => d > 0);
  const seenAt = new Map<number, number>();
  const path: number[] = [];
  while (!seenAt.has(at)) {
    seenAt.set(at, path.length);
    path.push(at);
    const next = nodes[at].inputs.map((n) => producer.get(n)).find((p) => p !== undefined && indeg[p] > 0);
    if (next === undefined) break;
    at = next;
  }
  return path.slice(seenAt.get(at) ?? 0).reverse().map((i) => nodes[i]);
}

function cycleError(where: string, cycle: Node[]): ModelStructureError {
  const names = cycle.map(nodeLabel);
  const text = cycle.length === 1 ? `node '${names[0]}' reads its own output` : `nodes form a cycle: ${[...names, names[0]].map((n) => `'${n}'`).join(' → ')}`;
  return new ModelStructureError(`${where}: ${text}; a model graph must be acyclic`, 'cycle', names);
}

const fnKey = (domain: string, name: string) => `${normalizeDomain(domain)}::${name}`;

/** Throws when a model-local function calls itself, directly or through others (ONNX forbids it). */
export function checkFunctionRecursion(functions: FunctionDef[]): void {
  if (functions.length === 0) return;
  const byKey = new Map(functions.map((f) => [fnKey(f.domain, f.name), f]));
  const calls = (f: FunctionDef): FunctionDef[] => {
    const out: FunctionDef[] = [];
    const visit = (nodes: Node[]) => {
      for (const n of nodes) {
        const g = byKey.get(fnKey(n.domain, n.opType));
        if (g) out.push(g);
        forSubgraphs([n], (sub) => visit(sub.nodes));
      }
    };
    visit(f.nodes);
    return out;
  };
  const state = new Map<FunctionDef, 1 | 2>(); // 1 = on the stack, 2 = done
  const stack: FunctionDef[] = [];
  const dfs = (f: FunctionDef): void => {
    state.set(f, 1);
    stack.push(f);
    for (const g of calls(f)) {
      const s = state.get(g);
      if (s === 1) {
        const chain = [...stack.slice(stack.indexOf(g)), g].map((x) => x.name);
        throw new ModelStructureError(
          chain.length === 2 ? `function '${g.name}' calls itself; ONNX functions may not be recursive` : `functions call each other in a cycle: ${chain.map((n) => `'${n}'`).join(' → ')}; ONNX functions may not be recursive`,
          'function-recursion', chain.slice(0, -1),
        );
      }
      if (s === undefined) dfs(g);
    }
    stack.pop();
    state.set(f, 2);
  };
  for (const f of functions) if (!state.has(f)) dfs(f);
}

/** A few examples per kind, then a count. */
class WarningFold {
  private readonly kinds = new Map<string, { shown: string[]; total: number }>();
  add(kind: string, message: string): void {
    let k = this.kinds.get(kind);
    if (!k) this.kinds.set(kind, (k = { shown: [], total: 0 }));
    k.total++;
    if (k.shown.length < 3) k.shown.push(message);
  }
  finish(): string[] {
    const out: string[] = [];
    for (const k of this.kinds.values()) {
      out.push(...k.shown);
      if (k.total > k.shown.length) out.push(`...and ${k.total - k.shown.length} more like the above`);
    }
    return out;
  }
}


/**
 * The structural errors alone (cycles in the main graph or a function body, recursive functions), for callers
 * that may get a hand-built Model rather than one from the reader. Checked once per Model object.
 */
export function assertAcyclic(model: Model): void {
  if (checkedAcyclic.has(model)) return;
  const cycle = findCycle(model.graph.nodes);
  if (cycle) throw cycleError('main graph', cycle);
  for (const f of model.functions) {
    const c = findCycle(f.nodes);
    if (c) throw cycleError(`function '${f.name}'`, c);
  }
  checkFunctionRecursion(model.functions);
  checkedAcyclic.add(model);
}

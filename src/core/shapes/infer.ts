// The graph walk: seeds graph inputs (with the user's bindings) and initializers, runs each
// node's inference function in order, reconciles results with declared value_info (conflicts
// are reported, unknowns filled from declarations), and recurses into If/Loop/Scan bodies.
import { nodeLabel, normalizeDomain, opKey, type Dim, type Graph, type Model, type Node, type TypeInfo } from '../model/graph';
import { InferError, OpContext, ValueUnknownError, valuesOfTensor, type TVal } from './context';
import { lookup, lookupFallback } from './registry';
import { substituteDim } from './dims';
import { FOLD_LIMIT, numelOf } from './fold';
import { FunctionCalls, inferFunctionCall } from './functions';
import { ShapeInternalError } from './errors';
import { dimsProblem, ModelError, ModelLimitError } from '../model/errors';
import { assertAcyclic } from '../model/validate';
import type { InferredTensor, ShapeBindings, ShapeConflict, ShapeResult, UnknownTensor } from './types';
import './ops/all';

/** Scope chain: a subgraph sees its own names first, then the enclosing graphs'. */
class Scope {
  constructor(
    readonly parent: Scope | undefined,
    /** The root scope shares the Inferencer's `all` map (no second copy of the main graph). */
    readonly map = new Map<string, TVal>(),
  ) {}
  get(name: string): TVal | undefined {
    return this.map.get(name) ?? this.parent?.get(name);
  }
}

interface Failure {
  node: string;
  opType: string;
  reason: string;
}

export class Inferencer {
  readonly conflicts: ShapeConflict[] = [];
  readonly unsupported = new Set<string>();
  /** tensor -> why it is not (fully) known. */
  readonly failures = new Map<string, Failure>();
  /** Every tensor of the main graph; the root scope's own map. */
  readonly all = new Map<string, TVal>();
  /**
   * Tensors defined inside If/Loop/Scan bodies and function calls, by name (the first definition wins). Kept apart
   * from `all` so a body's names never become visible to the main graph or to a sibling branch; merged into the
   * result at the end (main-graph names take precedence).
   */
  readonly bodies = new Map<string, TVal>();
  /** Node outputs (subgraphs included) whose type was not complete when produced, with their node. */
  readonly incomplete: Array<{ tensor: string; node: Node }> = [];
  /** Memo, call stack and budget of model-local function expansion. */
  readonly functionCalls = new FunctionCalls();
  private readonly dims: Record<string, number>;

  constructor(
    readonly model: Model,
    readonly bindings: ShapeBindings,
  ) {
    this.dims = bindings.dims ?? {};
  }

  opset(domain: string): number {
    const d = normalizeDomain(domain);
    const v = this.model.opsetImports[d];
    if (v !== undefined) return v;
    return d === '' ? (this.model.opsetImports['ai.onnx'] ?? 1) : 1;
  }

  fromTypeInfo(t: TypeInfo | undefined, inputName?: string): TVal | undefined {
    if (!t) return undefined;
    if (t.kind === 'sequence' || t.kind === 'optional') return { kind: t.kind, elem: this.fromTypeInfo(t.elem) };
    if (t.kind !== 'tensor' && t.kind !== 'sparse_tensor') return { kind: t.kind === 'map' ? 'map' : 'opaque', dtype: t.dtype };
    const shape = t.shape?.map((d, i) => {
      // dim_value -1 (TensorRT-style "dynamic") is not a size: treat as unknown.
      const s = typeof d === 'number' && d < 0 ? null : substituteDim(d, this.dims);
      // Give unnamed graph-input dims a symbol so shape arithmetic on them still folds.
      return s === null && inputName !== undefined ? `${inputName.replace(/[^A-Za-z0-9_]/g, '_')}_d${i}` : s;
    });
    return { dtype: t.dtype, shape };
  }

  /** Infer one graph; `inputs` override the declared input types (subgraph bodies). */
  runGraph(graph: Graph, inputs: Array<TVal | undefined> | undefined, parent: unknown): Array<TVal | undefined> {
    if (parent !== undefined && !(parent instanceof Scope)) throw new Error('runGraph: bad scope');
    const scope = parent instanceof Scope ? new Scope(parent) : new Scope(undefined, this.all);
    const declared = new Map<string, TVal>();
    for (const vi of graph.valueInfo) {
      const t = this.fromTypeInfo(vi.type);
      if (t) declared.set(vi.name, t);
    }
    for (const vi of graph.outputs) {
      const t = this.fromTypeInfo(vi.type);
      if (t) declared.set(vi.name, t);
    }
    for (const init of graph.initializers) {
      const value = valuesOfTensor(init);
      const t: TVal = { dtype: init.dtype, shape: [...init.dims] };
      if (value && value.length <= FOLD_LIMIT) t.value = value;
      this.set(scope, init.name, t);
    }
    for (const sp of graph.sparseInitializers) this.set(scope, sp.name, { dtype: sp.values.dtype, shape: [...sp.dims] });
    graph.inputs.forEach((vi, i) => {
      const given = inputs?.[i];
      let t: TVal | undefined;
      const boundShape = parent ? undefined : this.bindings.inputs?.[vi.name];
      if (given) t = given;
      else t = this.fromTypeInfo(vi.type, parent ? undefined : vi.name);
      if (boundShape) {
        // A binding that contradicts a fixed declared dim is reported (the binding still wins).
        const decl = t?.shape;
        if (decl && (decl.length !== boundShape.length || decl.some((d, k) => typeof d === 'number' && d !== boundShape[k])))
          this.conflicts.push({ tensor: vi.name, node: '(graph input binding)', declared: fmt(t!), inferred: fmt({ dtype: t?.dtype, shape: boundShape }) });
        t = { kind: 'tensor', dtype: t?.dtype, shape: [...boundShape] };
      }
      const init = scope.map.get(vi.name);
      if (init) t = { ...init, ...(t?.shape ? { shape: t.shape } : {}), value: init.value }; // initializer = default value
      const bv = parent ? undefined : this.bindings.values?.[vi.name];
      if (bv && t) t = { ...t, value: bv.map((x) => (typeof x === 'bigint' ? Number(x) : x)) };
      if (t) this.set(scope, vi.name, t);
    });
    for (const node of topoOrder(graph.nodes)) this.runNode(node, scope, declared);
    return graph.outputs.map((o) => scope.get(o.name));
  }

  private set(scope: Scope, name: string, t: TVal, node?: Node): void {
    if (t.shape) {
      const p = dimsProblem(t.shape);
      if (p) {
        const by = node ? ` (output of ${node.opType} node '${nodeLabel(node)}')` : '';
        throw new ModelLimitError(`tensor '${name}'${by} ${p.text}; no figure is computed from it`, p.kind, [name]);
      }
    }
    scope.map.set(name, t);
    if (scope.parent && !this.bodies.has(name)) this.bodies.set(name, t);
  }

  private runNode(node: Node, scope: Scope, declared: Map<string, TVal>): void {
    const inputs = node.inputs.map((n) => (n === '' ? undefined : scope.get(n)));
    const opset = this.opset(node.domain);
    let outs: Array<TVal | undefined> = [];
    let reason: string | undefined;
    const fn = lookup(node.domain, node.opType, opset);
    try {
      if (fn) outs = fn(new OpContext(node, inputs, opset, this, scope));
      else {
        const f = this.model.functions.find((x) => x.name === node.opType && normalizeDomain(x.domain) === normalizeDomain(node.domain));
        if (f) outs = inferFunctionCall(this, f, node, inputs, scope);
        else {
          this.unsupported.add(opKey(node.domain, node.opType));
          reason = `no shape inference for ${opKey(node.domain, node.opType)}`;
        }
      }
    } catch (e) {
      outs = [];
      if (!(e instanceof InferError)) throw asFatal(e, node);
      reason = e.message;
      const fb = e instanceof ValueUnknownError ? lookupFallback(node.domain, node.opType) : undefined;
      if (fb) {
        try {
          outs = fb(new OpContext(node, inputs, opset, this, scope)); // rank known, sizes not
        } catch (e2) {
          if (!(e2 instanceof InferError)) throw asFatal(e2, node);
          outs = [];
        }
      }
    }
    node.outputs.forEach((name, i) => {
      if (name === '') return;
      let t = outs[i];
      if (t) t = sanitize(t);
      const d = declared.get(name);
      if (d) t = this.reconcile(name, nodeLabel(node), t, d);
      if (t) this.set(scope, name, t, node);
      else if (scope.map.has(name)) scope.map.delete(name);
      if (!isComplete(t)) this.incomplete.push({ tensor: name, node });
      if (reason && (!t || !t.shape || !d)) this.failures.set(name, { node: nodeLabel(node), opType: node.opType, reason });
      else if (reason) this.failures.set(name, { node: nodeLabel(node), opType: node.opType, reason: `${reason} (declared type used)` });
    });
  }

  /** Compare inferred with declared; conflicts are reported, unknown parts filled from the declaration. */
  private reconcile(name: string, node: string, t: TVal | undefined, d: TVal): TVal {
    if (!t) return d;
    if (t.kind && t.kind !== 'tensor') return t;
    let conflict = false;
    if (t.dtype && d.dtype && t.dtype !== d.dtype) conflict = true;
    let shape = t.shape;
    if (t.shape && d.shape) {
      if (t.shape.length !== d.shape.length) conflict = true;
      else
        shape = t.shape.map((x, i) => {
          const y = d.shape![i];
          if (typeof x === 'number' && typeof y === 'number' && x !== y) conflict = true;
          return x === null ? y : x;
        });
    }
    if (conflict) {
      this.conflicts.push({ tensor: name, node, declared: fmt(d), inferred: fmt(t) });
      return t;
    }
    return { ...t, dtype: t.dtype ?? d.dtype, shape: shape ?? d.shape };
  }
}

/**
 * Nodes in an order where producers come first. ONNX requires topological order but some
 * converters do not keep it; the common sorted case costs one pass. Cycles keep file order.
 */
const orderCache = new WeakMap<Node[], Node[]>();

export function topoOrder(nodes: Node[]): Node[] {
  // Models are read-only: the order is computed once per node list (the editor re-infers often).
  let order = orderCache.get(nodes);
  if (!order) {
    order = computeTopoOrder(nodes);
    orderCache.set(nodes, order);
  }
  return order;
}

function computeTopoOrder(nodes: Node[]): Node[] {
  const producer = new Map<string, number>();
  nodes.forEach((n, i) => n.outputs.forEach((o) => o && producer.set(o, i)));
  let sorted = true;
  outer: for (let i = 0; i < nodes.length; i++)
    for (const inp of nodes[i].inputs) {
      const p = producer.get(inp);
      if (p !== undefined && p > i) {
        sorted = false;
        break outer;
      }
    }
  if (sorted) return nodes;
  const indeg = new Array(nodes.length).fill(0);
  const users: number[][] = nodes.map(() => []);
  nodes.forEach((n, i) => {
    for (const inp of new Set(n.inputs)) {
      const p = producer.get(inp);
      if (p !== undefined && p !== i) {
        indeg[i]++;
        users[p].push(i);
      }
    }
  });
  const out: Node[] = [];
  const done = new Array(nodes.length).fill(false);
  const ready = nodes.map((_, i) => i).filter((i) => indeg[i] === 0);
  for (let k = 0; k < ready.length; k++) {
    const i = ready[k];
    done[i] = true;
    out.push(nodes[i]);
    for (const u of users[i]) if (--indeg[u] === 0) ready.push(u);
  }
  nodes.forEach((n, i) => !done[i] && out.push(n));
  return out;
}

function fmt(t: TVal): string {
  return `${t.dtype ?? '?'} ${t.shape ? `[${t.shape.map((d) => (d === null ? '?' : d)).join(',')}]` : '[?]'}`;
}

/** Drop folded values that are too large or inconsistent with the shape. */
function sanitize(t: TVal): TVal {
  if (!t.value) return t;
  const n = numelOf(t.shape);
  if (t.value.length > FOLD_LIMIT || (n !== undefined && n !== t.value.length)) return { ...t, value: undefined };
  return t;
}

/**
 * Turn an internal TVal into the contract's InferredTensor in place (values with symbols move to
 * symbolicValue), so the result map is the walk's own map rather than a copy. Idempotent, as
 * TVals may be shared between tensors.
 */
function finalize(t: TVal): InferredTensor {
  const out = t as TVal & InferredTensor;
  if (t.kind === 'tensor') out.kind = undefined;
  if (t.value && !t.value.every((v) => typeof v === 'number')) {
    out.symbolicValue = t.value;
    out.value = undefined;
  }
  if (t.elem) finalize(t.elem);
  return out;
}

function isComplete(t: TVal | undefined): boolean {
  if (!t) return false;
  if (t.kind === 'sequence' || t.kind === 'optional') return t.elem !== undefined && isComplete(t.elem);
  if (t.kind === 'map' || t.kind === 'opaque') return true;
  return t.dtype !== undefined && t.shape !== undefined && !t.shape.some((d: Dim) => d === null);
}

/** Model errors and internal errors already typed pass through; anything else is a bug at this node. */
function asFatal(e: unknown, node: Node): Error {
  if (e instanceof ModelError || e instanceof ShapeInternalError) return e;
  return new ShapeInternalError(nodeLabel(node), node.opType, e);
}

export function runInference(model: Model, bindings: ShapeBindings = {}): ShapeResult {
  assertAcyclic(model);
  const inf = new Inferencer(model, bindings);
  inf.runGraph(model.graph, undefined, undefined);
  for (const [name, t] of inf.bodies) if (!inf.all.has(name)) inf.all.set(name, t);
  const unknown: UnknownTensor[] = [];
  for (const { tensor: name, node } of inf.incomplete) {
    const t = inf.all.get(name);
    if (isComplete(t)) continue; // e.g. a subgraph tensor whose name the main graph also uses
    const f = inf.failures.get(name);
    const missingIn = node.inputs.find((n) => n !== '' && !isComplete(inf.all.get(n)));
    const reason =
      f?.reason ??
      (missingIn !== undefined ? `depends on ${missingIn}, which is not fully known` : t?.shape ? 'size depends on input data' : 'rank unknown');
    unknown.push({ tensor: name, node: f?.node ?? nodeLabel(node), opType: node.opType, reason });
  }
  for (const t of inf.all.values()) finalize(t);
  const tensors = inf.all as Map<string, InferredTensor>;
  return { tensors, unknown, conflicts: inf.conflicts, unsupportedOps: [...inf.unsupported].sort() };
}

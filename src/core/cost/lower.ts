// Lowering: every ONNX node of the main graph becomes exactly one NPU layer of one of four kinds —
//   mac    : Conv, ConvTranspose, MatMul, Gemm (and the attention pattern, as one group)
//   vector : norms, softmax, reductions, resize, pooling, gathers, standalone elementwise
//   fused  : an elementwise epilogue (bias, activation, residual add, affine of a norm) folded into the layer that
//            produced its input, as an NPU compiler would; costs 0 on its own, its work is carried by the group head
//   free   : reshape-like views (Reshape, Transpose, Slice, Concat...) and shape arithmetic
// Groups (a head plus its fused layers) are what the engine tiles and schedules. Nothing here depends on hardware
// except the two compiler choices in LoweringOptions.
//
// The lowering runs as named passes over one LoweringRecord (as Vela's compiler_driver runs its graph passes), each
// followed by an invariant check (Vela's verify_graph_health): constantFolding, opClasses, attentionMatching, fusion,
// normFusion, ordering, loopNests, liveness, layerRecords. Each pass can be run and tested alone (runPasses).
import type { Model, Node } from '../model/graph';
import { nodeLabel } from '../model/graph';
import type { InferredTensor } from '../shapes/types';
import { nodeMacs, product, type MacClass } from './macs';
import { opInfo, type OpInfo } from './ops';
import { weightTensors } from '../model/weights';

export type LayerClass = 'mac' | 'vector' | 'elementwise' | 'free';

/** Loop nest of a group head, in elements (bit widths are applied per hardware). */
export type Loop =
  | { type: 'conv'; n: number; oc: number; oh: number; ow: number; icg: number; kh: number; kw: number; sh: number; sw: number; dh: number; dw: number; groups: number; ih: number; iw: number; up?: number }
  | { type: 'gemm'; batch: number; m: number; k: number; n: number; bIsWeight: boolean }
  | { type: 'attention'; bh: number; sq: number; sk: number; d: number; dv: number }
  | { type: 'vector'; elems: number; slab: number };

/** A MAC sub-computation with the dims the array-fit utilisation needs: k = reduction, n = output channels, m = output positions. */
export interface MacTerm { macs: number; k: number; n: number; m: number }

/** An operand read or written by a group: which materialised tensors back it (a Concat view has several). */
export interface Slot {
  role: 'input' | 'input2' | 'input3' | 'extra' | 'output';
  elements: number;
  roots: Array<{ tensor: number; frac: number }>;
}

/** Vector work of a group by Vela cost class (elements x passes), for the per-op vector cost model. */
export type VectorWork = Record<OpInfo['velaClass'], number>;

export interface Group {
  id: number;
  head: number; // node index
  members: number[]; // node indices, head first
  kind: 'mac' | 'vector' | 'attention';
  loop: Loop;
  macTerms: MacTerm[];
  macs: number;
  vectorOps: number;
  /** vectorOps split by Vela cost class (sums to vectorOps). */
  vectorWork: VectorWork;
  /** Weight elements of the tiled operand (conv kernel, linear matrix). */
  weightElems: number;
  /** Other constants (biases, norm affine, embedding rows read): read once. */
  constElems: number;
  slots: Slot[];
  /** Position in execution order (groups sorted by their last member). */
  pos: number;
  /** Layers whose shapes were unknown: the group is costed as 0 and reported as uncosted. */
  uncosted?: string;
}

export interface TensorRec {
  id: number;
  name: string;
  elements: number;
  /** Producing group, -1 for a graph input. */
  producer: number;
  consumers: number[]; // group ids
  graphInput: boolean;
  graphOutput: boolean;
  /** Liveness in group positions (inclusive). */
  start: number;
  end: number;
}

export interface LayerInfo {
  nodeIndex: number;
  name: string;
  opType: string;
  cls: LayerClass;
  macs: number;
  macClass: MacClass;
  /** Weight (constant operand) elements of this node alone. */
  weightElems: number;
  group: number; // -1 for free layers
  /** Why this layer could not be costed (unknown shapes, unsupported op); undefined when it was. */
  uncosted?: string;
  /** If/Loop/Scan: the engine costs its bodies (engine.ts costBodies). */
  controlFlow?: boolean;
}

export interface Lowering {
  layers: LayerInfo[];
  groups: Group[]; // in execution order (groups[i].pos === i)
  tensors: TensorRec[];
  warnings: string[];
}

export interface LoweringOptions {
  attention: 'flash' | 'materialized';
  /** GroupNorm/LayerNorm statistics in the producer's epilogue, normalisation in the consumer's prologue. */
  normFusion: boolean;
  /** Batch the graph runs at: the leading dim of every activation x batch, weights shared (classifier-free guidance = 2). */
  batch?: number;
  /** A nearest-neighbour 2x Resize read only by convs is folded into their input addressing (Vela ifm_resampling_mode). */
  resizeFolding?: boolean;
  /** A residual block's shortcut conv runs on the same output tile as the conv whose epilogue adds it. */
  shortcutFusion?: boolean;
}

export interface ShapeLookup {
  shape(name: string): number[] | undefined;
  tensor(name: string): InferredTensor | undefined;
}

interface RawGroup {
  head: number;
  members: number[];
  kind: Group['kind'];
  /** Set by normFusion: the group runs in its consumers' prologue and its producers' epilogue. */
  folded?: boolean;
}

/** The one record every pass reads and extends. Fields are filled in pass order (see PASSES). */
export interface LoweringRecord {
  model: Model;
  nodes: Node[];
  shapes: ShapeLookup;
  options: LoweringOptions;
  warnings: string[];
  warnOnce: Set<string>;
  // constantFolding
  constant: Set<string>;
  initDims: Map<string, number[]>;
  graphInputs: Set<string>;
  // opClasses
  info: OpInfo[];
  classes: LayerClass[];
  consumersOf: Map<string, number[]>;
  // attentionMatching
  attention: Map<number, number>; // member node -> first MatMul node
  attnInfo: Map<number, { m2: number; scale: number[]; softmax: number }>;
  // fusion
  roots: Map<string, string[]>;
  groupOfNode: Int32Array;
  groupsRaw: RawGroup[];
  /** normFusion: a folded norm group's outputs read as its input's roots (the consumer normalises on the fly). */
  alias: Map<string, string[]>;
  /** normFusion: extra vector work (statistics) per raw group. */
  extraOps: Map<number, VectorWork>;
  /** resizeFolding: folded Resize outputs -> upsampling factor the reading conv applies in its addressing. */
  upsampled: Map<string, number>;
  /** shortcutFusion: shortcut conv nodes running inside another conv's group. */
  shortcut: Set<number>;
  // ordering
  posOf: Int32Array;
  order: number[]; // raw group ids in execution order
  // loopNests
  groups: Group[];
  tensors: TensorRec[];
  tensorIds: Map<string, number>;
  producerNode: Map<string, number>;
  // layerRecords
  layers: LayerInfo[];
}

export class LoweringInvariantError extends Error {
  override name = 'LoweringInvariantError';
  constructor(readonly pass: string, message: string) {
    super(`lowering invariant after ${pass}: ${message}`);
  }
}

function attrInt(node: Node, name: string, dflt: number): number {
  const a = node.attributes[name];
  return a && a.type === 'int' ? Number(a.value) : dflt;
}

function attrInts(node: Node, name: string): number[] | undefined {
  const a = node.attributes[name];
  return a && a.type === 'ints' ? a.value.map(Number) : undefined;
}

function warn(rec: LoweringRecord, key: string, msg: string): void {
  if (!rec.warnOnce.has(key)) {
    rec.warnOnce.add(key);
    rec.warnings.push(msg);
  }
}

function shapeOf(rec: LoweringRecord, name: string): number[] | undefined {
  const s = rec.shapes.shape(name) ?? rec.initDims.get(name);
  const b = rec.options.batch ?? 1;
  // Batch-first exports: an activation's leading dim is the batch (or batch x heads); constants are shared.
  if (b === 1 || !s || s.length === 0 || rec.constant.has(name) || rec.shapes.tensor(name)?.value !== undefined) return s;
  return [s[0] * b, ...s.slice(1)];
}

function elems(rec: LoweringRecord, name: string): number {
  const s = shapeOf(rec, name);
  return s ? product(s) : 0;
}

function isShapeMath(rec: LoweringRecord, n: Node): boolean {
  return n.outputs.every((o) => {
    if (o === '') return true;
    const t = rec.shapes.tensor(o);
    if (t?.value !== undefined) return true;
    const s = shapeOf(rec, o);
    return (t?.dtype === 'int64' || t?.dtype === 'int32' || t?.dtype === 'bool') && s !== undefined && product(s) <= 64;
  });
}

/** Materialised tensors a (possibly view) tensor is made of; through normFusion aliases. */
function rootsOf(rec: LoweringRecord, t: string): string[] {
  const rs = rec.roots.get(t) ?? (rec.constant.has(t) ? [] : [t]);
  if (rec.alias.size === 0) return rs;
  const out: string[] = [];
  for (const r of rs) for (const a of rec.alias.get(r) ?? [r]) if (!out.includes(a)) out.push(a);
  return out;
}

export function newRecord(model: Model, shapes: ShapeLookup, options: LoweringOptions): LoweringRecord {
  const nodes = model.graph.nodes;
  return {
    model, nodes, shapes, options, warnings: [], warnOnce: new Set(),
    constant: new Set(), initDims: new Map(), graphInputs: new Set(),
    info: [], classes: [], consumersOf: new Map(), attention: new Map(), attnInfo: new Map(),
    roots: new Map(), groupOfNode: new Int32Array(nodes.length).fill(-1), groupsRaw: [], alias: new Map(), extraOps: new Map(), upsampled: new Map(), shortcut: new Set(),
    posOf: new Int32Array(0), order: [], groups: [], tensors: [], tensorIds: new Map(), producerNode: new Map(), layers: [],
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Pass 1: constant folding. Initializers, Constant outputs and anything computed only from constants (folded by any
// compiler). With every shape bound, Shape/Size outputs are constants too, so masks and positions built from them fold.
export function constantFolding(rec: LoweringRecord): void {
  const g = rec.model.graph;
  // Weights: initializers, and Constant nodes feeding a weight input (converters that keep weights as Constants).
  for (const w of weightTensors(g).values()) {
    rec.constant.add(w.name);
    rec.initDims.set(w.name, w.tensor.dims);
  }
  for (const i of g.inputs) if (!rec.constant.has(i.name)) rec.graphInputs.add(i.name);
  for (const n of rec.nodes) {
    const ins = n.inputs.filter((x) => x !== '');
    const staticShape = (n.opType === 'Shape' || n.opType === 'Size') && ins.length > 0 && rec.shapes.shape(ins[0]) !== undefined;
    if (n.opType === 'Constant' || staticShape || (ins.length > 0 && ins.every((x) => rec.constant.has(x)))) for (const o of n.outputs) rec.constant.add(o);
  }
}

// Pass 2: op classes from the op table, and direct consumers by tensor name.
export function opClasses(rec: LoweringRecord): void {
  rec.nodes.forEach((n, i) => {
    for (const x of n.inputs) if (x !== '') (rec.consumersOf.get(x) ?? rec.consumersOf.set(x, []).get(x)!).push(i);
  });
  for (const n of rec.nodes) {
    const info = opInfo(n.domain, n.opType);
    rec.info.push(info);
    rec.classes.push(classify(rec, n, info));
  }
}

function classify(rec: LoweringRecord, n: Node, info: OpInfo): LayerClass {
  if (n.domain !== '' && n.domain !== 'ai.onnx' && n.domain !== 'com.microsoft') return 'vector';
  if (n.outputs.every((o) => o === '' || rec.constant.has(o))) return 'free';
  if (info.cls === 'free' || info.cls === 'mac') return info.cls;
  if (isShapeMath(rec, n)) return 'free';
  return info.cls;
}

// Pass 3: attention pattern MatMul(act, act) -> [Mul|Div|Add|Sub by constant, views]* -> Softmax -> [views]* -> MatMul(probs, act).
export function attentionMatching(rec: LoweringRecord): void {
  if (rec.options.attention !== 'flash') return;
  const { nodes, constant, classes } = rec;
  const only = (t: string): number | undefined => {
    const c = rec.consumersOf.get(t);
    return c && c.length === 1 ? c[0] : undefined;
  };
  // Between the scores and the softmax: a constant scale, a constant additive mask (CLIP's causal mask), views.
  const between = (k: number) =>
    (['Mul', 'Div', 'Add', 'Sub'].includes(nodes[k].opType) && nodes[k].inputs.some((x) => constant.has(x))) ||
    (classes[k] === 'free' && ['Reshape', 'Transpose', 'Squeeze', 'Unsqueeze', 'Identity', 'Cast'].includes(nodes[k].opType));
  nodes.forEach((n, i) => {
    if (n.opType !== 'MatMul' || n.inputs.length < 2) return;
    if (constant.has(n.inputs[0]) || constant.has(n.inputs[1])) return;
    let cur = only(n.outputs[0]);
    const scale: number[] = [];
    while (cur !== undefined && between(cur)) {
      scale.push(cur);
      cur = only(nodes[cur].outputs[0]);
    }
    if (cur === undefined || nodes[cur].opType !== 'Softmax') return;
    const sm = cur;
    let t = nodes[sm].outputs[0];
    let nxt = only(t);
    while (nxt !== undefined && classes[nxt] === 'free' && nodes[nxt].opType !== 'Concat') {
      t = nodes[nxt].outputs[0];
      nxt = only(t);
    }
    if (nxt === undefined || nodes[nxt].opType !== 'MatMul' || nodes[nxt].inputs[0] !== t || constant.has(nodes[nxt].inputs[1])) return;
    // Grouping walks nodes in order: a pattern whose members come before its head (unsorted graph) stays unfused.
    if ([...scale, sm, nxt].some((k) => k < i)) return;
    rec.attention.set(i, i);
    for (const s of scale) rec.attention.set(s, i);
    rec.attention.set(sm, i);
    rec.attention.set(nxt, i);
    rec.attnInfo.set(i, { m2: nxt, scale, softmax: sm });
  });
}

/** Row length when a node reduces over the last axis only (ReduceMean/ReduceSum/ReduceMax... keepdims), else undefined. */
function rowReduce(rec: LoweringRecord, n: Node): number | undefined {
  if (!n.opType.startsWith('Reduce')) return undefined;
  const x = shapeOf(rec, n.inputs[0]);
  if (!x || x.length === 0) return undefined;
  const axes = attrInts(n, 'axes') ?? constValues(n.inputs[1], rec.shapes);
  if (!axes || axes.length !== 1) return undefined;
  const ax = ((axes[0] % x.length) + x.length) % x.length;
  return ax === x.length - 1 ? x[ax] : undefined;
}

// Pass 4: view roots and fusion groups, in node order. An elementwise node fuses into the most recent group when one of
// its inputs comes from it; reductions over the same rows chain into one vector pass; attention members join their head.
export function fusion(rec: LoweringRecord): void {
  const { nodes, constant, classes, attention, groupsRaw, groupOfNode } = rec;
  const producedInGroup = new Map<string, number>(); // root tensor -> group
  const consumed: boolean[] = []; // per group: a later group already reads one of its results
  let latest = -1;
  const attnDone = (gid: number): boolean => {
    const info = rec.attnInfo.get(groupsRaw[gid].head);
    return info !== undefined && groupsRaw[gid].members.includes(info.m2);
  };
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i];
    const cls = classes[i];
    if (cls === 'free' && !attention.has(i)) {
      // Only data inputs make a view: Concat joins all of them, reshape-likes view input 0, Shape and shape math read no data.
      const rs: string[] = [];
      const data = rec.info[i].noData || isShapeMath(rec, n) ? [] : n.opType === 'Concat' ? n.inputs : n.inputs.slice(0, 1);
      for (const x of data) if (x !== '' && !constant.has(x)) for (const r of rootsOf(rec, x)) if (!rs.includes(r)) rs.push(r);
      for (const o of n.outputs) if (o !== '') rec.roots.set(o, rs);
      continue;
    }
    let gid: number;
    const m1 = attention.get(i);
    const rr = cls === 'vector' ? rowReduce(rec, n) : undefined;
    if (m1 !== undefined && m1 !== i) {
      gid = groupOfNode[m1];
      groupsRaw[gid].members.push(i);
    } else if (m1 === i) {
      gid = groupsRaw.push({ head: i, members: [i], kind: 'attention' }) - 1;
    } else if (rr !== undefined && latest >= 0 && groupsRaw[latest].kind === 'vector' && rr === rowReduce(rec, nodes[groupsRaw[latest].head]) &&
        n.inputs.some((x) => x !== '' && rootsOf(rec, x).some((r) => producedInGroup.get(r) === latest))) {
      // A decomposed LayerNorm (ReduceMean, Sub, Pow, ReduceMean, ...): reductions over the same rows chain in one
      // vector pass, as a compiler that recognises the pattern runs them (a row is at most a few KB).
      gid = latest;
      groupsRaw[gid].members.push(i);
    } else if (cls === 'elementwise') {
      // Epilogue fusion: into the group producing the largest input, if no other group has read that group's results
      // yet (so it can still run after this op's other inputs: e.g. the UNet's time-embedding add goes into conv1).
      let best = -1;
      let bestElems = -1;
      for (const x of n.inputs) {
        if (x === '' || constant.has(x)) continue;
        for (const r of rootsOf(rec, x)) {
          const g = producedInGroup.get(r);
          if (g === undefined || consumed[g] || (groupsRaw[g].kind === 'attention' && !attnDone(g))) continue;
          const e = elems(rec, r);
          if (e > bestElems || (e === bestElems && g > best)) {
            best = g;
            bestElems = e;
          }
        }
      }
      gid = best >= 0 ? best : groupsRaw.push({ head: i, members: [i], kind: 'vector' }) - 1;
      if (best >= 0) groupsRaw[gid].members.push(i);
    } else {
      gid = groupsRaw.push({ head: i, members: [i], kind: cls === 'mac' ? 'mac' : 'vector' }) - 1;
    }
    groupOfNode[i] = gid;
    latest = gid;
    for (const x of n.inputs) {
      if (x === '' || constant.has(x)) continue;
      for (const r of rootsOf(rec, x)) {
        const g = producedInGroup.get(r);
        if (g !== undefined && g !== gid) consumed[g] = true;
      }
    }
    for (const o of n.outputs) if (o !== '') producedInGroup.set(o, gid);
  }
  rec.nodes.forEach((n, i) => n.outputs.forEach((o) => o !== '' && rec.producerNode.set(o, i)));
}

// Pass 5 (option normFusion): a normalisation group (InstanceNorm/GroupNorm/LayerNorm head, or a decomposed LayerNorm
// chain, with its fused affine and activation) whose only outside readers are MAC layers is folded away: its
// statistics run in the epilogue of the layers producing its input (2 vector ops per element: sum and sum of squares),
// the normalisation, affine and activation in the prologue of its first reader, which reads the norm's input instead
// of its output. The normalised tensor is never written. Other readers normalise on the fly too (work not duplicated here).
export function normFusion(rec: LoweringRecord): void {
  if (!rec.options.normFusion) return;
  const { nodes, groupsRaw, groupOfNode, constant } = rec;
  const readers = groupReaders(rec);
  for (let gid = 0; gid < groupsRaw.length; gid++) {
    const gr = groupsRaw[gid];
    const head = nodes[gr.head];
    if (gr.kind !== 'vector' || !(rec.info[gr.head].norm || rowReduce(rec, head) !== undefined)) continue;
    const x = head.inputs[0];
    if (!x || constant.has(x)) continue;
    const xRoots = rootsOf(rec, x);
    const producers = xRoots.map((r) => rec.producerNode.get(r)).map((p) => (p === undefined ? -1 : groupOfNode[p]));
    if (xRoots.length === 0 || producers.some((p) => p < 0 || p === gid)) continue;
    // Every activation read by a member is the norm's input or made inside the group.
    const memberSet = new Set(gr.members);
    const inside = (t: string) => rootsOf(rec, t).every((r) => xRoots.includes(r) || memberSet.has(rec.producerNode.get(r) ?? -1));
    if (!gr.members.every((m) => nodes[m].inputs.every((t) => t === '' || constant.has(t) || inside(t)))) continue;
    const outs = readers.get(gid);
    if (!outs || outs.size === 0 || [...outs].some((r) => groupsRaw[r].kind === 'vector' || groupsRaw[r].folded)) continue;
    if (rec.model.graph.outputs.some((o) => rootsOf(rec, o.name).some((r) => memberSet.has(rec.producerNode.get(r) ?? -1)))) continue;
    const first = Math.min(...outs);
    gr.folded = true;
    for (const m of gr.members) for (const o of nodes[m].outputs) if (o !== '') rec.alias.set(o, xRoots);
    const xe = xRoots.reduce((s, r) => s + elems(rec, r), 0) || 1;
    for (const [k, r] of xRoots.entries()) {
      const w = (rec.extraOps.get(producers[k]) ?? rec.extraOps.set(producers[k], emptyWork()).get(producers[k])!);
      w.other += 2 * elems(rec, r) * (xe > 0 ? 1 : 0);
    }
    // The members join their first reader (its prologue): their vector work and constants go with them.
    for (const m of gr.members) {
      groupOfNode[m] = first;
      groupsRaw[first].members.push(m);
    }
    gr.members = [];
  }
}

// Pass 5b (option resizeFolding): a nearest-neighbour Resize that doubles H and W, alone in its group and read only by
// Conv layers directly, is folded into those convs' input addressing (Vela: IFM resampling mode, nearest 2x upscale):
// the convs read the small input and the upsampled tensor is never written.
export function resizeFolding(rec: LoweringRecord): void {
  if (!rec.options.resizeFolding) return;
  const { nodes, groupsRaw, groupOfNode } = rec;
  const readers = groupReaders(rec);
  for (let gid = 0; gid < groupsRaw.length; gid++) {
    const gr = groupsRaw[gid];
    const head = nodes[gr.head];
    if (gr.folded || gr.kind !== 'vector' || head.opType !== 'Resize' || gr.members.length !== 1) continue;
    const mode = head.attributes.mode;
    if (mode && !(mode.type === 'string' && mode.value === 'nearest')) continue;
    const x = shapeOf(rec, head.inputs[0]);
    const y = shapeOf(rec, head.outputs[0]);
    if (!x || !y || x.length !== 4 || y.length !== 4 || y[2] !== 2 * x[2] || y[3] !== 2 * x[3] || y[1] !== x[1]) continue;
    const out = head.outputs[0];
    const direct = rec.consumersOf.get(out) ?? [];
    const rs = readers.get(gid);
    if (!rs || direct.length === 0 || direct.some((c) => nodes[c].opType !== 'Conv' || nodes[c].inputs[0] !== out || groupsRaw[groupOfNode[c]]?.head !== c)) continue;
    if (rs.size !== direct.length || rec.model.graph.outputs.some((o) => o.name === out)) continue;
    const xRoots = rootsOf(rec, head.inputs[0]);
    if (xRoots.length === 0) continue;
    gr.folded = true;
    rec.alias.set(out, xRoots);
    rec.upsampled.set(out, 2);
    const first = Math.min(...direct.map((c) => groupOfNode[c]));
    groupOfNode[gr.head] = first;
    groupsRaw[first].members.push(gr.head);
    gr.members = [];
  }
}

// Pass 5c (option shortcutFusion): conv2 + shortcut + Add. When the residual Add sits in a conv group's epilogue and
// its other operand is a conv group read by nothing else, that conv runs on the same output tile: it joins the group,
// reads its own input there, and its output is never written.
export function shortcutFusion(rec: LoweringRecord): void {
  if (!rec.options.shortcutFusion) return;
  const { nodes, groupsRaw, groupOfNode } = rec;
  const readers = groupReaders(rec);
  for (let hid = 0; hid < groupsRaw.length; hid++) {
    const h = groupsRaw[hid];
    if (h.folded || h.kind !== 'mac' || nodes[h.head].opType !== 'Conv') continue;
    for (const m of [...h.members]) {
      if (nodes[m].opType !== 'Add') continue;
      for (const x of nodes[m].inputs) {
        if (x === '' || rec.constant.has(x)) continue;
        const rs = rootsOf(rec, x);
        const fid = rs.length === 1 ? groupOfNode[rec.producerNode.get(rs[0]) ?? -1] ?? -1 : -1;
        if (fid < 0 || fid === hid) continue;
        const f = groupsRaw[fid];
        if (f.folded || f.kind !== 'mac' || nodes[f.head].opType !== 'Conv' || rs[0] !== nodes[f.head].outputs[0]) continue;
        if (f.members.some((mm) => mm !== f.head && (rec.classes[mm] === 'mac' || nodes[mm].outputs.some((o) => o !== '' && (rec.consumersOf.get(o) ?? []).some((c) => groupOfNode[c] >= 0 && groupOfNode[c] !== fid && groupOfNode[c] !== hid))))) continue;
        const rd = readers.get(fid);
        if (!rd || rd.size !== 1 || !rd.has(hid) || rec.model.graph.outputs.some((o) => rootsOf(rec, o.name).includes(rs[0]))) continue;
        f.folded = true;
        for (const mm of f.members) {
          groupOfNode[mm] = hid;
          h.members.push(mm);
        }
        f.members = [];
        rec.shortcut.add(f.head);
      }
    }
  }
}

/** Raw groups reading each raw group's results (through views). */
function groupReaders(rec: LoweringRecord): Map<number, Set<number>> {
  const out = new Map<number, Set<number>>();
  rec.nodes.forEach((n, i) => {
    const gi = rec.groupOfNode[i];
    if (gi < 0) return;
    for (const x of n.inputs) {
      if (x === '' || rec.constant.has(x)) continue;
      for (const r of rootsOf(rec, x)) {
        const p = rec.producerNode.get(r);
        const gp = p === undefined ? -1 : rec.groupOfNode[p];
        if (gp >= 0 && gp !== gi) (out.get(gp) ?? out.set(gp, new Set()).get(gp)!).add(gi);
      }
    }
  });
  return out;
}

function emptyWork(): VectorWork {
  return { add: 0, mul: 0, maxpool: 0, other: 0, lut: 0, relu: 0 };
}

// Pass 6: execution order, by each group's last member (folded norm groups are gone).
export function ordering(rec: LoweringRecord): void {
  const live = rec.groupsRaw.map((gr, id) => ({ id, gr })).filter((x) => !x.gr.folded);
  rec.order = live.map((x) => ({ id: x.id, last: Math.max(...x.gr.members) })).sort((a, b) => a.last - b.last).map((x) => x.id);
  rec.posOf = new Int32Array(rec.groupsRaw.length).fill(-1);
  rec.order.forEach((id, p) => (rec.posOf[id] = p));
}

function tensorId(rec: LoweringRecord, name: string): number {
  let id = rec.tensorIds.get(name);
  if (id === undefined) {
    id = rec.tensors.length;
    rec.tensorIds.set(name, id);
    const prodNode = rec.producerNode.get(name);
    // A view read before its (free) producer ran (unsorted graph) has no producing group: it starts in DDR like an input.
    const gid = prodNode === undefined ? -1 : rec.groupOfNode[prodNode];
    rec.tensors.push({
      id, name, elements: elems(rec, name), producer: gid < 0 ? -1 : rec.posOf[gid],
      consumers: [], graphInput: rec.graphInputs.has(name), graphOutput: false, start: 0, end: 0,
    });
  }
  return id;
}

// Pass 7: loop nests, operand slots, MAC terms, vector work and constants of every group.
export function loopNests(rec: LoweringRecord): void {
  rec.groups = new Array<Group>(rec.order.length);
  for (const id of rec.order) rec.groups[rec.posOf[id]] = buildGroup(rec, id);
}

function buildGroup(rec: LoweringRecord, rawId: number): Group {
  const { nodes, constant, attention } = rec;
  const gr = rec.groupsRaw[rawId];
  const pos = rec.posOf[rawId];
  const memberSet = new Set(gr.members);
  const internal = (r: string) => {
    const p = rec.producerNode.get(r);
    return p !== undefined && memberSet.has(p);
  };
  const slots: Slot[] = [];
  const mkSlot = (role: Slot['role'], tname: string): Slot | undefined => {
    const rs = rootsOf(rec, tname).filter((r) => !internal(r));
    if (rs.length === 0) return undefined;
    const ids = rs.map((r) => tensorId(rec, r));
    const total = ids.reduce((s, id) => s + rec.tensors[id].elements, 0) || 1;
    return { role, elements: elems(rec, tname), roots: ids.map((id) => ({ tensor: id, frac: rec.tensors[id].elements / total })) };
  };
  const head = nodes[gr.head];
  let loop: Loop;
  const macTerms: MacTerm[] = [];
  let weightElems = 0;
  let constElems = 0;
  const work = emptyWork();
  const addWork = (cls: OpInfo['velaClass'], ops: number) => (work[cls] += ops);
  let uncosted: string | undefined;
  const mainInputs: string[] = [];
  if (gr.kind === 'attention') {
    const info = rec.attnInfo.get(gr.head)!;
    const m2 = nodes[info.m2];
    const q = shapeOf(rec, head.inputs[0]);
    const kt = shapeOf(rec, head.inputs[1]);
    const v = shapeOf(rec, m2.inputs[1]);
    const s = shapeOf(rec, head.outputs[0]);
    if (q && kt && v && s && q.length >= 2 && s.length >= 2) {
      const sq = s[s.length - 2];
      const sk = s[s.length - 1];
      const bh = product(s.slice(0, -2));
      const d = q[q.length - 1];
      const dv = v[v.length - 1];
      loop = { type: 'attention', bh, sq, sk, d, dv };
      macTerms.push({ macs: bh * sq * sk * d, k: d, n: sk, m: bh * sq }, { macs: bh * sq * sk * dv, k: sk, n: dv, m: bh * sq });
      addWork('lut', bh * sq * sk * 3); // online softmax: max, exp + sum, rescale (the constant scale folds into exp)
    } else {
      loop = { type: 'vector', elems: 0, slab: 0 };
      uncosted = unknownShapeReason(rec, [head.inputs[0], head.inputs[1], m2.inputs[1], head.outputs[0]]);
      warn(rec, `shape:${gr.head}`, `attention at ${nodeLabel(head)}: shapes unknown, costed as 0`);
    }
    for (const [role, t] of [['input', head.inputs[0]], ['input2', head.inputs[1]], ['input3', m2.inputs[1]]] as const) {
      const sl = mkSlot(role, t);
      if (sl) slots.push(sl);
      mainInputs.push(t);
    }
  } else if (gr.kind === 'mac') {
    loop = macLoop(head, (t) => shapeOf(rec, t), constant, (k, m) => warn(rec, k, m));
    const up = rec.upsampled.get(head.inputs[0]);
    if (up && loop.type === 'conv') loop.up = up;
    if (loop.type === 'vector') uncosted = unknownShapeReason(rec, [...head.inputs.filter((t) => t !== ''), ...head.outputs]);
    for (const t of macTermsOf(loop)) macTerms.push(t);
    const actIdx = head.opType === 'Conv' || head.opType === 'ConvTranspose' || head.opType === 'Gemm' ? [0] : [0, 1];
    if (head.opType === 'Gemm' && !constant.has(head.inputs[1])) actIdx.push(1);
    const roles: Slot['role'][] = ['input', 'input2'];
    actIdx.forEach((ix, j) => {
      const t = head.inputs[ix];
      if (!t || constant.has(t)) return;
      const sl = mkSlot(roles[j], t);
      if (sl) slots.push(sl);
      mainInputs.push(t);
    });
    for (const [ix, t] of head.inputs.entries()) {
      if (t === '' || !constant.has(t)) continue;
      // The tiled weight is the kernel / second operand; a constant first operand or a bias is read once.
      if (ix === 1) weightElems += elems(rec, t);
      else constElems += elems(rec, t);
    }
  } else {
    const v = vectorHead(rec, head, rec.info[gr.head]);
    loop = v.loop;
    uncosted = v.uncosted;
    addWork(rec.info[gr.head].velaClass, v.ops);
    const isGather = head.opType === 'Gather' && constant.has(head.inputs[0]);
    if (isGather) weightElems += v.outElems; // embedding lookup reads only the selected rows
    head.inputs.forEach((t, ix) => {
      if (t === '' || constant.has(t)) {
        if (t !== '' && !isGather && ix > 0) constElems += elems(rec, t) > 64 ? elems(rec, t) : 0;
        return;
      }
      const sl = mkSlot(ix === 0 ? 'input' : 'input2', t);
      if (sl) slots.push(sl);
      mainInputs.push(t);
    });
  }
  // Fused members: their vector work, extra activation inputs and constants.
  for (const mi of gr.members) {
    if (mi === gr.head || (gr.kind === 'attention' && attention.get(mi) === gr.head)) {
      // Attention members (second MatMul, softmax, constant scale folded into the exponent) are in the loop above.
      continue;
    }
    const mn = nodes[mi];
    const info = rec.info[mi];
    if (rec.upsampled.has(mn.outputs[0])) continue; // folded into the conv's input addressing: no work, no operand
    if (rec.shortcut.has(mi)) {
      // A shortcut conv on the same output tile: its MACs join the group, its kernel is read once, its input is an operand.
      for (const t of macTermsOf(macLoop(mn, (x) => shapeOf(rec, x), constant, (k, m) => warn(rec, k, m)))) macTerms.push(t);
      for (const [ix, t] of mn.inputs.entries()) {
        if (t === '') continue;
        if (constant.has(t)) constElems += elems(rec, t);
        else if (ix === 0 && !mainInputs.includes(t)) {
          const sl = mkSlot('extra', t);
          if (sl) slots.push(sl);
          mainInputs.push(t);
        }
      }
      continue;
    }
    const oe = mn.opType.startsWith('Reduce') ? elems(rec, mn.inputs[0]) : elems(rec, mn.outputs[0]);
    addWork(info.velaClass, oe * info.opsPerElem);
    for (const t of mn.inputs) {
      if (t === '') continue;
      if (constant.has(t)) {
        const e = elems(rec, t);
        if (e > 64) constElems += e; // scalars and per-channel vectors live in registers
        continue;
      }
      if (mainInputs.includes(t)) continue;
      const sl = mkSlot('extra', t);
      const key = (x: Slot) => x.roots.map((r) => r.tensor).join(',');
      if (sl && slots.some((o) => key(o) === key(sl))) {
        mainInputs.push(t);
        continue;
      }
      if (sl) {
        slots.push(sl);
        mainInputs.push(t);
      }
    }
  }
  const extra = rec.extraOps.get(rawId);
  if (extra) for (const k of Object.keys(extra) as Array<OpInfo['velaClass']>) work[k] += extra[k];
  const vectorOps = Object.values(work).reduce((s, x) => s + x, 0);
  return { id: pos, head: gr.head, members: gr.members, kind: gr.kind, loop, macTerms, macs: macTerms.reduce((s, t) => s + t.macs, 0), vectorOps, vectorWork: work, weightElems, constElems, slots, pos, uncosted };
}

/** Loop nest and vector work of a vector head (see the op table's vecRule). */
function vectorHead(rec: LoweringRecord, head: Node, info: OpInfo): { loop: Loop; ops: number; outElems: number; uncosted?: string } {
  const out = shapeOf(rec, head.outputs[0]);
  const inShape = head.inputs[0] ? shapeOf(rec, head.inputs[0]) : undefined;
  const outElems = out ? product(out) : 0;
  const inElems = inShape ? product(inShape) : outElems;
  let slab = 0;
  if (head.opType === 'InstanceNormalization' && inShape) slab = product(inShape.slice(2));
  else if ((head.opType === 'LayerNormalization' || head.opType.startsWith('Reduce') || head.opType === 'Softmax' || head.opType === 'LogSoftmax') && inShape) {
    const axes = head.opType.startsWith('Reduce') ? attrInts(head, 'axes') ?? constValues(head.inputs[1], rec.shapes) : [attrInt(head, 'axis', -1)];
    const rank = inShape.length;
    if (head.opType === 'LayerNormalization') slab = product(inShape.slice(((attrInt(head, 'axis', -1) % rank) + rank) % rank));
    else if (axes && axes.length) slab = axes.map((a) => inShape[((a % rank) + rank) % rank] ?? 1).reduce((x, y) => x * y, 1);
    else slab = inElems;
  } else if (head.opType === 'GroupNormalization' && inShape) slab = product(inShape.slice(1)) / Math.max(1, attrInt(head, 'num_groups', 1));
  let ops: number;
  if (info.vecRule === 'in') ops = inElems * info.opsPerElem;
  else if (info.vecRule === 'window') ops = outElems * product(attrInts(head, 'kernel_shape') ?? [1]);
  else {
    ops = outElems * info.opsPerElem;
    if (!info.known) warn(rec, `op:${head.opType}`, `${head.opType}: no specific cost model, costed as 1 vector op per output element`);
  }
  const uncosted = out ? undefined : unknownShapeReason(rec, [...head.inputs.filter((t) => t !== ''), ...head.outputs]);
  return { loop: { type: 'vector', elems: Math.max(inElems, outElems), slab }, ops, outElems, uncosted };
}

/** "output 'y' has unknown dims (batch, ?)" for the first tensor of the list without a numeric shape. */
function unknownShapeReason(rec: LoweringRecord, names: string[]): string {
  for (const t of names) {
    if (t === '' || shapeOf(rec, t)) continue;
    const s = rec.shapes.tensor(t)?.shape;
    if (!s) return `tensor '${t}' has no inferred shape`;
    const sym = s.filter((d) => typeof d !== 'number' || d < 0).map((d) => (typeof d === 'string' ? d : '?'));
    return `tensor '${t}' has unbound dim${sym.length === 1 ? '' : 's'} ${sym.map((d) => `'${d}'`).join(', ')}`;
  }
  return 'shapes unknown';
}

// Pass 8: liveness. Materialised outputs of each group (member outputs read outside it through views, or graph
// outputs), effective consumers of every root tensor, and each tensor's live range in group positions.
export function liveness(rec: LoweringRecord): void {
  const { nodes, constant, groups, tensors } = rec;
  const graphOutputs = new Set<string>();
  for (const o of rec.model.graph.outputs) for (const r of rootsOf(rec, o.name)) graphOutputs.add(r);
  const effConsumers = new Map<string, Set<number>>(); // root -> consumer group positions
  nodes.forEach((n, i) => {
    if (rec.groupOfNode[i] < 0) return;
    const p = rec.posOf[rec.groupOfNode[i]];
    for (const x of n.inputs) {
      if (x === '' || constant.has(x)) continue;
      for (const r of rootsOf(rec, x)) {
        const pn = rec.producerNode.get(r);
        if (pn !== undefined && rec.groupOfNode[pn] === rec.groupOfNode[i]) continue;
        (effConsumers.get(r) ?? effConsumers.set(r, new Set()).get(r)!).add(p);
      }
    }
  });
  for (const grp of groups) {
    for (const mi of grp.members) {
      for (const o of nodes[mi].outputs) {
        if (o === '' || constant.has(o) || rec.alias.has(o)) continue;
        const cons = effConsumers.get(o);
        const isOut = graphOutputs.has(o);
        if (!cons && !isOut) continue;
        const id = tensorId(rec, o);
        tensors[id].graphOutput = isOut;
        grp.slots.push({ role: 'output', elements: tensors[id].elements, roots: [{ tensor: id, frac: 1 }] });
      }
    }
  }
  for (const t of tensors) {
    const cons = [...(effConsumers.get(t.name) ?? [])].sort((a, b) => a - b);
    t.consumers = cons;
    if (t.producer < 0) {
      t.start = cons.length ? cons[0] : 0;
      t.end = cons.length ? cons[cons.length - 1] : t.start;
    } else {
      t.start = t.producer;
      t.end = cons.length ? Math.max(t.producer, cons[cons.length - 1]) : t.producer;
    }
  }
}

// Pass 9: one layer record per node, with the per-node MAC counts (nodeMacs) that compute then uses.
export function layerRecords(rec: LoweringRecord): void {
  const { nodes, constant, layers } = rec;
  const isConst = (nm: string) => constant.has(nm);
  const shapeMap = { shape: (t: string) => shapeOf(rec, t) };
  nodes.forEach((n, i) => {
    const gid = rec.groupOfNode[i];
    const cls = rec.classes[i];
    const { macs, macClass } = cls === 'mac' ? nodeMacs(n, mapFor(n, shapeMap), isConst) : { macs: 0, macClass: 'none' as MacClass };
    let w = 0;
    if (cls === 'mac' || cls === 'elementwise' || cls === 'vector') for (const t of n.inputs) if (t !== '' && constant.has(t) && rec.initDims.has(t)) w += elems(rec, t);
    // An embedding lookup reads only the selected rows of its table.
    if (n.opType === 'Gather' && rec.initDims.has(n.inputs[0]) && elems(rec, n.inputs[0]) > 64) w = elems(rec, n.outputs[0]);
    if (cls === 'mac' && macs === 0 && macClass !== 'none') warn(rec, `macs:${i}`, `${nodeLabel(n)}: shapes unknown, MACs counted as 0`);
    const group = gid >= 0 ? rec.posOf[gid] : -1;
    const layer: LayerInfo = { nodeIndex: i, name: nodeLabel(n), opType: n.opType, cls: gid >= 0 ? cls : 'free', macs, macClass, weightElems: w, group };
    const grp = group >= 0 ? rec.groups[group] : undefined;
    const bodies = Object.values(n.attributes).filter((a) => a.type === 'graph' || a.type === 'graphs').length;
    if (bodies > 0) layer.controlFlow = true;
    else if (grp?.uncosted && grp.head === i) layer.uncosted = grp.uncosted;
    else if (gid >= 0 && !n.outputs.some((o) => o !== '' && shapeOf(rec, o))) layer.uncosted = unknownShapeReason(rec, n.outputs);
    layers.push(layer);
  });
  // Compute uses the same MAC counts as the per-node report (nodeMacs), whatever the loop approximation.
  for (const grp of rec.groups) {
    if (grp.kind === 'mac' && grp.macTerms.length === 1) grp.macTerms[0].macs = layers[grp.head].macs;
    if (grp.kind === 'attention' && grp.macTerms.length === 2) {
      grp.macTerms[0].macs = layers[grp.head].macs;
      grp.macTerms[1].macs = layers[grp.members.find((m) => m !== grp.head && nodes[m].opType === 'MatMul')!].macs;
    }
    grp.macs = grp.macTerms.reduce((s, t) => s + t.macs, 0);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Invariants (checked after every pass; a failure is a bug in the pass, reported with the pass name).
function check(pass: string, ok: boolean, msg: () => string): void {
  if (!ok) throw new LoweringInvariantError(pass, msg());
}

export function verifyLowering(rec: LoweringRecord, pass: string): void {
  const N = rec.nodes.length;
  switch (pass) {
    case 'constantFolding':
      for (const i of rec.graphInputs) check(pass, !rec.constant.has(i), () => `graph input ${i} marked constant`);
      break;
    case 'opClasses':
      check(pass, rec.classes.length === N && rec.info.length === N, () => `${rec.classes.length} classes for ${N} nodes`);
      break;
    case 'attentionMatching':
      for (const [m, h] of rec.attention) check(pass, rec.attnInfo.has(h) && rec.nodes[h].opType === 'MatMul' && m >= h, () => `node ${m} joins attention head ${h}`);
      break;
    case 'fusion':
    case 'normFusion':
    case 'resizeFolding':
    case 'shortcutFusion': {
      const seen = new Int32Array(N).fill(-1);
      rec.groupsRaw.forEach((g, id) => {
        if (g.folded) return;
        check(pass, g.members[0] === g.head, () => `group ${id} does not start with its head`);
        for (const m of g.members) {
          check(pass, seen[m] < 0, () => `node ${m} in groups ${seen[m]} and ${id}`);
          seen[m] = id;
          check(pass, rec.groupOfNode[m] === id, () => `node ${m} maps to group ${rec.groupOfNode[m]}, listed in ${id}`);
        }
      });
      for (let i = 0; i < N; i++) check(pass, (rec.groupOfNode[i] < 0) === (seen[i] < 0), () => `node ${i} group membership inconsistent`);
      break;
    }
    case 'ordering': {
      const live = rec.groupsRaw.filter((g) => !g.folded).length;
      check(pass, rec.order.length === live, () => `${rec.order.length} ordered of ${live} groups`);
      rec.order.forEach((id, p) => check(pass, rec.posOf[id] === p, () => `group ${id} position ${rec.posOf[id]} != ${p}`));
      break;
    }
    case 'loopNests':
      rec.groups.forEach((g, p) => {
        check(pass, g !== undefined && g.pos === p && g.id === p, () => `group at ${p} misplaced`);
        check(pass, Number.isFinite(g.macs) && g.macs >= 0 && Number.isFinite(g.vectorOps) && g.vectorOps >= 0, () => `group ${p}: macs ${g.macs}, vector ops ${g.vectorOps}`);
        for (const s of g.slots) {
          const f = s.roots.reduce((a, r) => a + r.frac, 0);
          check(pass, s.roots.length === 0 || Math.abs(f - 1) < 1e-9 || f === 0, () => `group ${p} slot ${s.role}: root fractions sum to ${f}`);
        }
      });
      break;
    case 'liveness':
      for (const t of rec.tensors) {
        check(pass, t.start <= t.end && t.start >= 0 && t.end < Math.max(1, rec.groups.length), () => `tensor ${t.name} lives [${t.start}, ${t.end}]`);
        check(pass, t.consumers.every((c) => c <= t.end), () => `tensor ${t.name} read after its live range`);
        check(pass, t.producer < 0 || t.producer === t.start, () => `tensor ${t.name} starts before its producer`);
        // A graph that is not topologically sorted reads a tensor before its producer runs: costed, but said.
        if (t.consumers.length && t.consumers[0] < t.start) warn(rec, `order:${t.name}`, `tensor ${t.name} is read before the node producing it (graph not topologically sorted)`);
      }
      break;
    case 'layerRecords':
      check(pass, rec.layers.length === N, () => `${rec.layers.length} layers for ${N} nodes`);
      for (const l of rec.layers) check(pass, l.group < rec.groups.length && Number.isFinite(l.macs) && l.macs >= 0, () => `layer ${l.name}: group ${l.group}, macs ${l.macs}`);
      break;
  }
}

export const PASSES: ReadonlyArray<{ name: string; run(rec: LoweringRecord): void }> = [
  { name: 'constantFolding', run: constantFolding },
  { name: 'opClasses', run: opClasses },
  { name: 'attentionMatching', run: attentionMatching },
  { name: 'fusion', run: fusion },
  { name: 'normFusion', run: normFusion },
  { name: 'resizeFolding', run: resizeFolding },
  { name: 'shortcutFusion', run: shortcutFusion },
  { name: 'ordering', run: ordering },
  { name: 'loopNests', run: loopNests },
  { name: 'liveness', run: liveness },
  { name: 'layerRecords', run: layerRecords },
];

/** Runs the passes in order up to and including `upto` (all by default), checking invariants after each. */
export function runPasses(model: Model, shapes: ShapeLookup, options: LoweringOptions, upto?: string): LoweringRecord {
  const rec = newRecord(model, shapes, options);
  for (const p of PASSES) {
    p.run(rec);
    verifyLowering(rec, p.name);
    if (p.name === upto) break;
  }
  return rec;
}

export function lowerGraph(model: Model, shapes: ShapeLookup, options: LoweringOptions | 'flash' | 'materialized'): Lowering {
  const opts = typeof options === 'string' ? { attention: options, normFusion: false } : options;
  const rec = runPasses(model, shapes, opts);
  return { layers: rec.layers, groups: rec.groups, tensors: rec.tensors, warnings: rec.warnings };
}

function mapFor(n: Node, s: { shape(name: string): number[] | undefined }): Map<string, InferredTensor> {
  const m = new Map<string, InferredTensor>();
  for (const t of [...n.inputs, ...n.outputs]) if (t !== '') m.set(t, { shape: s.shape(t) });
  return m;
}

function constValues(name: string | undefined, shapes: ShapeLookup): number[] | undefined {
  if (!name) return undefined;
  const v = shapes.tensor(name)?.value;
  return v ? v.map(Number) : undefined;
}

function macLoop(n: Node, shapeOf: (t: string) => number[] | undefined, constant: Set<string>, warn: (k: string, m: string) => void): Loop {
  const out = shapeOf(n.outputs[0]);
  if (n.opType === 'Conv' || n.opType === 'ConvTranspose' || n.opType === 'QLinearConv' || n.opType === 'ConvInteger') {
    const wi = n.opType === 'QLinearConv' ? 3 : 1; // QLinearConv: x, x_scale, x_zero_point, w, ...
    const x = shapeOf(n.inputs[0]);
    const w = shapeOf(n.inputs[wi]);
    if (out && x && w && out.length >= 3 && w.length >= 3) {
      const sp = (a: number[]) => (a.length === 3 ? [1, a[2]] : [product(a.slice(2, -1)), a[a.length - 1]]);
      const [oh, ow] = sp(out);
      const [ih, iw] = sp(x);
      const ks = w.slice(2);
      const kh = ks.length === 1 ? 1 : product(ks.slice(0, -1));
      const kw = ks[ks.length - 1];
      const groups = Math.max(1, attrInt(n, 'group', 1));
      const strides = attrInts(n, 'strides') ?? [];
      const dil = attrInts(n, 'dilations') ?? [];
      if (n.opType === 'ConvTranspose') {
        // Modelled as the equivalent direct conv over the output: each output gathers IC/group x kernel/stride² taps.
        const ic = x[1];
        const st = (strides[0] ?? 1) * (strides[1] ?? strides[0] ?? 1);
        return { type: 'conv', n: out[0], oc: out[1], oh, ow, icg: ic / groups, kh: Math.max(1, Math.round(kh / Math.sqrt(st))), kw: Math.max(1, Math.round(kw / Math.sqrt(st))), sh: 1, sw: 1, dh: 1, dw: 1, groups, ih: oh, iw: ow };
      }
      return {
        type: 'conv', n: out[0], oc: out[1], oh, ow, icg: w[1], kh, kw,
        sh: strides[0] ?? 1, sw: strides[strides.length - 1] ?? 1, dh: dil[0] ?? 1, dw: dil[dil.length - 1] ?? 1, groups, ih, iw,
      };
    }
  } else if (n.opType === 'Gemm') {
    const a = shapeOf(n.inputs[0]);
    if (a && out && a.length === 2 && out.length === 2) {
      const k = attrInt(n, 'transA', 0) ? a[0] : a[1];
      return { type: 'gemm', batch: 1, m: out[0], k, n: out[1], bIsWeight: constant.has(n.inputs[1]) };
    }
  } else {
    const bi = n.opType === 'QLinearMatMul' ? 3 : 1; // QLinearMatMul: a, a_scale, a_zero_point, b, ...
    const a = shapeOf(n.inputs[0]);
    const b = shapeOf(n.inputs[bi]);
    if (a && b && out && out.length >= 1) {
      const k = a[a.length - 1];
      const nn = b.length >= 2 ? b[b.length - 1] : 1;
      const bw = constant.has(n.inputs[bi]) && b.length === 2;
      const m = a.length >= 2 ? a[a.length - 2] : 1;
      const batch = Math.max(1, product(out) / Math.max(1, m * nn));
      // A constant 2-D weight is shared by every row: flatten the batch into M.
      return bw ? { type: 'gemm', batch: 1, m: m * batch, k, n: nn, bIsWeight: true } : { type: 'gemm', batch, m, k, n: nn, bIsWeight: constant.has(n.inputs[bi]) };
    }
  }
  warn(`loop:${n.index}`, `${nodeLabel(n)}: shapes unknown, costed as 0`);
  return { type: 'vector', elems: 0, slab: 0 };
}

function macTermsOf(loop: Loop): MacTerm[] {
  if (loop.type === 'conv') {
    const m = loop.n * loop.oh * loop.ow;
    const k = loop.icg * loop.kh * loop.kw;
    const ocg = loop.oc / loop.groups;
    return [{ macs: m * k * loop.oc, k, n: ocg, m }];
  }
  if (loop.type === 'gemm') return [{ macs: loop.batch * loop.m * loop.k * loop.n, k: loop.k, n: loop.n, m: loop.batch * loop.m }];
  return [];
}

// Lowering: every ONNX node of the main graph becomes exactly one NPU layer of one of four kinds —
//   mac    : Conv, ConvTranspose, MatMul, Gemm (and the attention pattern, as one group)
//   vector : norms, softmax, reductions, resize, pooling, gathers, standalone elementwise
//   fused  : an elementwise epilogue (bias, activation, residual add, affine of a norm) folded into the layer that
//            produced its input, as an NPU compiler would; costs 0 on its own, its work is carried by the group head
//   free   : reshape-like views (Reshape, Transpose, Slice, Concat...) and shape arithmetic
// Groups (a head plus its fused layers) are what the engine tiles and schedules. Nothing here depends on hardware.
import type { Model, Node } from '../model/graph';
import { nodeLabel } from '../model/graph';
import type { InferredTensor } from '../shapes/types';
import { nodeMacs, product, type MacClass } from './macs';

export type LayerClass = 'mac' | 'vector' | 'elementwise' | 'free';

/** Loop nest of a group head, in elements (bit widths are applied per hardware). */
export type Loop =
  | { type: 'conv'; n: number; oc: number; oh: number; ow: number; icg: number; kh: number; kw: number; sh: number; sw: number; dh: number; dw: number; groups: number; ih: number; iw: number }
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

export interface Group {
  id: number;
  head: number; // node index
  members: number[]; // node indices, head first
  kind: 'mac' | 'vector' | 'attention';
  loop: Loop;
  macTerms: MacTerm[];
  macs: number;
  vectorOps: number;
  /** Weight elements of the tiled operand (conv kernel, linear matrix). */
  weightElems: number;
  /** Other constants (biases, norm affine, embedding rows read): read once. */
  constElems: number;
  slots: Slot[];
  /** Position in execution order (groups sorted by their last member). */
  pos: number;
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
}

export interface Lowering {
  layers: LayerInfo[];
  groups: Group[]; // in execution order (groups[i].pos === i)
  tensors: TensorRec[];
  warnings: string[];
}

const FREE_OPS = new Set([
  'Reshape', 'Flatten', 'Squeeze', 'Unsqueeze', 'Transpose', 'Identity', 'Slice', 'Split', 'Concat', 'Shape', 'Size',
  'Constant', 'ConstantOfShape', 'Expand', 'Dropout', 'Cast', 'CastLike', 'Range', 'NonZero', 'EyeLike', 'Tile',
]);

const NO_DATA_OPS = new Set(['Shape', 'Size', 'Constant', 'ConstantOfShape', 'Range', 'NonZero', 'EyeLike']);

const ELEMENTWISE_OPS = new Set([
  'Add', 'Sub', 'Mul', 'Div', 'Pow', 'Sqrt', 'Reciprocal', 'Relu', 'LeakyRelu', 'PRelu', 'Sigmoid', 'Tanh', 'Erf', 'Gelu',
  'HardSigmoid', 'HardSwish', 'Softplus', 'Softsign', 'Exp', 'Log', 'Neg', 'Abs', 'Clip', 'Elu', 'Selu', 'Celu', 'Mish',
  'Min', 'Max', 'Sin', 'Cos', 'Floor', 'Ceil', 'Round', 'Sign', 'Where', 'Equal', 'Less', 'Greater', 'And', 'Or', 'Not',
  'BatchNormalization', 'QuickGelu', 'Swish',
]);

const MAC_OPS = new Set(['Conv', 'ConvTranspose', 'MatMul', 'Gemm', 'MatMulInteger', 'QLinearMatMul', 'QLinearConv', 'ConvInteger']);

/** Vector ops per element (see README): reductions with normalisation make three passes over the data in the vector unit. */
const VECTOR_OPS_PER_ELEM: Record<string, number> = {
  Softmax: 3, LogSoftmax: 3, InstanceNormalization: 3, LayerNormalization: 3, GroupNormalization: 3, LpNormalization: 3,
  MeanVarianceNormalization: 3,
};

export interface ShapeLookup {
  shape(name: string): number[] | undefined;
  tensor(name: string): InferredTensor | undefined;
}

function attrInt(node: Node, name: string, dflt: number): number {
  const a = node.attributes[name];
  return a && a.type === 'int' ? Number(a.value) : dflt;
}

function attrInts(node: Node, name: string): number[] | undefined {
  const a = node.attributes[name];
  return a && a.type === 'ints' ? a.value.map(Number) : undefined;
}

export function lowerGraph(model: Model, shapes: ShapeLookup, attentionMode: 'flash' | 'materialized'): Lowering {
  const g = model.graph;
  const nodes = g.nodes;
  const warnings: string[] = [];
  const warnOnce = new Set<string>();
  const warn = (key: string, msg: string) => {
    if (!warnOnce.has(key)) {
      warnOnce.add(key);
      warnings.push(msg);
    }
  };

  // Constants: initializers, Constant outputs and anything computed only from constants (folded by any compiler).
  const constant = new Set<string>(g.initializers.map((t) => t.name));
  const initDims = new Map(g.initializers.map((t) => [t.name, t.dims]));
  const graphInputs = new Set(g.inputs.map((i) => i.name).filter((n) => !constant.has(n)));
  // With every shape bound, Shape/Size outputs are constants too, so masks and positions built from them fold away.
  for (const n of nodes) {
    const ins = n.inputs.filter((x) => x !== '');
    const staticShape = (n.opType === 'Shape' || n.opType === 'Size') && ins.length > 0 && shapes.shape(ins[0]) !== undefined;
    if (n.opType === 'Constant' || staticShape || (ins.length > 0 && ins.every((x) => constant.has(x)))) for (const o of n.outputs) constant.add(o);
  }
  const shapeOf = (name: string): number[] | undefined => shapes.shape(name) ?? initDims.get(name);
  const elems = (name: string): number => {
    const s = shapeOf(name);
    return s ? product(s) : 0;
  };
  const isShapeMath = (n: Node): boolean =>
    n.outputs.every((o) => {
      if (o === '') return true;
      const t = shapes.tensor(o);
      if (t?.value !== undefined) return true;
      const s = shapeOf(o);
      return (t?.dtype === 'int64' || t?.dtype === 'int32' || t?.dtype === 'bool') && s !== undefined && product(s) <= 64;
    });

  const classify = (n: Node): LayerClass => {
    if (n.domain !== '' && n.domain !== 'ai.onnx' && n.domain !== 'com.microsoft') return 'vector';
    if (n.outputs.every((o) => o === '' || constant.has(o))) return 'free';
    if (FREE_OPS.has(n.opType)) return 'free';
    if (MAC_OPS.has(n.opType)) return 'mac';
    if (isShapeMath(n)) return 'free';
    if (ELEMENTWISE_OPS.has(n.opType)) return 'elementwise';
    return 'vector';
  };

  // Direct consumers by tensor name.
  const consumersOf = new Map<string, number[]>();
  nodes.forEach((n, i) => {
    for (const x of n.inputs) if (x !== '') (consumersOf.get(x) ?? consumersOf.set(x, []).get(x)!).push(i);
  });
  const classes = nodes.map(classify);

  // Attention pattern: MatMul(act, act) -> [Mul|Div by constant]* -> Softmax -> [free]* -> MatMul(probs, act).
  const attention = new Map<number, number>(); // member node -> m1 node
  const attnInfo = new Map<number, { m2: number; scale: number[]; softmax: number }>();
  if (attentionMode === 'flash') {
    nodes.forEach((n, i) => {
      if (n.opType !== 'MatMul' || n.inputs.length < 2) return;
      if (constant.has(n.inputs[0]) || constant.has(n.inputs[1])) return;
      const only = (t: string): number | undefined => {
        const c = consumersOf.get(t);
        return c && c.length === 1 ? c[0] : undefined;
      };
      let cur = only(n.outputs[0]);
      const scale: number[] = [];
      // Between the scores and the softmax: a constant scale, a constant additive mask (CLIP's causal mask), views.
      const between = (k: number) =>
        (['Mul', 'Div', 'Add', 'Sub'].includes(nodes[k].opType) && nodes[k].inputs.some((x) => constant.has(x))) ||
        (classes[k] === 'free' && ['Reshape', 'Transpose', 'Squeeze', 'Unsqueeze', 'Identity', 'Cast'].includes(nodes[k].opType));
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
      attention.set(i, i);
      for (const s of scale) attention.set(s, i);
      attention.set(sm, i);
      attention.set(nxt, i);
      attnInfo.set(i, { m2: nxt, scale, softmax: sm });
    });
  }

  // View roots: which materialised tensors a (possibly free-view) tensor is made of.
  const roots = new Map<string, string[]>();
  const rootsOf = (t: string): string[] => roots.get(t) ?? (constant.has(t) ? [] : [t]);

  // Grouping in node order: an elementwise node fuses into the most recent group when one of its inputs comes from it.
  const groupOfNode = new Int32Array(nodes.length).fill(-1);
  const groupsRaw: Array<{ head: number; members: number[]; kind: Group['kind'] }> = [];
  const producedInGroup = new Map<string, number>(); // root tensor -> group
  let latest = -1;
  const consumed: boolean[] = []; // per group: a later group already reads one of its results
  const layers: LayerInfo[] = [];
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i];
    const cls = classes[i];
    if (cls === 'free' && !attention.has(i)) {
      // Only data inputs make a view: Concat joins all of them, reshape-likes view input 0, Shape and shape math read no data.
      const rs: string[] = [];
      const data = NO_DATA_OPS.has(n.opType) || isShapeMath(n) ? [] : n.opType === 'Concat' ? n.inputs : n.inputs.slice(0, 1);
      for (const x of data) if (x !== '' && !constant.has(x)) for (const r of rootsOf(x)) if (!rs.includes(r)) rs.push(r);
      for (const o of n.outputs) if (o !== '') roots.set(o, rs);
      continue;
    }
    let gid: number;
    const m1 = attention.get(i);
    if (m1 !== undefined && m1 !== i) {
      gid = groupOfNode[m1];
      groupsRaw[gid].members.push(i);
    } else if (m1 === i) {
      gid = groupsRaw.push({ head: i, members: [i], kind: 'attention' }) - 1;
    } else if (cls === 'vector' && latest >= 0 && groupsRaw[latest].kind === 'vector' && rowReduce(n) !== undefined && rowReduce(n) === rowReduce(nodes[groupsRaw[latest].head]) &&
        n.inputs.some((x) => x !== '' && rootsOf(x).some((r) => producedInGroup.get(r) === latest))) {
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
        for (const r of rootsOf(x)) {
          const g = producedInGroup.get(r);
          if (g === undefined || consumed[g] || (groupsRaw[g].kind === 'attention' && !attnDone(g))) continue;
          const e = elems(r);
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
      for (const r of rootsOf(x)) {
        const g = producedInGroup.get(r);
        if (g !== undefined && g !== gid) consumed[g] = true;
      }
    }
    for (const o of n.outputs) if (o !== '') producedInGroup.set(o, gid);
  }

  /** Row length when a node reduces over the last axis only (ReduceMean/ReduceSum/ReduceMax... keepdims), else undefined. */
  function rowReduce(n: Node): number | undefined {
    if (!n.opType.startsWith('Reduce')) return undefined;
    const x = shapeOf(n.inputs[0]);
    if (!x || x.length === 0) return undefined;
    const axes = attrInts(n, 'axes') ?? constValues(n.inputs[1], shapes);
    if (!axes || axes.length !== 1) return undefined;
    const ax = ((axes[0] % x.length) + x.length) % x.length;
    return ax === x.length - 1 ? x[ax] : undefined;
  }

  function attnDone(gid: number): boolean {
    const head = groupsRaw[gid].head;
    const info = attnInfo.get(head);
    return info !== undefined && groupsRaw[gid].members.includes(info.m2);
  }

  // Execution order: by last member.
  const order = groupsRaw.map((gr, id) => ({ id, last: Math.max(...gr.members) })).sort((a, b) => a.last - b.last);
  const posOf = new Int32Array(groupsRaw.length);
  order.forEach((o, p) => (posOf[o.id] = p));

  // Effective consumers (non-free nodes) of every root tensor, and materialised tensors.
  const tensorIds = new Map<string, number>();
  const tensors: TensorRec[] = [];
  const tensorId = (name: string): number => {
    let id = tensorIds.get(name);
    if (id === undefined) {
      id = tensors.length;
      tensorIds.set(name, id);
      const prodNode = producerNode.get(name);
      tensors.push({
        id, name, elements: elems(name), producer: prodNode === undefined ? -1 : posOf[groupOfNode[prodNode]],
        consumers: [], graphInput: graphInputs.has(name), graphOutput: false, start: 0, end: 0,
      });
    }
    return id;
  };
  const producerNode = new Map<string, number>();
  nodes.forEach((n, i) => n.outputs.forEach((o) => o !== '' && producerNode.set(o, i)));

  // Build groups with loops and slots.
  const groups: Group[] = new Array(groupsRaw.length);
  for (const o of order) {
    const gr = groupsRaw[o.id];
    const pos = posOf[o.id];
    const memberSet = new Set(gr.members);
    const internal = (r: string) => {
      const p = producerNode.get(r);
      return p !== undefined && memberSet.has(p);
    };
    const slots: Slot[] = [];
    const mkSlot = (role: Slot['role'], tname: string): Slot | undefined => {
      const rs = rootsOf(tname).filter((r) => !internal(r));
      if (rs.length === 0) return undefined;
      const ids = rs.map(tensorId);
      const total = ids.reduce((s, id) => s + tensors[id].elements, 0) || 1;
      return { role, elements: elems(tname), roots: ids.map((id) => ({ tensor: id, frac: tensors[id].elements / total })) };
    };
    const head = nodes[gr.head];
    let loop: Loop;
    const macTerms: MacTerm[] = [];
    let weightElems = 0;
    let constElems = 0;
    let vectorOps = 0;
    const mainInputs: string[] = [];
    if (gr.kind === 'attention') {
      const info = attnInfo.get(gr.head)!;
      const m2 = nodes[info.m2];
      const q = shapeOf(head.inputs[0]);
      const kt = shapeOf(head.inputs[1]);
      const v = shapeOf(m2.inputs[1]);
      const s = shapeOf(head.outputs[0]);
      if (q && kt && v && s && q.length >= 2 && s.length >= 2) {
        const sq = s[s.length - 2];
        const sk = s[s.length - 1];
        const bh = product(s.slice(0, -2));
        const d = q[q.length - 1];
        const dv = v[v.length - 1];
        loop = { type: 'attention', bh, sq, sk, d, dv };
        macTerms.push({ macs: bh * sq * sk * d, k: d, n: sk, m: bh * sq }, { macs: bh * sq * sk * dv, k: sk, n: dv, m: bh * sq });
        vectorOps += bh * sq * sk * 3; // online softmax: max, exp + sum, rescale (the constant scale folds into exp)
      } else {
        loop = { type: 'vector', elems: 0, slab: 0 };
        warn(`shape:${gr.head}`, `attention at ${nodeLabel(head)}: shapes unknown, costed as 0`);
      }
      for (const [role, t] of [['input', head.inputs[0]], ['input2', head.inputs[1]], ['input3', m2.inputs[1]]] as const) {
        const sl = mkSlot(role, t);
        if (sl) slots.push(sl);
        mainInputs.push(t);
      }
    } else if (gr.kind === 'mac') {
      loop = macLoop(head, shapeOf, constant, warn);
      for (const t of macTermsOf(loop)) macTerms.push(t);
      const actIdx = head.opType === 'Conv' || head.opType === 'ConvTranspose' || head.opType === 'Gemm' ? [0] : [0, 1];
      if ((head.opType === 'Gemm') && !constant.has(head.inputs[1])) actIdx.push(1);
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
        if (ix === 1) weightElems += elems(t);
        else constElems += elems(t);
      }
    } else {
      // vector head
      const out = shapeOf(head.outputs[0]);
      const inShape = head.inputs[0] ? shapeOf(head.inputs[0]) : undefined;
      const outElems = out ? product(out) : 0;
      const inElems = inShape ? product(inShape) : outElems;
      const per = VECTOR_OPS_PER_ELEM[head.opType];
      let slab = 0;
      if (head.opType === 'InstanceNormalization' && inShape) slab = product(inShape.slice(2));
      else if ((head.opType === 'LayerNormalization' || head.opType.startsWith('Reduce') || head.opType === 'Softmax' || head.opType === 'LogSoftmax') && inShape) {
        const axes = head.opType.startsWith('Reduce') ? attrInts(head, 'axes') ?? constValues(head.inputs[1], shapes) : [attrInt(head, 'axis', -1)];
        const rank = inShape.length;
        if (head.opType === 'LayerNormalization') slab = product(inShape.slice(((attrInt(head, 'axis', -1) % rank) + rank) % rank));
        else if (axes && axes.length) slab = axes.map((a) => inShape[((a % rank) + rank) % rank] ?? 1).reduce((x, y) => x * y, 1);
        else slab = inElems;
      } else if (head.opType === 'GroupNormalization' && inShape) slab = product(inShape.slice(1)) / Math.max(1, attrInt(head, 'num_groups', 1));
      if (per !== undefined) vectorOps += inElems * per;
      else if (head.opType.startsWith('Reduce') || head.opType === 'GlobalAveragePool' || head.opType === 'GlobalMaxPool') vectorOps += inElems;
      else if (head.opType === 'MaxPool' || head.opType === 'AveragePool') vectorOps += outElems * product(attrInts(head, 'kernel_shape') ?? [1]);
      else {
        vectorOps += outElems;
        if (!ELEMENTWISE_OPS.has(head.opType) && !['Resize', 'Upsample', 'Gather', 'GatherElements', 'ScatterND', 'Pad', 'DepthToSpace', 'SpaceToDepth', 'ArgMax', 'ArgMin', 'TopK', 'CumSum'].includes(head.opType))
          warn(`op:${head.opType}`, `${head.opType}: no specific cost model, costed as 1 vector op per output element`);
      }
      loop = { type: 'vector', elems: Math.max(inElems, outElems), slab };
      const isGather = head.opType === 'Gather' && constant.has(head.inputs[0]);
      if (isGather) weightElems += outElems; // embedding lookup reads only the selected rows
      head.inputs.forEach((t, ix) => {
        if (t === '' || constant.has(t)) {
          if (t !== '' && !isGather && ix > 0) constElems += elems(t) > 64 ? elems(t) : 0;
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
      const oe = mn.opType.startsWith('Reduce') ? elems(mn.inputs[0]) : elems(mn.outputs[0]);
      vectorOps += oe * (VECTOR_OPS_PER_ELEM[mn.opType] ?? 1);
      for (const t of mn.inputs) {
        if (t === '') continue;
        if (constant.has(t)) {
          const e = elems(t);
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
    groups[pos] = { id: pos, head: gr.head, members: gr.members, kind: gr.kind, loop, macTerms, macs: macTerms.reduce((s, t) => s + t.macs, 0), vectorOps, weightElems, constElems, slots, pos };
  }

  // Materialised outputs of each group: member outputs that a node outside the group reads (through views), or graph outputs.
  const graphOutputs = new Set<string>();
  for (const o of g.outputs) for (const r of rootsOf(o.name)) graphOutputs.add(r);
  const effConsumers = new Map<string, Set<number>>(); // root -> consumer group positions
  nodes.forEach((n, i) => {
    if (groupOfNode[i] < 0) return;
    const p = posOf[groupOfNode[i]];
    for (const x of n.inputs) {
      if (x === '' || constant.has(x)) continue;
      for (const r of rootsOf(x)) {
        const pn = producerNode.get(r);
        if (pn !== undefined && groupOfNode[pn] === groupOfNode[i]) continue;
        (effConsumers.get(r) ?? effConsumers.set(r, new Set()).get(r)!).add(p);
      }
    }
  });
  for (const grp of groups) {
    for (const mi of grp.members) {
      for (const o of nodes[mi].outputs) {
        if (o === '' || constant.has(o)) continue;
        const cons = effConsumers.get(o);
        const isOut = graphOutputs.has(o);
        if (!cons && !isOut) continue;
        const id = tensorId(o);
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

  // One layer per node.
  const isConst = (nm: string) => constant.has(nm);
  const shapeMap = { shape: shapeOf };
  nodes.forEach((n, i) => {
    const gid = groupOfNode[i];
    const cls = classes[i];
    const { macs, macClass } = cls === 'mac' ? nodeMacs(n, mapFor(n, shapeMap), isConst) : { macs: 0, macClass: 'none' as MacClass };
    let w = 0;
    if (cls === 'mac' || cls === 'elementwise' || cls === 'vector') for (const t of n.inputs) if (t !== '' && constant.has(t) && initDims.has(t)) w += elems(t);
    // An embedding lookup reads only the selected rows of its table.
    if (n.opType === 'Gather' && initDims.has(n.inputs[0]) && elems(n.inputs[0]) > 64) w = elems(n.outputs[0]);
    if (cls === 'mac' && macs === 0 && macClass !== 'none') warn(`macs:${i}`, `${nodeLabel(n)}: shapes unknown, MACs counted as 0`);
    layers.push({ nodeIndex: i, name: nodeLabel(n), opType: n.opType, cls: gid >= 0 ? cls : 'free', macs, macClass, weightElems: w, group: gid >= 0 ? posOf[gid] : -1 });
  });
  // Compute uses the same MAC counts as the per-node report (nodeMacs), whatever the loop approximation.
  for (const grp of groups) {
    if (grp.kind === 'mac' && grp.macTerms.length === 1) grp.macTerms[0].macs = layers[grp.head].macs;
    if (grp.kind === 'attention' && grp.macTerms.length === 2) {
      grp.macTerms[0].macs = layers[grp.head].macs;
      grp.macTerms[1].macs = layers[grp.members.find((m) => m !== grp.head && nodes[m].opType === 'MatMul')!].macs;
    }
    grp.macs = grp.macTerms.reduce((s, t) => s + t.macs, 0);
  }
  return { layers, groups, tensors, warnings };
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

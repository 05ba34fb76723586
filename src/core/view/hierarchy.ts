// Scope tree of a graph, built from node names (torch `/down_blocks.0/resnets.1/conv1/Conv`,
// TF `a/b/c`, Caffe2 `gpu_0/conv1`). The editor shows it collapsed to the top level and lays out one
// group at a time, so nothing here is ever laid out flat. Pure: runs in Node, host and webview.
import type { CompactGraph, ViewEdge, ViewNodeCost } from './protocol';

/** Largest number of direct (ungrouped) nodes a level may have before it is split into topological chunks. */
export const CHUNK_MAX = 150;

/** Prefix of synthetic chunk group names: a space and an en dash never occur in exporter scope names. */
export const CHUNK_PREFIX = 'nodes ';

/** Scope path of one node name: every '/'-separated segment except the last (the op's own name). */
export function scopeOfName(name: string): string[] {
  const parts = name.split('/').filter((p) => p !== '');
  parts.pop();
  return parts;
}

/**
 * Scope paths for all nodes, with the prefix shared by every node removed (Caffe2's `gpu_0/`, a TF
 * model wrapped in one name scope) so the top level is not a single group, and with overfull levels
 * split into chunks of at most CHUNK_MAX nodes in topological order (unscoped graphs still open).
 */
/** `structure`: each node's first output type and op, for cutting a graph without name scopes into stages. */
export function assignScopes(names: string[], edges: ViewEdge[], chunkMax = CHUNK_MAX, structure?: { types: string[]; ops: string[] }): string[][] {
  const scopes = names.map(scopeOfName);
  stripCommonPrefix(scopes);
  flattenSingletons(scopes);
  const order = topologicalOrder(names.length, edges);
  // A graph without name scopes (ONNX zoo CNNs, Keras and Paddle exports) is cut by structure: stages
  // between changes of resolution, each named by its dominant op and output shape.
  if (structure && names.length > FLAT_MIN && scopes.every((s) => s.length === 0)) {
    for (const [label, members] of structuralStages(order, structure.types, structure.ops)) for (const i of members) scopes[i] = [label];
  }
  // Direct members of each level, in topological order.
  const byLevel = new Map<string, number[]>();
  for (const i of order) {
    const key = scopes[i].join('/');
    let list = byLevel.get(key);
    if (!list) byLevel.set(key, (list = []));
    list.push(i);
  }
  for (const members of byLevel.values()) {
    if (members.length <= chunkMax) continue;
    const chunks = Math.ceil(members.length / chunkMax);
    // Even chunks rather than full ones plus a small remainder.
    const size = Math.ceil(members.length / chunks);
    for (let c = 0; c < chunks; c++) {
      const slice = members.slice(c * size, (c + 1) * size);
      if (slice.length === 0) continue;
      const label = `${CHUNK_PREFIX}${c * size + 1}\u2013${c * size + slice.length}`;
      for (const i of slice) scopes[i] = [...scopes[i], label];
    }
  }
  return scopes;
}

/** Flat graphs up to this many nodes stay one level (a few nodes read fine without groups). */
export const FLAT_MIN = 24;
/** A stage shorter than this joins the one before it (a lone Pad or Resize is no stage). */
const STAGE_MIN = 4;
/** Prefix of structural stage names (synthetic, like chunks). */
export const STAGE_PREFIX = 'stage ';

/** The resolution a node works at: H×W of a rank-4 output, the sequence length of a rank-3 one; undefined when unknown. */
function resolutionOf(type: string): string | undefined {
  const m = /\[([^\]]*)\]\s*$/.exec(type);
  if (!m) return undefined;
  const dims = m[1].split(',').map((d) => d.trim());
  if (dims.length === 4) return `${dims[2]}×${dims[3]}`;
  if (dims.length === 3) return dims[1];
  return undefined;
}

/**
 * Consecutive nodes (topological order) at one resolution form a stage; nodes of unknown or other rank
 * stay with the stage they follow. Each stage is labelled `stage k – Conv ×12 · [1,32,60,80]`: its most
 * frequent op and the output shape of its last node.
 */
export function structuralStages(order: number[], types: string[], ops: string[]): Array<[string, number[]]> {
  const stages: Array<{ res: string | undefined; members: number[] }> = [];
  for (const i of order) {
    const res = resolutionOf(types[i] ?? '');
    const cur = stages[stages.length - 1];
    if (cur && (res === undefined || res === cur.res || cur.res === undefined)) {
      cur.members.push(i);
      if (cur.res === undefined) cur.res = res;
    } else stages.push({ res, members: [i] });
  }
  const merged: typeof stages = [];
  for (const st of stages) {
    const prev = merged[merged.length - 1];
    if (prev && (st.members.length < STAGE_MIN || prev.members.length < STAGE_MIN)) prev.members.push(...st.members);
    else merged.push(st);
  }
  if (merged.length <= 1) return [];
  return merged.map((st, k) => {
    const counts = new Map<string, number>();
    for (const i of st.members) {
      const op = ops[i] ?? '?';
      counts.set(op, (counts.get(op) ?? 0) + 1);
    }
    const [op, n] = [...counts].sort((a, b) => b[1] - a[1])[0];
    const last = st.members[st.members.length - 1];
    const shape = /(\[[^\]]*\])\s*$/.exec(types[last] ?? '')?.[1] ?? '';
    return [`${STAGE_PREFIX}${k + 1} \u2013 ${op} ×${n}${shape ? ` · ${shape}` : ''}`.replace(/\//g, '∕'), st.members];
  });
}

export function isChunkName(segment: string): boolean {
  return (segment.startsWith(CHUNK_PREFIX) || segment.startsWith(STAGE_PREFIX)) && segment.includes('\u2013');
}

/** A scope holding a single node (torch wraps every module op: `/conv_in/Conv`) adds a click and no information: the node moves up. */
function flattenSingletons(scopes: string[][]): void {
  const count = new Map<string, number>();
  for (const s of scopes) for (let d = 1; d <= s.length; d++) {
    const k = s.slice(0, d).join('/');
    count.set(k, (count.get(k) ?? 0) + 1);
  }
  for (let i = 0; i < scopes.length; i++) {
    let s = scopes[i];
    while (s.length > 0 && count.get(s.join('/')) === 1) s = s.slice(0, -1);
    scopes[i] = s;
  }
}

function stripCommonPrefix(scopes: string[][]): void {
  if (scopes.length === 0) return;
  let n = Math.min(...scopes.map((s) => s.length));
  for (let d = 0; d < n; d++) {
    const seg = scopes[0][d];
    if (!scopes.every((s) => s[d] === seg)) {
      n = d;
      break;
    }
  }
  if (n > 0) for (let i = 0; i < scopes.length; i++) scopes[i] = scopes[i].slice(n);
}

/** Kahn's algorithm with smallest-index tie break (ONNX files are usually sorted already); cycles fall back to index order. */
export function topologicalOrder(count: number, edges: ViewEdge[]): number[] {
  const indeg = new Int32Array(count);
  const out: number[][] = Array.from({ length: count }, () => []);
  for (const e of edges) {
    if (e.from === e.to) continue;
    out[e.from].push(e.to);
    indeg[e.to]++;
  }
  const order: number[] = [];
  const heap = new MinHeap();
  for (let i = 0; i < count; i++) if (indeg[i] === 0) heap.push(i);
  while (heap.size > 0) {
    const i = heap.pop();
    order.push(i);
    for (const j of out[i]) if (--indeg[j] === 0) heap.push(j);
  }
  if (order.length < count) {
    const seen = new Uint8Array(count);
    for (const i of order) seen[i] = 1;
    for (let i = 0; i < count; i++) if (!seen[i]) order.push(i);
  }
  return order;
}

class MinHeap {
  private a: number[] = [];
  get size(): number {
    return this.a.length;
  }
  push(v: number): void {
    const a = this.a;
    a.push(v);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (a[p] <= v) break;
      a[i] = a[p];
      i = p;
    }
    a[i] = v;
  }
  pop(): number {
    const a = this.a;
    const top = a[0];
    const last = a.pop()!;
    if (a.length > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= a.length) break;
        const c = l + 1 < a.length && a[l + 1] < a[l] ? l + 1 : l;
        if (a[c] >= last) break;
        a[i] = a[c];
        i = c;
      }
      a[i] = last;
    }
    return top;
  }
}

// ---------------------------------------------------------------------------------------------
// The tree

export interface Group {
  /** Path joined with '/', '' for the root. */
  id: string;
  path: string[];
  /** Display name: the last path segment. */
  name: string;
  parent: string | null;
  depth: number;
  childGroups: string[];
  childNodes: number[];
  /** All nodes below, at any depth. */
  nodeCount: number;
  /** Smallest node index below: children are ordered by it. */
  firstNode: number;
  synthetic: boolean;
}

export interface Hierarchy {
  root: Group;
  groups: Map<string, Group>;
  /** Group id of each node's direct parent. */
  nodeGroup: string[];
  /** Edges bucketed by the deepest group holding both ends: that group's layout draws them. */
  edgesByGroup: Map<string, ViewEdge[]>;
  /** 1 for nodes folded away (shape arithmetic): in no group, no edge, no total; nodeGroup says ''. */
  hidden: Uint8Array;
}

/** Item keys of a group's layout: `n:<index>` for a node, `g:<id>` for a child group. */
export type ItemKey = string;
export const nodeKey = (i: number): ItemKey => `n:${i}`;
export const groupKey = (id: string): ItemKey => `g:${id}`;

/** `hidden`: nodes to leave out (shape arithmetic folded away); groups holding only hidden nodes do not exist. */
export function buildHierarchy(graph: CompactGraph, hidden: Uint8Array = new Uint8Array(graph.nodes.length)): Hierarchy {
  const root = newGroup('', [], null);
  const groups = new Map<string, Group>([['', root]]);
  const nodeGroup = new Array<string>(graph.nodes.length);
  graph.nodes.forEach((node, i) => {
    if (hidden[i]) {
      nodeGroup[i] = '';
      return;
    }
    let g = root;
    for (let d = 0; d < node.scope.length; d++) {
      const id = d === 0 ? node.scope[0] : `${g.id}/${node.scope[d]}`;
      let child = groups.get(id);
      if (!child) {
        child = newGroup(id, node.scope.slice(0, d + 1), g.id);
        groups.set(id, child);
        g.childGroups.push(id);
      }
      g.nodeCount++;
      g.firstNode = Math.min(g.firstNode, i);
      g = child;
    }
    g.nodeCount++;
    g.firstNode = Math.min(g.firstNode, i);
    g.childNodes.push(i);
    nodeGroup[i] = g.id;
  });
  for (const g of groups.values()) g.childGroups.sort((a, b) => groups.get(a)!.firstNode - groups.get(b)!.firstNode);

  const edgesByGroup = new Map<string, ViewEdge[]>();
  for (const e of graph.edges) {
    if (e.from === e.to || hidden[e.from] || hidden[e.to]) continue;
    const owner = commonGroup(nodeGroup[e.from], nodeGroup[e.to]);
    let list = edgesByGroup.get(owner);
    if (!list) edgesByGroup.set(owner, (list = []));
    list.push(e);
  }
  return { root, groups, nodeGroup, edgesByGroup, hidden };
}

function newGroup(id: string, path: string[], parent: string | null): Group {
  const name = path.length ? path[path.length - 1] : '';
  return {
    id, path, name, parent, depth: path.length, childGroups: [], childNodes: [], nodeCount: 0,
    firstNode: Number.POSITIVE_INFINITY, synthetic: isChunkName(name),
  };
}

/** Deepest group containing both groups (ids are '/'-joined paths, segments never contain '/'). */
export function commonGroup(a: string, b: string): string {
  if (a === b) return a;
  const pa = a === '' ? [] : a.split('/');
  const pb = b === '' ? [] : b.split('/');
  let d = 0;
  while (d < pa.length && d < pb.length && pa[d] === pb[d]) d++;
  return pa.slice(0, d).join('/');
}

/** Ancestors of a group from the root's first child down to the group itself (its breadcrumbs). */
export function groupChain(h: Hierarchy, id: string): Group[] {
  const chain: Group[] = [];
  for (let g = h.groups.get(id); g && g.id !== ''; g = g.parent === null ? undefined : h.groups.get(g.parent)) chain.unshift(g);
  return chain;
}

/** The item that stands for `nodeIndex` inside group `groupId`'s layout (a direct node or the child group holding it), or undefined if it is outside. */
export function itemInGroup(h: Hierarchy, groupId: string, nodeIndex: number): ItemKey | undefined {
  const ng = h.nodeGroup[nodeIndex];
  if (ng === groupId) return nodeKey(nodeIndex);
  const prefix = groupId === '' ? '' : `${groupId}/`;
  if (!ng.startsWith(prefix)) return undefined;
  const rest = ng.slice(prefix.length);
  const slash = rest.indexOf('/');
  return groupKey(prefix + (slash < 0 ? rest : rest.slice(0, slash)));
}

/** The visible item for a node given the expanded groups: its outermost collapsed ancestor, or the node itself. */
export function visibleItem(h: Hierarchy, expanded: ReadonlySet<string>, nodeIndex: number): ItemKey {
  const ng = h.nodeGroup[nodeIndex];
  if (ng === '') return nodeKey(nodeIndex);
  const parts = ng.split('/');
  for (let d = 1; d <= parts.length; d++) {
    const id = parts.slice(0, d).join('/');
    if (!expanded.has(id)) return groupKey(id);
  }
  return nodeKey(nodeIndex);
}

export interface AggregatedEdge {
  from: ItemKey;
  to: ItemKey;
  /** How many tensor edges this one stands for. */
  count: number;
  /** Name of the first tensor, for tooltips. */
  tensor: string;
}

/** Edges between the direct items of a group (nodes and child groups), parallel edges merged. */
export function groupEdges(h: Hierarchy, groupId: string): AggregatedEdge[] {
  const merged = new Map<string, AggregatedEdge>();
  for (const e of h.edgesByGroup.get(groupId) ?? []) {
    const from = itemInGroup(h, groupId, e.from)!;
    const to = itemInGroup(h, groupId, e.to)!;
    if (from === to) continue;
    const k = `${from}\u0000${to}`;
    const m = merged.get(k);
    if (m) m.count++;
    else merged.set(k, { from, to, count: 1, tensor: e.tensor });
  }
  return [...merged.values()];
}

export interface GroupTotals {
  latencyMs: number;
  /** Share of model latency, 0..1. */
  share: number;
  macCount: number;
  weightBytes: number;
  ddrBytes: number;
  spillCount: number;
  nodeCount: number;
  computeCycles: number;
  dramAccessCycles: number;
  /** Indices of the spilling nodes below, ascending. */
  spilling: number[];
}

/** Totals of every group from the per-node overlay (sum over descendants). */
export function groupTotals(h: Hierarchy, nodes: ViewNodeCost[]): Map<string, GroupTotals> {
  const out = new Map<string, GroupTotals>();
  for (const id of h.groups.keys()) {
    out.set(id, { latencyMs: 0, share: 0, macCount: 0, weightBytes: 0, ddrBytes: 0, spillCount: 0, nodeCount: 0, computeCycles: 0, dramAccessCycles: 0, spilling: [] });
  }
  h.nodeGroup.forEach((gid, i) => {
    if (h.hidden[i]) return;
    const c = nodes[i];
    for (let id: string | null = gid; id !== null; id = h.groups.get(id)!.parent) {
      const t = out.get(id)!;
      t.nodeCount++;
      if (!c) continue;
      t.latencyMs += c.latencyMs;
      t.share += c.share;
      t.macCount += c.macCount;
      t.weightBytes += c.weightBytes;
      t.ddrBytes += c.ddrReadBytes + c.ddrWriteBytes;
      t.computeCycles += c.computeCycles;
      t.dramAccessCycles += c.dramAccessCycles;
      if (c.spill) {
        t.spillCount++;
        t.spilling.push(i);
      }
    }
  });
  return out;
}

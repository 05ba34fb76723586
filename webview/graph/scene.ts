// Composes the visible picture from per-group layouts: every group is laid out once by elkjs with its
// children collapsed to boxes (cached by group id), and an expanded child's box is then grown to the
// size of the child's own picture by stretching the parent's layout (stretchLayout.ts), never by
// laying the parent out again: an expand costs at most one elkjs run (the group's own), and the rest
// of the picture keeps its arrangement. Edges are drawn at the level of the deepest group that holds
// both ends; where one crosses an open group's border it is carried along the border to the group's
// port for it and continued inside (ports.ts). The root also shows the graph's
// inputs (in a first layer of their own, so above everything) and outputs (a last layer, below), each
// joined to the top-level items that read or write it; expands only ever push them right or down.
import type { CompactGraph, ViewTensorRef } from '../../src/core/view/protocol';
import {
  groupEdges, groupKey, isChunkName, itemInGroup, nodeKey, type AggregatedEdge, type Hierarchy, type ItemKey,
} from '../../src/core/view/hierarchy';
import type { GroupLayoutResult, LayoutEngine, LayoutItemInput } from '../layout/layoutEngine';
import { stretchLayout } from '../layout/stretchLayout';
import { elideMiddle } from '../../src/core/view/elide';
import { feedsInPort, groupPorts, PORT_SIZE, readsOutPort, type GroupPorts } from './ports';

export const NODE_H = 34;
export const GROUP_H = 46;
export const PAD = 10;
export const HEADER = 26;

export type SceneBoxKind = 'node' | 'group' | 'input' | 'output';

export interface SceneBox {
  /** `n:<node>`, `g:<group id>`, `i:<k>` / `o:<k>` for graph input / output k. */
  key: ItemKey;
  kind: SceneBoxKind;
  /** Node index for nodes, else -1. */
  nodeIndex: number;
  /** Index in graph.inputs (kind 'input') or graph.outputs ('output'), else -1. */
  ioIndex: number;
  /** A group's own id; for nodes the group holding them; '' (the root) for graph inputs/outputs. */
  groupId: string;
  expanded: boolean;
  x: number;
  y: number;
  w: number;
  h: number;
  depth: number;
}

export interface SceneEdge {
  /** Items it joins, in the drawing group's layout (a node, a child group, a graph input/output). */
  from: ItemKey;
  to: ItemKey;
  points: Array<{ x: number; y: number }>;
  count: number;
  /** Name of the (first) tensor it carries: shown as the edge's tooltip. */
  tensor: string;
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

export interface Scene {
  boxes: SceneBox[];
  edges: SceneEdge[];
  byKey: Map<ItemKey, SceneBox>;
  width: number;
  height: number;
}

/** Short second line of a node box: the last scope-free part of its name. */
export function shortName(name: string): string {
  const parts = name.split('/').filter((p) => p !== '');
  return parts.length ? parts[parts.length - 1] : name;
}

function textWidth(chars: number, px: number): number {
  return chars * px;
}

/**
 * Second line of a node box: its name below its group (`conv1/Conv` inside `down_blocks.0/resnets.0`),
 * shortened from the left; the full name is in the hover card.
 */
export function relativeName(name: string, scope: string[]): string {
  const parts = name.split('/').filter((p) => p !== '');
  const real = scope.filter((s) => !isChunkName(s));
  const last = real.length ? parts.lastIndexOf(real[real.length - 1]) : -1;
  const rel = parts.slice(last + 1).join('/') || name;
  return rel.length > 32 ? `…${rel.slice(rel.length - 31)}` : rel;
}

export function nodeSize(graph: CompactGraph, i: number): { w: number; h: number } {
  const n = graph.nodes[i];
  const w = Math.max(textWidth(n.opType.length, 7.5), textWidth(relativeName(n.name, n.scope).length, 6.2)) + 22;
  return { w: Math.round(Math.min(Math.max(w, 84), 220)), h: NODE_H };
}

/** Item keys of the root's boundary items: graph input / output `k` (index in graph.inputs / outputs). */
export const inputKey = (k: number): ItemKey => `i:${k}`;
export const outputKey = (k: number): ItemKey => `o:${k}`;
export const isIoKey = (key: string): boolean => key.startsWith('i:') || key.startsWith('o:');

/**
 * A long tensor name or type shortened in the middle: a type's start (dtype and first dims) and its end
 * (the closing dims) both stay, as do a name's scope and leaf. The hover card has it whole.
 */
export function ioLabel(name: string, max = 34): string {
  return elideMiddle(name, max);
}

export function ioSize(t: ViewTensorRef): { w: number; h: number } {
  const w = Math.max(textWidth(ioLabel(t.name).length, 7.5), textWidth(ioLabel(t.type).length, 6.2)) + 32;
  return { w: Math.round(Math.min(Math.max(w, 90), 280)), h: NODE_H };
}

/** Which nodes read each graph input and which node writes each graph output. */
export interface GraphIo {
  /** Per graph input: indices of the nodes reading it, ascending, each once. */
  consumers: number[][];
  /** Per graph output: index of the node writing it, or undefined (a passed-through input, an initializer). */
  producers: Array<number | undefined>;
}

export function graphIo(graph: CompactGraph): GraphIo {
  const readers = new Map<string, number[]>(graph.inputs.map((t) => [t.name, []]));
  const wanted = new Set(graph.outputs.map((t) => t.name));
  const writer = new Map<string, number>();
  graph.nodes.forEach((n, i) => {
    for (const t of n.inputs) {
      const list = readers.get(t.name);
      if (list && list[list.length - 1] !== i) list.push(i);
    }
    for (const t of n.outputs) if (wanted.has(t.name) && !writer.has(t.name)) writer.set(t.name, i);
  });
  return {
    consumers: graph.inputs.map((t) => readers.get(t.name)!),
    producers: graph.outputs.map((t) => writer.get(t.name)),
  };
}

/**
 * Root-level edges of the boundary items: one per (input, top-level item holding consumers) and per
 * (top-level item holding the producer, output); `count` is how many node-level reads it stands for.
 */
export function ioEdges(graph: CompactGraph, h: Hierarchy, io: GraphIo): AggregatedEdge[] {
  const out: AggregatedEdge[] = [];
  io.consumers.forEach((nodes, k) => {
    const byItem = new Map<ItemKey, AggregatedEdge>();
    for (const i of nodes) {
      if (h.hidden[i]) continue;
      const to = itemInGroup(h, '', i)!;
      const e = byItem.get(to);
      if (e) e.count++;
      else byItem.set(to, { from: inputKey(k), to, count: 1, tensor: graph.inputs[k].name });
    }
    out.push(...byItem.values());
  });
  io.producers.forEach((p, k) => {
    if (p !== undefined && !h.hidden[p]) out.push({ from: itemInGroup(h, '', p)!, to: outputKey(k), count: 1, tensor: graph.outputs[k].name });
  });
  return out;
}

export function collapsedGroupSize(name: string): { w: number; h: number } {
  const w = textWidth(Math.min(name.length, 34), 7.2) + 40;
  return { w: Math.round(Math.min(Math.max(w, 190), 300)), h: GROUP_H };
}

interface Composed {
  layout: GroupLayoutResult;
  children: Map<string, Composed>;
  width: number;
  height: number;
}

export class SceneBuilder {
  /** Readers of each graph input and writer of each output (the hover card shows them too). */
  readonly io: GraphIo;
  private readonly rootIoEdges: AggregatedEdge[];

  /** `keyPrefix` tells apart the layouts of different hierarchies of one graph (shape arithmetic shown or folded) in the engine's cache. */
  constructor(
    private readonly graph: CompactGraph,
    private readonly h: Hierarchy,
    private readonly engine: LayoutEngine,
    readonly keyPrefix = '',
  ) {
    this.io = graphIo(graph);
    this.rootIoEdges = ioEdges(graph, h, this.io);
  }

  private readonly edgeMemo = new Map<string, AggregatedEdge[]>();
  private readonly portMemo = new Map<string, GroupPorts>();

  /** Where edges cross a (non-root) group's border, computed once per group. */
  private portsOf(gid: string): GroupPorts {
    let p = this.portMemo.get(gid);
    if (!p) this.portMemo.set(gid, (p = groupPorts(this.graph, this.h, gid, this.io.consumers, this.io.producers)));
    return p;
  }

  /** Edges between a group's direct items, plus those of its ports (the root: of the graph inputs/outputs). Computed once per group. */
  private edgesOf(gid: string): AggregatedEdge[] {
    let edges = this.edgeMemo.get(gid);
    if (!edges) {
      edges = groupEdges(this.h, gid);
      edges = [...edges, ...(gid === '' ? this.rootIoEdges : this.portsOf(gid).edges)];
      this.edgeMemo.set(gid, edges);
    }
    return edges;
  }

  async build(expanded: ReadonlySet<string>): Promise<Scene> {
    const root = await this.compose('', expanded);
    const scene: Scene = { boxes: [], edges: [], byKey: new Map(), width: root.width, height: root.height };
    this.place(root, '', 0, 0, 0, scene);
    return scene;
  }

  private async compose(gid: string, expanded: ReadonlySet<string>): Promise<Composed> {
    const g = this.h.groups.get(gid)!;
    const open = g.childGroups.filter((c) => expanded.has(c));
    // The group's own layout and its open children's pictures; the worker runs the layouts one by one.
    const [base, ...subs] = await Promise.all([this.ownLayout(gid), ...open.map((c) => this.compose(c, expanded))]);
    const children = new Map<string, Composed>();
    open.forEach((c, k) => children.set(c, subs[k]));
    const layout = open.length === 0
      ? base
      : stretchLayout(base, new Map(open.map((c, k) => [groupKey(c), { w: subs[k].width, h: subs[k].height }])));
    const isRoot = gid === '';
    return {
      layout,
      children,
      width: isRoot ? layout.width : layout.width + 2 * PAD,
      height: isRoot ? layout.height : layout.height + HEADER + PAD,
    };
  }

  /** elkjs layout of a group's direct children, every child group collapsed (cached by the engine). */
  private ownLayout(gid: string): Promise<GroupLayoutResult> {
    const hit = this.engine.cached(this.keyPrefix + gid);
    if (hit) return Promise.resolve(hit);
    const g = this.h.groups.get(gid)!;
    const root = gid === '';
    const ports = root ? undefined : this.portsOf(gid);
    const port = (key: string, layer: 'FIRST_SEPARATE' | 'LAST_SEPARATE') => ({ id: key, width: PORT_SIZE, height: PORT_SIZE, layer });
    const items: LayoutItemInput[] = [
      ...(ports?.inPorts.map((p) => port(p.key, 'FIRST_SEPARATE')) ?? []),
      // A separate first layer: plain FIRST shares it with other sources (the synthetic UI graph's cycle
      // put a block beside the inputs). Listed first, they also come first in elkjs's model order.
      ...(root ? this.graph.inputs.map((t, k) => ({ id: inputKey(k), ...wh(ioSize(t)), layer: 'FIRST_SEPARATE' as const })) : []),
      ...g.childGroups.map((c) => {
        const size = collapsedGroupSize(this.h.groups.get(c)!.name);
        return { id: groupKey(c), width: size.w, height: size.h };
      }),
      ...g.childNodes.map((i) => {
        const s = nodeSize(this.graph, i);
        return { id: nodeKey(i), width: s.w, height: s.h };
      }),
      ...(root ? this.graph.outputs.map((t, k) => ({ id: outputKey(k), ...wh(ioSize(t)), layer: 'LAST_SEPARATE' as const })) : []),
      ...(ports?.outPorts.map((p) => port(p.key, 'LAST_SEPARATE')) ?? []),
    ];
    const edges = this.edgesOf(gid).map((e, k) => ({ id: `e${k}`, from: e.from, to: e.to }));
    return this.engine.layout(this.keyPrefix + gid, items, edges, root);
  }

  /**
   * `border`: the edges one level up that end at / start from this group's box; each is carried along
   * the border to the ports it feeds / is fed by, whose own edges continue it inside.
   */
  private place(c: Composed, gid: string, ox: number, oy: number, depth: number, scene: Scene, border?: { into: SceneEdge[]; outOf: SceneEdge[] }): void {
    const g = this.h.groups.get(gid)!;
    const agg = this.edgesOf(gid);
    const level: SceneEdge[] = [];
    for (const e of c.layout.edges) {
      const k = Number(e.id.slice(1));
      const edge = sceneEdge(agg[k]?.from ?? '', agg[k]?.to ?? '', e.points.map((p) => ({ x: p.x + ox, y: p.y + oy })), agg[k]?.count ?? 1, agg[k]?.tensor ?? '');
      level.push(edge);
      scene.edges.push(edge);
    }
    if (border && gid !== '') {
      const ports = this.portsOf(gid);
      const at = (key: string) => {
        const it = c.layout.items.get(key);
        return it && { cx: it.x + ox + it.width / 2, top: it.y + oy, bottom: it.y + oy + it.height };
      };
      for (const e of border.into) {
        const end = e.points[e.points.length - 1];
        for (const p of ports.inPorts) {
          const q = feedsInPort(this.h, e.from, p) ? at(p.key) : undefined;
          // Joins run from this group's border (its box is the `from`) to the port.
          if (q) scene.edges.push(sceneEdge(groupKey(gid), p.key, [end, { x: q.cx, y: end.y }, { x: q.cx, y: q.bottom }], 1, p.tensor));
        }
      }
      for (const e of border.outOf) {
        const start = e.points[0];
        for (const p of ports.outPorts) {
          const q = readsOutPort(this.h, e.to, p) ? at(p.key) : undefined;
          if (q) scene.edges.push(sceneEdge(p.key, groupKey(gid), [{ x: q.cx, y: q.top }, { x: q.cx, y: start.y }, start], 1, p.tensor));
        }
      }
    }
    const add = (box: SceneBox) => {
      scene.boxes.push(box);
      scene.byKey.set(box.key, box);
    };
    // Boxes are in tab order: inputs, the root's items (depth first), outputs.
    const io = (kind: 'input' | 'output', refs: ViewTensorRef[]) => refs.forEach((_, k) => {
      const key = kind === 'input' ? inputKey(k) : outputKey(k);
      const it = c.layout.items.get(key)!;
      add({ key, kind, nodeIndex: -1, ioIndex: k, groupId: '', expanded: false, x: it.x + ox, y: it.y + oy, w: it.width, h: it.height, depth });
    });
    if (gid === '') io('input', this.graph.inputs);
    for (const cg of g.childGroups) {
      const it = c.layout.items.get(groupKey(cg))!;
      const sub = c.children.get(cg);
      const box: SceneBox = {
        key: groupKey(cg), kind: 'group', nodeIndex: -1, ioIndex: -1, groupId: cg, expanded: !!sub,
        x: it.x + ox, y: it.y + oy, w: it.width, h: it.height, depth,
      };
      add(box);
      if (sub) {
        const key = groupKey(cg);
        const into = level.filter((e) => e.to === key);
        const outOf = level.filter((e) => e.from === key);
        this.place(sub, cg, box.x + PAD, box.y + HEADER, depth + 1, scene, { into, outOf });
      }
    }
    for (const i of g.childNodes) {
      const it = c.layout.items.get(nodeKey(i))!;
      add({
        key: nodeKey(i), kind: 'node', nodeIndex: i, ioIndex: -1, groupId: gid, expanded: false,
        x: it.x + ox, y: it.y + oy, w: it.width, h: it.height, depth,
      });
    }
    if (gid === '') io('output', this.graph.outputs);
  }
}

function sceneEdge(from: ItemKey, to: ItemKey, points: Array<{ x: number; y: number }>, count: number, tensor: string): SceneEdge {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const p of points) {
    minX = Math.min(minX, p.x);
    minY = Math.min(minY, p.y);
    maxX = Math.max(maxX, p.x);
    maxY = Math.max(maxY, p.y);
  }
  return { from, to, points, count, tensor, minX, minY, maxX, maxY };
}

function wh(s: { w: number; h: number }): { width: number; height: number } {
  return { width: s.w, height: s.h };
}

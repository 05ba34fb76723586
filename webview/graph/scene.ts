// Composes the visible picture from per-group layouts: every group is laid out once by elkjs with its
// children collapsed to boxes (cached by group id), and an expanded child's box is then grown to the
// size of the child's own picture by stretching the parent's layout (stretchLayout.ts), never by
// laying the parent out again: an expand costs at most one elkjs run (the group's own), and the rest
// of the picture keeps its arrangement. Edges are drawn at the level of the deepest group that holds
// both ends, so an edge into a group ends at the group's border.
import type { CompactGraph } from '../../src/core/view/protocol';
import { groupEdges, groupKey, isChunkName, nodeKey, type Hierarchy, type ItemKey } from '../../src/core/view/hierarchy';
import type { GroupLayoutResult, LayoutEngine } from '../layout/layoutEngine';
import { stretchLayout } from '../layout/stretchLayout';

export const NODE_H = 34;
export const GROUP_H = 46;
export const PAD = 10;
export const HEADER = 26;

export interface SceneBox {
  key: ItemKey;
  kind: 'node' | 'group';
  /** Node index for nodes, group id for groups. */
  nodeIndex: number;
  groupId: string;
  expanded: boolean;
  x: number;
  y: number;
  w: number;
  h: number;
  depth: number;
}

export interface SceneEdge {
  points: Array<{ x: number; y: number }>;
  count: number;
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
  constructor(
    private readonly graph: CompactGraph,
    private readonly h: Hierarchy,
    private readonly engine: LayoutEngine,
  ) {}

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
    const g = this.h.groups.get(gid)!;
    const items = [
      ...g.childGroups.map((c) => {
        const size = collapsedGroupSize(this.h.groups.get(c)!.name);
        return { id: groupKey(c), width: size.w, height: size.h };
      }),
      ...g.childNodes.map((i) => {
        const s = nodeSize(this.graph, i);
        return { id: nodeKey(i), width: s.w, height: s.h };
      }),
    ];
    const edges = groupEdges(this.h, gid).map((e, k) => ({ id: `e${k}`, from: e.from, to: e.to }));
    return this.engine.layout(gid, items, edges);
  }

  private place(c: Composed, gid: string, ox: number, oy: number, depth: number, scene: Scene): void {
    const g = this.h.groups.get(gid)!;
    const agg = groupEdges(this.h, gid);
    for (const e of c.layout.edges) {
      const k = Number(e.id.slice(1));
      const pts = e.points.map((p) => ({ x: p.x + ox, y: p.y + oy }));
      scene.edges.push({
        points: pts, count: agg[k]?.count ?? 1, tensor: agg[k]?.tensor ?? '',
        minX: Math.min(...pts.map((p) => p.x)), minY: Math.min(...pts.map((p) => p.y)),
        maxX: Math.max(...pts.map((p) => p.x)), maxY: Math.max(...pts.map((p) => p.y)),
      });
    }
    for (const cg of g.childGroups) {
      const it = c.layout.items.get(groupKey(cg))!;
      const sub = c.children.get(cg);
      const box: SceneBox = {
        key: groupKey(cg), kind: 'group', nodeIndex: -1, groupId: cg, expanded: !!sub,
        x: it.x + ox, y: it.y + oy, w: it.width, h: it.height, depth,
      };
      scene.boxes.push(box);
      scene.byKey.set(box.key, box);
      if (sub) this.place(sub, cg, box.x + PAD, box.y + HEADER, depth + 1, scene);
    }
    for (const i of g.childNodes) {
      const it = c.layout.items.get(nodeKey(i))!;
      const box: SceneBox = {
        key: nodeKey(i), kind: 'node', nodeIndex: i, groupId: gid, expanded: false,
        x: it.x + ox, y: it.y + oy, w: it.width, h: it.height, depth,
      };
      scene.boxes.push(box);
      scene.byKey.set(box.key, box);
    }
  }
}

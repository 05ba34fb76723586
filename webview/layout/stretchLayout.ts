// Grows boxes inside an existing layout without laying it out again: expanding a group makes its box
// (laid out collapsed) as big as the group's own layout, and every item whose top is at or below the
// box's bottom moves down by the growth, every item whose left edge is at or right of the box's right
// edge moves right. Items only move right/down, each by the full growth, so items that did not
// overlap do not start to, and the rest of the picture stays where the user left it.
// Edges: a bend point follows the same two cuts; an end point follows the item it is attached to (an
// item can straddle a cut line, e.g. a wide box above the grown one); where that turns a vertical or
// horizontal segment oblique, a jog is inserted half-way, so routes stay orthogonal. Pure: unit-tested.
import type { GroupLayoutResult, LaidOutEdge, LaidOutItem } from './layoutEngine';

/** Coordinates closer than this to a cut line count as on it (elkjs places ports exactly on borders). */
const EPS = 0.5;

type Pt = { x: number; y: number };

/**
 * `base` with each item in `grown` at (at least) its new size. Items are never shrunk: a group whose
 * own layout is smaller than its collapsed box keeps the box's size.
 */
export function stretchLayout(base: GroupLayoutResult, grown: ReadonlyMap<string, { w: number; h: number }>): GroupLayoutResult {
  const items = new Map<string, LaidOutItem>();
  for (const [id, it] of base.items) items.set(id, { ...it });
  let edges: LaidOutEdge[] = base.edges.map((e) => ({ ...e, points: e.points.map((p) => ({ ...p })) }));
  const [right0, bottom0] = extent(items, edges);
  for (const [id, size] of grown) {
    const box = items.get(id);
    if (!box) continue;
    const dw = Math.max(0, size.w - box.width);
    const dh = Math.max(0, size.h - box.height);
    if (dw === 0 && dh === 0) continue;
    const right = box.x + box.width;
    const bottom = box.y + box.height;
    const cut = (p: Pt): Pt => ({ x: p.x >= right - EPS ? p.x + dw : p.x, y: p.y >= bottom - EPS ? p.y + dh : p.y });
    const moved = new Map<string, Pt>();
    for (const it of items.values()) {
      if (it === box) continue;
      const to = cut(it);
      moved.set(it.id, { x: to.x - it.x, y: to.y - it.y });
      it.x = to.x;
      it.y = to.y;
    }
    // An end point on the grown box stays on its border: on the bottom it moves down with it.
    const attached = (itemId: string | undefined, p: Pt): Pt => {
      if (itemId === id) return { x: p.x, y: p.y >= bottom - EPS ? p.y + dh : p.y };
      const d = itemId === undefined ? undefined : moved.get(itemId);
      return d ? { x: p.x + d.x, y: p.y + d.y } : cut(p);
    };
    edges = edges.map((e) => {
      const last = e.points.length - 1;
      const pts = e.points.map((p, j) => (j === 0 ? attached(e.from, p) : j === last ? attached(e.to, p) : cut(p)));
      return { ...e, points: orthogonal(e.points, pts) };
    });
    box.width += dw;
    box.height += dh;
  }
  const [right1, bottom1] = extent(items, edges);
  // Keep the base's margin (elkjs padding) around whatever now reaches furthest.
  return { width: base.width + (right1 - right0), height: base.height + (bottom1 - bottom0), items, edges };
}

/** `after` with a half-way jog wherever a segment that was vertical or horizontal in `before` is now oblique. */
function orthogonal(before: Pt[], after: Pt[]): Pt[] {
  const out: Pt[] = [after[0]];
  for (let j = 1; j < after.length; j++) {
    const [a0, b0, a, b] = [before[j - 1], before[j], after[j - 1], after[j]];
    if (a0.x === b0.x && a.x !== b.x) {
      const m = (a.y + b.y) / 2;
      out.push({ x: a.x, y: m }, { x: b.x, y: m });
    } else if (a0.y === b0.y && a.y !== b.y) {
      const m = (a.x + b.x) / 2;
      out.push({ x: m, y: a.y }, { x: m, y: b.y });
    }
    out.push(b);
  }
  return out;
}

function extent(items: Map<string, LaidOutItem>, edges: LaidOutEdge[]): [number, number] {
  let r = 0;
  let b = 0;
  for (const it of items.values()) {
    r = Math.max(r, it.x + it.width);
    b = Math.max(b, it.y + it.height);
  }
  for (const e of edges) for (const p of e.points) {
    r = Math.max(r, p.x);
    b = Math.max(b, p.y);
  }
  return [r, b];
}

// Grows boxes inside an existing layout without laying it out again: expanding a group makes its box
// (laid out collapsed) as big as the group's own layout, and everything at or below the box's bottom
// moves down by the growth, everything at or right of its right edge moves right. Only right/down
// moves, each by the full growth, so nothing that did not overlap starts to overlap, orthogonal edge
// routes stay orthogonal (segments crossing a cut line get longer), and the rest of the picture stays
// where the user left it. Pure: unit-tested in Node.
import type { GroupLayoutResult, LaidOutEdge, LaidOutItem } from './layoutEngine';

/** Coordinates closer than this to a cut line count as on it (elkjs places ports exactly on borders). */
const EPS = 0.5;

/**
 * `base` with each item in `grown` at (at least) its new size. Items are never shrunk: a group whose
 * own layout is smaller than its collapsed box keeps the box's size.
 */
export function stretchLayout(base: GroupLayoutResult, grown: ReadonlyMap<string, { w: number; h: number }>): GroupLayoutResult {
  const items = new Map<string, LaidOutItem>();
  for (const [id, it] of base.items) items.set(id, { ...it });
  const edges: LaidOutEdge[] = base.edges.map((e) => ({ id: e.id, points: e.points.map((p) => ({ ...p })) }));
  const [right0, bottom0] = extent(items, edges);
  for (const [id, size] of grown) {
    const box = items.get(id);
    if (!box) continue;
    const dw = Math.max(0, size.w - box.width);
    const dh = Math.max(0, size.h - box.height);
    if (dw === 0 && dh === 0) continue;
    const right = box.x + box.width;
    const bottom = box.y + box.height;
    for (const it of items.values()) {
      if (it === box) continue;
      if (it.y >= bottom - EPS) it.y += dh;
      if (it.x >= right - EPS) it.x += dw;
    }
    for (const e of edges) {
      for (const p of e.points) {
        if (p.y >= bottom - EPS) p.y += dh;
        if (p.x >= right - EPS) p.x += dw;
      }
    }
    box.width += dw;
    box.height += dh;
  }
  const [right1, bottom1] = extent(items, edges);
  // Keep the base's margin (elkjs padding) around whatever now reaches furthest.
  return { width: base.width + (right1 - right0), height: base.height + (bottom1 - bottom0), items, edges };
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

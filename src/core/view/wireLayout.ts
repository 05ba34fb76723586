// A laid-out level (the layout engine's GroupLayoutResult, whose items are a Map) <-> plain JSON, for the
// host's cache of laid-out levels. Pure.
import type { WireLayout } from './protocol';

export interface GroupLayoutResultLike {
  width: number;
  height: number;
  items: Map<string, { id: string; x: number; y: number; width: number; height: number }>;
  edges: Array<{ id: string; points: Array<{ x: number; y: number }>; from?: string; to?: string }>;
}

const r1 = (v: number) => Math.round(v * 10) / 10;

export function toWireLayout(l: GroupLayoutResultLike): WireLayout {
  return {
    width: l.width,
    height: l.height,
    items: [...l.items.values()].map((i) => [i.id, r1(i.x), r1(i.y), i.width, i.height]),
    edges: l.edges.map((e) => ({ id: e.id, points: e.points.map((p) => ({ x: r1(p.x), y: r1(p.y) })), ...(e.from ? { from: e.from } : {}), ...(e.to ? { to: e.to } : {}) })),
  };
}

export function fromWireLayout(w: WireLayout): GroupLayoutResultLike {
  return {
    width: w.width,
    height: w.height,
    items: new Map(w.items.map(([id, x, y, width, height]) => [id, { id, x, y, width, height }])),
    edges: w.edges.map((e) => ({ id: e.id, points: e.points, from: e.from, to: e.to })),
  };
}

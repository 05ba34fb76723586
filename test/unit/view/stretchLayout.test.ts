import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stretchLayout } from '../../../webview/layout/stretchLayout';
import type { GroupLayoutResult } from '../../../webview/layout/layoutEngine';

function layout(items: Array<[string, number, number, number, number]>, edges: Array<[string, Array<[number, number]>]>, width: number, height: number): GroupLayoutResult {
  return {
    width, height,
    items: new Map(items.map(([id, x, y, w, h]) => [id, { id, x, y, width: w, height: h }])),
    edges: edges.map(([id, pts]) => ({ id, points: pts.map(([x, y]) => ({ x, y })) })),
  };
}

// a above b; c to the right of b in the same layer; d below both. a -> b, a -> c (routed right), b -> d.
const base = layout(
  [['a', 10, 10, 100, 40], ['b', 10, 80, 100, 40], ['c', 150, 80, 100, 40], ['d', 10, 150, 100, 40]],
  [['ab', [[60, 50], [60, 80]]], ['ac', [[90, 50], [90, 65], [200, 65], [200, 80]]], ['bd', [[60, 120], [60, 150]]]],
  260, 200,
);

test('growing a box moves what is below it down and what is right of it right, by the growth', () => {
  const out = stretchLayout(base, new Map([['b', { w: 400, h: 300 }]]));
  const at = (id: string) => out.items.get(id)!;
  assert.deepEqual([at('b').x, at('b').y, at('b').width, at('b').height], [10, 80, 400, 300], 'b keeps its corner and gets its new size');
  assert.deepEqual([at('a').x, at('a').y], [10, 10], 'above: unmoved');
  assert.deepEqual([at('c').x, at('c').y], [450, 80], 'same layer, right of b: moved right by 300');
  assert.deepEqual([at('d').x, at('d').y], [10, 410], 'below b: moved down by 260');
  // Edge leaving b's bottom border still leaves it, and still enters d's top border.
  assert.deepEqual(out.edges.find((e) => e.id === 'bd')!.points, [{ x: 60, y: 380 }, { x: 60, y: 410 }]);
  // An edge routed across b's right edge gets a longer horizontal run and still ends on c's top.
  assert.deepEqual(out.edges.find((e) => e.id === 'ac')!.points, [{ x: 90, y: 50 }, { x: 90, y: 65 }, { x: 500, y: 65 }, { x: 500, y: 80 }]);
  assert.equal(out.width, 260 + 300);
  assert.equal(out.height, 200 + 260);
  // The input is untouched (it is the cached elkjs layout).
  assert.equal(base.items.get('c')!.x, 150);
});

test('a box is never shrunk, and a box not in the layout is ignored', () => {
  const out = stretchLayout(base, new Map([['b', { w: 50, h: 20 }], ['zz', { w: 999, h: 999 }]]));
  assert.deepEqual(out.items.get('b'), base.items.get('b'));
  assert.equal(out.width, base.width);
  assert.equal(out.height, base.height);
});

test('growing two boxes in one layer keeps them apart', () => {
  const out = stretchLayout(base, new Map([['b', { w: 300, h: 100 }], ['c', { w: 200, h: 500 }]]));
  const b = out.items.get('b')!;
  const c = out.items.get('c')!;
  const d = out.items.get('d')!;
  assert.ok(c.x >= b.x + b.width, 'c right of b');
  assert.ok(d.y >= b.y + b.height && d.y >= c.y + c.height, 'd below both');
});

test('edge ends stay on their items when an item straddles a cut line, and routes stay orthogonal', () => {
  // w: a wide box above g, reaching past g's right edge; its edge leaves its bottom right of that edge.
  // t: a tall box beside g (grown earlier), reaching below g's bottom; its edge leaves its bottom there.
  const l = layout(
    [['w', 0, 0, 300, 40], ['g', 0, 80, 100, 40], ['t', 150, 80, 100, 120], ['z', 250, 260, 60, 30]],
    [['wz', [[280, 40], [280, 260]]], ['tz', [[200, 200], [200, 230], [270, 230], [270, 260]]]],
    320, 300,
  );
  for (const e of l.edges) Object.assign(e, { from: e.id[0], to: e.id[1] });
  const out = stretchLayout(l, new Map([['g', { w: 200, h: 100 }]]));
  const wz = out.edges.find((e) => e.id === 'wz')!.points;
  const tz = out.edges.find((e) => e.id === 'tz')!.points;
  const at = (id: string) => out.items.get(id)!;
  // w did not move (its left edge is left of the cut): its edge still leaves its bottom at x 280.
  assert.deepEqual(wz[0], { x: 280, y: 40 });
  // t moved right by 100 but not down (its top is above g's bottom): its edge leaves its new bottom.
  assert.deepEqual([at('t').x, at('t').y], [250, 80]);
  assert.deepEqual(tz[0], { x: 300, y: 200 });
  // z moved right and down; both edges reach its top.
  assert.deepEqual([at('z').x, at('z').y], [350, 320]);
  assert.deepEqual(wz.at(-1), { x: 380, y: 320 });
  assert.deepEqual(tz.at(-1), { x: 370, y: 320 });
  for (const pts of [wz, tz]) for (let j = 1; j < pts.length; j++) {
    assert.ok(pts[j - 1].x === pts[j].x || pts[j - 1].y === pts[j].y, `segment ${j} of ${JSON.stringify(pts)} is orthogonal`);
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { graphIo, HEADER, ioLabel, PAD, relativeName, SceneBuilder } from '../../../webview/graph/scene';
import { PORT_SIZE } from '../../../webview/graph/ports';
import { ioCardRows, splitType } from '../../../webview/hoverCard';
import type { GroupLayoutResult, LayoutEngine, LayoutEdgeInput, LayoutItemInput } from '../../../webview/layout/layoutEngine';
import { assignScopes, buildHierarchy } from '../../../src/core/view/hierarchy';
import type { CompactGraph } from '../../../src/core/view/protocol';

/** Stands in for elkjs: items in one column, 10 px apart; edges straight from bottom to top. Counts calls per key. */
class ColumnEngine {
  calls: string[] = [];
  /** Items of each layout call, by key (to check what reached elkjs). */
  inputs = new Map<string, LayoutItemInput[]>();
  private cache = new Map<string, GroupLayoutResult>();
  cached(key: string): GroupLayoutResult | undefined {
    return this.cache.get(key);
  }
  async layout(key: string, items: LayoutItemInput[], edges: LayoutEdgeInput[]): Promise<GroupLayoutResult> {
    const hit = this.cache.get(key);
    if (hit) return hit;
    this.calls.push(key);
    this.inputs.set(key, items);
    let y = 0;
    const out: GroupLayoutResult = { width: 0, height: 0, items: new Map(), edges: [] };
    for (const it of items) {
      out.items.set(it.id, { id: it.id, x: 0, y, width: it.width, height: it.height });
      y += it.height + 10;
      out.width = Math.max(out.width, it.width);
    }
    out.height = y;
    for (const e of edges) {
      const a = out.items.get(e.from)!;
      const b = out.items.get(e.to)!;
      out.edges.push({ id: e.id, points: [{ x: 5, y: a.y + a.height }, { x: 5, y: b.y }] });
    }
    this.cache.set(key, out);
    return out;
  }
}

function graph(): CompactGraph {
  const names = ['/a/x/Conv', '/a/x/Relu', '/a/Add', '/b/Mul', '/b/Sub'];
  const edges = [{ from: 0, to: 1, tensor: 't0' }, { from: 1, to: 2, tensor: 't1' }, { from: 2, to: 3, tensor: 't2' }, { from: 3, to: 4, tensor: 't3' }];
  const scopes = assignScopes(names, edges);
  return {
    title: 'g', notes: [], inputs: [], outputs: [], edges,
    nodes: names.map((name, i) => ({ name, opType: name.split('/').pop()!, scope: scopes[i], inputs: [], outputs: [] })),
  };
}

test('scene nests an expanded group inside its parent box and draws edges at the right level', async () => {
  const g = graph();
  const h = buildHierarchy(g);
  const engine = new ColumnEngine();
  const builder = new SceneBuilder(g, h, engine as unknown as LayoutEngine);
  const collapsed = await builder.build(new Set());
  assert.deepEqual(collapsed.boxes.map((b) => b.key).sort(), ['g:a', 'g:b']);
  assert.equal(collapsed.edges.length, 1, 'one aggregated edge a -> b');

  const open = await builder.build(new Set(['a']));
  const a = open.byKey.get('g:a')!;
  const x = open.byKey.get('g:a/x')!;
  const add = open.byKey.get('n:2')!;
  assert.ok(a.expanded && !x.expanded);
  // Children sit inside the parent's box, below its header.
  for (const c of [x, add]) {
    assert.ok(c.x >= a.x + PAD && c.y >= a.y + HEADER, `${c.key} inside a`);
    assert.ok(c.x + c.w <= a.x + a.w && c.y + c.h <= a.y + a.h, `${c.key} within a's bounds`);
  }
  // Edges: a -> b at the top; inside a: x -> Add, and Add -> a's out-port for the tensor b reads; and the
  // join from that port along a's bottom border to where a -> b leaves it.
  assert.deepEqual(open.edges.map((e) => `${e.from}>${e.to}`).sort(), ['g:a/x>n:2', 'g:a>g:b', 'n:2>q:2', 'q:2>g:a']);
  const top = open.edges.find((e) => e.from === 'g:a')!;
  const join = open.edges.find((e) => e.from === 'q:2')!;
  const inside = open.edges.find((e) => e.to === 'q:2')!;
  assert.deepEqual(join.points.at(-1), top.points[0], 'the join ends where the edge leaves the group');
  assert.ok(Math.abs(join.points[0].x - inside.points.at(-1)!.x) <= PORT_SIZE, 'and starts at the port the inner edge reaches');
  // Expanding `a` laid out `a` alone (the root was stretched, not laid out again); `b` never was.
  assert.deepEqual(engine.calls, ['', 'a']);
  // Collapsing again is a cache hit.
  const before = engine.calls.length;
  await builder.build(new Set());
  assert.equal(engine.calls.length, before);
});

test('relativeName: name below the node group, shortened from the left', () => {
  assert.equal(relativeName('/down_blocks.0/resnets.0/conv1/Conv', ['down_blocks.0', 'resnets.0']), 'conv1/Conv');
  assert.equal(relativeName('/conv_in/Conv', []), 'conv_in/Conv');
  assert.equal(relativeName('Relu_7', ['nodes 1\u20131']), 'Relu_7');
  assert.ok(relativeName(`/a/${'x'.repeat(60)}/Conv`, ['a']).startsWith('…'));
});

/** graph() with boundary tensors: `x` read by Conv and Add (both in a), `y` by Mul (in b), `unused` by
 * nobody; outputs `z` (written by Sub, in b) and `x` again (an input passed straight through). */
function ioGraph(): CompactGraph {
  const g = graph();
  const ref = (name: string) => ({ name, type: 'float16 [2,4,64,64]' });
  g.nodes[0].inputs = [ref('x')];
  g.nodes[2].inputs = [ref('t1'), ref('x'), ref('x')];
  g.nodes[3].inputs = [ref('t2'), ref('y')];
  g.nodes[4].outputs = [ref('z')];
  g.inputs = [ref('x'), { name: 'y', type: 'int64 [2]' }, ref('unused')];
  g.outputs = [ref('z'), ref('x')];
  return g;
}

test('graph inputs and outputs are root-level items pinned first/last, joined to the top-level items using them', async () => {
  const g = ioGraph();
  const h = buildHierarchy(g);
  const engine = new ColumnEngine();
  const builder = new SceneBuilder(g, h, engine as unknown as LayoutEngine);
  const s = await builder.build(new Set());
  // Tab order: inputs, then the model, then outputs.
  assert.deepEqual(s.boxes.map((b) => b.key), ['i:0', 'i:1', 'i:2', 'g:a', 'g:b', 'o:0', 'o:1']);
  assert.deepEqual(s.boxes.map((b) => b.kind), ['input', 'input', 'input', 'group', 'group', 'output', 'output']);
  assert.deepEqual(s.boxes.filter((b) => b.kind === 'input' || b.kind === 'output').map((b) => [b.ioIndex, b.nodeIndex, b.groupId]),
    [[0, -1, ''], [1, -1, ''], [2, -1, ''], [0, -1, ''], [1, -1, '']]);
  // elkjs is asked for a first layer of inputs only and a last layer of outputs only.
  const layers = Object.fromEntries(engine.inputs.get('')!.map((i) => [i.id, i.layer]));
  assert.deepEqual(layers, { 'i:0': 'FIRST_SEPARATE', 'i:1': 'FIRST_SEPARATE', 'i:2': 'FIRST_SEPARATE', 'g:a': undefined, 'g:b': undefined, 'o:0': 'LAST_SEPARATE', 'o:1': 'LAST_SEPARATE' });
  // One edge per input -> item (x is read by two nodes of `a`: one edge standing for both), tensor names kept;
  // `unused` and the passed-through output `x` stand alone.
  const edges = s.edges.map((e) => `${e.from}>${e.to} ${e.tensor} ×${e.count}`).sort();
  assert.deepEqual(edges, ['g:a>g:b t2 ×1', 'g:b>o:0 z ×1', 'i:0>g:a x ×2', 'i:1>g:b y ×1']);
  for (const e of s.edges.filter((e) => e.from.startsWith('i:'))) {
    const from = s.byKey.get(e.from)!;
    const to = s.byKey.get(e.to)!;
    assert.deepEqual([e.points[0].y, e.points[e.points.length - 1].y], [from.y + from.h, to.y], `${e.from} -> ${e.to} drawn between them`);
  }
});

test('inputs/outputs stay at the root when groups open: children get none, the edge ends at the group border', async () => {
  const g = ioGraph();
  const h = buildHierarchy(g);
  const engine = new ColumnEngine();
  const builder = new SceneBuilder(g, h, engine as unknown as LayoutEngine);
  const s = await builder.build(new Set(['a', 'a/x', 'b']));
  assert.deepEqual(engine.calls.sort(), ['', 'a', 'a/x', 'b']);
  // Inside groups only ports (p: in, q: out) are pinned to the first/last layer; graph I/O items are root-only.
  for (const key of ['a', 'a/x', 'b']) assert.ok(engine.inputs.get(key)!.every((i) => !i.id.startsWith('i:') && !i.id.startsWith('o:') && (i.layer === undefined || /^[pq]:/.test(i.id))), `no I/O items in ${key}`);
  assert.equal(s.boxes.filter((b) => b.kind === 'input').length, 3);
  assert.equal(s.boxes.filter((b) => b.kind === 'output').length, 2);
  assert.deepEqual(s.boxes.slice(-2).map((b) => b.key), ['o:0', 'o:1'], 'outputs last in tab order after nested items');
  const a = s.byKey.get('g:a')!;
  const e = s.edges.find((x) => x.from === 'i:0')!;
  assert.equal(e.to, 'g:a');
  assert.equal(e.points[e.points.length - 1].y, a.y, 'ends on the open group\'s top border');
  // Grown groups push the outputs down: still below everything.
  const bottom = Math.max(...s.boxes.filter((b) => b.kind !== 'output').map((b) => b.y + b.h));
  for (const o of s.boxes.filter((b) => b.kind === 'output')) assert.ok(o.y >= bottom, `${o.key} below everything`);
});

test('graphIo and the I/O hover card: readers and writer by node, dtype and shape split, long lists cut', () => {
  const g = ioGraph();
  const io = graphIo(g);
  assert.deepEqual(io.consumers, [[0, 2], [3], []], 'a node reading x twice counts once');
  assert.deepEqual(io.producers, [4, undefined]);
  const x = ioCardRows(g, 'input', 0, io);
  assert.equal(x.kind, 'Graph input');
  assert.equal(x.title, 'x');
  assert.deepEqual(x.rows, [['dtype', 'float16'], ['shape', '[2,4,64,64]'], ['consumers', '2'], ['', '/a/x/Conv (Conv)'], ['', '/a/Add (Add)']]);
  const z = ioCardRows(g, 'output', 0, io);
  assert.equal(z.kind, 'Graph output');
  assert.deepEqual(z.rows.at(-1), ['producer', '/b/Sub (Sub)']);
  assert.deepEqual(ioCardRows(g, 'output', 1, io).rows.at(-1), ['producer', 'none: a graph input passed through']);
  assert.deepEqual(ioCardRows(g, 'input', 2, io).rows.at(-1), ['consumers', '0']);
  const many: typeof io = { consumers: [[0, 1, 2, 3, 4, 0, 1, 2]], producers: [] };
  const rows = ioCardRows(g, 'input', 0, many).rows;
  assert.equal(rows.filter(([l]) => l === '').length, 6, 'five names and a remainder');
  assert.deepEqual(rows.at(-1), ['', '…and 3 more']);
  assert.deepEqual(splitType('int64 [batch]'), { dtype: 'int64', shape: '[batch]' });
  assert.deepEqual(splitType('sparse float16 [2,3]'), { dtype: 'sparse float16', shape: '[2,3]' });
  assert.deepEqual(splitType('sequence<float32 [?]>'), { dtype: 'sequence<float32 [?]>', shape: '—' });
  assert.deepEqual(splitType('? (no shape inference for op Foo)'), { dtype: '? (no shape inference for op Foo)', shape: '—' });
  assert.equal(ioLabel('short'), 'short');
  assert.equal(ioLabel('x'.repeat(50)).length, 34);
});

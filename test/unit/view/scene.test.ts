import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HEADER, PAD, relativeName, SceneBuilder } from '../../../webview/graph/scene';
import type { GroupLayoutResult, LayoutEngine, LayoutEdgeInput, LayoutItemInput } from '../../../webview/layout/layoutEngine';
import { assignScopes, buildHierarchy } from '../../../src/core/view/hierarchy';
import type { CompactGraph } from '../../../src/core/view/protocol';

/** Stands in for elkjs: items in one column, 10 px apart; edges straight from bottom to top. Counts calls per key. */
class ColumnEngine {
  calls: string[] = [];
  private cache = new Map<string, GroupLayoutResult>();
  async layout(key: string, items: LayoutItemInput[], edges: LayoutEdgeInput[]): Promise<GroupLayoutResult> {
    const hit = this.cache.get(key);
    if (hit) return hit;
    this.calls.push(key);
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
  // Edges: x -> Add inside a, a -> b at the top.
  assert.equal(open.edges.length, 2);
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

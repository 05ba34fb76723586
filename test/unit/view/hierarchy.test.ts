import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  assignScopes, buildHierarchy, commonGroup, groupEdges, groupTotals, scopeOfName, topologicalOrder, visibleItem, CHUNK_MAX,
} from '../../../src/core/view/hierarchy';
import type { CompactGraph, ViewEdge, ViewNodeCost } from '../../../src/core/view/protocol';

function graphOf(names: string[], edges: Array<[number, number]>): CompactGraph {
  const e: ViewEdge[] = edges.map(([from, to]) => ({ from, to, tensor: `t${from}` }));
  const scopes = assignScopes(names, e);
  return {
    title: 't', notes: [], inputs: [], outputs: [], edges: e,
    nodes: names.map((name, i) => ({ name, opType: name.split('/').pop() ?? '', scope: scopes[i], inputs: [], outputs: [] })),
  };
}

function cost(latencyMs: number, spill = false, ddr = 0): ViewNodeCost {
  return {
    kind: 'mac', latencyMs, share: 0, macCount: 10, weightBytes: 1, tile: '', sramUsageBytes: 0, ddrReadBytes: ddr, ddrWriteBytes: 0,
    computeCycles: 0, dramAccessCycles: 0, utilization: 0, bound: 'compute', spill, spillReason: spill ? 'too big' : '',
  };
}

test('scopeOfName handles torch, TF and bare names', () => {
  assert.deepEqual(scopeOfName('/down_blocks.0/resnets.1/conv1/Conv'), ['down_blocks.0', 'resnets.1', 'conv1']);
  assert.deepEqual(scopeOfName('a/b/c'), ['a', 'b']);
  assert.deepEqual(scopeOfName('Conv_12'), []);
  assert.deepEqual(scopeOfName('/Constant_3'), []);
});

test('a scope holding a single node is flattened into its parent', () => {
  assert.deepEqual(assignScopes(['/a/b/x/Conv', '/a/b/Add', '/a/c/Relu', '/d/Sig'], []), [['a', 'b'], ['a', 'b'], ['a'], []]);
});

test('a prefix shared by every node (Caffe2 gpu_0/) is dropped, a partial one is kept', () => {
  assert.deepEqual(assignScopes(['gpu_0/conv1/w', 'gpu_0/conv1/b', 'gpu_0/conv2/w', 'gpu_0/conv2/b'], []), [['conv1'], ['conv1'], ['conv2'], ['conv2']]);
  assert.deepEqual(assignScopes(['gpu_0/conv1/w', 'gpu_0/conv1/b', 'fc'], []), [['gpu_0', 'conv1'], ['gpu_0', 'conv1'], []]);
});

test('an unscoped graph is chunked in topological order into groups of at most CHUNK_MAX', () => {
  const n = 400;
  const names = Array.from({ length: n }, (_, i) => `node${i}`);
  // Reverse file order: node i consumes node i+1, so topological order is n-1 .. 0.
  const edges: Array<[number, number]> = Array.from({ length: n - 1 }, (_, i) => [i + 1, i]);
  const g = graphOf(names, edges);
  const h = buildHierarchy(g);
  assert.equal(h.root.childNodes.length, 0);
  assert.equal(h.root.childGroups.length, 3);
  for (const id of h.root.childGroups) {
    const grp = h.groups.get(id)!;
    assert.ok(grp.synthetic);
    assert.ok(grp.childNodes.length <= CHUNK_MAX);
  }
  // The first chunk holds the sources: the highest file indices.
  const first = h.groups.get(g.nodes[n - 1].scope.join('/'))!;
  assert.ok(first.childNodes.includes(n - 1) && first.childNodes.includes(n - 100));
  assert.ok(!first.childNodes.includes(0));
});

test('topologicalOrder respects edges and survives a cycle', () => {
  const order = topologicalOrder(4, [{ from: 3, to: 0, tensor: '' }, { from: 0, to: 1, tensor: '' }]);
  assert.ok(order.indexOf(3) < order.indexOf(0) && order.indexOf(0) < order.indexOf(1));
  const cyc = topologicalOrder(3, [{ from: 0, to: 1, tensor: '' }, { from: 1, to: 0, tensor: '' }]);
  assert.deepEqual([...cyc].sort(), [0, 1, 2]);
});

const unetLike = [
  '/conv_in/Conv', // 0 (alone in its scope: flattened to the root)
  '/down_blocks.0/resnets.0/conv1/Conv', // 1
  '/down_blocks.0/resnets.0/Add', // 2
  '/down_blocks.0/attentions.0/proj_in/MatMul', // 3
  '/down_blocks.1/resnets.0/conv1/Conv', // 4
  '/Constant_7', // 5
];

test('hierarchy groups by scope, collapsed view maps nodes to top-level groups', () => {
  const g = graphOf(unetLike, [[0, 1], [1, 2], [2, 3], [3, 4], [5, 2]]);
  const h = buildHierarchy(g);
  assert.deepEqual(h.root.childGroups, ['down_blocks.0']);
  assert.deepEqual(h.root.childNodes, [0, 4, 5]);
  assert.equal(h.groups.get('down_blocks.0')!.nodeCount, 3);
  const none = new Set<string>();
  assert.equal(visibleItem(h, none, 1), 'g:down_blocks.0');
  assert.equal(visibleItem(h, none, 5), 'n:5');
  const open = new Set(['down_blocks.0']);
  assert.equal(visibleItem(h, open, 1), 'g:down_blocks.0/resnets.0');
  assert.equal(visibleItem(h, new Set(['down_blocks.0', 'down_blocks.0/resnets.0', 'down_blocks.0/resnets.0/conv1']), 1), 'n:1');
});

test('edges are drawn once, at the level of the deepest group holding both ends, aggregated', () => {
  const g = graphOf(unetLike, [[0, 1], [1, 2], [2, 3], [3, 4], [5, 2], [0, 2]]);
  const h = buildHierarchy(g);
  const top = groupEdges(h, '');
  const key = (e: { from: string; to: string }) => `${e.from}>${e.to}`;
  // conv_in, attentions.0 and down_blocks.1 hold one node each, so those nodes sit in their parents.
  assert.deepEqual(top.map(key).sort(), ['n:0>g:down_blocks.0', 'g:down_blocks.0>n:4', 'n:5>g:down_blocks.0'].sort());
  assert.equal(top.find((e) => e.from === 'n:0')!.count, 2);
  assert.deepEqual(groupEdges(h, 'down_blocks.0').map(key).sort(), ['g:down_blocks.0/resnets.0>n:3']);
  assert.deepEqual(groupEdges(h, 'down_blocks.0/resnets.0').map(key), ['n:1>n:2']);
  assert.equal(commonGroup('a/b/c', 'a/b'), 'a/b');
  assert.equal(commonGroup('a/bc', 'a/b'), 'a');
});

test('group totals sum latency, DDR and spills over all descendants', () => {
  const g = graphOf(unetLike, []);
  const h = buildHierarchy(g);
  const costs = [cost(1), cost(2, true, 100), cost(3), cost(4, true, 50), cost(5), cost(0)];
  const t = groupTotals(h, costs);
  const d0 = t.get('down_blocks.0')!;
  assert.equal(d0.latencyMs, 9);
  assert.equal(d0.spillCount, 2);
  assert.deepEqual(d0.spilling, [1, 3]);
  assert.equal(d0.ddrBytes, 150);
  assert.equal(t.get('')!.latencyMs, 15);
  assert.equal(t.get('')!.nodeCount, 6);
});

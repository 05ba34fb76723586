import { test } from 'node:test';
import assert from 'node:assert/strict';
import { feedsInPort, groupPorts, readsOutPort } from '../../../webview/graph/ports';
import { graphIo } from '../../../webview/graph/scene';
import { assignScopes, buildHierarchy } from '../../../src/core/view/hierarchy';
import type { CompactGraph } from '../../../src/core/view/protocol';

// /a/x/Conv(0) -> /a/x/Relu(1) -> /a/Add(2) -> /b/Mul(3) -> /b/Sub(4); input x read by 0 and 2, y by 3;
// output z written by 4, output x passed through.
function graph(): CompactGraph {
  const names = ['/a/x/Conv', '/a/x/Relu', '/a/Add', '/b/Mul', '/b/Sub'];
  const edges = [0, 1, 2, 3].map((i) => ({ from: i, to: i + 1, tensor: `t${i}` }));
  const scopes = assignScopes(names, edges);
  const ref = (name: string) => ({ name, type: 'float32 [1]' });
  const nodes = names.map((name, i) => ({ name, opType: name.split('/').pop()!, scope: scopes[i], inputs: [ref(`t${i - 1}`)], outputs: [ref(`t${i}`)] }));
  nodes[0].inputs = [ref('x')];
  nodes[2].inputs.push(ref('x'));
  nodes[3].inputs.push(ref('y'));
  nodes[4].outputs = [ref('z')];
  return { title: 'g', notes: [], nodes, edges, inputs: [ref('x'), ref('y')], outputs: [ref('z'), ref('x')] };
}

test('ports: one in-port per outside source, one out-port per inside producer read outside, edges merged per pair', () => {
  const g = graph();
  const h = buildHierarchy(g);
  const io = graphIo(g);
  const a = groupPorts(g, h, 'a', io.consumers, io.producers);
  assert.deepEqual(a.inPorts.map((p) => [p.key, p.sourceInput, p.tensor]), [['p:i0', 0, 'x']]);
  assert.deepEqual(a.outPorts.map((p) => [p.key, p.producer, [...p.consumers], [...p.outputs]]), [['q:2', 2, [3], []]]);
  assert.deepEqual(a.edges.map((e) => `${e.from}>${e.to}`).sort(), ['n:2>q:2', 'p:i0>g:a/x', 'p:i0>n:2']);
  const b = groupPorts(g, h, 'b', io.consumers, io.producers);
  assert.deepEqual(b.inPorts.map((p) => p.key).sort(), ['p:i1', 'p:n2']);
  assert.deepEqual(b.outPorts.map((p) => [p.key, [...p.consumers], [...p.outputs]]), [['q:4', [], [0]]]);
  assert.deepEqual(b.edges.map((e) => `${e.from}>${e.to}`).sort(), ['n:4>q:4', 'p:i1>n:3', 'p:n2>n:3']);
  // A nested group: its outside is everything outside it, also its parent's other items.
  const ax = groupPorts(g, h, 'a/x', io.consumers, io.producers);
  assert.deepEqual(ax.inPorts.map((p) => p.key), ['p:i0']);
  assert.deepEqual(ax.outPorts.map((p) => [p.key, [...p.consumers]]), [['q:1', [2]]]);
});

test('ports: which item one level up feeds an in-port or reads an out-port', () => {
  const g = graph();
  const h = buildHierarchy(g);
  const io = graphIo(g);
  const b = groupPorts(g, h, 'b', io.consumers, io.producers);
  const fromNode2 = b.inPorts.find((p) => p.key === 'p:n2')!;
  const fromY = b.inPorts.find((p) => p.key === 'p:i1')!;
  for (const k of ['g:a', 'n:2', 'p:n2']) assert.ok(feedsInPort(h, k, fromNode2), k);
  for (const k of ['g:b', 'n:1', 'p:n1', 'i:1', 'g:a/x']) assert.ok(!feedsInPort(h, k, fromNode2), k);
  for (const k of ['i:1', 'p:i1']) assert.ok(feedsInPort(h, k, fromY), k);
  assert.ok(!feedsInPort(h, 'i:0', fromY));
  const a = groupPorts(g, h, 'a', io.consumers, io.producers);
  const out2 = a.outPorts[0];
  for (const k of ['g:b', 'n:3', 'q:2']) assert.ok(readsOutPort(h, k, out2), k);
  for (const k of ['n:4', 'q:1', 'o:0', 'g:a']) assert.ok(!readsOutPort(h, k, out2), k);
  assert.ok(readsOutPort(h, 'o:0', groupPorts(g, h, 'b', io.consumers, io.producers).outPorts[0]));
});

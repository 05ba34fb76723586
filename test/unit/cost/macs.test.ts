import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nodeMacs } from '../../../src/core/cost/macs';
import { Net, attentionBlock } from './build';

test('conv MACs = N*OC*OH*OW*(IC/group)*KH*KW', () => {
  const n = new Net();
  const x = n.input('x', [1, 64, 32, 32]);
  n.op('Conv', [x, n.weight('w', [128, 32, 3, 3])], [1, 128, 16, 16], { group: 2, strides: [2, 2] });
  const g = n.model().graph;
  assert.deepEqual(nodeMacs(g.nodes[0], n.shapes, g), { macs: 1 * 128 * 16 * 16 * 32 * 9, macClass: 'conv' });
});

test('ConvTranspose MACs = every input element x (OC/group) x kernel', () => {
  const n = new Net();
  const x = n.input('x', [1, 8, 4, 4]);
  n.op('ConvTranspose', [x, n.weight('w', [8, 16, 2, 2])], [1, 16, 8, 8], { strides: [2, 2] });
  assert.deepEqual(nodeMacs(n.nodes[0], n.shapes, n.model().graph), { macs: 8 * 4 * 4 * 16 * 4, macClass: 'conv' });
});

test('MatMul with a weight is linear, of two activations is attention, Gemm is linear', () => {
  const a = attentionBlock(64, 32, 4);
  const g = a.model().graph;
  const byName = (nm: string) => g.nodes.find((x) => x.name === nm)!;
  assert.deepEqual(nodeMacs(byName('to_q'), a.shapes, g), { macs: 64 * 32 * 32, macClass: 'linear' });
  assert.deepEqual(nodeMacs(byName('scores'), a.shapes, g), { macs: 4 * 64 * 64 * 8, macClass: 'attention' });
  assert.deepEqual(nodeMacs(byName('pv'), a.shapes, g), { macs: 4 * 64 * 8 * 64, macClass: 'attention' });
  // without the graph: rank-2 second operand = linear (torch export convention)
  assert.equal(nodeMacs(byName('to_q'), a.shapes).macClass, 'linear');
  assert.equal(nodeMacs(byName('scores'), a.shapes).macClass, 'attention');
  assert.deepEqual(nodeMacs(byName('softmax'), a.shapes, g), { macs: 0, macClass: 'none' });
  const n = new Net();
  n.op('Gemm', [n.input('x', [2, 320]), n.weight('w', [1280, 320]), n.weight('b', [1280])], [2, 1280], { transB: 1 });
  assert.deepEqual(nodeMacs(n.nodes[0], n.shapes, n.model().graph), { macs: 2 * 320 * 1280, macClass: 'linear' });
});

test('unknown shapes give 0 MACs, not NaN', () => {
  const n = new Net();
  n.op('MatMul', [n.input('x', [1, 4]), n.weight('w', [4, 4])], [1, 4]);
  n.shapes.set(n.nodes[0].outputs[0], { shape: ['batch', 4] });
  assert.equal(nodeMacs(n.nodes[0], n.shapes).macs, 0);
});

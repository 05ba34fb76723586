import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bannerDims, bindingsFromBanner, withExtraBindings } from '../../../src/core/view/dimBanner';
import type { UnboundDim } from '../../../src/core/shapes/unbound';

const unbound: UnboundDim[] = [
  { dim: 'batch', named: true, inputs: [{ name: 'x', axis: 0, shape: ['batch', 3, 'height', 'width'] }], proposal: 1, proposalSource: 'batch-like', why: 'batch-like dim: bound to 1 by default' },
  { dim: 'height', named: true, inputs: [{ name: 'x', axis: 2, shape: ['batch', 3, 'height', 'width'] }], proposalSource: 'none', why: 'no hint in the model: give its size' },
  { dim: 'ids[1]', named: false, inputs: [{ name: 'ids', axis: 1, shape: [1, null] }], proposalSource: 'none', why: 'no hint' },
];

test('bannerDims lists each dim with its proposal (0 = none) and where it occurs', () => {
  const v = bannerDims(unbound);
  assert.deepEqual(v.map((d) => [d.name, d.proposal]), [['batch', 1], ['height', 0], ['ids[1]', 0]]);
  assert.equal(v[1].where, "input 'x' axis 2");
});

test('bindingsFromBanner: named dims by symbol, an unnamed dim through its input\'s whole shape; bad values left out', () => {
  assert.deepEqual(bindingsFromBanner(unbound, { batch: 1, height: 64, 'ids[1]': 77 }), { dims: { batch: 1, height: 64 }, inputs: { ids: [1, 77] } });
  assert.deepEqual(bindingsFromBanner(unbound, { batch: 0, height: 2.5 }), {});
});

test('withExtraBindings: the banner\'s bindings win, the base keeps the rest', () => {
  assert.deepEqual(withExtraBindings({ dims: { batch: 2, seq: 77 } }, { dims: { batch: 1 } }), { dims: { batch: 1, seq: 77 } });
  assert.deepEqual(withExtraBindings({ dims: { a: 1 } }, undefined), { dims: { a: 1 } });
  assert.deepEqual(withExtraBindings({}, { inputs: { ids: [1, 77] } }), { dims: {}, inputs: { ids: [1, 77] } });
});

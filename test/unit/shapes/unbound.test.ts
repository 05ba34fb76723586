// Issue 13: unbound dims with proposals (metadata, value_info, batch-like) and the CLI flags that bind them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bindingsFrom, cliFlagsFor, inferShapes, unboundDims } from '../../../src/core/shapes';
import { graph, model, node, vi } from './build';

function detector() {
  const g = graph(
    [node('Relu', ['image'], ['y']), node('Relu', ['ids'], ['z']), node('Relu', ['raw'], ['w'])],
    [vi('image', 'float32', ['batch', 3, 'height', 'width']), vi('ids', 'int64', ['batch', 'seq']), vi('raw', 'float32', [null, 16])],
    [vi('y', 'float32', [null, 3, 480, null]), vi('z'), vi('w')],
  );
  const m = model(g);
  m.metadata = { width: '640' };
  return m;
}

test('unbound dims: metadata, value_info and batch-like proposals; the rest without a proposal', () => {
  const m = detector();
  const u = unboundDims(m, inferShapes(m));
  const by = Object.fromEntries(u.map((x) => [x.dim, x]));
  assert.deepEqual(Object.keys(by), ['batch', 'height', 'width', 'seq', 'raw[0]']);
  assert.deepEqual([by.batch.proposal, by.batch.proposalSource], [1, 'batch-like']);
  assert.deepEqual(by.batch.inputs.map((i) => [i.name, i.axis]), [['image', 0], ['ids', 0]]);
  assert.deepEqual([by.height.proposal, by.height.proposalSource], [480, 'value_info']);
  assert.deepEqual([by.width.proposal, by.width.proposalSource], [640, 'metadata']);
  assert.deepEqual([by.seq.proposal, by.seq.proposalSource], [undefined, 'none']);
  assert.deepEqual([by['raw[0]'].named, by['raw[0]'].proposal, by['raw[0]'].proposalSource], [false, 1, 'batch-like']);
  const flags = cliFlagsFor(u);
  assert.deepEqual(flags, ['--dim batch=1', '--dim height=480', '--dim width=640', '--dim seq=N', '--input raw=1x16']);
  assert.deepEqual(cliFlagsFor(u, { seq: 77 }).slice(3, 4), ['--dim seq=77']);
});

test('the proposed flags bind everything: no unbound dims remain', () => {
  const m = detector();
  const flags = cliFlagsFor(unboundDims(m, inferShapes(m)), { seq: 77 });
  const dims = flags.filter((f) => f.startsWith('--dim ')).map((f) => f.slice(6));
  const inputs = flags.filter((f) => f.startsWith('--input ')).map((f) => f.slice(8));
  const r = inferShapes(m, bindingsFrom(dims, inputs));
  assert.deepEqual(unboundDims(m, r), []);
  assert.deepEqual(r.tensors.get('y')?.shape, [1, 3, 480, 640]);
  assert.deepEqual(r.tensors.get('w')?.shape, [1, 16]);
});

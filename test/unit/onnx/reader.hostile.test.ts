// Issue 15 at the reader: impossible dims and cycles in real bytes are typed errors naming the tensor/nodes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memorySource } from '../../../src/core/onnx/byteSource';
import { readModel } from '../../../src/core/onnx/reader';
import { ModelLimitError, ModelStructureError } from '../../../src/core/model/errors';
import { model, vi } from './build';

const read = (bytes: Uint8Array) => readModel(memorySource('hostile.onnx', bytes));
const relu = (i: string, o: string, name = '') => ({ opType: 'Relu', input: [i], output: [o], name });

test('an initializer with dims [-1,3] is refused, naming the tensor', async () => {
  const bytes = model({ node: [relu('x', 'y')], input: [vi('x')], output: [vi('y')], initializer: [{ name: 'w', dataType: 1, dims: [-1, 3] }] });
  await assert.rejects(read(bytes), (e: unknown) => e instanceof ModelLimitError && e.kind === 'negative-dim' && e.names[0] === 'w' && /initializer 'w'/.test(e.message));
});

test('a declared dim -5 is an error naming the tensor; -1 (dynamic) is accepted and read as -1', async () => {
  await assert.rejects(read(model({ node: [relu('x', 'y')], input: [vi('x', 1, [-5, 3])], output: [vi('y')] })), (e: unknown) => e instanceof ModelLimitError && e.names[0] === 'x');
  const m = await read(model({ node: [relu('x', 'y')], input: [vi('x', 1, [-1, 3])], output: [vi('y')] }));
  assert.deepEqual(m.graph.inputs[0].type?.shape, [-1, 3]);
});

test('a declared dim of 2^40 (beyond the element limit) is an error naming the tensor', async () => {
  await assert.rejects(read(model({ node: [relu('x', 'y')], input: [vi('x', 1, [2 ** 40, 2])], output: [vi('y')] })), (e: unknown) => e instanceof ModelLimitError && e.kind === 'too-many-elements' && e.names[0] === 'x');
});

test('a self-loop and a two-node cycle are structure errors naming the nodes; duplicates are warnings', async () => {
  await assert.rejects(read(model({ node: [{ opType: 'Add', input: ['x', 'y'], output: ['y'], name: 'me' }], input: [vi('x')], output: [vi('y')] })), (e: unknown) => e instanceof ModelStructureError && e.names.join() === 'me');
  await assert.rejects(read(model({ node: [relu('b', 'a', 'n1'), relu('a', 'b', 'n2')], input: [vi('x')], output: [vi('a')] })), /'n1' → 'n2' → 'n1'|'n2' → 'n1' → 'n2'/);
  const m = await read(model({ node: [relu('x', 'y', 'p'), relu('x', 'y', 'q')], input: [vi('x')], output: [vi('y')] }));
  assert.ok(m.warnings.some((w) => /tensor 'y' is produced by node 'q' and by node 'p'/.test(w)), m.warnings.join('\n'));
});

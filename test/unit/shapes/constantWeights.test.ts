// Issue 13: exports that keep weights in Constant nodes count them as weights (bytes, params).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { constantWeights, weightSummary, weightTensorBytes, weightTensors } from '../../../src/core/model/weights';
import { inspectModel } from '../../../src/core/onnx/inspect';
import { inferShapes } from '../../../src/core/shapes';
import { graph, model, node, tensor, vi } from './build';

const constant = (out: string, t: ReturnType<typeof tensor>) => node('Constant', [], [out], { value: { type: 'tensor', value: t } });

test('a Constant feeding a Conv kernel (directly or through Cast) is a weight; a shape Constant is not', () => {
  const g = graph(
    [
      constant('k', tensor('', 'float32', [8, 3, 3, 3])),
      constant('b16', tensor('', 'float16', [8])),
      node('Cast', ['b16'], ['b'], { to: { type: 'int', value: 1 } }),
      node('Conv', ['x', 'k', 'b'], ['y'], { pads: { type: 'ints', value: [1, 1, 1, 1] } }),
      constant('shape', tensor('', 'int64', [2], [1, -1])),
      node('Reshape', ['y', 'shape'], ['z']),
    ],
    [vi('x', 'float32', [1, 3, 16, 16])],
    [vi('z')],
    [tensor('unused_init', 'float32', [4])],
  );
  const names = constantWeights(g).map((w) => w.name);
  assert.deepEqual(names, ['k', 'b16']);
  assert.equal(weightTensorBytes(g, 'k'), 8 * 27 * 4);
  assert.equal(weightTensorBytes(g, 'shape'), 0);
  assert.equal(weightTensors(g).get('unused_init')?.source, 'initializer');
  const s = weightSummary(g);
  assert.deepEqual(s.fromConstants, { count: 2, elements: 8 * 27 + 8, bytes: 8 * 27 * 4 + 16 });
  assert.equal(s.bytes, 8 * 27 * 4 + 16 + 16);
  const m = model(g);
  assert.deepEqual(inspectModel(m).weights, s);
  assert.equal(inspectModel(m).initializers.count, 1, 'initializers stay initializers');
  assert.deepEqual(inferShapes(m).tensors.get('y')?.shape, [1, 8, 16, 16], 'the Constant kernel is shaped');
});

// Symbolic dims and constant folding of torch-style shape arithmetic on hand-built graphs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inferShapes } from '../../../src/core/shapes';
import { addDim, ceilDivDim, floorDivDim, mulDim, subDim, substituteDim } from '../../../src/core/shapes/dims';
import { float, graph, int, ints, model, node, str, tensor, vi } from './build';

test('dim arithmetic keeps symbols in canonical form', () => {
  assert.equal(mulDim('batch', 2), '2*batch');
  assert.equal(mulDim(2, 'batch'), '2*batch');
  assert.equal(floorDivDim('height', 8), 'height/8');
  assert.equal(addDim('seq', 'past'), 'past+seq');
  assert.equal(addDim('past', 'seq'), 'past+seq');
  assert.equal(subDim(addDim('h', 3), 3), 'h');
  assert.equal(mulDim('h', 'w'), 'h*w');
  assert.equal(floorDivDim(mulDim('h', 'w'), 'w'), 'h');
  // Conv k=3 s=2 p=1 on a symbolic dim: floor((h+2-3)/2)+1 = h/2 under the divisibility assumption.
  assert.equal(addDim(floorDivDim(subDim(addDim('h', 2), 3), 2), 1), 'h/2');
  assert.equal(ceilDivDim(7, 2), 4);
  assert.equal(floorDivDim(7, 2), 3);
  assert.equal(addDim(null, 1), null);
  assert.equal(substituteDim('2*batch', { batch: 3 }), 6);
  assert.equal(substituteDim('height/8', { height: 512 }), 64);
  assert.equal(substituteDim('past+seq', { seq: 4 }), 'past+4');
});

/** x[batch,4,height,width] -> Shape -> Gather(0) -> Unsqueeze -> Concat([b],[4],[-1]) -> Reshape. */
function torchReshape(opset: number) {
  const unsq =
    opset >= 13
      ? node('Unsqueeze', ['b', 'ax0'], ['b1'])
      : node('Unsqueeze', ['b'], ['b1'], { axes: ints([0]) });
  const g = graph(
    [
      node('Shape', ['x'], ['s']),
      node('Gather', ['s', 'zero'], ['b'], { axis: int(0) }),
      unsq,
      node('Concat', ['b1', 'four', 'minus1'], ['target'], { axis: int(0) }),
      node('Reshape', ['x', 'target'], ['y']),
      node('Transpose', ['y'], ['yt'], { perm: ints([0, 2, 1]) }),
    ],
    [vi('x', 'float16', ['batch', 4, 'height', 'width'])],
    [vi('yt')],
    [tensor('zero', 'int64', [], [0]), tensor('four', 'int64', [1], [4]), tensor('minus1', 'int64', [1], [-1]), tensor('ax0', 'int64', [1], [0])],
  );
  return model(g, opset);
}

test('Shape->Gather->Unsqueeze->Concat->Reshape folds with symbolic dims', () => {
  for (const opset of [11, 13]) {
    const r = inferShapes(torchReshape(opset));
    assert.deepEqual(r.tensors.get('target')?.symbolicValue, ['batch', 4, -1]);
    assert.deepEqual(r.tensors.get('y')?.shape, ['batch', 4, 'height*width']);
    assert.deepEqual(r.tensors.get('yt')?.shape, ['batch', 'height*width', 4]);
    assert.equal(r.tensors.get('yt')?.dtype, 'float16');
    assert.deepEqual(r.unknown, []);
  }
});

test('binding dims and input shapes turns symbols into numbers', () => {
  const r = inferShapes(torchReshape(13), { dims: { batch: 2, height: 64, width: 32 } });
  assert.deepEqual(r.tensors.get('target')?.value, [2, 4, -1]);
  assert.deepEqual(r.tensors.get('y')?.shape, [2, 4, 2048]);
  const r2 = inferShapes(torchReshape(13), { inputs: { x: [3, 4, 8, 8] } });
  assert.deepEqual(r2.tensors.get('yt')?.shape, [3, 64, 4]);
  // A partial binding keeps the rest symbolic.
  const r3 = inferShapes(torchReshape(13), { dims: { height: 10 } });
  assert.deepEqual(r3.tensors.get('y')?.shape, ['batch', 4, '10*width']);
});

test('GroupNorm as Reshape->InstanceNormalization->Reshape->Mul->Add keeps the input shape', () => {
  const g = graph(
    [
      node('Reshape', ['x', 'grp'], ['xg']),
      node('InstanceNormalization', ['xg', 'ones', 'zeros'], ['xn'], { epsilon: float(1e-5) }),
      node('Shape', ['x'], ['xs']),
      node('Reshape', ['xn', 'xs'], ['xr']),
      node('Mul', ['xr', 'gamma'], ['xm']),
      node('Add', ['xm', 'beta'], ['y']),
    ],
    [vi('x', 'float32', ['batch', 320, 'height/8', 'width/8'])],
    [vi('y')],
    [tensor('grp', 'int64', [3], [0, 32, -1]), tensor('ones', 'float32', [32]), tensor('zeros', 'float32', [32]), tensor('gamma', 'float32', [320, 1, 1]), tensor('beta', 'float32', [320, 1, 1])],
  );
  const r = inferShapes(model(g, 14));
  assert.deepEqual(r.tensors.get('xg')?.shape, ['batch', 32, '5*height*width/32']);
  assert.deepEqual(r.tensors.get('y')?.shape, ['batch', 320, 'height/8', 'width/8']);
  const b = inferShapes(model(g, 14), { dims: { batch: 2, 'height/8': 64, 'width/8': 64 } });
  assert.deepEqual(b.tensors.get('xg')?.shape, [2, 32, 40960]);
  assert.deepEqual(b.tensors.get('y')?.shape, [2, 320, 64, 64]);
});

test('Resize with scales and strided Conv on symbolic spatial dims', () => {
  const g = graph(
    [
      node('Resize', ['x', '', 'scales'], ['up'], { mode: str('nearest') }),
      node('Conv', ['up', 'w'], ['down'], { kernel_shape: ints([3, 3]), strides: ints([2, 2]), pads: ints([1, 1, 1, 1]) }),
    ],
    [vi('x', 'float32', ['batch', 320, 'h', 'w'])],
    [vi('down')],
    [tensor('scales', 'float32', [4], [1, 1, 2, 2]), tensor('w', 'float32', [640, 320, 3, 3])],
  );
  const r = inferShapes(model(g, 14));
  assert.deepEqual(r.tensors.get('up')?.shape, ['batch', 320, '2*h', '2*w']);
  assert.deepEqual(r.tensors.get('down')?.shape, ['batch', 640, 'h', 'w']);
  const n = inferShapes(model(g, 14), { inputs: { x: [1, 320, 33, 20] } });
  assert.deepEqual(n.tensors.get('down')?.shape, [1, 640, 33, 20]);
});

test('Range, ConstantOfShape, Where, Equal and Expand fold on shape values', () => {
  const g = graph(
    [
      node('Shape', ['x'], ['s']),
      node('ConstantOfShape', ['rank1'], ['ones'], { value: { type: 'tensor', value: tensor('v', 'int64', [1], [1]) } }),
      node('Mul', ['ones', 'minus1'], ['neg']),
      node('Equal', ['tgt', 'neg'], ['isneg']),
      node('Where', ['isneg', 'ones', 'tgt'], ['fixed']),
      node('Expand', ['x', 'fixed'], ['y']),
      node('Gather', ['s', 'one'], ['n']),
      node('Range', ['zero', 'n', 'one'], ['r']),
    ],
    [vi('x', 'float32', [1, 'seq'])],
    [vi('y'), vi('r')],
    [tensor('rank1', 'int64', [1], [2]), tensor('minus1', 'int64', [], [-1]), tensor('tgt', 'int64', [2], [3, -1]), tensor('zero', 'int64', [], [0]), tensor('one', 'int64', [], [1])],
  );
  const r = inferShapes(model(g, 17));
  assert.deepEqual(r.tensors.get('fixed')?.value, [3, 1]);
  assert.deepEqual(r.tensors.get('y')?.shape, [3, 'seq']);
  assert.deepEqual(r.tensors.get('r')?.shape, ['seq']);
  const b = inferShapes(model(g, 17), { dims: { seq: 5 } });
  assert.deepEqual(b.tensors.get('r')?.value, [0, 1, 2, 3, 4]);
});

test('Slice with INT64_MAX end and negative starts on symbolic dims', () => {
  const g = graph(
    [node('Slice', ['x', 'st', 'en', 'ax'], ['y']), node('Slice', ['x', 'st2', 'en2', 'ax'], ['z'])],
    [vi('x', 'float32', ['batch', 'seq', 64])],
    [vi('y'), vi('z')],
    [tensor('st', 'int64', [1], [1]), tensor('en', 'int64', [1], [Number.MAX_SAFE_INTEGER]), tensor('ax', 'int64', [1], [1]),
      tensor('st2', 'int64', [1], [-3]), tensor('en2', 'int64', [1], [Number.MAX_SAFE_INTEGER])],
  );
  const r = inferShapes(model(g, 13));
  assert.deepEqual(r.tensors.get('y')?.shape, ['batch', 'seq-1', 64]);
  assert.deepEqual(r.tensors.get('z')?.shape, ['batch', 3, 64]);
});

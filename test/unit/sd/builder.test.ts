// GraphBuilder / ops: torch.onnx naming and the self-checks that make a wrong graph fail while generating.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BuildError, GraphBuilder, INT64_MAX } from '../../../src/core/sdgen/onnxBuilder';
import { matmul, reshape, shapeOf, shapeVector, dimOf, unsqueeze, concat } from '../../../src/core/sdgen/ops';

function builder() {
  const g = new GraphBuilder('omitted', 100);
  const x = g.input({ name: 'x', dtype: 'float32', shape: [2, 3, 4], dims: ['batch', 3, 4] });
  return { g, x };
}

test('nodes are named /<scope>/<OpType>[_N] with outputs <node>_output_0; params get dotted names', () => {
  const { g, x } = builder();
  g.in('layers.0', () => g.in('attn', () => {
    shapeOf(g, x);
    shapeOf(g, x);
    g.param('weight', [4]);
    g.anonParam('MatMul', [4, 4]);
  }));
  shapeOf(g, x);
  const names = g.nodes.map((n) => n.name);
  assert.deepEqual(names, ['/layers.0/attn/Shape', '/layers.0/attn/Shape_1', '/Shape']);
  assert.deepEqual(g.nodes[1].output, ['/layers.0/attn/Shape_1_output_0']);
  assert.deepEqual(g.initializers.map((t) => t.name), ['layers.0.attn.weight', 'onnx::MatMul_100']);
  assert.equal(g.initializers[0].rawData, undefined, 'omitted weights carry no data');
});

test('shape arithmetic is tracked: Shape→Gather→Unsqueeze→Concat→Reshape gives the reshaped dims', () => {
  const { g, x } = builder();
  const b = dimOf(g, x, 0);
  const target = shapeVector(g, [b, -1]);
  assert.deepEqual(target.value, [2, -1]);
  assert.deepEqual(reshape(g, x, target).shape, [2, 12]);
  assert.deepEqual(concat(g, [unsqueeze(g, b, [0]), g.int64([5])], 0).value, [2, 5]);
});

test('a wrong Reshape or MatMul fails at generation time, naming the node', () => {
  const { g, x } = builder();
  assert.throws(
    () => g.in('down_blocks.0', () => reshape(g, x, g.int64([5, -1]))),
    (e: unknown) => e instanceof BuildError && e.message.startsWith('/down_blocks.0/Reshape:'),
  );
  assert.throws(() => matmul(g, x, g.param('w', [3, 4])), /inner dims differ/);
  assert.throws(() => g.input({ name: 'x', dtype: 'float32', shape: [1], dims: [1] }), /defined twice/);
});

test('INT64_MAX (an open slice end) is written exactly', () => {
  const { g } = builder();
  const c = g.int64([INT64_MAX]);
  const node = g.nodes.find((n) => n.output?.[0] === c.name)!;
  const raw = node.attribute![0].t!.rawData!;
  assert.equal(new DataView(raw.buffer, raw.byteOffset, 8).getBigInt64(0, true), 9223372036854775807n);
});

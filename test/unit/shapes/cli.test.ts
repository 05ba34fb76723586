// `onnx-npu-profile shapes`: a small model written with onnx-proto, printed as text and JSON.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { onnx } from 'onnx-proto';
import { runShapes } from '../../../src/cli/commands/shapes';
import { captureCli } from '../captureCli';

function writeModel(): string {
  const dim = (d: number | string) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d });
  const vi = (name: string, elemType: number, dims: Array<number | string>) =>
    ({ name, type: { tensorType: { elemType, shape: { dim: dims.map(dim) } } } });
  const model = onnx.ModelProto.create({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 17 }],
    graph: {
      name: 'g',
      input: [vi('x', 10, ['batch', 4, 'h', 'w'])],
      output: [{ name: 'y' }],
      initializer: [{ name: 'tgt', dataType: 7, dims: [3], int64Data: [0, 4, -1] }],
      node: [
        { opType: 'Reshape', input: ['x', 'tgt'], output: ['r'], name: 'reshape' },
        { opType: 'Softmax', input: ['r'], output: ['y'], name: 'softmax' },
      ],
    },
  });
  const dir = mkdtempSync(path.join(tmpdir(), 'shapes-cli-'));
  const file = path.join(dir, 'm.onnx');
  writeFileSync(file, onnx.ModelProto.encode(model).finish());
  return file;
}

const capture = (args: string[]) => captureCli(runShapes, args);

test('shapes prints every tensor, symbolic and bound', async () => {
  const file = writeModel();
  const text = await capture([file]);
  assert.equal(text.code, 0);
  assert.match(text.out, /^y\s+float16 \[batch,4,h\*w\]$/m);
  assert.match(text.out, /^tgt\s+int64 \[3\]$/m);
  const json = await capture([file, '--json', '--dim', 'batch=2', '--input=x=2x4x8x16']);
  assert.equal(json.code, 0);
  const parsed = JSON.parse(json.out) as { tensors: Record<string, { dtype: string; shape: unknown[] }>; unknown: unknown[] };
  assert.deepEqual(parsed.tensors.y, { dtype: 'float16', shape: [2, 4, 128] });
  assert.deepEqual(parsed.tensors.x.shape, [2, 4, 8, 16]);
  assert.deepEqual(parsed.unknown, []);
});

test('shapes rejects bad arguments with a clear message', async () => {
  const file = writeModel();
  const bad = await capture([file, '--dim', 'batch']);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /bad dim binding 'batch'/);
  const noInput = await capture([file, '--input', 'nope=1x2']);
  assert.equal(noInput.code, 2);
  assert.match(noInput.err, /no graph input named 'nope'/);
  const none = await capture([]);
  assert.equal(none.code, 2);
  assert.match(none.err, /missing model PATH/);
});

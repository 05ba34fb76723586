// `inspect` command: JSON fields, readable table, exit code 2 with a one-line error on bad input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInspect } from '../../../src/cli/commands/inspect';
import { model, vi } from './build';
import { captureCli } from '../captureCli';

const capture = (args: string[]) => captureCli(runInspect, args);

test('inspect --json and the table on a model with subgraph-free custom ops and fp16 weights', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'onnx-cli-'));
  try {
    const p = join(dir, 'm.onnx');
    writeFileSync(p, model(
      {
        node: [{ opType: 'MatMul', input: ['x', 'w'], output: ['y'] }, { opType: 'Attention', domain: 'com.microsoft', input: ['y'], output: ['z'] }],
        initializer: [
          { name: 'w', dataType: 10, dims: [64, 64], rawData: new Uint8Array(8192) },
          { name: 'b', dataType: 1, dims: [64], rawData: new Uint8Array(256) },
        ],
        input: [vi('x', 10, ['batch', 64])],
        output: [vi('z', 10, ['batch', null])],
      },
      { producerName: 'pytorch', producerVersion: '2.1', opsetImport: [{ domain: '', version: 17 }, { domain: 'com.microsoft', version: 1 }] },
    ));
    const r = await capture([p, '--json']);
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out);
    assert.equal(j.irVersion, 9);
    assert.deepEqual(j.opsets, { '': 17, 'com.microsoft': 1 });
    assert.equal(j.producer, 'pytorch 2.1');
    assert.equal(j.nodeCount, 2);
    assert.deepEqual(j.opHistogram, { MatMul: 1, 'com.microsoft::Attention': 1 });
    assert.deepEqual(j.initializers, {
      count: 2, elements: 4160, bytes: 8448,
      byDtype: { float16: { count: 1, elements: 4096, bytes: 8192 }, float32: { count: 1, elements: 64, bytes: 256 } },
    });
    assert.deepEqual(j.inputs, [{ name: 'x', dtype: 'float16', shape: ['batch', 64] }]);
    assert.deepEqual(j.outputs, [{ name: 'z', dtype: 'float16', shape: ['batch', null] }]);
    assert.deepEqual(j.externalFiles, []);
    assert.deepEqual(j.warnings, []);
    const table = await capture([p]);
    assert.equal(table.code, 0);
    assert.match(table.out, /com\.microsoft::Attention\s+1/);
    assert.match(table.out, /x: float16 \[batch, 64\]/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('bad input: exit code 2 and one line on stderr', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'onnx-cli-'));
  try {
    const p = join(dir, 'x.onnx');
    writeFileSync(p, new Uint8Array([0x08, 0x07, 0x3a, 0xff, 0x01]));
    for (const args of [[p], [join(dir, 'missing.onnx')], [dir], [], [p, '--bogus']]) {
      const r = await capture(args);
      assert.equal(r.code, 2, `${args}`);
      assert.equal(r.out, '');
      assert.ok(r.err.length > 0);
    }
    const r = await capture([p]);
    assert.equal(r.err.trimEnd().split('\n').length, 1);
    assert.match(r.err, /truncated at byte 5 inside ModelProto\.graph/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// Hostile inputs reach the CLI as clean outcomes: a cycle is bad input (exit 2, one line naming the nodes), a refused
// external-data path is a reader warning shown by profile (table and JSON), not silence.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onnx } from 'onnx-proto';
import { runProfile } from '../../../src/cli/commands/profile';
import { runShapes } from '../../../src/cli/commands/shapes';
import { captureCli } from '../captureCli';
import { scratch } from './helpers';

const s = scratch();
const FLOAT = onnx.TensorProto.DataType.FLOAT;
const vi = (name: string, dims: number[]) => ({ name, type: { tensorType: { elemType: FLOAT, shape: { dim: dims.map((d) => ({ dimValue: d })) } } } });

function model(graph: onnx.IGraphProto): Uint8Array {
  return onnx.ModelProto.encode(onnx.ModelProto.create({ irVersion: 8, opsetImport: [{ domain: '', version: 17 }], graph })).finish();
}

test('a two-node cycle: exit 2 with one line naming the nodes, in profile and shapes', async () => {
  const file = s.file('cycle.onnx', model({
    name: 'g',
    input: [vi('x', [1, 4])],
    output: [vi('y', [1, 4])],
    node: [
      { name: 'first', opType: 'Add', input: ['x', 'b'], output: ['a'] },
      { name: 'second', opType: 'Relu', input: ['a'], output: ['b'] },
      { name: 'out', opType: 'Relu', input: ['a'], output: ['y'] },
    ],
  }));
  for (const run of [runProfile, runShapes]) {
    const r = await captureCli(run, [file]);
    assert.equal(r.code, 2, r.out + r.err);
    assert.equal(r.err.trimEnd().split('\n').length, 1, r.err);
    assert.match(r.err, /cycle/i);
    assert.match(r.err, /first|second/);
  }
});

test('external data pointing outside the model folder: refused, and profile says so (table and JSON)', async () => {
  const file = s.file('escape.onnx', model({
    name: 'g',
    input: [vi('x', [1, 4])],
    output: [vi('y', [1, 4])],
    initializer: [{ name: 'w', dims: [4, 4], dataType: FLOAT, dataLocation: onnx.TensorProto.DataLocation.EXTERNAL, externalData: [{ key: 'location', value: '../../etc/passwd' }, { key: 'length', value: '64' }] }],
    node: [{ name: 'mm', opType: 'MatMul', input: ['x', 'w'], output: ['y'] }],
  }));
  const j = JSON.parse((await captureCli(runProfile, [file, '--format', 'json'])).out);
  assert.ok(j.readerWarnings?.some((w: string) => /outside the model's folder/.test(w)), JSON.stringify(j.readerWarnings));
  const table = await captureCli(runProfile, [file]);
  assert.equal(table.code, 0, table.err);
  assert.match(table.out, /reader warnings \(\d+\):\n\s+.*outside the model's folder/);
});

test('a link to data outside the model folder is refused until --allow-external-outside names its folder', async () => {
  const root = mkdtempSync(join(tmpdir(), 'npu-allow-'));
  try {
    const modelDir = join(root, 'model');
    const dataDir = join(root, 'elsewhere');
    mkdirSync(modelDir);
    mkdirSync(dataDir);
    writeFileSync(join(dataDir, 'w.bin'), new Uint8Array(64));
    symlinkSync(join(dataDir, 'w.bin'), join(modelDir, 'w.bin'));
    const file = join(modelDir, 'linked.onnx');
    writeFileSync(file, model({
      name: 'g',
      input: [vi('x', [1, 4])],
      output: [vi('y', [1, 4])],
      initializer: [{ name: 'w', dims: [4, 4], dataType: FLOAT, dataLocation: onnx.TensorProto.DataLocation.EXTERNAL, externalData: [{ key: 'location', value: 'w.bin' }, { key: 'length', value: '64' }] }],
      node: [{ name: 'mm', opType: 'MatMul', input: ['x', 'w'], output: ['y'] }],
    }));
    const refused = JSON.parse((await captureCli(runProfile, [file, '--format', 'json'])).out);
    assert.ok(refused.readerWarnings?.some((w: string) => /--allow-external-outside/.test(w)), JSON.stringify(refused.readerWarnings));
    const allowed = await captureCli(runProfile, [file, '--format', 'json', '--allow-external-outside', dataDir]);
    assert.equal(allowed.code, 0, allowed.err);
    assert.equal(JSON.parse(allowed.out).readerWarnings, undefined);
    const shapes = await captureCli(runShapes, [file, '--allow-external-outside', dataDir]);
    assert.equal(shapes.code, 0, shapes.err);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

// External data: offsets and lengths, files resolved next to the model, nothing outside the folder touched,
// missing files reported per tensor without failing the read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { memorySource } from '../../../src/core/onnx/byteSource';
import { readModel } from '../../../src/core/onnx/reader';
import { containLocation, type ExternalDataAccess } from '../../../src/core/onnx/externalData';
import { loadModelFile } from '../../../src/node/loadModelFile';
import { inspectModel } from '../../../src/core/onnx/inspect';
import type { DataLocation, Model } from '../../../src/core/model/graph';
import { model } from './build';
import { haveShared, SKIP_SHARED, testdata } from './paths';

function ext(name: string, location: string, offset: number | undefined, length: number | undefined, dims = [2, 3]) {
  const entries = [{ key: 'location', value: location }];
  if (offset !== undefined) entries.push({ key: 'offset', value: String(offset) });
  if (length !== undefined) entries.push({ key: 'length', value: String(length) });
  return { name, dataType: 1, dims, dataLocation: 1, externalData: entries };
}

const extOf = (m: Model, name: string): DataLocation & { kind: 'external' } => {
  const t = m.graph.initializers.find((x) => x.name === name);
  assert.ok(t, name);
  assert.equal(t.data.kind, 'external');
  return t.data;
};

test('containment: absolute paths and .. escapes are refused after normalisation', () => {
  assert.deepEqual(containLocation('weights.pb'), { rel: 'weights.pb' });
  assert.deepEqual(containLocation('./sub/../data\\w.bin'), { rel: 'data/w.bin' });
  for (const bad of ['/etc/passwd', '../secret.bin', 'a/../../x', 'C:\\Windows\\x.bin', '\\\\server\\share\\x', 'file:///etc/passwd', '', '.']) {
    assert.ok('problem' in containLocation(bad), `'${bad}' must be refused`);
  }
});

test('the host is only asked about contained paths; missing and short files become per-tensor problems', async () => {
  const asked: string[] = [];
  const access: ExternalDataAccess = {
    modelDir: '/models/unet',
    async fileSize(rel) {
      asked.push(rel);
      return rel === 'weights.pb' ? 100 : undefined;
    },
  };
  const bytes = model({
    initializer: [
      ext('a', 'weights.pb', 0, 24),
      ext('b', 'sub/../weights.pb', 24, 24),
      ext('c', 'weights.pb', 96, 24), // runs past the 100-byte file
      ext('d', '../../etc/passwd', 0, 24),
      ext('e', '/abs/w.bin', 0, 24),
      ext('f', 'missing.bin', 0, 24),
      ext('g', 'weights.pb', 48, undefined),
    ],
  });
  const m = await readModel(memorySource('unet.onnx', bytes), { external: access });
  assert.deepEqual(asked.sort(), ['missing.bin', 'weights.pb'], 'escaping locations are never passed to the host');
  assert.deepEqual(extOf(m, 'a'), { kind: 'external', location: 'weights.pb', offset: 0, length: 24, resolvedPath: '/models/unet/weights.pb' });
  assert.equal(extOf(m, 'b').resolvedPath, '/models/unet/weights.pb');
  assert.equal(extOf(m, 'b').offset, 24);
  assert.match(extOf(m, 'c').problem ?? '', /runs past the end of 'weights.pb' \(100 bytes\)/);
  assert.match(extOf(m, 'd').problem ?? '', /outside the model's folder/);
  assert.match(extOf(m, 'e').problem ?? '', /absolute/);
  assert.match(extOf(m, 'f').problem ?? '', /'missing.bin' not found/);
  assert.equal(extOf(m, 'g').length, undefined, 'no length = to the end of the file');
  assert.equal(extOf(m, 'g').problem, undefined);
  for (const t of m.graph.initializers) assert.equal(t.byteSize, 24, 'sizes come from dims whatever happened to the file');
  const w = m.warnings.join('\n');
  assert.match(w, /missing\.bin/);
  assert.match(w, /outside the model's folder/);
  const rep = inspectModel(m);
  assert.deepEqual(rep.externalFiles.map((e) => [e.location, e.tensors]).sort(), [
    ['../../etc/passwd', 1], ['/abs/w.bin', 1], ['missing.bin', 1], ['sub/../weights.pb', 1], ['weights.pb', 3],
  ]);
});

test('loadModelFile resolves external data next to the model on disk', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'onnx-ext-'));
  try {
    mkdirSync(join(dir, 'data'));
    writeFileSync(join(dir, 'data', 'w.bin'), new Uint8Array(48));
    writeFileSync(join(dir, 'outside.bin'), new Uint8Array(48));
    writeFileSync(join(dir, 'm.onnx'), model({ initializer: [ext('w', 'data/w.bin', 24, 24), ext('x', 'nothere.bin', 0, 24)] }));
    const m = await loadModelFile(join(dir, 'm.onnx'));
    assert.equal(extOf(m, 'w').resolvedPath, join(dir, 'data', 'w.bin'));
    assert.equal(extOf(m, 'w').problem, undefined);
    assert.match(extOf(m, 'x').problem ?? '', /not found/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('shared external-data fixtures: offsets and lengths, and the data file that sits elsewhere', async (t) => {
  if (!haveShared) return t.skip(SKIP_SHARED);
  const base = join(testdata, 'models', 'external-data');
  // Figures from testdata/models/README.md and MANIFEST.json.
  const off = await loadModelFile(join(base, 'burn-onnx', 'external_data_offset.onnx'));
  assert.deepEqual([extOf(off, 'const').offset, extOf(off, 'const').length, extOf(off, 'const').problem], [96, 24, undefined]);
  assert.deepEqual(off.warnings, []);

  const same = await loadModelFile(join(base, 'polygraphy-same-dir', 'ext_weights.onnx'));
  assert.deepEqual(['a', 'b', 'd'].map((n) => [extOf(same, n).offset, extOf(same, n).length]), [[0, 12], [12, 12], [24, 12]]);
  assert.equal(extOf(same, 'a').resolvedPath, join(base, 'polygraphy-same-dir', 'ext_weights.data'));
  assert.deepEqual(same.warnings, []);

  const multi = await loadModelFile(join(base, 'burn-onnx', 'multi_external_files.onnx'));
  assert.deepEqual(inspectModel(multi).externalFiles.map((e) => [e.location, e.bytes, e.problem]).sort(), [
    ['multi_external_bias.bin', 16, undefined], ['multi_external_weights.bin', 64, undefined],
  ]);

  const elsewhere = await loadModelFile(join(base, 'polygraphy', 'ext_weights.onnx'));
  assert.equal(elsewhere.warnings.length, 1);
  assert.match(elsewhere.warnings[0], /external data file 'ext_weights.data' not found at .*polygraphy\/ext_weights\.data: 3 tensors affected/);
  assert.deepEqual(['a', 'b', 'd'].map((n) => extOf(elsewhere, n).offset), [0, 12, 24]);
  assert.equal(inspectModel(elsewhere).initializers.bytes, 36, 'sizes still known without the data file');
});

// Issue 15: external data through links. A link whose real target is outside the model's folder is refused
// (and its target never sized), unless the target is inside an allowed root or the model's own HF cache repo.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadModelFile } from '../../../src/node/loadModelFile';
import type { DataLocation, Model } from '../../../src/core/model/graph';
import { model } from './build';

function ext(name: string, location: string, offset: string, length = '24') {
  return { name, dataType: 1, dims: [2, 3], dataLocation: 1, externalData: [{ key: 'location', value: location }, { key: 'offset', value: offset }, { key: 'length', value: length }] };
}
const extOf = (m: Model, name: string) => m.graph.initializers.find((x) => x.name === name)!.data as DataLocation & { kind: 'external' };

test('links to files outside the folder are refused; links inside it and allowed roots are followed', async () => {
  const root = mkdtempSync(join(tmpdir(), 'onnx-links-'));
  try {
    const dir = join(root, 'model');
    const secret = join(root, 'secret');
    mkdirSync(dir);
    mkdirSync(secret);
    writeFileSync(join(secret, 'passwd'), new Uint8Array(12345));
    writeFileSync(join(dir, 'real.bin'), new Uint8Array(48));
    symlinkSync(join(secret, 'passwd'), join(dir, 'w.bin')); // file link out
    symlinkSync(secret, join(dir, 'd')); // directory link out
    symlinkSync(join(dir, 'real.bin'), join(dir, 'inside.bin')); // link that stays inside
    const bytes = model({ initializer: [ext('a', 'w.bin', '0'), ext('b', 'd/passwd', '4611686018427387904'), ext('c', 'inside.bin', '24')] });
    writeFileSync(join(dir, 'm.onnx'), bytes);
    const m = await loadModelFile(join(dir, 'm.onnx'));
    assert.match(extOf(m, 'a').problem ?? '', /outside the model's folder/);
    assert.match(extOf(m, 'b').problem ?? '', /4611686018427387904/, 'offset printed exactly');
    assert.equal(extOf(m, 'c').problem, undefined);
    const w = m.warnings.join('\n');
    assert.match(w, /'w.bin' resolves .* outside the model's folder/);
    assert.doesNotMatch(w, /12345/, "the refused target's size is never revealed");
    // Allowed root: accepted and sized.
    const ok = await loadModelFile(join(dir, 'm.onnx'), { allowExternalOutside: [secret] });
    assert.equal(extOf(ok, 'a').problem, undefined);
    assert.ok(extOf(ok, 'b').problem, 'the huge offset is refused whatever the root');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('Hugging Face cache layout: snapshot links into the same repo blobs/ are accepted, other repos refused', async () => {
  const root = mkdtempSync(join(tmpdir(), 'onnx-hf-'));
  try {
    const repo = join(root, 'hub', 'models--org--net');
    const snap = join(repo, 'snapshots', 'abc123');
    mkdirSync(join(repo, 'blobs'), { recursive: true });
    mkdirSync(snap, { recursive: true });
    mkdirSync(join(root, 'hub', 'models--other--x', 'blobs'), { recursive: true });
    writeFileSync(join(repo, 'blobs', 'sha1'), new Uint8Array(48));
    writeFileSync(join(root, 'hub', 'models--other--x', 'blobs', 'sha2'), new Uint8Array(48));
    writeFileSync(join(repo, 'blobs', 'shaM'), model({ initializer: [ext('a', 'model.onnx_data', '0'), ext('b', 'other.bin', '0')] }));
    symlinkSync('../../blobs/shaM', join(snap, 'model.onnx'));
    symlinkSync('../../blobs/sha1', join(snap, 'model.onnx_data'));
    symlinkSync('../../../models--other--x/blobs/sha2', join(snap, 'other.bin'));
    const m = await loadModelFile(join(snap, 'model.onnx'));
    assert.equal(extOf(m, 'a').problem, undefined);
    assert.match(extOf(m, 'b').problem ?? '', /outside the model's folder/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

// The paged file source returns the file's bytes for any range, and reading through it gives the same Model
// as reading the bytes from memory (the web host's path).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openFileSource } from '../../../src/node/nodeFileSource';
import { memorySource } from '../../../src/core/onnx/byteSource';
import { readModel } from '../../../src/core/onnx/reader';
import { model } from './build';
import { haveShared, testdata } from './paths';

test('random ranges read through the page cache equal the file bytes', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'onnx-src-'));
  try {
    const bytes = new Uint8Array(700_001).map((_, i) => (i * 7919) & 0xff);
    const p = join(dir, 'f.bin');
    writeFileSync(p, bytes);
    const src = await openFileSource(p);
    try {
      assert.equal(src.size, bytes.length);
      let seed = 42;
      const rand = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
      for (let k = 0; k < 300; k++) {
        const off = Math.floor(rand() * bytes.length);
        const len = Math.min(bytes.length - off, k % 3 === 0 ? Math.floor(rand() * 400_000) : Math.floor(rand() * 200));
        const got = await src.read(off, len);
        assert.ok(Buffer.from(got).equals(Buffer.from(bytes.subarray(off, off + len))), `[${off}, +${len})`);
      }
      await assert.rejects(src.read(bytes.length - 1, 2), RangeError);
    } finally {
      await src.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('file source and memory source give the same Model', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'onnx-src-'));
  const files: string[] = [];
  try {
    // Synthetic: initializers larger than the reader's window, so the file path has to skip and refill.
    const p = join(dir, 'big.onnx');
    writeFileSync(p, model({
      node: [{ opType: 'Conv', input: ['x', 'w0'], output: ['y'] }],
      initializer: Array.from({ length: 6 }, (_, i) => ({ name: `w${i}`, dataType: 1, dims: [50_000 + i], rawData: new Uint8Array(4 * (50_000 + i)) }))
        .concat([{ name: 'small', dataType: 7, dims: [3], rawData: new Uint8Array(24).fill(1) }]),
    }));
    files.push(p);
    if (haveShared) {
      files.push(join(testdata, 'models/burn-onnx/mnist.onnx'), join(testdata, 'models/onnxruntime-genai/tiny-random-gpt2-fp32/past.onnx'),
        join(testdata, 'models/onnx2c/velardo-lesson14.onnx'));
    }
    for (const f of files) {
      const src = await openFileSource(f, 'm.onnx');
      try {
        const fromFile = await readModel(src);
        const fromMemory = await readModel(memorySource('m.onnx', readFileSync(f)));
        assert.deepStrictEqual(fromFile, fromMemory, f);
      } finally {
        await src.close();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// Bad files give a typed OnnxReadError naming the file, byte offset and field; never another exception or a hang.
// Truncated and mutated copies of real models are generated with a seeded PRNG, so failures reproduce.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { onnx } from 'onnx-proto';
import { memorySource, type ByteSource } from '../../../src/core/onnx/byteSource';
import { readModel, MAX_DEPTH } from '../../../src/core/onnx/reader';
import { OnnxReadError } from '../../../src/core/onnx/errors';
import { concat, lenField, model, str, varint, varintField, vi } from './build';
import { testdata } from './paths';
import { mulberry32 as prng } from '../random';

async function readError(bytes: Uint8Array, name = 'bad.onnx'): Promise<OnnxReadError> {
  try {
    await readModel(memorySource(name, bytes));
  } catch (e) {
    assert.ok(e instanceof OnnxReadError, `expected OnnxReadError, got ${e instanceof Error ? e.stack : String(e)}`);
    assert.equal(e.file, name);
    assert.ok(Number.isInteger(e.offset) && e.offset >= 0 && e.offset <= bytes.length, `offset ${e.offset} within the file`);
    assert.ok(!e.message.includes('\n'), 'one-line message');
    return e;
  }
  assert.fail('expected the read to fail');
}


test('foreign formats are named', async () => {
  const header = str('{"w":{"dtype":"F16","shape":[2],"data_offsets":[0,4]}}');
  const safetensors = concat([header.length, 0, 0, 0, 0, 0, 0, 0], header, [0, 0, 0, 0]);
  assert.match((await readError(safetensors)).message, /not an ONNX model: looks like a SafeTensors file/);
  assert.match((await readError(concat(str('PK\x03\x04'), new Uint8Array(40)))).message, /ZIP archive/);
  assert.match((await readError(new Uint8Array([0x80, 0x02, 0x7d, 0x71]))).message, /pickle/);
  assert.match((await readError(str('{"nodes": []}'))).message, /JSON/);
  assert.match((await readError(str('ir_version: 8\ngraph { }'))).message, /text-format/);
  assert.match((await readError(str('version https://git-lfs.github.com/spec/v1\noid sha256:abc\n'))).message, /Git LFS pointer/);
  assert.match((await readError(new Uint8Array(0))).message, /empty/);
  // A TensorProto (.pb test data) parses as protobuf but not as a ModelProto.
  const tensorPb = onnx.TensorProto.encode({ dims: [2], dataType: 1, rawData: new Uint8Array(8), name: 'x' }).finish();
  assert.match((await readError(tensorPb)).message, /expected|not an ONNX model/);
});

test('wire type 7 and field number 0 are invalid, with their byte offset', async () => {
  const e = await readError(new Uint8Array([0x08, 0x07, 0x3f, 0x00]));
  assert.match(e.message, /wire type 7 is invalid at byte 2/);
  assert.equal(e.offset, 2);
  const z = await readError(concat(varintField(1, 7), [0x02, 0x00]));
  assert.match(z.message, /field number 0 is invalid at byte 2/);
});

test('a known field with the wrong wire type is named', async () => {
  const bytes = concat(varintField(1, 8), lenField(7, concat(lenField(1, concat(varintField(4, 3))))));
  const e = await readError(bytes);
  assert.match(e.message, /NodeProto\.op_type at byte \d+ inside ModelProto\.graph\.node\[0\] has wire type 0, expected 2/);
  assert.equal(e.fieldPath, 'ModelProto.graph.node[0]');
});

test('truncation names the innermost message cut by the file end', async () => {
  const bytes = model({
    node: [{ opType: 'Conv', input: ['x', 'w'], output: ['y'] }],
    initializer: [
      { name: 'w0', dataType: 1, dims: [64], rawData: new Uint8Array(256) },
      { name: 'w1', dataType: 1, dims: [1024], rawData: new Uint8Array(4096) },
    ],
    input: [vi('x', 1, [1, 3, 8, 8])],
  });
  const m = await readModel(memorySource('ok.onnx', bytes));
  const w1 = m.graph.initializers[1].data;
  assert.equal(w1.kind, 'inline');
  if (w1.kind !== 'inline') return;
  const cut = w1.offset + 100;
  const e = await readError(bytes.subarray(0, cut));
  assert.match(e.message, new RegExp(`truncated at byte ${cut} inside ModelProto\\.graph\\.initializer\\[1\\]`));
  assert.equal(e.offset, cut);
});

test('a length beyond its enclosing message, and huge lengths, fail without allocating', async () => {
  // Graph of 6 bytes whose node claims 100.
  const inner = await readError(concat(varintField(1, 8), lenField(7, concat([0x0a, 100], new Uint8Array(4))), varintField(5, 1)));
  assert.match(inner.message, /length 100 at byte \d+ runs past the end of ModelProto\.graph/);
  // producer_name with a 2^62-byte length.
  const huge = await readError(concat(varintField(1, 8), varint(2 * 8 + 2), varint(2n ** 62n), str('abc')));
  assert.match(huge.message, /truncated at byte \d+ inside ModelProto/);
  // A varint longer than 10 bytes.
  const longVarint = await readError(concat([0x08], new Array(11).fill(0xff), [0x01]));
  assert.match(longVarint.message, /malformed varint/);
});

test('strings and packed lists longer than the reader accepts are refused, not decoded', async () => {
  const big = new Uint8Array(65 * 1024 * 1024);
  const e = await readError(concat(varintField(1, 8), lenField(6, big)));
  assert.match(e.message, /ModelProto\.doc_string at byte 2 inside ModelProto is 68157440 bytes long, more than the 67108864 this reader accepts/);
  const dims = await readError(concat(varintField(1, 8), lenField(7, lenField(5, lenField(1, new Uint8Array(100_000))))));
  assert.match(dims.message, /TensorProto\.dims .* is 100000 bytes long/);
});

test(`nesting deeper than ${MAX_DEPTH} levels is refused`, async () => {
  let t = concat(lenField(1, varintField(1, 1))); // TypeProto{tensor_type{elem_type:1}}
  for (let i = 0; i < MAX_DEPTH + 20; i++) t = lenField(4, lenField(1, t)); // sequence_type{elem_type{...}}
  const bytes = concat(varintField(1, 8), lenField(7, lenField(11, concat(lenField(1, str('x')), lenField(2, t)))));
  const e = await readError(bytes);
  assert.match(e.message, /nested deeper than 100 levels/);
});

function fuzzBases(): Array<{ name: string; bytes: Uint8Array }> {
  const A = onnx.AttributeProto.AttributeType;
  const synthetic = model(
    {
      node: [
        { opType: 'Constant', output: ['c'], attribute: [{ name: 'value', type: A.TENSOR, t: { dataType: 7, dims: [4], int64Data: [1, 2, 3, 4] } }] },
        { opType: 'If', input: ['cond'], output: ['o'], attribute: [
          { name: 'then_branch', type: A.GRAPH, g: { name: 't', node: [{ opType: 'Add', input: ['a', 'b'], output: ['o'] }], output: [vi('o')] } },
          { name: 'else_branch', type: A.GRAPH, g: { name: 'e', node: [{ opType: 'Sub', input: ['a', 'b'], output: ['o'] }], output: [vi('o')] } },
        ] },
        { opType: 'Attention', domain: 'com.microsoft', input: ['o'], output: ['p'], attribute: [{ name: 'num_heads', type: A.INT, i: 8 }, { name: 'scales', type: A.FLOATS, floats: [0.5, 1] }] },
      ],
      initializer: [{ name: 'w', dataType: 10, dims: [32, 32], rawData: new Uint8Array(2048).map((_, i) => i) }],
      input: [vi('cond', 9, []), vi('a', 1, ['batch', 4])],
      output: [vi('p', 1, ['batch', null])],
    },
    { functions: [{ name: 'F', domain: 'local', input: ['x'], output: ['y'], node: [{ opType: 'Neg', input: ['x'], output: ['y'] }] }], metadataProps: [{ key: 'k', value: 'v' }] },
  );
  const bases = [{ name: 'synthetic', bytes: synthetic }];
  for (const rel of ['models/wonnx/opt-mnist.onnx', 'models/onnx-tutorials/super_resolution.onnx', 'models/onnxruntime-genai/tiny-random-gpt2-fp32/past.onnx',
    'models/tract/byte_sb_bidi_lstm/model.onnx', 'onnx-backend/node/test_loop11/model.onnx', 'onnx-backend/node/test_scan9_sum/model.onnx']) {
    const p = join(testdata, rel);
    if (existsSync(p)) bases.push({ name: rel, bytes: readFileSync(p) });
  }
  return bases;
}

/** Serves reads like a file would (no whole-file window), so the reader's load-and-retry path runs too. */
function chunkedSource(name: string, bytes: Uint8Array): ByteSource {
  return { name, size: bytes.length, read: (offset, length) => Promise.resolve(bytes.subarray(offset, offset + length)) };
}

/**
 * Reads a bad copy (from memory, or chunked like a file): it may still be a valid model, otherwise it must fail
 * with OnnxReadError, in under a second (a hang guard).
 */
async function readBad(bytes: Uint8Array, label: string, chunked: boolean): Promise<'ok' | OnnxReadError> {
  const t0 = performance.now();
  let out: 'ok' | OnnxReadError = 'ok';
  try {
    await readModel(chunked ? chunkedSource(label, bytes) : memorySource(label, bytes));
  } catch (e) {
    if (!(e instanceof OnnxReadError)) assert.fail(`${label}: ${e instanceof Error ? e.stack : String(e)}`);
    assert.ok(e.offset >= 0 && e.offset <= bytes.length, `${label}: offset ${e.offset}`);
    out = e;
  }
  const ms = performance.now() - t0;
  assert.ok(ms < 1000, `${label} took ${ms.toFixed(0)} ms`);
  return out;
}

test('truncated copies of real models give typed errors only', async (t) => {
  const bases = fuzzBases();
  if (bases.length === 1) t.diagnostic('../shared not present: fuzzing the synthetic model only');
  const rand = prng(1234);
  let cases = 0;
  let errors = 0;
  for (const { name, bytes } of bases) {
    const cuts = new Set<number>([1, 2, bytes.length - 1]);
    while (cuts.size < 60) cuts.add(1 + Math.floor(rand() * (bytes.length - 1)));
    for (const cut of cuts) {
      const r = await readBad(bytes.subarray(0, cut), `${name}[0:${cut}]`, cut % 2 === 1);
      cases++;
      if (r !== 'ok') {
        errors++;
        assert.match(r.message, /truncated at byte|not an ONNX model|is missing/, `${name}[0:${cut}]: ${r.message}`);
      }
    }
  }
  t.diagnostic(`${cases} truncated copies, ${errors} rejected`);
  assert.ok(cases >= 60 * bases.length);
  assert.ok(errors >= cases * 0.9, `nearly every cut lands inside the graph, so nearly all must fail: ${errors}/${cases}`);
});

test('mutated copies of real models give typed errors or read', async (t) => {
  const bases = fuzzBases();
  const rand = prng(98765);
  let cases = 0;
  let errors = 0;
  for (const { name, bytes } of bases) {
    // Aim at the framing, not at weight bytes (flipping those changes nothing the reader looks at).
    const payload = (await readModel(memorySource(name, bytes))).graph.initializers
      .map((x) => x.data)
      .flatMap((d): Array<readonly [number, number]> => (d.kind === 'inline' ? [[d.offset, d.offset + d.length]] : []));
    const inPayload = (i: number) => payload.some(([s0, s1]) => i >= s0 && i < s1);
    const pick = () => {
      for (let tries = 0; tries < 50; tries++) {
        const i = Math.floor(rand() * bytes.length);
        if (!inPayload(i)) return i;
      }
      return Math.floor(rand() * bytes.length);
    };
    for (let k = 0; k < 70; k++) {
      const b = Uint8Array.from(bytes);
      const kind = k % 4;
      const at = pick();
      if (kind === 0) for (let j = 0; j < 1 + Math.floor(rand() * 8); j++) b[pick()] = Math.floor(rand() * 256);
      else if (kind === 1) b.fill(0xff, at, Math.min(b.length, at + 1 + Math.floor(rand() * 12))); // runaway varints / lengths
      else if (kind === 2) b[at] = (b[at] & ~7) | [3, 4, 6, 7][Math.floor(rand() * 4)]; // bad wire types where tags may be
      else b.copyWithin(at, pick(), Math.min(b.length, at + 64)); // shifted framing
      const r = await readBad(b, `${name}#${k}`, k % 2 === 1);
      cases++;
      if (r !== 'ok') errors++;
    }
  }
  t.diagnostic(`${cases} mutated copies, ${errors} rejected, ${cases - errors} still parse`);
  assert.ok(cases >= 70 * bases.length);
  assert.ok(errors > 0);
});

// Laziness: on a source that is not in memory the reader reads the framing, not the weights, and models with
// weights inside subgraphs (where it must decode fields again as bytes arrive) come out the same as from memory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { onnx } from 'onnx-proto';
import { memorySource, type ByteSource } from '../../../src/core/onnx/byteSource';
import { readModel } from '../../../src/core/onnx/reader';
import { model, vi } from './build';

/** A source that serves reads from a buffer like a file would (no whole-file window) and counts what it serves. */
function countingSource(name: string, bytes: Uint8Array): ByteSource & { bytesRead: number; reads: number } {
  const src = {
    name,
    size: bytes.byteLength,
    bytesRead: 0,
    reads: 0,
    read(offset: number, length: number): Promise<Uint8Array> {
      src.bytesRead += length;
      src.reads++;
      return Promise.resolve(bytes.slice(offset, offset + length));
    },
  };
  return src;
}

const A = onnx.AttributeProto.AttributeType;
const weight = (name: string, n: number): onnx.ITensorProto => ({ name, dataType: 1, dims: [n], rawData: new Uint8Array(4 * n).fill(7) });

test('weights in the main graph are skipped: a file source reads a small fraction of the file', async () => {
  const bytes = model({
    node: Array.from({ length: 200 }, (_, i) => ({ opType: 'Conv', name: `/conv${i}/Conv`, input: [`x${i}`, `w${i}`], output: [`x${i + 1}`] })),
    initializer: Array.from({ length: 200 }, (_, i) => weight(`w${i}`, 50_000 + i)),
    input: [vi('x0', 1, [1, 3, 64, 64])],
    output: [vi('x200', 1, [1, 3, 64, 64])],
  });
  const src = countingSource('big.onnx', bytes);
  const lazy = await readModel(src);
  assert.deepStrictEqual(lazy, await readModel(memorySource('big.onnx', bytes)));
  assert.equal(lazy.graph.initializers.length, 200);
  assert.ok(bytes.length > 40e6);
  assert.ok(src.bytesRead < bytes.length / 20, `read ${src.bytesRead} of ${bytes.length} bytes`);
});

test('weights inside subgraphs (small and > 16 MB) and big Constant nodes read the same as from memory', async () => {
  const branch = (tag: string, count: number, n: number): onnx.IGraphProto => ({
    name: tag,
    node: Array.from({ length: count }, (_, i) => ({ opType: 'Add', name: `/${tag}/Add_${i}`, input: [`${tag}_w${i}`, 'x'], output: [`${tag}_y${i}`] })),
    initializer: Array.from({ length: count }, (_, i) => weight(`${tag}_w${i}`, n)),
    output: [vi(`${tag}_y0`)],
  });
  const bytes = model({
    node: [
      { opType: 'If', name: 'small_if', input: ['c'], output: ['a'], attribute: [
        { name: 'then_branch', type: A.GRAPH, g: branch('t', 300, 5_000) }, // ~6 MB subgraph: reloaded whole
        { name: 'else_branch', type: A.GRAPH, g: branch('e', 3, 10) },
      ] },
      { opType: 'Loop', name: 'big_loop', input: ['n', 'c'], output: ['b'], attribute: [
        { name: 'body', type: A.GRAPH, g: branch('l', 120, 50_000) }, // ~24 MB subgraph: retried, then loaded whole
      ] },
      { opType: 'Constant', name: 'big_const', output: ['k'], attribute: [{ name: 'value', type: A.TENSOR, t: weight('k', 300_000) }] },
      { opType: 'Constant', name: 'small_const', output: ['s'], attribute: [{ name: 'value', type: A.TENSOR, t: { dataType: 7, dims: [2], int64Data: [3, 4] } }] },
    ],
    initializer: [weight('main_w', 1_000_000)],
  });
  const fromFile = await readModel(countingSource('sub.onnx', bytes));
  const fromMemory = await readModel(memorySource('sub.onnx', bytes));
  assert.deepStrictEqual(fromFile, fromMemory);
  const body = fromFile.graph.nodes[1].attributes['body'];
  assert.equal(body?.type, 'graph');
  if (body?.type === 'graph') assert.equal(body.value.initializers.length, 120);
  const k = fromFile.graph.nodes[2].attributes['value'];
  assert.ok(k?.type === 'tensor' && k.value.byteSize === 1_200_000 && k.value.values === undefined);
  const s = fromFile.graph.nodes[3].attributes['value'];
  assert.ok(s?.type === 'tensor');
  if (s?.type === 'tensor') assert.deepEqual(s.value.values, [3, 4]);
});

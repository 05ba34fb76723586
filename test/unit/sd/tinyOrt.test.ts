// The tiny SD pipeline, generated with zero-filled weights, runs in onnxruntime-node: proof that the generated
// graphs are valid ONNX. Every intermediate tensor's runtime shape is compared with our shape inference and
// with the shape the generator recorded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { onnx } from 'onnx-proto';
import * as ort from 'onnxruntime-node';
import { buildStage, encodeStage, generateSdPipeline } from '../../../src/core/sdgen/generate';
import { memorySource } from '../../../src/core/onnx/byteSource';
import { readModel } from '../../../src/core/onnx/reader';
import { inferShapes } from '../../../src/core/shapes';
import type { StageName } from '../../../src/core/sd/pipeline';

/** Re-encode a model with every node output also listed as a graph output. */
function exposeAllOutputs(bytes: Uint8Array): Uint8Array {
  const m = onnx.ModelProto.decode(bytes);
  const graph = m.graph as onnx.GraphProto;
  const have = new Set(graph.output.map((o) => o.name));
  for (const n of graph.node as onnx.NodeProto[]) {
    for (const o of n.output) if (o && !have.has(o)) graph.output.push(onnx.ValueInfoProto.create({ name: o }));
  }
  return onnx.ModelProto.encode(m).finish();
}

function zeros(dtype: 'float32' | 'int32' | 'int64', dims: number[]): ort.Tensor {
  const n = dims.reduce((a, b) => a * b, 1);
  if (dtype === 'int64') return new ort.Tensor('int64', new BigInt64Array(n), dims);
  if (dtype === 'int32') return new ort.Tensor('int32', new Int32Array(n), dims);
  return new ort.Tensor('float32', new Float32Array(n), dims);
}

const CASES: Array<{ stage: StageName; batch: number; inputs: Record<string, ['float32' | 'int32' | 'int64', number[]]>; outputs: Record<string, number[]> }> = [
  { stage: 'text_encoder', batch: 2, inputs: { input_ids: ['int32', [2, 77]] }, outputs: { last_hidden_state: [2, 77, 32], pooler_output: [2, 32] } },
  {
    stage: 'unet',
    batch: 2,
    inputs: { sample: ['float32', [2, 4, 32, 32]], timestep: ['int64', [2]], encoder_hidden_states: ['float32', [2, 77, 32]] },
    outputs: { out_sample: [2, 4, 32, 32] },
  },
  { stage: 'vae_decoder', batch: 1, inputs: { latent_sample: ['float32', [1, 4, 32, 32]] }, outputs: { sample: [1, 3, 64, 64] } },
];

test('the tiny pipeline folder written with --weights zeros loads and runs in onnxruntime', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tiny-sd-'));
  try {
    for (const f of generateSdPipeline('tiny', { weights: 'zeros' })) {
      mkdirSync(path.dirname(path.join(dir, f.path)), { recursive: true });
      writeFileSync(path.join(dir, f.path), f.bytes);
    }
    for (const c of CASES) {
      const session = await ort.InferenceSession.create(path.join(dir, c.stage, 'model.onnx'));
      const feeds = Object.fromEntries(Object.entries(c.inputs).map(([k, [dt, dims]]) => [k, zeros(dt, dims)]));
      const out = await session.run(feeds);
      for (const [name, dims] of Object.entries(c.outputs)) assert.deepEqual([...out[name].dims], dims, `${c.stage} ${name}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

for (const c of CASES) {
  test(`tiny ${c.stage}: every intermediate shape from onnxruntime matches shape inference and the generator`, async () => {
    const builder = buildStage('tiny', c.stage, { weights: 'zeros', batch: c.batch });
    const bytes = encodeStage('tiny', c.stage, builder);
    const model = await readModel(memorySource(`tiny-${c.stage}.onnx`, bytes));
    const inferred = inferShapes(model, { inputs: Object.fromEntries(Object.entries(c.inputs).map(([k, [, d]]) => [k, d])) });
    assert.deepEqual(inferred.unknown, []);
    const session = await ort.InferenceSession.create(exposeAllOutputs(bytes));
    const feeds = Object.fromEntries(Object.entries(c.inputs).map(([k, [dt, dims]]) => [k, zeros(dt, dims)]));
    const out = await session.run(feeds);
    let compared = 0;
    for (const n of model.graph.nodes) {
      for (const name of n.outputs) {
        const actual = [...out[name].dims];
        assert.deepEqual(inferred.tensors.get(name)?.shape, actual, `${name}: inferred vs onnxruntime`);
        assert.deepEqual(builder.tensors.get(name)?.shape, actual, `${name}: generator vs onnxruntime`);
        compared++;
      }
    }
    assert.equal(compared, model.graph.nodes.reduce((s, n) => s + n.outputs.length, 0));
    assert.ok(compared > 100);
  });
}

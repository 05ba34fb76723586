// Parameters, MACs and graph size of the generated SD 1.5 stages against published figures
// (../shared/reference/figures.md §2; real-export facts from ../shared/reference/sd15/README.md).
// MACs come from the graph: the reader, shape inference (src/core/shapes) and the cost engine's per-node counter.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nodeMacs, type MacClass } from '../../../src/core/cost/macs';
import { inferShapes } from '../../../src/core/shapes';
import type { Model } from '../../../src/core/model/graph';
import { pipelineStages, parseModelIndex, type StageName } from '../../../src/core/sd/pipeline';
import { generateSdPipeline } from '../../../src/core/sdgen/generate';
import { readStage, stageBytes } from './helpers';

// figures.md §2: thop conv+linear counts (BK-SDM authors) and parameters; analytic attention matmuls.
const PUBLISHED: Record<StageName, { params: number; convLinear: number; attention?: number }> = {
  text_encoder: { params: 123.06e6, convLinear: 6.55e9 },
  unet: { params: 859.52e6, convLinear: 338.75e9, attention: 63.0e9 },
  vae_decoder: { params: 49.49e6, convLinear: 1240.08e9, attention: 17.2e9 },
};

function relErr(x: number, ref: number): number {
  return Math.abs(x - ref) / ref;
}

function defaultStages() {
  const index = generateSdPipeline('sd15').find((f) => f.path === 'model_index.json')!;
  return pipelineStages(parseModelIndex(new TextDecoder().decode(index.bytes)));
}

function macsByClass(model: Model, bindings: Parameters<typeof inferShapes>[1]): Record<MacClass, number> {
  const r = inferShapes(model, bindings);
  assert.deepEqual(r.unknown, [], 'every tensor infers');
  assert.deepEqual(r.conflicts, []);
  const sums: Record<MacClass, number> = { conv: 0, linear: 0, attention: 0, other: 0, none: 0 };
  const constants = new Set(model.graph.initializers.map((t) => t.name));
  for (const n of model.graph.nodes) if (n.opType === 'Constant') n.outputs.forEach((o) => constants.add(o));
  for (const n of model.graph.nodes) {
    const { macs, macClass } = nodeMacs(n, r, constants);
    sums[macClass] += macs;
  }
  return sums;
}

for (const stage of ['unet', 'vae_decoder', 'text_encoder'] as const) {
  test(`${stage}: parameters within 0.1% and conv+linear MACs within 0.5% of the published counts`, async () => {
    const model = await readStage('sd15', stage);
    const params = model.graph.initializers.reduce((s, t) => s + t.elements, 0);
    const ref = PUBLISHED[stage];
    assert.ok(relErr(params, ref.params) < 0.001, `params ${params} vs ${ref.params}`);
    const bindings = defaultStages().find((s) => s.name === stage)!.bindings;
    const m = macsByClass(model, bindings);
    assert.ok(relErr(m.conv + m.linear, ref.convLinear) < 0.005, `conv+linear ${(m.conv + m.linear) / 1e9} G vs ${ref.convLinear / 1e9} G`);
    if (ref.attention) assert.ok(relErr(m.attention, ref.attention) < 0.005, `attention ${m.attention / 1e9} G vs ${ref.attention / 1e9} G`);
  });
}

test('UNet at batch 2 (guidance in one run) infers and has exactly twice the MACs', async () => {
  const model = await readStage('sd15', 'unet');
  const b1 = macsByClass(model, { inputs: { sample: [1, 4, 64, 64], timestep: [1], encoder_hidden_states: [1, 77, 768] } });
  const b2stage = pipelineStages(parseModelIndex('{"unet":["diffusers","OnnxRuntimeModel"]}'), { guidanceMode: 'batch2' })[0];
  const b2 = macsByClass(model, b2stage.bindings);
  assert.equal(b2.conv + b2.linear + b2.attention, 2 * (b1.conv + b1.linear + b1.attention));
});

test('UNet graph is the size of a real SD UNet export (~4,900 nodes, ~7,900 tensors, 775,566-byte graph)', async () => {
  const model = await readStage('sd15', 'unet');
  // TensorRT's count (NVIDIA/TensorRT#2554) is after onnx-graphsurgeon import, which turns Constant nodes into tensors.
  const ops = model.graph.nodes.filter((n) => n.opType !== 'Constant');
  const tensors = new Set<string>();
  for (const v of model.graph.inputs) tensors.add(v.name);
  for (const t of model.graph.initializers) tensors.add(t.name);
  for (const n of model.graph.nodes) for (const o of n.outputs) tensors.add(o);
  assert.ok(relErr(ops.length, 4919) < 0.2, `${ops.length} nodes`);
  assert.ok(relErr(tensors.size, 7891) < 0.2, `${tensors.size} tensors`);
  // The real file names values by number (torch 1.12); ours carries torch >= 1.13 scoped names, so it is larger.
  const bytes = stageBytes('sd15', 'unet').length;
  assert.ok(bytes > 775_566 / 2 && bytes < 775_566 * 3, `${bytes} bytes`);
});

// src/core/sd/pipeline.ts: which stages a diffusers ONNX folder has, their bindings and run counts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import runwayOnnxIndex from '../../../src/core/sdgen/configs/sd15/model_index.onnx.json';
import { ModelIndexError, parseModelIndex, pipelineStages } from '../../../src/core/sd/pipeline';
import { generateSdPipeline } from '../../../src/core/sdgen/generate';

const realIndex = () => parseModelIndex(JSON.stringify(runwayOnnxIndex), 'model_index.json');

test('the runwayml ONNX branch index gives text encoder, UNet, VAE decoder with diffusers defaults', () => {
  const stages = pipelineStages(realIndex());
  assert.deepEqual(stages.map((s) => [s.name, s.modelPath]), [
    ['text_encoder', 'text_encoder/model.onnx'],
    ['unet', 'unet/model.onnx'],
    ['vae_decoder', 'vae_decoder/model.onnx'],
  ]);
  const [text, unet, vae] = stages;
  assert.deepEqual(text.bindings.inputs, { input_ids: [1, 77] });
  assert.deepEqual(unet.bindings.inputs, { sample: [1, 4, 64, 64], timestep: [1], encoder_hidden_states: [1, 77, 768] });
  assert.deepEqual(vae.bindings.inputs, { latent_sample: [1, 4, 64, 64] });
  // 50 steps × (conditional + unconditional) batch-1 evaluations; prompt + negative prompt; one decode
  assert.deepEqual(stages.map((s) => s.runsPerImage), [2, 100, 1]);
});

test('batch-2 guidance, no guidance, other step counts and image sizes', () => {
  const b2 = pipelineStages(realIndex(), { guidanceMode: 'batch2' });
  assert.deepEqual(b2.map((s) => s.runsPerImage), [1, 50, 1]);
  assert.deepEqual(b2[1].bindings.inputs?.sample, [2, 4, 64, 64]);
  assert.equal(b2[1].bindings.dims?.batch, 2);
  assert.deepEqual(b2[0].bindings.inputs?.input_ids, [2, 77]);
  assert.deepEqual(pipelineStages(realIndex(), { guidance: false }).map((s) => s.runsPerImage), [1, 50, 1]);
  const wide = pipelineStages(realIndex(), { steps: 20, imageWidth: 768, imageHeight: 512, unetInChannels: 9 });
  assert.deepEqual(wide[1].bindings.inputs?.sample, [1, 9, 64, 96]);
  assert.equal(wide[1].runsPerImage, 40);
  assert.deepEqual(wide[2].bindings.inputs?.latent_sample, [1, 4, 64, 96]);
});

test('components saved as [null, null] and unknown components are not stages', () => {
  const files = generateSdPipeline('tiny');
  const index = parseModelIndex(new TextDecoder().decode(files.find((f) => f.path === 'model_index.json')!.bytes));
  assert.deepEqual(index.components.vae_encoder, [null, null]);
  assert.deepEqual(pipelineStages(index).map((s) => s.name), ['text_encoder', 'unet', 'vae_decoder']);
  for (const s of pipelineStages(index)) assert.ok(files.some((f) => f.path === s.modelPath), s.modelPath);
  const unetOnly = parseModelIndex('{"_class_name":"X","unet":["diffusers","OnnxRuntimeModel"],"vae_decoder":[null,null]}');
  assert.deepEqual(pipelineStages(unetOnly).map((s) => s.name), ['unet']);
});

test('bad model_index.json and bad options give clear errors', () => {
  assert.throws(() => parseModelIndex('{"unet": ', 'a/model_index.json'), (e: unknown) => e instanceof ModelIndexError && /a\/model_index\.json: not valid JSON/.test(e.message));
  assert.throws(() => parseModelIndex('[1]'), /expected a JSON object/);
  assert.throws(() => parseModelIndex('{"unet": "OnnxRuntimeModel"}'), /component "unet"/);
  assert.throws(() => pipelineStages(realIndex(), { steps: 0 }), /steps must be a positive integer/);
  assert.throws(() => pipelineStages(realIndex(), { imageHeight: 500 }), /multiple of 8/);
});

// The generated SD graphs follow the diffusers/torch.onnx export: format, I/O contract, node names, op decomposition.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { onnx } from 'onnx-proto';
import { generateSdPipeline } from '../../../src/core/sdgen/generate';
import { SD_CONFIG_NAMES } from '../../../src/core/sdgen/configs';
import { parseUNetConfig, SdConfigError } from '../../../src/core/sdgen/config';
import { inferShapes } from '../../../src/core/shapes';
import type { Model } from '../../../src/core/model/graph';
import { chainFrom, nodeByName, readStage, repoRoot, stageBytes } from './helpers';

function nonConstOpsInScope(model: Model, scope: string): string[] {
  return model.graph.nodes.filter((n) => n.name.startsWith(`${scope}/`) && n.opType !== 'Constant').map((n) => n.opType);
}

test('generation is deterministic: two in-memory runs give identical bytes for every file', () => {
  const a = generateSdPipeline('sd15');
  const b = generateSdPipeline('sd15');
  assert.equal(a.length, b.length);
  a.forEach((f, i) => {
    assert.equal(f.path, b[i].path);
    assert.ok(Buffer.from(f.bytes).equals(Buffer.from(b[i].bytes)), `${f.path} differs between runs`);
  });
});

test('the committed samples/sd15 folder is what the generator writes now', (t) => {
  const dir = path.join(repoRoot, 'samples', 'sd15');
  if (!existsSync(dir)) return t.skip('samples/sd15 not generated (npm run samples)');
  for (const f of generateSdPipeline('sd15')) {
    const onDisk = readFileSync(path.join(dir, f.path));
    assert.ok(onDisk.equals(Buffer.from(f.bytes)), `${f.path} is stale: run npm run samples`);
  }
});

test('model header is what torch.onnx writes at opset 14, weights omitted and said so', async () => {
  const raw = onnx.ModelProto.decode(stageBytes('sd15', 'vae_decoder'));
  assert.equal(Number(raw.irVersion), 7);
  assert.deepEqual(raw.opsetImport.map((o) => [o.domain, Number(o.version)]), [['', 14]]);
  assert.equal(raw.producerName, 'pytorch');
  const graph = raw.graph as onnx.GraphProto;
  assert.ok(graph.initializer.length > 0);
  for (const init of graph.initializer as onnx.TensorProto[]) {
    assert.ok(init.dims.length > 0 && init.dataType > 0, init.name);
    assert.equal(init.rawData.length, 0, `${init.name} has data`);
    assert.equal(init.floatData.length + init.int64Data.length, 0);
  }
  const m = await readStage('sd15', 'unet');
  assert.equal(m.metadata.weights, 'omitted');
  assert.ok((m.metadata.weights_note ?? '').includes('no data'));
  assert.equal(m.weightsOmitted, true);
});

test('zero-weight mode fills every initializer with its full byte size', async () => {
  const m = await readStage('tiny', 'unet', { weights: 'zeros' });
  assert.equal(m.weightsOmitted, false);
  for (const t of m.graph.initializers) {
    assert.equal(t.data.kind, 'inline', t.name);
    if (t.data.kind === 'inline') assert.equal(t.data.length, t.byteSize, t.name);
  }
});

test('inputs, outputs and dynamic axes follow the diffusers export contract', async () => {
  const dims = (m: Model, io: 'inputs' | 'outputs') =>
    Object.fromEntries(m.graph[io].map((v) => [v.name, [v.type?.dtype, ...(v.type?.shape ?? [])]]));
  const unet = await readStage('sd15', 'unet');
  assert.deepEqual(dims(unet, 'inputs'), {
    sample: ['float32', 'batch', 'channels', 'height', 'width'],
    timestep: ['int64', 'batch'],
    encoder_hidden_states: ['float32', 'batch', 'sequence', 768],
  });
  assert.deepEqual(Object.keys(dims(unet, 'outputs')), ['out_sample']);
  const text = await readStage('sd15', 'text_encoder');
  assert.deepEqual(dims(text, 'inputs'), { input_ids: ['int32', 'batch', 'sequence'] });
  assert.deepEqual(Object.keys(dims(text, 'outputs')), ['last_hidden_state', 'pooler_output']);
  const vae = await readStage('sd15', 'vae_decoder');
  assert.deepEqual(dims(vae, 'inputs'), { latent_sample: ['float32', 'batch', 'channels', 'height', 'width'] });
  assert.deepEqual(Object.keys(dims(vae, 'outputs')), ['sample']);
});

test('node and tensor names seen in public SD exports exist (shared/reference/sd15/README.md)', async () => {
  const unet = await readStage('sd15', 'unet');
  const names = new Set(unet.graph.nodes.flatMap((n) => [n.name, ...n.outputs]));
  for (const n of [
    '/conv_in/Conv',
    '/conv_in/Conv_output_0',
    '/down_blocks.0/resnets.0/norm1/Reshape',
    '/down_blocks.0/resnets.0/norm1/InstanceNormalization_output_0',
    '/down_blocks.0/resnets.0/conv1/Conv_output_0',
    '/down_blocks.0/resnets.0/norm2/InstanceNormalization_output_0',
    '/down_blocks.0/attentions.0/proj_in/Conv_output_0',
    '/down_blocks.0/attentions.0/transformer_blocks.0/attn1/Mul',
    '/down_blocks.0/attentions.0/transformer_blocks.0/attn1/to_q/MatMul',
    '/down_blocks.1/resnets.0/conv_shortcut/Conv_output_0',
  ]) {
    assert.ok(names.has(n), `missing ${n}`);
  }
  for (const prefix of ['/down_blocks.0/resnets.1/time_emb_proj/', '/down_blocks.0/attentions.1/norm/', '/down_blocks.0/attentions.0/transformer_blocks.0/ff/net.0/']) {
    assert.ok(unet.graph.nodes.some((n) => n.name.startsWith(prefix)), `no node under ${prefix}`);
  }
  // Linear weights are anonymous folded initializers, conv weights keep their parameter names.
  assert.match(nodeByName(unet, '/down_blocks.0/attentions.0/transformer_blocks.0/attn1/to_q/MatMul').inputs[1], /^onnx::MatMul_\d+$/);
  assert.equal(nodeByName(unet, '/down_blocks.0/resnets.0/conv1/Conv').inputs[1], 'down_blocks.0.resnets.0.conv1.weight');
  const text = await readStage('sd15', 'text_encoder');
  nodeByName(text, '/text_model/encoder/layers.0/self_attn/q_proj/MatMul');
  const vae = await readStage('sd15', 'vae_decoder');
  assert.ok(vae.graph.nodes.some((n) => n.outputs.includes('/post_quant_conv/Conv_output_0')));
});

test('op decomposition: GroupNorm, LayerNorm, attention, GEGLU, SiLU, Resize, causal mask', async () => {
  const unet = await readStage('sd15', 'unet');
  const gn = nodeByName(unet, '/down_blocks.0/resnets.0/norm1/Reshape');
  assert.deepEqual(chainFrom(unet, gn, 5), ['Reshape', 'InstanceNormalization', 'Reshape', 'Mul', 'Add']);
  const tb = '/down_blocks.0/attentions.0/transformer_blocks.0';
  assert.deepEqual(nonConstOpsInScope(unet, `${tb}/norm1`), ['ReduceMean', 'Sub', 'Pow', 'ReduceMean', 'Add', 'Sqrt', 'Div', 'Mul', 'Add']);
  // scores = MatMul(Q, Kᵀ) → Mul(scale) → Softmax → MatMul(·, V)
  const softmax = unet.graph.nodes.find((n) => n.name === `${tb}/attn1/Softmax`)!;
  const producer = (t: string) => unet.graph.nodes.find((n) => n.outputs.includes(t))!;
  const mul = producer(softmax.inputs[0]);
  assert.equal(mul.opType, 'Mul');
  assert.equal(producer(mul.inputs[0]).opType, 'MatMul');
  assert.equal(producer(producer(mul.inputs[0]).inputs[1]).opType, 'Transpose');
  assert.deepEqual(chainFrom(unet, softmax, 2), ['Softmax', 'MatMul']);
  const geglu = nonConstOpsInScope(unet, `${tb}/ff/net.0`);
  assert.equal(geglu.filter((o) => o === 'Slice').length, 2);
  assert.ok(geglu.includes('Erf'));
  // SiLU = Sigmoid then Mul with the same input
  const sig = nodeByName(unet, '/conv_act/Sigmoid');
  assert.deepEqual(nodeByName(unet, '/conv_act/Mul').inputs.sort(), [sig.inputs[0], sig.outputs[0]].sort());
  const resize = nodeByName(unet, '/up_blocks.0/upsamplers.0/Resize');
  assert.equal(resize.attributes.mode?.value, 'nearest');
  for (const op of ['Sin', 'Cos']) nodeByName(unet, `/time_proj/${op}`);
  const text = await readStage('sd15', 'text_encoder');
  const trilu = text.graph.nodes.find((n) => n.opType === 'Trilu');
  assert.ok(trilu, 'causal mask Trilu');
  assert.equal(trilu.attributes.upper?.value, 1);
});

test('GroupNorm / LayerNorm / GeLU sites match the TensorRT log of a real SD UNet export (61 / 48 / 16)', async () => {
  const unet = await readStage('sd15', 'unet');
  const count = (op: string) => unet.graph.nodes.filter((n) => n.opType === op).length;
  assert.equal(count('InstanceNormalization'), 61);
  assert.equal(count('Sqrt'), 48); // one per LayerNorm decomposition
  assert.equal(count('Erf'), 16);
});

test('SD 1.4, the 9-channel inpainting UNet and the tiny model generate, and their shapes infer', async () => {
  for (const name of SD_CONFIG_NAMES) {
    const unet = await readStage(name, 'unet');
    const inCh = name === 'sd15-inpainting' ? 9 : 4;
    const w = unet.graph.initializers.find((t) => t.name === 'conv_in.weight')!;
    assert.equal(w.dims[1], inCh, name);
    const latent = name === 'tiny' ? 32 : 64;
    const ctx = name === 'tiny' ? 32 : 768;
    const r = inferShapes(unet, { inputs: { sample: [1, inCh, latent, latent], timestep: [1], encoder_hidden_states: [1, 77, ctx] } });
    assert.deepEqual(r.unknown, [], name);
    assert.deepEqual(r.tensors.get('out_sample')?.shape, [1, 4, latent, latent], name);
  }
});

test('a 256×256 image gives the first conv output (1,320,32,32) reported for a real export', async () => {
  const unet = await readStage('sd15', 'unet');
  const r = inferShapes(unet, { inputs: { sample: [1, 4, 32, 32], timestep: [1], encoder_hidden_states: [1, 77, 768] } });
  assert.deepEqual(r.tensors.get('/conv_in/Conv_output_0')?.shape, [1, 320, 32, 32]);
});

test('bad configs are rejected with the file and key named', () => {
  assert.throws(() => parseUNetConfig({ block_out_channels: [320, 640], down_block_types: ['DownBlock2D'], up_block_types: ['UpBlock2D'] }, 'x/unet/config.json'),
    (e: unknown) => e instanceof SdConfigError && /x\/unet\/config\.json/.test(e.message));
  assert.throws(() => parseUNetConfig({ block_out_channels: 'no' }), /block_out_channels/);
  assert.throws(() => parseUNetConfig({ block_out_channels: [320], down_block_types: ['Weird'], up_block_types: ['UpBlock2D'] }), /down_block_types/);
});

// The generated graphs have the subgraph shapes that onnxruntime's transformer optimizer matches in real
// torch.onnx exports of SD (onnxruntime/python/tools/transformers: fusion_attention_unet.py match_qkv_torch1,
// fusion_bias_split_gelu.py, fusion_group_norm.py, fusion_attention_clip.py; VAE AttentionBlock fusion).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matchParentPath, nodeByName, readStage } from './helpers';

test('UNet self- and cross-attention match the PyTorch 1.x export pattern (match_qkv_torch1)', async () => {
  const m = await readStage('sd15', 'unet');
  const tb = '/down_blocks.1/attentions.0/transformer_blocks.0';
  for (const [add, attn] of [[`${tb}/Add`, 'attn1'], [`${tb}/Add_1`, 'attn2']]) {
    const skipAdd = nodeByName(m, add);
    const qkv = matchParentPath(m, skipAdd, ['Add', 'MatMul', 'Reshape', 'Transpose', 'Reshape', 'MatMul'], [0, null, null, 0, 0, 0]);
    assert.ok(qkv, `${attn} qkv path`);
    const matmulQkv = qkv[5];
    assert.ok(matchParentPath(m, matmulQkv, ['Reshape', 'Transpose', 'Reshape', 'MatMul'], [1, 0, 0, 0]), `${attn} v path`);
    const qk = matchParentPath(m, matmulQkv, ['Softmax', 'Mul', 'MatMul'], [0, 0, 0]);
    assert.ok(qk, `${attn} qk path`);
    const q = matchParentPath(m, qk[2], ['Reshape', 'Transpose', 'Reshape', 'MatMul'], [0, 0, 0, 0]);
    const k = matchParentPath(m, qk[2], ['Transpose', 'Reshape', 'Transpose', 'Reshape', 'MatMul'], [1, 0, 0, 0, 0]);
    assert.ok(q && k, `${attn} q/k paths`);
    assert.equal(q[3].name, `${tb}/${attn}/to_q/MatMul`);
    assert.equal(k[4].name, `${tb}/${attn}/to_k/MatMul`);
  }
  // cross-attention keys come straight from encoder_hidden_states
  assert.equal(nodeByName(m, `${tb}/attn2/to_k/MatMul`).inputs[0], 'encoder_hidden_states');
});

test('GEGLU matches BiasSplitGelu: Shape→Gather→Add→Div splits the biased projection into [0,c) and [c,2c)', async () => {
  const m = await readStage('sd15', 'unet');
  const scope = '/up_blocks.3/attentions.2/transformer_blocks.0/ff/net.0';
  const slices = m.graph.nodes.filter((n) => n.name.startsWith(`${scope}/Slice`));
  assert.equal(slices.length, 2);
  const [sliceBeforeMul, sliceBeforeGelu] = slices;
  const start = matchParentPath(m, sliceBeforeGelu, ['Div', 'Add', 'Gather', 'Shape', 'Add'], [1, 0, 0, 0, 0]);
  assert.ok(start, 'start index path');
  assert.equal(start[3].inputs[0], sliceBeforeGelu.inputs[0], 'Shape reads the biased projection');
  assert.ok(matchParentPath(m, sliceBeforeGelu, ['Mul', 'Div'], [2, 0]), 'end index = Div · 2');
  assert.equal(sliceBeforeMul.inputs[2], sliceBeforeGelu.inputs[1], 'first half ends where the gate starts');
});

test('GroupNorm + SiLU matches fusion_group_norm: Reshape(0,32,-1)→InstanceNorm→Reshape(Shape)→Mul[C,1,1]→Add→Sigmoid·', async () => {
  const m = await readStage('sd15', 'unet');
  const silu = nodeByName(m, '/up_blocks.2/resnets.2/Mul_2') // SiLU after norm2 (up_blocks.2 has 640 channels);
  const path = matchParentPath(m, silu, ['Add', 'Mul', 'Reshape', 'InstanceNormalization', 'Reshape'], [null, 0, 0, 0, 0]);
  assert.ok(path, 'norm path');
  const weight = m.graph.initializers.find((t) => t.name === path[1].inputs[1]);
  assert.deepEqual(weight?.dims, [640, 1, 1]);
  assert.ok(matchParentPath(m, path[2], ['Shape'], [1]), 'reshape back to Shape(x)');
});

test('VAE AttentionBlock matches the VAE attention fusion (q/k scaled separately, single K transpose)', async () => {
  const m = await readStage('sd15', 'vae_decoder');
  const scope = '/decoder/mid_block/attentions.0';
  const inorm = nodeByName(m, `${scope}/group_norm/InstanceNormalization`);
  const root = matchParentPath(m, inorm, ['Reshape'], [0])![0].inputs[0];
  const skipAdd = m.graph.nodes.find((n) => n.opType === 'Add' && n.inputs.includes(root) && n.name.startsWith(scope))!;
  const qkv = matchParentPath(m, skipAdd, ['Reshape', 'Transpose', 'Add', 'MatMul', 'Reshape', 'Transpose', 'MatMul'], [0, 0, 0, null, null, 0, 0]);
  assert.ok(qkv, 'qkv path');
  const v = matchParentPath(m, qkv[6], ['Transpose', 'Reshape', 'Add', 'MatMul', 'Transpose', 'Reshape', 'Add', 'Mul', 'Reshape', 'InstanceNormalization'], [1, 0, 0, null, 0, 0, 0, null, null, 0]);
  assert.equal(v?.[9], inorm, 'v path back to the GroupNorm');
  const qk = matchParentPath(m, qkv[6], ['Softmax', 'MatMul'], [0, 0])!;
  assert.ok(matchParentPath(m, qk[1], ['Mul', 'Transpose', 'Reshape', 'Add', 'MatMul', 'Transpose'], [0, 0, 0, 0, null, null]), 'q path');
  assert.ok(matchParentPath(m, qk[1], ['Mul', 'Transpose', 'Reshape', 'Add', 'MatMul', 'Transpose'], [1, 0, 0, 0, null, null]), 'k path');
  // the residual add is followed by the Div(1.0) the fusion removes
  assert.ok(m.graph.nodes.some((n) => n.opType === 'Div' && n.inputs[0] === skipAdd.outputs[0]));
});

test('CLIP self-attention matches fusion_attention_clip (causal mask added between the score reshapes)', async () => {
  const m = await readStage('sd15', 'text_encoder');
  const outAdd = nodeByName(m, '/text_model/encoder/layers.3/self_attn/out_proj/Add');
  const qkv = matchParentPath(m, outAdd, ['MatMul', 'Reshape', 'Transpose', 'Reshape', 'MatMul'], [null, null, 0, 0, 0]);
  assert.ok(qkv, 'qkv path');
  const matmulQkv = qkv[4];
  assert.ok(matchParentPath(m, matmulQkv, ['Reshape', 'Transpose', 'Reshape', 'Add', 'MatMul'], [1, 0, 0, 0, null]), 'v path');
  const qk = matchParentPath(m, matmulQkv, ['Softmax', 'Reshape', 'Add', 'Reshape', 'MatMul'], [0, 0, 0, null, 0]);
  assert.ok(qk, 'qk path with the mask Add');
  assert.ok(matchParentPath(m, qk[4], ['Reshape', 'Transpose', 'Reshape', 'Mul', 'Add', 'MatMul'], [0, 0, 0, 0, null, null]), 'q path');
  assert.ok(matchParentPath(m, qk[4], ['Transpose', 'Reshape', 'Transpose', 'Reshape', 'Add', 'MatMul'], [1, 0, 0, 0, 0, null]), 'k path');
});

// The bundled SD 1.5 samples (torch-style opset-14 exports with dynamic axes): every node output
// must resolve to numbers once the inputs are bound, and stay symbolic (no unknown dims) when not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadModelFile } from '../../../src/core/onnx/loadModelFile';
import { inferShapes, formatTensorType } from '../../../src/core/shapes';
import type { ShapeResult } from '../../../src/core/shapes/types';
import type { Model } from '../../../src/core/model/graph';
import { repoRoot } from './helpers';
import { ortIntermediateDims } from './ortOracle';

// Expected outputs follow SD 1.5's architecture (latent 4ch at 1/8 resolution, CLIP width 768).
const CASES: Array<{ dir: string; inputs: Record<string, number[]>; outputs: Record<string, number[]> }> = [
  { dir: 'text_encoder', inputs: { input_ids: [2, 77] }, outputs: { last_hidden_state: [2, 77, 768], pooler_output: [2, 768] } },
  { dir: 'unet', inputs: { sample: [2, 4, 64, 64], timestep: [2], encoder_hidden_states: [2, 77, 768] }, outputs: { out_sample: [2, 4, 64, 64] } },
  { dir: 'vae_decoder', inputs: { latent_sample: [1, 4, 64, 64] }, outputs: { sample: [1, 3, 512, 512] } },
];

function nodeOutputsWhere(model: Model, r: ShapeResult, bad: (shape: unknown[] | undefined) => boolean): string[] {
  const out: string[] = [];
  for (const n of model.graph.nodes)
    for (const o of n.outputs) {
      const t = r.tensors.get(o);
      if (o && (!t?.dtype || bad(t.shape))) out.push(`${o}: ${formatTensorType(t)}`);
    }
  return out;
}

for (const c of CASES) {
  test(`SD sample ${c.dir}: every tensor resolves`, async (t) => {
    const file = path.join(repoRoot, 'samples', 'sd15', c.dir, 'model.onnx');
    if (!existsSync(file)) return t.skip(`${file} not generated yet`);
    const model = await loadModelFile(file);
    const sym = inferShapes(model);
    assert.deepEqual(sym.unsupportedOps, []);
    assert.deepEqual(sym.conflicts, []);
    assert.deepEqual(nodeOutputsWhere(model, sym, (s) => !s || s.some((d) => d === null)).slice(0, 5), [], 'unknown dims without bindings');
    const bound = inferShapes(model, { inputs: c.inputs });
    assert.deepEqual(bound.conflicts, []);
    assert.deepEqual(nodeOutputsWhere(model, bound, (s) => !s || s.some((d) => typeof d !== 'number')).slice(0, 5), [], 'non-numeric dims with inputs bound');
    for (const [name, dims] of Object.entries(c.outputs)) assert.deepEqual(bound.tensors.get(name)?.shape, dims, name);
  });
}

// Opt-in (SHAPES_SD_ORT=1): run the weight-less samples in onnxruntime with zero weights and
// compare every intermediate tensor. Text encoder ~1.2 GB RSS, VAE ~0.5 GB; the UNet (3.4 GB of
// fp32 zeros) is left out.
const ORT_CASES: Array<{ dir: string; feeds: Record<string, number[]> }> = [
  { dir: 'text_encoder', feeds: { input_ids: [1, 8] } },
  { dir: 'vae_decoder', feeds: { latent_sample: [1, 4, 2, 3] } },
];
for (const c of ORT_CASES) {
  test(`SD sample ${c.dir}: every intermediate equal to onnxruntime (opt-in)`, async (t) => {
    const file = path.join(repoRoot, 'samples', 'sd15', c.dir, 'model.onnx');
    if (!process.env.SHAPES_SD_ORT) return t.skip('set SHAPES_SD_ORT=1 to run (heavy)');
    if (!existsSync(file)) return t.skip(`${file} not generated yet`);
    const model = await loadModelFile(file);
    const r = inferShapes(model, { inputs: c.feeds });
    const oracle = await ortIntermediateDims(file, c.feeds, { zeroWeights: true });
    const bad: string[] = [];
    for (const [name, dims] of oracle.dims) {
      const got = r.tensors.get(name)?.shape;
      if (JSON.stringify(got) !== JSON.stringify(dims)) bad.push(`${name}: inferred ${JSON.stringify(got)} ort ${JSON.stringify(dims)}`);
    }
    t.diagnostic(`${oracle.dims.size} tensors compared`);
    assert.ok(oracle.dims.size >= model.graph.nodes.length);
    assert.deepEqual(bad.slice(0, 10), []);
  });
}

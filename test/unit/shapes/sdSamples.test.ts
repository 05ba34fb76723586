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

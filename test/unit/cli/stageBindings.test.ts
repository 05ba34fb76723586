// A stage file (<folder>/unet/model.onnx beside <folder>/model_index.json) gets its pipeline's bindings in every
// front end: the CLI, the model editor's analysis path and the pipeline give the same figures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runProfile } from '../../../src/cli/commands/profile';
import { analyzeModel, costFor } from '../../../src/extension/modelEditor/analysis';
import { PRESETS } from '../../../src/core/cost/hardware';
import { findPipelineStage } from '../../../src/core/profile';
import { nodeProfileFiles } from '../../../src/node/profileFiles';
import { captureCli } from '../captureCli';
import { haveSd, scratch, UNET } from './helpers';

const hw = PRESETS['expedera-8k'].config;
const s = scratch();

test('SD 1.5: profile samples/sd15/unet/model.onnx is bound as its pipeline runs it, and the editor path gives the same figures', async (t) => {
  if (!haveSd()) return t.skip('samples/sd15 not generated');
  const r = await captureCli(runProfile, [UNET, '--format', 'json']);
  assert.equal(r.code, 0, r.err);
  const cli = JSON.parse(r.out);
  const unet = cli.stages[0];
  assert.equal(unet.name, 'unet');
  assert.match(unet.bindingNote, /Inputs bound as in its pipeline: UNet, batch 1, 64×64 latent/);
  assert.ok(unet.totals.macCount > 300e9, `UNet MACs ${unet.totals.macCount} (was 0 before the fix)`);
  assert.ok(unet.latencyMs > 50 && unet.latencyMs < 500, `UNet latency ${unet.latencyMs} ms`);
  assert.equal(cli.unboundDims, undefined);
  // The editor's path: the stage found beside the file, the bytes analysed in memory, costed per what-if.
  const stage = await findPipelineStage(nodeProfileFiles(), UNET);
  assert.equal(stage?.name, 'unet');
  const a = await analyzeModel(new Uint8Array(readFileSync(UNET)), 'model.onnx', { stage });
  const editor = costFor(a, hw);
  assert.equal(editor.profile.latencyMs, unet.latencyMs);
  assert.deepEqual(editor.cost.totals, unet.totals);
  assert.equal(editor.profile.throughputPerS, unet.throughputPerS);
  assert.deepEqual(editor.cost.layers.map((l) => l.latencyMs), cli.layers.map((l: { latencyMs: number }) => l.latencyMs));
});

test('a stage file alone, in the pipeline, and in the editor path: the same figures; unbound without the pipeline', async () => {
  const te = join(s.pipeline, 'text_encoder', 'model.onnx');
  const alone = JSON.parse((await captureCli(runProfile, [te, '--format', 'json'])).out);
  assert.equal(alone.stages[0].name, 'text_encoder');
  assert.equal(alone.unboundDims, undefined, 'batch bound by the stage bindings');
  assert.equal(alone.stages[0].uncostedLayers.length, 0);
  const pipe = JSON.parse((await captureCli(runProfile, [s.pipeline, '--format', 'json'])).out);
  assert.deepEqual(pipe.stages.find((x: { name: string }) => x.name === 'text_encoder').totals, alone.stages[0].totals);
  const stage = await findPipelineStage(nodeProfileFiles(), te);
  const editor = costFor(await analyzeModel(new Uint8Array(readFileSync(te)), 'model.onnx', { stage }), hw);
  assert.deepEqual(editor.cost.totals, alone.stages[0].totals);
  // The same bytes outside a pipeline folder: batch stays unbound and is reported.
  const outside = JSON.parse((await captureCli(runProfile, [s.tiny, '--format', 'json'])).out);
  assert.deepEqual(outside.unboundDims.map((d: { dim: string }) => d.dim), ['batch']);
});

test('dim bindings win over stage bindings, in the CLI and the editor path', async () => {
  const te = join(s.pipeline, 'text_encoder', 'model.onnx');
  const one = JSON.parse((await captureCli(runProfile, [te, '--format', 'json'])).out).stages[0];
  const four = JSON.parse((await captureCli(runProfile, [te, '--format', 'json', '--dim', 'batch=4'])).out).stages[0];
  assert.equal(four.totals.macCount, 4 * one.totals.macCount, 'batch 4 from --dim, not the stage binding 1');
  const stage = await findPipelineStage(nodeProfileFiles(), te);
  const a = await analyzeModel(new Uint8Array(readFileSync(te)), 'model.onnx', { stage, userBindings: { dims: { batch: 4 } } });
  assert.deepEqual(costFor(a, hw).cost.totals, four.totals, 'the editor merges the same way');
});

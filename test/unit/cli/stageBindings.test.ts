// A stage file (<folder>/unet/model.onnx beside <folder>/model_index.json) gets its pipeline's bindings in every
// front end: the CLI, the model editor's analysis path and the pipeline give the same figures for the UNet.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { runProfile } from '../../../src/cli/commands/profile';
import { analyzeModel, costFor } from '../../../src/extension/modelEditor/analysis';
import { PRESETS } from '../../../src/core/cost/hardware';
import { findPipelineStage, loadTarget, profile } from '../../../src/core/profile';
import { nodeProfileFiles } from '../../../src/node/profileFiles';
import { captureCli } from '../captureCli';
import { haveSd, SD, UNET, TEXT } from './helpers';

const hw = PRESETS['expedera-8k'].config;

test('profile samples/sd15/unet/model.onnx is bound as its pipeline runs it (not 0 GMAC)', async (t) => {
  if (!haveSd()) return t.skip('samples/sd15 not generated');
  const r = await captureCli(runProfile, [UNET, '--format', 'json']);
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  const unet = j.stages[0];
  assert.equal(unet.name, 'unet');
  assert.match(unet.bindingNote, /Inputs bound as in its pipeline: UNet, batch 1, 64×64 latent/);
  assert.ok(unet.totals.macCount > 300e9, `UNet MACs ${unet.totals.macCount}`);
  assert.ok(unet.latencyMs > 50 && unet.latencyMs < 500, `UNet latency ${unet.latencyMs} ms`);
  assert.equal(j.unboundDims, undefined);
});

test('the CLI and the model editor analysis path give the same figures for the UNet stage file', async (t) => {
  if (!haveSd()) return t.skip('samples/sd15 not generated');
  const cli = JSON.parse((await captureCli(runProfile, [UNET, '--format', 'json'])).out);
  // The editor's path: the stage found beside the file, the bytes analysed in memory, costed per what-if.
  const stage = await findPipelineStage(nodeProfileFiles(), UNET);
  assert.equal(stage?.name, 'unet');
  const a = await analyzeModel(new Uint8Array(readFileSync(UNET)), 'model.onnx', { stage });
  const editor = costFor(a, hw);
  assert.equal(editor.profile.latencyMs, cli.stages[0].latencyMs);
  assert.deepEqual(editor.cost.totals, cli.stages[0].totals);
  assert.equal(editor.profile.throughputPerS, cli.stages[0].throughputPerS);
  assert.deepEqual(editor.cost.layers.map((l) => l.latencyMs), cli.layers.map((l: { latencyMs: number }) => l.latencyMs));
  assert.equal(editor.view.nodes.length, cli.layers.length);
  // And the pipeline's UNet stage is the same figure.
  const pipe = profile(await loadTarget(nodeProfileFiles(), SD), hw);
  assert.equal(pipe.stages.find((s) => s.name === 'unet')!.latencyMs, cli.stages[0].latencyMs);
});

test('dim bindings win over stage bindings', async (t) => {
  if (!haveSd()) return t.skip('samples/sd15 not generated');
  const base = JSON.parse((await captureCli(runProfile, [TEXT, '--format', 'json'])).out).stages[0];
  const seq = JSON.parse((await captureCli(runProfile, [TEXT, '--format', 'json', '--dim', 'sequence=20'])).out).stages[0];
  assert.ok(seq.totals.macCount > 0 && seq.totals.macCount < base.totals.macCount * 0.5, `${seq.totals.macCount} vs ${base.totals.macCount}`);
  const stage = await findPipelineStage(nodeProfileFiles(), TEXT);
  const a = await analyzeModel(new Uint8Array(readFileSync(TEXT)), 'model.onnx', { stage, userBindings: { dims: { sequence: 20 } } });
  assert.deepEqual(costFor(a, hw).cost.totals, seq.totals, 'the editor merges the same way');
});

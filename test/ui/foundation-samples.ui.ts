// UI test on the bundled SD 1.5 sample in the real workbench: the UNet in the model editor with its
// cost overlay, "Show Spilling Layers" through F1, and the pipeline view. Its screenshots feed the README.
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { launchWorkbench, openFile, repoRoot, runCommand, runCommandWithFileDialog, screenshot, waitForWorkbench, webviewFrame, type Workbench } from './harness';

const samples = join(repoRoot, 'samples');
const unet = join(samples, 'sd15', 'unet', 'model.onnx');

describe('workbench UI: SD 1.5 sample', { skip: existsSync(unet) ? false : 'samples/sd15 not generated (npm run samples)' }, () => {
  let wb: Workbench;

  before(async () => {
    wb = await launchWorkbench({ folderPath: samples });
    await waitForWorkbench(wb.page);
  });

  after(async () => {
    await wb?.close();
  });

  it('opens the UNet in the model editor with its cost', { timeout: 180_000 }, async () => {
    await openFile(wb.page, 'sd15/unet/model.onnx');
    await wb.page.locator('.tabs-container .tab.active', { hasText: 'model.onnx' }).waitFor();
    // Top-level groups of the diffusers UNet appear once the host has parsed, inferred and costed it.
    const frame = await webviewFrame(wb.page, 'text=down_blocks', 150_000);
    // The graph is posted first, the cost overlay right after it: wait for the latency total.
    await frame.locator('dd[data-total="latency"]').waitFor({ timeout: 150_000 });
    const text = await frame.locator('body').innerText();
    assert.match(text, /up_blocks/);
    assert.match(text, /mid_block/);
    assert.doesNotMatch(text, /Cost\s+not available/, 'the cost overlay arrived');
    assert.match(text, /spill/i);
    await screenshot(wb.page, 'sd15-unet');
  });

  it('lists spilling layers through F1 and reveals the chosen one', async () => {
    await runCommand(wb.page, 'ONNX NPU Profiler: Show Spilling Layers');
    const rows = wb.page.locator('.quick-input-list .monaco-list-row');
    await rows.first().waitFor();
    const first = await rows.first().innerText();
    assert.match(first, /·\s*[\d.]+ ms/, `a spilling layer with its latency: ${first}`);
    await wb.page.keyboard.press('Enter');
    await wb.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    await screenshot(wb.page, 'sd15-unet-spill-revealed');
  });

  it('shows the pipeline with seconds per image', { timeout: 180_000 }, async () => {
    // Web hosts show VS Code's simple file dialog: a quick input holding a path.
    await runCommandWithFileDialog(wb.page, 'ONNX NPU Profiler: Open Pipeline Folder…', '/sd15/', 'vae_decoder');
    await wb.page.locator('.tabs-container .tab.active', { hasText: 'model_index.json' }).waitFor();
    const frame = await webviewFrame(wb.page, 'text=/per image/', 150_000);
    const text = await frame.locator('body').innerText();
    assert.match(text, /UNet/);
    assert.match(text, /VAE decoder/);
    await screenshot(wb.page, 'sd15-pipeline');
  });
});

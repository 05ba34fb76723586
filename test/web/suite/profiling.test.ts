import * as assert from './assert';
import * as vscode from 'vscode';
import { FILES } from '../workspaceLayout';
import { api, closeAll, eventually, openCosted, workspaceUri } from './helpers';
import { hardwareFor } from '../../../src/extension/config';


async function setPreset(id: string | undefined) {
  await vscode.workspace.getConfiguration('onnxNpuProfiler').update('hardwarePreset', id, vscode.ConfigurationTarget.Workspace);
}

describe('profiling in the editor (web extension host)', () => {
  afterEach(async () => {
    await setPreset(undefined);
    await closeAll();
  });

  it('costs every node for the configured preset', async () => {
    const panel = await openCosted(FILES.wide);
    const cost = panel.lastCost!;
    assert.match(cost.hardware, /expedera-8k/);
    assert.strictEqual(cost.layers.length, 3);
    const conv = cost.layers.find((l) => l.name === '/a/Conv')!;
    // 3x3 conv, 16 -> 32 channels on 256x256: MACs follow from the shapes alone.
    assert.strictEqual(conv.macCount, 256 * 256 * 32 * 16 * 9);
    assert.ok(cost.totals.latencyMs > 0, 'positive latency');
  });

  it('"Select Hardware Preset…" re-costs open editors', async () => {
    const panel = await openCosted(FILES.wide);
    const before = panel.lastCost!;
    const chosen = await vscode.commands.executeCommand<string>('onnxNpuProfiler.selectHardwarePreset', 'ethos-u55-256');
    assert.strictEqual(chosen, 'ethos-u55-256');
    assert.strictEqual(vscode.workspace.getConfiguration('onnxNpuProfiler').get('hardwarePreset'), 'ethos-u55-256');
    const after = await eventually(() => (panel.lastCost !== before ? panel.lastCost : undefined), 'a new cost');
    assert.match(after.hardware, /ethos-u55-256/);
    // 256 MACs at 500 MHz against 8,192 at 750 MHz: the same graph cannot get faster.
    assert.ok(after.totals.latencyMs > before.totals.latencyMs, `${after.totals.latencyMs} ms should exceed ${before.totals.latencyMs} ms`);
  });

  it('"Show Spilling Layers" lists spilling layers and reveals the chosen one', async () => {
    // With line buffers the 2 MiB activation stays resident in 7 MB; a 1 MB SRAM cannot hold it.
    const config = vscode.workspace.getConfiguration('onnxNpuProfiler');
    await config.update('hardwareOverrides', { sramBytes: 1_000_000 }, vscode.ConfigurationTarget.Workspace);
    try {
      const panel = await openCosted(FILES.wide);
      const spilling = panel.lastCost!.layers.filter((l) => l.spill);
      assert.ok(spilling.length > 0, 'the wide conv spills (2 MiB activation, 1 MB SRAM)');
      const index = await vscode.commands.executeCommand<number>('onnxNpuProfiler.showSpillingLayers', spilling[0].name);
      assert.strictEqual(index, spilling[0].nodeIndex);
    } finally {
      await config.update('hardwareOverrides', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('"Export Profile Report" writes a CSV with one row per layer', async () => {
    const panel = await openCosted(FILES.wide);
    const target = workspaceUri('models/wide_conv.report.csv');
    const written = await vscode.commands.executeCommand<vscode.Uri>('onnxNpuProfiler.exportReport', 'csv', target);
    assert.strictEqual(written?.toString(), target.toString());
    const lines = new TextDecoder().decode(await vscode.workspace.fs.readFile(target)).trim().split('\r\n');
    assert.ok(lines[0].startsWith('stage,node_index,name,op'), lines[0]);
    assert.strictEqual(lines.length, panel.lastCost!.layers.length + 1);
  });

  it('bad hardware overrides name the field and still show the graph', async () => {
    const config = vscode.workspace.getConfiguration('onnxNpuProfiler');
    await config.update('hardwareOverrides', { sramBytes: -1 }, vscode.ConfigurationTarget.Workspace);
    try {
      const { model } = await api();
      const uri = workspaceUri(FILES.good);
      await vscode.commands.executeCommand('vscode.openWith', uri, 'onnxNpuProfiler.model');
      const doc = await eventually(() => model.documentFor(uri), 'the document');
      assert.strictEqual((await doc.load()).graph.nodes.length, 7);
      await assert.rejects(Promise.resolve().then(() => hardwareFor()), (e) => /sramBytes/.test(e.message));
    } finally {
      await config.update('hardwareOverrides', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});

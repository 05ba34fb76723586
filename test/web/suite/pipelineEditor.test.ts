import * as assert from './assert';
import * as vscode from 'vscode';
import { FILES } from '../workspaceLayout';
import { activeCustomEditor, api, closeAll, eventually, workspaceUri } from './helpers';

describe('pipeline editor (web extension host)', () => {
  afterEach(closeAll);

  it('"Open Pipeline Folder…" opens model_index.json in the pipeline editor', async () => {
    const folder = workspaceUri(FILES.pipelineIndex.replace(/\/model_index\.json$/, ''));
    const opened = await vscode.commands.executeCommand<boolean>('onnxNpuProfiler.openPipeline', folder);
    assert.strictEqual(opened, true);
    const active = await eventually(activeCustomEditor, 'the pipeline editor tab');
    assert.strictEqual(active.viewType, 'onnxNpuProfiler.pipeline');
    assert.ok(active.uri.path.endsWith('/pipeline/model_index.json'), active.uri.path);
  });

  it('costs every stage and adds them up to seconds per image', async () => {
    const { pipeline } = await api();
    const index = workspaceUri(FILES.pipelineIndex);
    await vscode.commands.executeCommand('onnxNpuProfiler.openPipeline', index);
    const doc = await eventually(() => pipeline.documentFor(index), 'the pipeline document');
    const view = await pipeline.describe(doc);
    assert.deepStrictEqual(view.stages.map((s) => s.name), ['text_encoder', 'unet', 'vae_decoder']);
    const steps = vscode.workspace.getConfiguration('onnxNpuProfiler').get<number>('pipeline.steps', 50);
    assert.strictEqual(view.stages[1].runsPerImage, steps * 2, 'UNet runs twice per step with guidance');
    let sum = 0;
    for (const s of view.stages) {
      assert.ok(s.cost, `${s.name} costed (${s.note})`);
      assert.ok(Math.abs(s.cost.secondsPerImage - (s.cost.latencyMs * s.runsPerImage) / 1000) < 1e-9);
      sum += s.cost.secondsPerImage;
    }
    assert.ok(view.secondsPerImage !== undefined && Math.abs(view.secondsPerImage - sum) < 1e-9, `${view.secondsPerImage} vs ${sum}`);
  });

  it('the guidance-as-batch-2 switch halves the UNet runs and lowers the seconds per image', async () => {
    const { pipeline } = await api();
    const index = workspaceUri(FILES.pipelineIndex);
    await vscode.commands.executeCommand('onnxNpuProfiler.openPipeline', index);
    const doc = await eventually(() => pipeline.documentFor(index), 'the pipeline document');
    const off = await pipeline.describe(doc, undefined, false);
    const on = await pipeline.describe(doc, undefined, true);
    assert.strictEqual(off.cfgBatch, false);
    assert.strictEqual(on.cfgBatch, true);
    const unetOff = off.stages.find((s) => s.name === 'unet');
    const unetOn = on.stages.find((s) => s.name === 'unet');
    assert.ok(unetOff && unetOn);
    assert.strictEqual(unetOn.runsPerImage * 2, unetOff.runsPerImage, 'one batch-2 run per guidance pair');
    assert.strictEqual(unetOn.batch, 2);
    assert.strictEqual(unetOff.batch, undefined);
    assert.ok(off.secondsPerImage !== undefined && on.secondsPerImage !== undefined);
    assert.ok(on.secondsPerImage < off.secondsPerImage, `${on.secondsPerImage} s with the switch vs ${off.secondsPerImage} s without`);
  });

  it('model_index.json still opens as JSON text by default', async () => {
    await vscode.commands.executeCommand('vscode.open', workspaceUri(FILES.pipelineIndex));
    const editor = await eventually(() => vscode.window.activeTextEditor, 'a text editor');
    assert.ok(editor.document.uri.path.endsWith('model_index.json'));
    assert.strictEqual(activeCustomEditor(), undefined);
  });

  it('opens the one pipeline a parent folder holds', async () => {
    const opened = await vscode.commands.executeCommand<boolean>('onnxNpuProfiler.openPipeline', workspaceUri(FILES.nestedPipelineParent));
    assert.strictEqual(opened, true);
    const active = await eventually(activeCustomEditor, 'the pipeline editor tab');
    assert.strictEqual(active.viewType, 'onnxNpuProfiler.pipeline');
    assert.ok(active.uri.path.endsWith(`/${FILES.nestedPipelineParent}/sd/model_index.json`), active.uri.path);
  });

  it('refuses a folder without model_index.json', async () => {
    const opened = await vscode.commands.executeCommand<boolean>('onnxNpuProfiler.openPipeline', workspaceUri(FILES.noPipeline));
    assert.strictEqual(opened, false);
    assert.strictEqual(activeCustomEditor(), undefined);
  });
});

import * as assert from './assert';
import * as vscode from 'vscode';
import { FILES } from '../workspaceLayout';
import { activeCustomEditor, closeAll, eventually, workspaceUri } from './helpers';

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

  it('model_index.json still opens as JSON text by default', async () => {
    await vscode.commands.executeCommand('vscode.open', workspaceUri(FILES.pipelineIndex));
    const editor = await eventually(() => vscode.window.activeTextEditor, 'a text editor');
    assert.ok(editor.document.uri.path.endsWith('model_index.json'));
    assert.strictEqual(activeCustomEditor(), undefined);
  });

  it('refuses a folder without model_index.json', async () => {
    const opened = await vscode.commands.executeCommand<boolean>('onnxNpuProfiler.openPipeline', workspaceUri(FILES.noPipeline));
    assert.strictEqual(opened, false);
    assert.strictEqual(activeCustomEditor(), undefined);
  });
});

import * as assert from './assert';
import * as vscode from 'vscode';
import { EXTENSION_ID, api } from './helpers';

describe('activation (web extension host)', () => {
  it('activates and exports both editor providers', async () => {
    const exported = await api();
    assert.ok(exported.model, 'model editor provider exported');
    assert.ok(exported.pipeline, 'pipeline editor provider exported');
    assert.strictEqual(vscode.extensions.getExtension(EXTENSION_ID)?.isActive, true);
  });

  it('registers every command the manifest lists', async () => {
    await api();
    const declared = (vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON.contributes.commands ?? []) as { command: string }[];
    assert.ok(declared.length >= 2, 'manifest declares commands');
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = declared.map((c) => c.command).filter((c) => !registered.has(c));
    assert.deepStrictEqual(missing, [], `declared but not registered: ${missing.join(', ')}`);
  });

  it('declares the model editor as default for *.onnx and the pipeline editor as an option', () => {
    const editors = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON.contributes.customEditors as {
      viewType: string;
      priority: string;
      selector: { filenamePattern: string }[];
    }[];
    const model = editors.find((e) => e.viewType === 'onnxNpuProfiler.model');
    const pipeline = editors.find((e) => e.viewType === 'onnxNpuProfiler.pipeline');
    assert.strictEqual(model?.priority, 'default');
    assert.strictEqual(model?.selector[0].filenamePattern, '*.onnx');
    assert.strictEqual(pipeline?.priority, 'option');
    assert.strictEqual(pipeline?.selector[0].filenamePattern, 'model_index.json');
  });
});

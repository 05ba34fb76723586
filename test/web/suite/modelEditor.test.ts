import * as assert from './assert';
import * as vscode from 'vscode';
import { FILES, TINY_CNN_NODES } from '../workspaceLayout';
import { activeCustomEditor, api, closeAll, eventually, workspaceUri } from './helpers';

describe('model editor (web extension host)', () => {
  afterEach(closeAll);

  it('opens an .onnx file in the custom editor and analyses it in the host', async () => {
    const { model } = await api();
    const uri = workspaceUri(FILES.good);
    await vscode.commands.executeCommand('vscode.open', uri);
    const active = await eventually(activeCustomEditor, 'the custom editor tab');
    assert.strictEqual(active.viewType, 'onnxNpuProfiler.model', 'default editor for *.onnx');
    const document = await eventually(() => model.documentFor(uri), 'the provider to open the document');
    const analysis = await document.load();
    assert.strictEqual(analysis.graph.nodes.length, TINY_CNN_NODES);
    assert.deepStrictEqual(
      analysis.graph.nodes.map((n) => n.opType),
      ['Conv', 'Relu', 'Conv', 'Relu', 'GlobalAveragePool', 'Flatten', 'Gemm'],
    );
    // Edges follow tensors: conv1 -> relu1 is the first.
    assert.ok(analysis.graph.edges.some((e) => e.from === 0 && e.to === 1), 'edge Conv -> Relu');
  });

  it('"Open Model…" with a file argument opens it in the model editor', async () => {
    const uri = workspaceUri(FILES.good);
    const opened = await vscode.commands.executeCommand<boolean>('onnxNpuProfiler.openModel', uri);
    assert.strictEqual(opened, true);
    const active = await eventually(activeCustomEditor, 'the custom editor tab');
    assert.strictEqual(active.viewType, 'onnxNpuProfiler.model');
    assert.strictEqual(active.uri.toString(), uri.toString());
  });

  for (const [label, file] of [
    ['a file that is not ONNX', FILES.bad],
    ['a truncated ONNX file', FILES.truncated],
  ] as const) {
    it(`reports ${label} as an error naming the file, and keeps working`, async () => {
      const { model } = await api();
      const uri = workspaceUri(file);
      await vscode.commands.executeCommand('vscode.openWith', uri, 'onnxNpuProfiler.model');
      const document = await eventually(() => model.documentFor(uri), 'the provider to open the document');
      await assert.rejects(document.load(), (err: Error) => {
        assert.match(err.message, new RegExp(file.split('/').pop()!.replace('.', '\\.')));
        return true;
      });
      // The host survived: a good file still opens and analyses.
      const good = workspaceUri(FILES.good);
      await vscode.commands.executeCommand('onnxNpuProfiler.openModel', good);
      const doc2 = await eventually(() => model.documentFor(good), 'the good document');
      assert.strictEqual((await doc2.load()).graph.nodes.length, TINY_CNN_NODES);
    });
  }
});

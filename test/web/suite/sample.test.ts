import * as assert from './assert';
import * as vscode from 'vscode';
import { FILES } from '../workspaceLayout';
import { api, closeAll, eventually, workspaceUri } from './helpers';

describe('bundled SD 1.5 sample (web extension host)', () => {
  before(async function () {
    const present = await vscode.workspace.fs.stat(workspaceUri(`${FILES.sampleDir}/model_index.json`)).then(
      () => true,
      () => false,
    );
    if (!present) {
      console.log('  (samples/sd15 not generated: run `npm run samples`)');
      this.skip();
    }
  });
  afterEach(closeAll);

  it('opens the UNet bound as its pipeline stage, costed with spills', async () => {
    const { model } = await api();
    const uri = workspaceUri(`${FILES.sampleDir}/unet/model.onnx`);
    await vscode.commands.executeCommand('vscode.openWith', uri, 'onnxNpuProfiler.model');
    const doc = await eventually(() => model.documentFor(uri), 'the UNet document');
    const analysis = await doc.load();
    assert.ok(analysis.graph.nodes.length > 1000, `a full UNet graph (${analysis.graph.nodes.length} nodes)`);
    assert.ok(analysis.graph.notes.some((n) => /bound as in its pipeline/.test(n)), analysis.graph.notes.join(' | '));
    // The sample latent input is bound to 64x64, so the first conv sees concrete shapes.
    const convIn = analysis.graph.nodes.find((n) => n.opType === 'Conv')!;
    assert.match(convIn.inputs[0].type, /\[1,4,64,64\]/);
    const panel = await eventually(() => (model.activePanel()?.lastCost ? model.activePanel() : undefined), 'the UNet cost', 60_000);
    assert.ok(panel.lastCost!.totals.spillCount > 0, 'a 7 MB SRAM spills some UNet layers');
    assert.ok(panel.lastCost!.totals.macCount > 1e11, 'hundreds of GMACs per UNet evaluation');
  });
});

// Custom editor for a diffusers pipeline's model_index.json (priority "option": JSON editing stays the
// default). Shows the stage graph text encoder -> UNet x steps -> VAE decoder; clicking a stage opens
// its model.onnx in the model editor.
import * as vscode from 'vscode';
import type { HostToPipelineWebview, PipelineStageView, PipelineView, WebviewToHost } from '../../core/view/protocol';
import { configureWebview } from '../webviewHtml';
import { MODEL_VIEW_TYPE, baseName } from '../modelEditor/provider';

export const PIPELINE_VIEW_TYPE = 'onnxNpuProfiler.pipeline';

/** Stages in execution order with the label a person knows them by. */
const STAGES: { name: string; label: string }[] = [
  { name: 'text_encoder', label: 'Text encoder (CLIP)' },
  { name: 'unet', label: 'UNet' },
  { name: 'vae_decoder', label: 'VAE decoder' },
];

export class PipelineDocument implements vscode.CustomDocument {
  constructor(readonly uri: vscode.Uri) {}
  get folder(): vscode.Uri {
    return vscode.Uri.joinPath(this.uri, '..');
  }
  dispose(): void {}
}

export class PipelineEditorProvider implements vscode.CustomReadonlyEditorProvider<PipelineDocument> {
  constructor(private readonly extensionUri: vscode.Uri) {}

  static register(context: vscode.ExtensionContext): PipelineEditorProvider {
    const provider = new PipelineEditorProvider(context.extensionUri);
    context.subscriptions.push(
      vscode.window.registerCustomEditorProvider(PIPELINE_VIEW_TYPE, provider, { supportsMultipleEditorsPerDocument: true }),
    );
    return provider;
  }

  openCustomDocument(uri: vscode.Uri): PipelineDocument {
    return new PipelineDocument(uri);
  }

  resolveCustomEditor(document: PipelineDocument, panel: vscode.WebviewPanel): void {
    const post = (msg: HostToPipelineWebview) => void panel.webview.postMessage(msg);
    const sub = panel.webview.onDidReceiveMessage(async (msg: WebviewToHost) => {
      try {
        if (msg.type === 'ready') {
          post({ type: 'pipeline', pipeline: await describePipeline(document), presets: [] });
        } else if (msg.type === 'openStage') {
          const stage = STAGES.find((s) => s.name === msg.stage);
          if (!stage) throw new Error(`unknown stage '${msg.stage}'`);
          await vscode.commands.executeCommand('vscode.openWith', stageModel(document, stage.name), MODEL_VIEW_TYPE, vscode.ViewColumn.Beside);
        }
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        post({ type: 'error', message });
        void vscode.window.showErrorMessage(`ONNX NPU Profiler: ${message}`);
      }
    });
    panel.onDidDispose(() => sub.dispose());
    configureWebview(panel.webview, this.extensionUri, { script: 'pipeline/main', title: `Pipeline: ${document.folder.path}` });
  }
}

function stageModel(document: PipelineDocument, stage: string): vscode.Uri {
  return vscode.Uri.joinPath(document.folder, stage, 'model.onnx');
}

async function describePipeline(document: PipelineDocument): Promise<PipelineView> {
  const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(document.uri));
  let index: Record<string, unknown>;
  try {
    index = JSON.parse(text) as Record<string, unknown>;
  } catch (err) {
    throw new Error(`${document.uri.path}: not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  const config = vscode.workspace.getConfiguration('onnxNpuProfiler.pipeline');
  const steps = config.get<number>('steps', 50);
  const guidance = config.get<boolean>('guidance', true);
  const stages: PipelineStageView[] = [];
  for (const s of STAGES) {
    const uri = stageModel(document, s.name);
    const exists = await vscode.workspace.fs.stat(uri).then(
      () => true,
      () => false,
    );
    stages.push({
      name: s.name,
      label: s.label,
      modelPath: exists ? vscode.workspace.asRelativePath(uri) : '',
      runsPerImage: s.name === 'unet' ? steps * (guidance ? 2 : 1) : 1,
      note: exists ? (s.name in index ? undefined : 'not listed in model_index.json') : `no ${s.name}/model.onnx`,
    });
  }
  return {
    title: baseName(document.folder),
    hardware: '',
    hardwareSummary: '',
    steps,
    guidance,
    stages,
    notes: [],
  };
}

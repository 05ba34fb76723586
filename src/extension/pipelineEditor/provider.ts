// Custom editor for a diffusers pipeline's model_index.json (priority "option": JSON editing stays the
// default). Shows the stage graph text encoder -> UNet x steps -> VAE decoder with each stage's cost and
// the seconds per image; clicking a stage opens its model.onnx in the model editor.
import * as vscode from 'vscode';
import type { HardwareChoice, HostToPipelineWebview, PipelineStageView, PipelineView, WebviewToHost, WhatIf } from '../../core/view/protocol';
import { readModel } from '../../core/onnx/reader';
import { inferShapes } from '../../core/shapes';
import { prepareGraph } from '../../core/cost/engine';
import { costPipeline, type PipelineStageInput } from '../../core/cost/pipeline';
import { describeHardware } from '../../core/cost/hardware';
import type { PipelineStage } from '../../core/sd/pipeline';
import { defaultWhatIf, dimBindings, hardwareFor, mergeBindings, pipelineOptions, presetChoices } from '../config';
import { configureWebview } from '../webviewHtml';
import { MODEL_VIEW_TYPE, errorText } from '../modelEditor/provider';
import { baseName, exists, parentUri, readPipeline } from '../workspaceFiles';
import type { OpenModelSource } from '../modelSource';

export const PIPELINE_VIEW_TYPE = 'onnxNpuProfiler.pipeline';

const LABELS: Record<string, string> = {
  text_encoder: 'Text encoder (CLIP)',
  unet: 'UNet',
  vae_decoder: 'VAE decoder',
};

interface LoadedStage {
  stage: PipelineStage;
  uri: vscode.Uri;
  /** Prepared graph, or why the stage cannot be costed. */
  input?: PipelineStageInput;
  problem?: string;
  missing?: boolean;
}

export class PipelineDocument implements vscode.CustomDocument {
  private loaded?: Promise<LoadedStage[]>;
  constructor(
    readonly uri: vscode.Uri,
    private readonly open: OpenModelSource,
    private readonly onDispose: () => void = () => undefined,
  ) {}

  get folder(): vscode.Uri {
    return parentUri(this.uri);
  }

  /** Reads model_index.json and every stage model once (shapes bound as the pipeline runs them). */
  load(): Promise<LoadedStage[]> {
    this.loaded ??= Promise.resolve(
      vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `ONNX NPU Profiler: opening pipeline ${baseName(this.folder)}` },
        async (progress) => {
          const stages = await readPipeline(this.uri);
          if (stages.length === 0) throw new Error(`${this.uri.path}: lists no text_encoder, unet or vae_decoder component`);
          const out: LoadedStage[] = [];
          for (const stage of stages) {
            progress.report({ message: stage.modelPath });
            const uri = vscode.Uri.joinPath(this.folder, ...stage.modelPath.split('/'));
            if (!(await exists(uri))) {
              out.push({ stage, uri, problem: `${stage.modelPath} is missing`, missing: true });
              continue;
            }
            try {
              const { source, external, close } = await this.open(uri);
              const model = await readModel(source, { external }).finally(close);
              const shapes = inferShapes(model, mergeBindings(stage.bindings, dimBindings()));
              out.push({ stage, uri, input: { name: stage.name, prepared: prepareGraph(model, shapes, stage.name), runsPerImage: stage.runsPerImage } });
            } catch (err) {
              out.push({ stage, uri, problem: errorText(err) });
            }
          }
          return out;
        },
      ),
    );
    return this.loaded;
  }

  reset(): void {
    this.loaded = undefined;
  }

  dispose(): void {
    this.onDispose();
  }
}

interface PipelinePanel {
  document: PipelineDocument;
  whatIf: WhatIf;
  post(msg: HostToPipelineWebview): void;
}

/**
 * A stage's model for its card: workspace-relative, or `<pipeline folder>/<stage path>` when the pipeline is in no
 * workspace folder (the bundled sample in the extension folder) rather than a long install path or URL path.
 */
function stagePath(uri: vscode.Uri, folder: vscode.Uri, modelPath: string): string {
  return vscode.workspace.getWorkspaceFolder(uri) ? vscode.workspace.asRelativePath(uri) : `${baseName(folder)}/${modelPath}`;
}

export class PipelineEditorProvider implements vscode.CustomReadonlyEditorProvider<PipelineDocument> {
  private readonly panels = new Set<PipelinePanel>();
  private readonly documents = new Map<string, PipelineDocument>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly open: OpenModelSource,
  ) {}

  static register(context: vscode.ExtensionContext, open: OpenModelSource): PipelineEditorProvider {
    const provider = new PipelineEditorProvider(context.extensionUri, open);
    context.subscriptions.push(
      vscode.window.registerCustomEditorProvider(PIPELINE_VIEW_TYPE, provider, { supportsMultipleEditorsPerDocument: true }),
    );
    return provider;
  }

  openCustomDocument(uri: vscode.Uri): PipelineDocument {
    const document = new PipelineDocument(uri, this.open, () => this.documents.delete(uri.toString()));
    this.documents.set(uri.toString(), document);
    return document;
  }

  documentFor(uri: vscode.Uri): PipelineDocument | undefined {
    return this.documents.get(uri.toString());
  }

  resolveCustomEditor(document: PipelineDocument, panel: vscode.WebviewPanel): void {
    const entry: PipelinePanel = { document, whatIf: defaultWhatIf(), post: (msg) => void panel.webview.postMessage(msg) };
    this.panels.add(entry);
    const sub = panel.webview.onDidReceiveMessage(async (msg: WebviewToHost) => {
      try {
        if (msg.type === 'ready') await this.send(entry);
        else if (msg.type === 'whatIf') {
          entry.whatIf = msg.whatIf;
          await this.send(entry);
        } else if (msg.type === 'openStage') {
          const stage = (await document.load()).find((s) => s.stage.name === msg.stage);
          if (!stage) throw new Error(`no stage '${msg.stage}' in ${document.uri.path}`);
          await vscode.commands.executeCommand('vscode.openWith', stage.uri, MODEL_VIEW_TYPE, vscode.ViewColumn.Beside);
        } else if (msg.type === 'log' && msg.level === 'error') console.error(`[onnx-npu-profiler pipeline webview] ${msg.message}`);
      } catch (err) {
        entry.post({ type: 'error', message: errorText(err) });
        void vscode.window.showErrorMessage(`ONNX NPU Profiler: ${errorText(err)}`);
      }
    });
    panel.onDidDispose(() => {
      sub.dispose();
      this.panels.delete(entry);
    });
    configureWebview(panel.webview, this.extensionUri, { script: 'pipeline/main', title: `Pipeline ${baseName(document.folder)}` });
  }

  /** The pipeline view for this panel's hardware (tests and the export command use it too). */
  async describe(document: PipelineDocument, whatIf: WhatIf = defaultWhatIf()): Promise<PipelineView> {
    const loaded = await document.load();
    const hw = hardwareFor(whatIf);
    const costable = loaded.filter((s) => s.input);
    const cost = costPipeline(
      costable.map((s) => s.input!),
      hw,
    );
    const { steps, guidance } = pipelineOptions();
    const stages: PipelineStageView[] = loaded.map((s) => {
      const c = cost.stages[costable.indexOf(s)];
      const t = c?.cost.totals;
      return {
        name: s.stage.name,
        label: LABELS[s.stage.name] ?? s.stage.name,
        modelPath: s.missing ? '' : stagePath(s.uri, document.folder, s.stage.modelPath),
        runsPerImage: s.stage.runsPerImage,
        cost:
          c && t
            ? {
                latencyMs: c.latencyMs,
                throughputPerS: c.throughputPerS,
                secondsPerImage: (c.latencyMs * c.runsPerImage) / 1000,
                macCount: t.macCount,
                ddrBytes: t.ddrReadBytes + t.ddrWriteBytes,
                spillCount: t.spillCount,
              }
            : undefined,
        note: s.problem ?? s.stage.description,
      };
    });
    return {
      title: baseName(document.folder),
      hardware: hw.name,
      hardwareSummary: describeHardware(hw),
      steps,
      guidance,
      stages,
      secondsPerImage: costable.length > 0 ? cost.secondsPerImage : undefined,
      notes: loaded.length > costable.length ? ['Stages that could not be read are left out of the seconds per image.'] : [],
    };
  }

  private async send(entry: PipelinePanel): Promise<void> {
    const presets: HardwareChoice[] = presetChoices();
    entry.post({ type: 'pipeline', pipeline: await this.describe(entry.document, entry.whatIf), presets });
  }

  async hardwareChanged(): Promise<void> {
    for (const p of this.panels) {
      p.whatIf = { ...p.whatIf, preset: defaultWhatIf().preset };
      await this.send(p).catch((err) => p.post({ type: 'error', message: errorText(err) }));
    }
  }

  async shapesChanged(): Promise<void> {
    for (const p of this.panels) p.document.reset();
    for (const p of this.panels) await this.send(p).catch((err) => p.post({ type: 'error', message: errorText(err) }));
  }
}

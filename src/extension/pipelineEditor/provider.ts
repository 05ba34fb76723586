// Custom editor for a diffusers pipeline's model_index.json (priority "option": JSON editing stays the
// default). Shows the stage graph text encoder -> UNet x steps -> VAE decoder with each stage's cost and
// the seconds per image; clicking a stage opens its model.onnx in the model editor.
import * as vscode from 'vscode';
import { DocumentCache } from '../documentCache';
import type { HardwareChoice, HostToPipelineWebview, PipelineStageView, PipelineView, WebviewToHost, WhatIf } from '../../core/view/protocol';
import { describeHardware } from '../../core/cost/hardware';
import type { PipelineStage } from '../../core/sd/pipeline';
import { loadTarget, profile, type BrokenStage, type LoadedStage as CoreStage, type LoadedTarget } from '../../core/profile';
import { defaultWhatIf, dimBindings, hardwareFor, pipelineOptions, presetChoices } from '../config';
import { configureWebview } from '../webviewHtml';
import { MODEL_VIEW_TYPE, errorText } from '../modelEditor/provider';
import { baseName, parentUri } from '../workspaceFiles';
import type { OpenModelSource } from '../modelSource';
import { uriFiles } from '../profileFiles';
import { log } from '../log';

export const PIPELINE_VIEW_TYPE = 'onnxNpuProfiler.pipeline';

const LABELS: Record<string, string> = {
  text_encoder: 'Text encoder (CLIP)',
  unet: 'UNet',
  vae_decoder: 'VAE decoder',
};

interface LoadedStage {
  stage: PipelineStage;
  uri: vscode.Uri;
  /** The stage as the core profiling entry point loaded it (read, shaped, prepared), or why it cannot be costed. */
  core: CoreStage | BrokenStage;
  problem?: string;
  missing?: boolean;
}

export class PipelineDocument implements vscode.CustomDocument {
  private loaded?: Promise<LoadedStage[]>;
  /** The pipeline as the core entry point loaded it (the CLI and the reports load it the same way). */
  private target?: Promise<LoadedTarget>;
  /** Cancelled when the document is disposed or the progress notification is cancelled. */
  private cancel = new vscode.CancellationTokenSource();
  private disposed = false;
  constructor(
    readonly uri: vscode.Uri,
    private readonly open: OpenModelSource,
    private readonly onDispose: (doc: PipelineDocument) => void = () => undefined,
  ) {}

  get isDisposed(): boolean {
    return this.disposed;
  }

  linkCancellation(token: vscode.CancellationToken | undefined): void {
    token?.onCancellationRequested(() => this.cancel.cancel());
  }

  get folder(): vscode.Uri {
    return parentUri(this.uri);
  }

  /** Reads model_index.json and every stage model once (shapes bound as the pipeline runs them). */
  load(): Promise<LoadedStage[]> {
    if (this.loaded) return this.loaded;
    const token = this.cancel.token;
    const check = () => {
      if (token.isCancellationRequested) throw new vscode.CancellationError();
    };
    this.loaded = Promise.resolve(
      vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('ONNX NPU Profiler: opening pipeline {0}', baseName(this.folder)), cancellable: true },
        async (progress, progressToken) => {
          progressToken.onCancellationRequested(() => this.cancel.cancel());
          // Bindings, steps and guidance as every front end applies them: the core entry point reads each stage.
          const target = loadTarget(uriFiles(this.open), this.uri.toString(), {
            bindings: { dims: dimBindings() },
            pipeline: pipelineOptions(),
            keepBrokenStages: true,
            onProgress: (p) => progress.report({ message: p.label }),
            mark: check,
          });
          this.target = target;
          const loaded = await target.catch((e: unknown) => {
            check(); // a cancelled load rejects as vscode.CancellationError
            throw e;
          });
          const out: LoadedStage[] = loaded.all.map((core) => ({
            stage: core.stage!,
            uri: vscode.Uri.parse(core.path, true),
            core,
            ...(core.ok ? {} : { problem: core.problem, missing: core.missing }),
          }));
          check();
          return out;
        },
      ),
    );
    // A cancelled open is not cached: the next `ready` tries again.
    this.loaded.catch(() => {
      if (token.isCancellationRequested && !this.disposed) {
        this.loaded = undefined;
        this.cancel.dispose();
        this.cancel = new vscode.CancellationTokenSource();
      }
    });
    return this.loaded;
  }

  /** The core's LoadedTarget behind load() (profile, sweep and compare take it as is). */
  async loadedTarget(): Promise<LoadedTarget> {
    await this.load();
    return this.target!;
  }

  reset(): void {
    this.loaded = undefined;
    this.target = undefined;
  }

  dispose(): void {
    this.disposed = true;
    this.cancel.cancel();
    this.cancel.dispose();
    this.loaded = undefined;
    this.onDispose(this);
  }
}

export interface PipelinePanel {
  document: PipelineDocument;
  panel: vscode.WebviewPanel;
  whatIf: WhatIf;
  /** This panel's guidance-as-batch-2 switch; undefined = the pipeline.cfgBatch setting. */
  cfgBatch?: boolean;
  /** The view last posted (the status bar and the commands read it). */
  lastView?: PipelineView;
  disposed: boolean;
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
  private readonly documents = new DocumentCache<PipelineDocument>();
  private active?: PipelinePanel;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the active pipeline panel changes or gets a new view (the status bar follows it). */
  readonly onDidChange = this.changed.event;
  droppedAfterDispose = 0;

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

  openCustomDocument(uri: vscode.Uri, _context?: vscode.CustomDocumentOpenContext, token?: vscode.CancellationToken): PipelineDocument {
    const document = this.documents.open(uri, (onDispose) => new PipelineDocument(uri, this.open, onDispose));
    document.linkCancellation(token);
    return document;
  }

  /** The pipeline panel last focused, if still open. */
  activePanel(): PipelinePanel | undefined {
    return this.active && this.panels.has(this.active) ? this.active : undefined;
  }

  get panelCount(): number {
    return this.panels.size;
  }

  private setActive(entry: PipelinePanel | undefined): void {
    this.active = entry;
    this.changed.fire();
  }

  documentFor(uri: vscode.Uri): PipelineDocument | undefined {
    return this.documents.get(uri);
  }

  resolveCustomEditor(document: PipelineDocument, panel: vscode.WebviewPanel, token?: vscode.CancellationToken): void {
    if (token?.isCancellationRequested) return;
    const entry: PipelinePanel = {
      document,
      panel,
      whatIf: defaultWhatIf(),
      disposed: false,
      post: (msg) => {
        if (entry.disposed) {
          this.droppedAfterDispose++;
          return;
        }
        void panel.webview.postMessage(msg);
      },
    };
    this.panels.add(entry);
    this.setActive(entry);
    const viewState = panel.onDidChangeViewState(() => {
      if (panel.active) this.setActive(entry);
    });
    const sub = panel.webview.onDidReceiveMessage(async (msg: WebviewToHost) => {
      try {
        if (msg.type === 'ready') await this.send(entry);
        else if (msg.type === 'whatIf') {
          entry.whatIf = msg.whatIf;
          await this.send(entry);
        } else if (msg.type === 'cfgBatch') {
          entry.cfgBatch = msg.on === true;
          await this.send(entry);
        } else if (msg.type === 'openStage') {
          const stage = (await document.load()).find((s) => s.stage.name === msg.stage);
          if (!stage) throw new Error(`no stage '${msg.stage}' in ${document.uri.path}`);
          await vscode.commands.executeCommand('vscode.openWith', stage.uri, MODEL_VIEW_TYPE, vscode.ViewColumn.Beside);
        } else if (msg.type === 'log') log.fromWebview(`pipeline webview ${baseName(document.folder)}`, msg.level, msg.message);
      } catch (err) {
        if (err instanceof vscode.CancellationError) {
          entry.post({ type: 'error', message: 'Opening was cancelled. Reopen the pipeline to try again.' });
          return;
        }
        log.error(`pipeline ${document.uri.toString(true)}: ${errorText(err)}`);
        entry.post({ type: 'error', message: errorText(err) });
        void vscode.window.showErrorMessage(vscode.l10n.t('ONNX NPU Profiler: {0}', errorText(err)));
      }
    });
    const disposed = panel.onDidDispose(() => {
      entry.disposed = true;
      entry.lastView = undefined;
      sub.dispose();
      viewState.dispose();
      disposed.dispose();
      this.panels.delete(entry);
      if (this.active === entry) this.setActive(undefined);
    });
    configureWebview(panel.webview, this.extensionUri, { script: 'pipeline/main', title: `Pipeline ${baseName(document.folder)}` });
  }

  /** The pipeline view for this panel's hardware (tests and the export command use it too). */
  async describe(document: PipelineDocument, whatIf: WhatIf = defaultWhatIf(), cfgBatchSwitch?: boolean): Promise<PipelineView> {
    const loaded = await document.load();
    const hw = hardwareFor(whatIf);
    const { steps, guidance, cfgBatch: cfgSetting } = pipelineOptions();
    const cfgBatch = cfgBatchSwitch ?? cfgSetting;
    const result = profile(await document.loadedTarget(), hw, { cfgBatch });
    const costable = loaded.filter((s) => s.core.ok);
    const stages: PipelineStageView[] = loaded.map((s) => {
      const c = result.stages.find((r) => r.name === s.stage.name && s.core.ok);
      const t = c?.totals;
      const uncosted = c && c.uncostedLayers.length ? `${c.uncostedLayers.length} of ${c.layerCount} layers not costed. ` : '';
      return {
        name: s.stage.name,
        label: LABELS[s.stage.name] ?? s.stage.name,
        modelPath: s.missing ? '' : stagePath(s.uri, document.folder, s.stage.modelPath),
        runsPerImage: c ? c.runsPerImage : s.stage.runsPerImage,
        ...(c?.batch ? { batch: c.batch } : {}),
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
        note: s.problem ?? uncosted + s.stage.description,
      };
    });
    return {
      title: baseName(document.folder),
      hardware: hw.name,
      hardwareSummary: describeHardware(hw),
      steps,
      guidance,
      cfgBatch,
      stages,
      secondsPerImage: costable.length > 0 ? result.image?.secondsPerImage : undefined,
      notes: loaded.length > costable.length ? ['Stages that could not be read are left out of the seconds per image.'] : [],
    };
  }

  private async send(entry: PipelinePanel): Promise<void> {
    const presets: HardwareChoice[] = presetChoices();
    const view = await this.describe(entry.document, entry.whatIf, entry.cfgBatch);
    if (entry.disposed) return;
    entry.lastView = view;
    entry.post({ type: 'pipeline', pipeline: view, presets });
    if (entry === this.active) this.changed.fire();
  }

  /** Applies a what-if to a pipeline panel (the SRAM sweep's click) and re-sends its view. */
  async applyWhatIf(entry: PipelinePanel, whatIf: WhatIf): Promise<void> {
    entry.whatIf = whatIf;
    await this.send(entry);
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

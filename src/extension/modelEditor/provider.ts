// Read-only custom editor for *.onnx. The document is read and analysed once (parse, shapes, prepared
// cost graph) and shared by every panel showing it; each panel's webview says `ready` whenever it
// (re)loads and gets `init` back, so state survives hide/show without retainContextWhenHidden.
// A what-if only re-costs the prepared graph and sends `cost`; nothing is parsed or laid out again.
import * as vscode from 'vscode';
import type { HostToWebview, TimelineMark, WebviewToHost, WhatIf } from '../../core/view/protocol';
import type { ModelCost } from '../../core/cost/types';
import { defaultWhatIf, dimBindings, hardwareFor, mergeBindings, presetChoices } from '../config';
import { configureWebview } from '../webviewHtml';
import { baseName, stageOf } from '../workspaceFiles';
import type { OpenModelSource } from '../modelSource';
import { analyzeModel, costFor, type ModelAnalysis } from './analysis';
import { packJson } from '../../core/view/packedJson';

export const MODEL_VIEW_TYPE = 'onnxNpuProfiler.model';

export class ModelDocument implements vscode.CustomDocument {
  private analysis?: Promise<ModelAnalysis>;
  /** When each step of the latest load happened (sent with `init` for the benchmark's breakdown). */
  readonly timeline: TimelineMark[] = [];
  constructor(
    readonly uri: vscode.Uri,
    private readonly open: OpenModelSource,
    private readonly onDispose: () => void = () => undefined,
  ) {}

  /** Reads and analyses the file once; a notification shows progress for slow opens. */
  load(): Promise<ModelAnalysis> {
    if (!this.analysis) this.timeline.length = 0;
    const mark = (label: string) => this.timeline.push([label, Date.now()]);
    if (!this.analysis) mark('host: load');
    this.analysis ??= Promise.resolve(
      vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `ONNX NPU Profiler: opening ${baseName(this.uri)}` },
        async (progress) => {
          progress.report({ message: 'reading file' });
          // The pipeline lookup (model_index.json beside the stage folder) overlaps the file read.
          const stageLookup = stageOf(this.uri);
          const { source, external, close } = await this.open(this.uri);
          try {
            const stage = await stageLookup;
            mark('host: opened');
            progress.report({ message: 'parsing, inferring shapes, preparing cost' });
            // Let the notification paint before the synchronous parts run.
            await new Promise((r) => setTimeout(r, 0));
            return await analyzeModel(source, baseName(this.uri), {
              bindings: mergeBindings(stage?.bindings, dimBindings()),
              external,
              bindingNote: stage ? `Inputs bound as in its pipeline: ${stage.description}.` : undefined,
              mark,
            });
          } finally {
            await close();
          }
        },
      ),
    );
    return this.analysis;
  }

  /** Forget the analysis (settings that change shapes); the next load reads the file again. */
  reset(): void {
    this.analysis = undefined;
  }

  dispose(): void {
    this.onDispose();
  }
}

/** One open editor panel with its own what-if and its latest cost (for commands like Show Spilling Layers). */
export interface ModelPanel {
  document: ModelDocument;
  panel: vscode.WebviewPanel;
  whatIf: WhatIf;
  /** What-if came from the webview (kept across setting changes) or follows the settings. */
  custom: boolean;
  lastCost?: ModelCost;
  post(msg: HostToWebview): void;
}

export class ModelEditorProvider implements vscode.CustomReadonlyEditorProvider<ModelDocument> {
  private readonly panels = new Set<ModelPanel>();
  private readonly documents = new Map<string, ModelDocument>();
  private active?: ModelPanel;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly open: OpenModelSource,
  ) {}

  static register(context: vscode.ExtensionContext, open: OpenModelSource): ModelEditorProvider {
    const provider = new ModelEditorProvider(context.extensionUri, open);
    context.subscriptions.push(
      vscode.window.registerCustomEditorProvider(MODEL_VIEW_TYPE, provider, { supportsMultipleEditorsPerDocument: true }),
    );
    return provider;
  }

  openCustomDocument(uri: vscode.Uri): ModelDocument {
    const document = new ModelDocument(uri, this.open, () => this.documents.delete(uri.toString()));
    this.documents.set(uri.toString(), document);
    return document;
  }

  /** The open document for uri, if any (commands and tests use it to await its analysis). */
  documentFor(uri: vscode.Uri): ModelDocument | undefined {
    return this.documents.get(uri.toString());
  }

  /** The model editor panel last focused, if it is still open. */
  activePanel(): ModelPanel | undefined {
    return this.active && this.panels.has(this.active) ? this.active : undefined;
  }

  resolveCustomEditor(document: ModelDocument, panel: vscode.WebviewPanel): void {
    const entry: ModelPanel = {
      document,
      panel,
      whatIf: defaultWhatIf(),
      custom: false,
      post: (msg) => void panel.webview.postMessage(msg),
    };
    this.panels.add(entry);
    this.active = entry;
    // Start reading while the webview loads; a failure is shown once here and sent to each `ready`.
    document.load().catch((err: unknown) => {
      void vscode.window.showErrorMessage(`ONNX NPU Profiler: ${errorText(err)}`);
    });
    const subs = [
      panel.webview.onDidReceiveMessage((msg: WebviewToHost) => this.onMessage(entry, msg)),
      panel.onDidChangeViewState(() => {
        if (panel.active) this.active = entry;
      }),
    ];
    panel.onDidDispose(() => {
      subs.forEach((s) => s.dispose());
      this.panels.delete(entry);
      if (this.active === entry) this.active = undefined;
    });
    configureWebview(panel.webview, this.extensionUri, { script: 'main', title: `ONNX NPU Profiler: ${baseName(document.uri)}`, preload: ['layout/layout.worker.js'] });
  }

  private async onMessage(entry: ModelPanel, msg: WebviewToHost): Promise<void> {
    try {
      switch (msg.type) {
        case 'ready':
          return await this.sendInit(entry, Date.now());
        case 'whatIf':
          entry.whatIf = msg.whatIf;
          entry.custom = true;
          return await this.sendCost(entry);
        case 'log':
          if (msg.level === 'error') console.error(`[onnx-npu-profiler webview] ${msg.message}`);
          return;
        default:
          return;
      }
    } catch (err) {
      if (msg.type === 'whatIf') {
        // A bad what-if (e.g. SRAM 0) keeps the current view; the reason goes to a message.
        void vscode.window.showErrorMessage(`ONNX NPU Profiler: ${errorText(err)}`);
      } else entry.post({ type: 'error', message: errorText(err) });
    }
  }

  private async sendInit(entry: ModelPanel, readyAt?: number): Promise<void> {
    const analysis = await entry.document.load();
    // The graph goes first (in its indexed wire form) so the webview lays it out and paints while the cost
    // engine runs (its first run on a graph builds the tile candidates: hundreds of ms on the UNet); the
    // overlay follows as `cost`.
    const timeline: TimelineMark[] = [...entry.document.timeline, ...(readyAt ? [['host: ready received', readyAt] as TimelineMark] : []), ['host: init posted', Date.now()]];
    entry.post({ type: 'init', graph: analysis.wire, presets: presetChoices(), whatIf: entry.whatIf, timeline });
    await new Promise((r) => setTimeout(r, 0));
    try {
      await this.sendCost(entry);
    } catch (err) {
      // The graph is still worth showing when the hardware settings are wrong.
      void vscode.window.showErrorMessage(`ONNX NPU Profiler: ${errorText(err)}`);
    }
  }

  private async sendCost(entry: ModelPanel): Promise<void> {
    const analysis = await entry.document.load();
    const r = costFor(analysis, hardwareFor(entry.whatIf));
    entry.lastCost = r.cost;
    entry.post({ type: 'cost', cost: packJson(r.view), whatIf: entry.whatIf });
  }

  /** Hardware settings changed: every panel that follows the settings is re-costed. */
  async hardwareChanged(): Promise<void> {
    await Promise.all(
      [...this.panels].map(async (p) => {
        if (p.custom) p.whatIf = { ...p.whatIf, preset: defaultWhatIf().preset };
        else p.whatIf = defaultWhatIf();
        try {
          await this.sendCost(p);
        } catch (err) {
          void vscode.window.showErrorMessage(`ONNX NPU Profiler: ${errorText(err)}`);
        }
      }),
    );
  }

  /** Shape settings changed: documents are analysed again and their panels re-initialised. */
  async shapesChanged(): Promise<void> {
    for (const d of this.documents.values()) d.reset();
    await Promise.all([...this.panels].map((p) => this.sendInit(p).catch((err) => p.post({ type: 'error', message: errorText(err) }))));
  }

  /** Scrolls the panel's graph to a node (expands its groups). */
  reveal(entry: ModelPanel, nodeIndex: number): void {
    entry.panel.reveal();
    entry.post({ type: 'reveal', nodeIndex });
  }
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

// Read-only custom editor for *.onnx. The document is read and analysed once (parse, shapes, prepared
// cost graph) and shared by every panel showing it; each panel's webview says `ready` whenever it
// (re)loads and gets `init` back, so state survives hide/show without retainContextWhenHidden.
// A what-if only re-costs the prepared graph and sends `cost`; nothing is parsed or laid out again.
import * as vscode from 'vscode';
import { DocumentCache } from '../documentCache';
import type { HostToWebview, TimelineMark, WebviewToHost, WhatIf } from '../../core/view/protocol';
import type { ModelCost } from '../../core/cost/types';
import { defaultWhatIf, dimBindings, hardwareFor, mergeBindings, presetChoices } from '../config';
import { configureWebview } from '../webviewHtml';
import { baseName, stageOf } from '../workspaceFiles';
import { ModelTooLargeError, allowOnce, type OpenModelSource } from '../modelSource';
import { log } from '../log';
import { analyzeModel, costFor, type ModelAnalysis } from './analysis';
import { packJson } from '../../core/view/packedJson';
import { applyBanner, initDimBindingsStore, unboundMessage, withRemembered } from './dimBindingsStore';
import { cachedLayouts, initLayoutCache, layoutKeyOf, storeLayouts } from './layoutCache';
import { titleByStage } from './tabTitle';

export const MODEL_VIEW_TYPE = 'onnxNpuProfiler.model';

/**
 * Every analysis ever made, held weakly: the heap test counts how many are still reachable after many open/close
 * cycles (a leak keeps all of them; the web worker host has no heap counter or gc() to ask instead).
 */
const analysesMade = new Set<WeakRef<object>>();

/** Analyses not yet collected (an upper bound on the retained ones: the collector runs when it wants). */
export function liveAnalyses(): number {
  for (const r of analysesMade) if (r.deref() === undefined) analysesMade.delete(r);
  return analysesMade.size;
}

export class ModelDocument implements vscode.CustomDocument {
  private analysis?: Promise<ModelAnalysis>;
  /** Cancelled when the document is disposed (its last editor closed) or the user cancels the progress. */
  private cancel = new vscode.CancellationTokenSource();
  private disposed = false;
  /** When each step of the latest load happened (sent with `init` for the benchmark's breakdown). */
  readonly timeline: TimelineMark[] = [];
  constructor(
    readonly uri: vscode.Uri,
    private readonly open: OpenModelSource,
    private readonly onDispose: (doc: ModelDocument) => void = () => undefined,
  ) {}

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Also cancel the open when `token` is (openCustomDocument's token: VS Code gave up opening it). */
  linkCancellation(token: vscode.CancellationToken | undefined): void {
    token?.onCancellationRequested(() => this.cancel.cancel());
  }

  /**
   * Reads and analyses the file once; a cancellable notification shows progress. Cancelling (the notification's
   * button, closing the editor, VS Code's open token) stops at the next step: after the read, the parse, the
   * shapes and the encoding; the promise then rejects with vscode.CancellationError.
   */
  load(): Promise<ModelAnalysis> {
    if (!this.analysis) this.timeline.length = 0;
    if (this.analysis) return this.analysis;
    const token = this.cancel.token;
    const check = () => {
      if (token.isCancellationRequested) throw new vscode.CancellationError();
    };
    const mark = (label: string) => {
      this.timeline.push([label, Date.now()]);
      check();
    };
    this.timeline.push(['host: load', Date.now()]);
    const run = vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('ONNX NPU Profiler: opening {0}', baseName(this.uri)), cancellable: true },
      async (progress, progressToken) => {
        progressToken.onCancellationRequested(() => this.cancel.cancel());
        progress.report({ message: 'reading file' });
        // The pipeline lookup (model_index.json beside the stage folder) overlaps the file read.
        const stageLookup = stageOf(this.uri);
        const { source, external, close } = await this.open(this.uri);
        try {
          const stage = await stageLookup;
          mark('host: opened');
          progress.report({ message: 'parsing, inferring shapes, preparing cost' });
          // Let the notification paint (and a cancel arrive) before the synchronous parts run.
          await new Promise((r) => setTimeout(r, 0));
          check();
          const analysis = await analyzeModel(source, baseName(this.uri), {
            bindings: withRemembered(mergeBindings(stage?.bindings, dimBindings()), this.uri),
            external,
            bindingNote: stage ? `Inputs bound as in its pipeline: ${stage.description}.` : undefined,
            mark,
          });
          check();
          analysesMade.add(new WeakRef(analysis));
          return analysis;
        } finally {
          await close();
        }
      },
    );
    this.analysis = Promise.resolve(run);
    // A cancelled or failed open is not cached: the next `ready` (reopen, reload) tries again.
    this.analysis.catch(() => {
      if (token.isCancellationRequested && !this.disposed) this.resetCancellation();
    });
    return this.analysis;
  }

  private resetCancellation(): void {
    this.analysis = undefined;
    this.cancel.dispose();
    this.cancel = new vscode.CancellationTokenSource();
  }

  /** Forget the analysis (settings that change shapes); the next load reads the file again. */
  reset(): void {
    this.analysis = undefined;
  }

  dispose(): void {
    this.disposed = true;
    this.cancel.cancel();
    this.cancel.dispose();
    // Drop the analysis (graph, prepared cost: hundreds of MB on the SD UNet) even if something still holds the document.
    this.analysis = undefined;
    this.onDispose(this);
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
  /** Set when the panel is closed: nothing is posted after that. */
  disposed: boolean;
  post(msg: HostToWebview): void;
}

export class ModelEditorProvider implements vscode.CustomReadonlyEditorProvider<ModelDocument> {
  private readonly panels = new Set<ModelPanel>();
  private readonly documents = new DocumentCache<ModelDocument>();
  private active?: ModelPanel;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the active panel changes or gets a new cost (the status bar follows it). */
  readonly onDidChange = this.changed.event;
  /** Messages a closed panel would have been sent (dropped; the tests check none reach a disposed webview). */
  droppedAfterDispose = 0;
  /** Analyses still reachable from anything (see analysesMade). */
  readonly liveAnalyses = liveAnalyses;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly open: OpenModelSource,
  ) {}

  static register(context: vscode.ExtensionContext, open: OpenModelSource): ModelEditorProvider {
    const provider = new ModelEditorProvider(context.extensionUri, open);
    initDimBindingsStore(context);
    initLayoutCache(context);
    context.subscriptions.push(
      vscode.window.registerCustomEditorProvider(MODEL_VIEW_TYPE, provider, { supportsMultipleEditorsPerDocument: true }),
    );
    return provider;
  }

  openCustomDocument(uri: vscode.Uri, _context?: vscode.CustomDocumentOpenContext, token?: vscode.CancellationToken): ModelDocument {
    const document = this.documents.open(uri, (onDispose) => new ModelDocument(uri, this.open, onDispose));
    document.linkCancellation(token);
    return document;
  }

  /** Open model editor panels (tests: none outlives its editor). */
  get panelCount(): number {
    return this.panels.size;
  }

  get documentCount(): number {
    return this.documents.size;
  }

  /** The open document for uri, if any (commands and tests use it to await its analysis). */
  documentFor(uri: vscode.Uri): ModelDocument | undefined {
    return this.documents.get(uri);
  }

  /** The model editor panel last focused, if it is still open. */
  activePanel(): ModelPanel | undefined {
    return this.active && this.panels.has(this.active) ? this.active : undefined;
  }

  resolveCustomEditor(document: ModelDocument, panel: vscode.WebviewPanel, token?: vscode.CancellationToken): void {
    if (token?.isCancellationRequested) return;
    const entry: ModelPanel = {
      document,
      panel,
      whatIf: defaultWhatIf(),
      custom: false,
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
    // Start reading while the webview loads; a failure is shown once here and sent to each `ready`.
    document.load().catch((err: unknown) => this.reportOpenError(document, err));
    const subs: vscode.Disposable[] = [
      panel.webview.onDidReceiveMessage((msg: WebviewToHost) => this.onMessage(entry, msg)),
      panel.onDidChangeViewState(() => {
        if (panel.active) this.setActive(entry);
      }),
    ];
    subs.push(
      panel.onDidDispose(() => {
        entry.disposed = true;
        subs.forEach((s) => void s.dispose());
        this.panels.delete(entry);
        // The cost (every layer) is dropped with the panel, not kept by a command that still holds the entry.
        entry.lastCost = undefined;
        if (this.active === entry) this.setActive(undefined);
      }),
    );
    configureWebview(panel.webview, this.extensionUri, { script: 'main', title: `ONNX NPU Profiler: ${baseName(document.uri)}`, preload: ['layout/layout.worker.js'] });
    titleByStage(panel, document.uri, () => entry.disposed);
  }

  private setActive(entry: ModelPanel | undefined): void {
    this.active = entry;
    this.changed.fire();
  }

  private reportOpenError(document: ModelDocument, err: unknown): void {
    if (err instanceof vscode.CancellationError) {
      log.info(`opening ${document.uri.toString(true)} cancelled`);
      return;
    }
    log.error(`opening ${document.uri.toString(true)}: ${errorText(err)}`);
    if (err instanceof ModelTooLargeError) {
      const anyway = vscode.l10n.t('Open Anyway');
      void vscode.window.showWarningMessage(vscode.l10n.t('ONNX NPU Profiler: {0}', err.message), anyway).then((choice) => {
        if (choice !== anyway || document.isDisposed) return;
        allowOnce(document.uri);
        document.reset();
        for (const p of this.panels) if (p.document === document) void this.sendInit(p).catch((e) => p.post({ type: 'error', message: errorText(e) }));
      });
      return;
    }
    void vscode.window.showErrorMessage(vscode.l10n.t('ONNX NPU Profiler: {0}', errorText(err)));
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
        case 'layouts':
          return await storeLayouts(msg.key, msg.levels);
        case 'bindDims': {
          // The banner's Apply: re-infer and re-cost every panel of this file in place (no reopen).
          const doc = entry.document;
          if (await applyBanner(doc.uri, await doc.load(), msg.bindings, msg.setting)) {
            doc.reset();
            await Promise.all([...this.panels].filter((p) => p.document === doc).map((p) => this.sendInit(p)));
          }
          return;
        }
        case 'log':
          log.fromWebview(`model webview ${baseName(entry.document.uri)}`, msg.level, msg.message);
          return;
        default:
          return;
      }
    } catch (err) {
      if (msg.type === 'whatIf') {
        // A bad what-if (e.g. SRAM 0) keeps the current view; the reason goes to a message.
        void vscode.window.showErrorMessage(vscode.l10n.t('ONNX NPU Profiler: {0}', errorText(err)));
      } else if (err instanceof vscode.CancellationError) entry.post({ type: 'error', message: 'Opening was cancelled. Reopen the file to try again.' });
      else entry.post({ type: 'error', message: errorText(err) });
    }
  }

  private async sendInit(entry: ModelPanel, readyAt?: number): Promise<void> {
    const analysis = await entry.document.load();
    // The graph goes first (in its indexed wire form) so the webview lays it out and paints while the cost
    // engine runs (its first run on a graph builds the tile candidates: hundreds of ms on the UNet); the
    // overlay follows as `cost`.
    const timeline: TimelineMark[] = [...entry.document.timeline, ...(readyAt ? [['host: ready received', readyAt] as TimelineMark] : []), ['host: init posted', Date.now()]];
    // Levels laid out in an earlier open go first: the webview seeds its layout cache and paints without its worker.
    const layoutKey = layoutKeyOf(analysis.wire);
    const levels = cachedLayouts(layoutKey);
    if (levels.length) entry.post({ type: 'layouts', key: layoutKey, levels });
    entry.post({ type: 'init', graph: analysis.wire, presets: presetChoices(), whatIf: entry.whatIf, timeline, layoutKey });
    entry.post(unboundMessage(analysis, entry.document.uri));
    await new Promise((r) => setTimeout(r, 0));
    try {
      await this.sendCost(entry);
    } catch (err) {
      // The graph is still worth showing when the hardware settings are wrong.
      void vscode.window.showErrorMessage(vscode.l10n.t('ONNX NPU Profiler: {0}', errorText(err)));
    }
  }

  private async sendCost(entry: ModelPanel): Promise<void> {
    const analysis = await entry.document.load();
    if (entry.disposed) return;
    const r = costFor(analysis, hardwareFor(entry.whatIf));
    entry.lastCost = r.cost;
    entry.post({ type: 'cost', cost: packJson(r.view), whatIf: entry.whatIf });
    if (entry === this.active) this.changed.fire();
  }

  /**
   * Applies a what-if to a panel as if its side panel had sent it (the SRAM sweep's click): re-costs, recolours
   * and updates the panel's inputs. Resolves when the cost was posted.
   */
  async applyWhatIf(entry: ModelPanel, whatIf: WhatIf): Promise<void> {
    entry.whatIf = whatIf;
    entry.custom = true;
    await this.sendCost(entry);
  }

  /** Every open panel (Profile Model finds the one showing a file). */
  openPanels(): ModelPanel[] {
    return [...this.panels];
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
          void vscode.window.showErrorMessage(vscode.l10n.t('ONNX NPU Profiler: {0}', errorText(err)));
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

// What the profiling commands work on: the active model editor (its analysis is reused: nothing is read again), the
// active pipeline editor (its folder loaded through the core entry point, cached per document), or a picked file or
// folder. "Active" = the focused custom editor, else the profiler editor focused last (a command run while a chart
// panel has focus still means the editor behind it).
import * as vscode from 'vscode';
import { loadTarget, modelName, type LoadedStage, type LoadedTarget } from '../core/profile';
import type { HardwareConfig } from '../core/cost/hardware';
import { dimBindings, hardwareFor, pipelineOptions } from './config';
import type { ModelEditorProvider, ModelPanel } from './modelEditor/provider';
import type { PipelineDocument, PipelineEditorProvider, PipelinePanel } from './pipelineEditor/provider';
import type { OpenModelSource } from './modelSource';
import { uriFiles } from './profileFiles';
import { baseName, parentUri } from './workspaceFiles';

export interface ProfilerTarget {
  kind: 'model' | 'pipeline';
  uri: vscode.Uri;
  /** File or folder name for titles. */
  label: string;
  loaded: LoadedTarget;
  /** The hardware the editor shows now (its what-if), or the settings'. */
  hardware: HardwareConfig;
  modelPanel?: ModelPanel;
  pipelinePanel?: PipelinePanel;
}

const TEXT = {
  pickTitle: vscode.l10n.t('ONNX NPU Profiler: profile which model or pipeline?'),
  openModel: vscode.l10n.t('Open an .onnx file…'),
  openFolder: vscode.l10n.t('Open a pipeline folder…'),
  noTarget: vscode.l10n.t('ONNX NPU Profiler: open a model or pipeline in the ONNX NPU Profiler editor, or pick one.'),
};

export class Targets {
  /** Which kind of editor had focus last. */
  private last: 'model' | 'pipeline' | undefined;
  private pipelineCache = new WeakMap<PipelineDocument, Promise<LoadedTarget>>();

  constructor(
    private readonly models: ModelEditorProvider,
    private readonly pipelines: PipelineEditorProvider,
    private readonly open: OpenModelSource,
    subscriptions: vscode.Disposable[],
  ) {
    subscriptions.push(
      models.onDidChange(() => models.activePanel() && (this.last = 'model')),
      pipelines.onDidChange(() => pipelines.activePanel() && (this.last = 'pipeline')),
    );
  }

  /** The editor target, without asking: the focused custom editor, else the last focused one. */
  async active(): Promise<ProfilerTarget | undefined> {
    const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    const model = this.models.activePanel();
    const pipeline = this.pipelines.activePanel();
    const focused = input instanceof vscode.TabInputCustom ? input.uri.toString() : undefined;
    if (model && focused === model.document.uri.toString()) return this.fromModel(model);
    if (pipeline && focused === pipeline.document.uri.toString()) return this.fromPipeline(pipeline);
    if (this.last === 'pipeline' && pipeline) return this.fromPipeline(pipeline);
    if (model) return this.fromModel(model);
    if (pipeline) return this.fromPipeline(pipeline);
    return undefined;
  }

  /** The active target, or (when none, or `ask`) a quick pick: an .onnx file or a pipeline folder. */
  async activeOrPick(uri?: vscode.Uri): Promise<ProfilerTarget | undefined> {
    if (uri) return this.fromUri(uri);
    const active = await this.active();
    if (active) return active;
    const choice = await vscode.window.showQuickPick([TEXT.openModel, TEXT.openFolder], { title: TEXT.pickTitle });
    if (!choice) return undefined;
    const picked = await vscode.window.showOpenDialog(
      choice === TEXT.openModel
        ? { canSelectMany: false, filters: { [vscode.l10n.t('ONNX models')]: ['onnx'] }, openLabel: vscode.l10n.t('Profile') }
        : { canSelectMany: false, canSelectFolders: true, canSelectFiles: false, openLabel: vscode.l10n.t('Profile') },
    );
    return picked?.[0] ? this.fromUri(picked[0]) : undefined;
  }

  /** A file or folder, loaded through the core entry point (a model_index.json or a folder = a pipeline). */
  async fromUri(uri: vscode.Uri, token?: vscode.CancellationToken): Promise<ProfilerTarget> {
    const files = uriFiles(this.open);
    const loaded = await loadTarget(files, uri.toString(), {
      bindings: { dims: dimBindings() },
      pipeline: pipelineOptions(),
      keepBrokenStages: true,
      mark: () => {
        if (token?.isCancellationRequested) throw new vscode.CancellationError();
      },
    });
    const isPipeline = loaded.target.kind === 'pipeline';
    const label = isPipeline ? baseName(uri.path.endsWith('/model_index.json') ? parentUri(uri) : uri) : baseName(uri);
    return { kind: loaded.target.kind, uri, label, loaded, hardware: hardwareFor() };
  }

  fromModel(panel: ModelPanel): Promise<ProfilerTarget> {
    return panel.document.load().then((a) => {
      const files = uriFiles(this.open);
      const path = panel.document.uri.toString();
      const stage: LoadedStage = {
        ok: true,
        name: modelName(files, path),
        runsPerImage: 1,
        path,
        model: a.model,
        shapes: a.shapes,
        prepared: a.prepared,
        bindings: {},
      };
      return {
        kind: 'model' as const,
        uri: panel.document.uri,
        label: baseName(panel.document.uri),
        loaded: { target: { kind: 'model' as const, path }, stages: [stage], all: [stage], notes: [] },
        hardware: hardwareFor(panel.whatIf),
        modelPanel: panel,
      };
    });
  }

  async fromPipeline(panel: PipelinePanel): Promise<ProfilerTarget> {
    const doc = panel.document;
    let loaded = this.pipelineCache.get(doc);
    if (!loaded) {
      loaded = this.fromUri(doc.uri).then((t) => t.loaded);
      this.pipelineCache.set(doc, loaded);
      loaded.catch(() => this.pipelineCache.delete(doc));
    }
    return { kind: 'pipeline', uri: doc.uri, label: baseName(doc.folder), loaded: await loaded, hardware: hardwareFor(panel.whatIf), pipelinePanel: panel };
  }

  /** Settings that change shapes make cached pipeline loads stale. */
  forgetPipelines(): void {
    // WeakMap has no clear(): a fresh one drops every entry.
    this.pipelineCache = new WeakMap();
  }

  static readonly noTargetMessage = TEXT.noTarget;
}

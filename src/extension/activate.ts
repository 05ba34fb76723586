// Shared activation for the Node and the web extension host: everything reads files through
// vscode.workspace.fs, so both hosts run the same code.
import * as vscode from 'vscode';
import { COMMANDS, registerCommands } from './commands';
import { affects } from './config';
import { ModelEditorProvider } from './modelEditor/provider';
import { PipelineEditorProvider } from './pipelineEditor/provider';
import type { OpenModelSource } from './modelSource';
import { createLog } from './log';
import { ProfilerStatusBar } from './statusBar';
import { onDidChangeHardwareFiles, watchHardwareFiles } from './hardwareFiles';
import { Targets } from './targets';
import type { ProfilingCommands } from './profilingCommands';
import { ChartPanel, type PanelKind } from './panels/chartPanel';

export interface ExtensionApi {
  model: ModelEditorProvider;
  pipeline: PipelineEditorProvider;
  statusBar: ProfilerStatusBar;
  profiling: ProfilingCommands;
  /** Resolves when the first scan for *.npuhw.json files is done. */
  hardwareFilesReady: Promise<void>;
  /** The open profiling panel of a kind (tests: the test bundle has its own copy of the module). */
  chartPanel(kind: PanelKind): ChartPanel | undefined;
}

/** What differs between the Node and the web extension host. */
export interface Platform {
  openModel: OpenModelSource;
}

export function activateExtension(context: vscode.ExtensionContext, platform: Platform): ExtensionApi {
  createLog(context);
  const model = ModelEditorProvider.register(context, platform.openModel);
  const pipeline = PipelineEditorProvider.register(context, platform.openModel);
  const hardwareFilesReady = watchHardwareFiles(context);
  const targets = new Targets(model, pipeline, platform.openModel, context.subscriptions);
  const profiling = registerCommands(context, { models: model, pipelines: pipeline, targets, hardwareFilesReady });
  const statusBar = new ProfilerStatusBar(model, pipeline, COMMANDS.selectHardwarePreset);
  context.subscriptions.push(
    statusBar,
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      const what = affects(e);
      if (what.shapes) {
        targets.forgetPipelines();
        await Promise.all([model.shapesChanged(), pipeline.shapesChanged()]);
      } else if (what.hardware) await Promise.all([model.hardwareChanged(), pipeline.hardwareChanged()]);
    }),
    // An edited hardware file re-costs editors that use it (and refreshes their pickers' lists).
    onDidChangeHardwareFiles(() => void Promise.all([model.hardwareChanged(), pipeline.hardwareChanged()])),
  );
  return { model, pipeline, statusBar, profiling, hardwareFilesReady, chartPanel: (kind) => ChartPanel.current(kind) };
}

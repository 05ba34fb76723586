// Shared activation for the Node and the web extension host: everything reads files through
// vscode.workspace.fs, so both hosts run the same code.
import * as vscode from 'vscode';
import { registerCommands } from './commands';
import { affects } from './config';
import { ModelEditorProvider } from './modelEditor/provider';
import { PipelineEditorProvider } from './pipelineEditor/provider';
import type { OpenModelSource } from './modelSource';

export interface ExtensionApi {
  model: ModelEditorProvider;
  pipeline: PipelineEditorProvider;
}

/** What differs between the Node and the web extension host. */
export interface Platform {
  openModel: OpenModelSource;
}

export function activateExtension(context: vscode.ExtensionContext, platform: Platform): ExtensionApi {
  const model = ModelEditorProvider.register(context, platform.openModel);
  const pipeline = PipelineEditorProvider.register(context, platform.openModel);
  registerCommands(context, model);
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      const what = affects(e);
      if (what.shapes) await Promise.all([model.shapesChanged(), pipeline.shapesChanged()]);
      else if (what.hardware) await Promise.all([model.hardwareChanged(), pipeline.hardwareChanged()]);
    }),
  );
  return { model, pipeline };
}

// Shared activation for the Node and the web extension host: everything reads files through
// vscode.workspace.fs, so both hosts run the same code.
import * as vscode from 'vscode';
import { registerCommands } from './commands';
import { affects } from './config';
import { ModelEditorProvider } from './modelEditor/provider';
import { PipelineEditorProvider } from './pipelineEditor/provider';

export interface ExtensionApi {
  model: ModelEditorProvider;
  pipeline: PipelineEditorProvider;
}

export function activateExtension(context: vscode.ExtensionContext): ExtensionApi {
  const model = ModelEditorProvider.register(context);
  const pipeline = PipelineEditorProvider.register(context);
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

// Palette commands. Each accepts an optional Uri argument (explorer context menu, tests, other
// extensions) and otherwise asks with an open dialog.
import * as vscode from 'vscode';
import { MODEL_VIEW_TYPE } from './modelEditor/provider';
import { PIPELINE_VIEW_TYPE } from './pipelineEditor/provider';

export const COMMANDS = {
  openModel: 'onnxNpuProfiler.openModel',
  openPipeline: 'onnxNpuProfiler.openPipeline',
} as const;

export function registerCommands(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.openModel, openModel),
    vscode.commands.registerCommand(COMMANDS.openPipeline, openPipeline),
  );
}

async function openModel(uri?: vscode.Uri): Promise<boolean> {
  const target =
    uri ??
    (await vscode.window.showOpenDialog({ canSelectMany: false, filters: { 'ONNX models': ['onnx'] }, openLabel: 'Open Model' }))?.[0];
  if (!target) return false;
  await vscode.commands.executeCommand('vscode.openWith', target, MODEL_VIEW_TYPE);
  return true;
}

/** Accepts the pipeline folder or its model_index.json. */
async function openPipeline(uri?: vscode.Uri): Promise<boolean> {
  const picked =
    uri ??
    (await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, openLabel: 'Open Pipeline Folder' }))?.[0];
  if (!picked) return false;
  const index = picked.path.endsWith('/model_index.json') ? picked : vscode.Uri.joinPath(picked, 'model_index.json');
  try {
    await vscode.workspace.fs.stat(index);
  } catch {
    void vscode.window.showErrorMessage(
      `ONNX NPU Profiler: ${picked.path} has no model_index.json — pick a diffusers pipeline folder (text_encoder/, unet/, vae_decoder/).`,
    );
    return false;
  }
  await vscode.commands.executeCommand('vscode.openWith', index, PIPELINE_VIEW_TYPE);
  return true;
}

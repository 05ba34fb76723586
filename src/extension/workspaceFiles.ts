// File access through vscode.workspace.fs (one code path for the Node and the web extension host).
import * as vscode from 'vscode';
import type { ExternalDataAccess } from '../core/onnx/reader';
import { parseModelIndex, pipelineStages, type PipelineStage } from '../core/sd/pipeline';
import { pipelineOptions } from './config';

export function baseName(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}

export function parentUri(uri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(uri, '..');
}

export async function exists(uri: vscode.Uri): Promise<boolean> {
  return vscode.workspace.fs.stat(uri).then(
    () => true,
    () => false,
  );
}

/** External data files are looked up next to the model, sizes only (the reader never needs their bytes). */
export function workspaceExternalData(modelUri: vscode.Uri): ExternalDataAccess {
  const dir = parentUri(modelUri);
  return {
    modelDir: dir.path,
    async fileSize(relPath: string): Promise<number | undefined> {
      try {
        const st = await vscode.workspace.fs.stat(vscode.Uri.joinPath(dir, ...relPath.split('/')));
        return st.type & vscode.FileType.File ? st.size : undefined;
      } catch {
        return undefined;
      }
    },
  };
}

/** The stages of the diffusers pipeline whose model_index.json is given (settings decide steps/guidance). */
export async function readPipeline(indexUri: vscode.Uri): Promise<PipelineStage[]> {
  const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(indexUri));
  return pipelineStages(parseModelIndex(text, indexUri.path), pipelineOptions());
}

/**
 * When a model is a stage of a diffusers pipeline (<folder>/<stage>/model.onnx next to <folder>/model_index.json),
 * that stage's input bindings: the SD UNet opened alone then gets the 64x64 latent the pipeline would feed it.
 */
export async function stageOf(modelUri: vscode.Uri): Promise<PipelineStage | undefined> {
  const stageDir = parentUri(modelUri);
  const index = vscode.Uri.joinPath(stageDir, '..', 'model_index.json');
  if (!(await exists(index))) return undefined;
  try {
    const stages = await readPipeline(index);
    const rel = `${baseName(stageDir)}/${baseName(modelUri)}`;
    return stages.find((s) => s.modelPath === rel);
  } catch {
    return undefined; // a broken model_index.json must not stop the model from opening
  }
}

// A stage of a diffusers pipeline is one of several `model.onnx` files: its editor tab is titled by its
// stage folder (`unet/model.onnx`), so a second tab opened from the pipeline view says which it is.
import type * as vscode from 'vscode';
import { baseName, parentUri, stageOf } from '../workspaceFiles';

export async function stageTabTitle(uri: vscode.Uri): Promise<string | undefined> {
  const stage = await stageOf(uri);
  return stage ? `${baseName(parentUri(uri))}/${baseName(uri)}` : undefined;
}

/** Retitles the panel once the stage lookup answers (the tab shows the file name until then). */
export function titleByStage(panel: vscode.WebviewPanel, uri: vscode.Uri, isDisposed: () => boolean): void {
  void stageTabTitle(uri).then((t) => {
    if (t && !isDisposed()) panel.title = t;
  }, () => undefined);
}

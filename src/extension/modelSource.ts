// Where the editors get a model's bytes. The shared path reads the whole file through
// vscode.workspace.fs (works in both hosts, on any file system provider); the Node host swaps in
// positional reads for local files (main.node.ts) so a multi-GB model is never loaded whole.
import * as vscode from 'vscode';
import { memorySource, type ByteSource } from '../core/onnx/byteSource';
import type { ExternalDataAccess } from '../core/onnx/reader';
import { workspaceExternalData } from './workspaceFiles';

export interface ModelSource {
  source: ByteSource;
  external: ExternalDataAccess;
  close(): Promise<void>;
}

export type OpenModelSource = (uri: vscode.Uri) => Promise<ModelSource>;

export const openWorkspaceModel: OpenModelSource = async (uri) => ({
  source: memorySource(vscode.workspace.asRelativePath(uri), await vscode.workspace.fs.readFile(uri)),
  external: workspaceExternalData(uri),
  close: async () => undefined,
});

// Entry for the desktop (Node) extension host: package.json "main". Same activation as the web host,
// except that local model files are read lazily by positional reads instead of whole.
import * as vscode from 'vscode';
import { dirname } from 'node:path';
import { openFileSource } from '../node/nodeFileSource';
import { nodeExternalDataAccess } from '../node/loadModelFile';
import { activateExtension, type ExtensionApi } from './activate';
import { openWorkspaceModel, type OpenModelSource } from './modelSource';

const openModel: OpenModelSource = async (uri) => {
  if (uri.scheme !== 'file') return openWorkspaceModel(uri);
  const source = await openFileSource(uri.fsPath, { name: vscode.workspace.asRelativePath(uri) });
  return { source, external: nodeExternalDataAccess(dirname(uri.fsPath)), close: () => source.close() };
};

export function activate(context: vscode.ExtensionContext): ExtensionApi {
  return activateExtension(context, { openModel });
}

export function deactivate(): void {}

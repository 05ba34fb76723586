// Entry for the web extension host (vscode.dev, VS Code for the Web, our test workbench): package.json "browser".
import type * as vscode from 'vscode';
import { activateExtension, type ExtensionApi } from './activate';
import { openWorkspaceModel } from './modelSource';

export function activate(context: vscode.ExtensionContext): ExtensionApi {
  return activateExtension(context, { openModel: openWorkspaceModel });
}

export function deactivate(): void {}

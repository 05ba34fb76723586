// Entry for the desktop (Node) extension host: package.json "main".
import type * as vscode from 'vscode';
import { activateExtension, type ExtensionApi } from './activate';

export function activate(context: vscode.ExtensionContext): ExtensionApi {
  return activateExtension(context);
}

export function deactivate(): void {}

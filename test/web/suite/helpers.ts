// Shared helpers for suites running inside the web extension host.
import * as assert from './assert';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../../src/extension/activate';

export const EXTENSION_ID = 'onnx-npu-profiler.onnx-npu-profiler';

export async function api(): Promise<ExtensionApi> {
  const ext = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not installed in the test host`);
  return ext.activate();
}

export function workspaceUri(relative: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test workbench has no folder open');
  return vscode.Uri.joinPath(folder.uri, ...relative.split('/'));
}

/** viewType of the active tab when it is a custom editor, else undefined. */
export function activeCustomEditor(): { viewType: string; uri: vscode.Uri } | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  return input instanceof vscode.TabInputCustom ? { viewType: input.viewType, uri: input.uri } : undefined;
}

/** Polls until fn returns a value (editor opening is asynchronous after the command resolves). */
export async function eventually<T>(fn: () => T | undefined, what: string, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function closeAll(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** Opens a workspace model in the model editor and waits until its webview (real, in the browser) has said `ready` and got a cost. */
export async function openCosted(file: string) {
  const { model } = await api();
  const uri = workspaceUri(file);
  await vscode.commands.executeCommand('vscode.openWith', uri, 'onnxNpuProfiler.model');
  return eventually(() => {
    const p = model.activePanel();
    return p?.lastCost && p.document.uri.toString() === uri.toString() ? p : undefined;
  }, 'the editor to be costed', 30_000);
}

// Bindings typed into the editor's unbound-dims banner, remembered per file in workspace state (and, when
// asked, written to the onnxNpuProfiler.dimBindings setting). The model document applies them on every load.
import * as vscode from 'vscode';
import type { ShapeBindings } from '../../core/shapes/types';
import { unboundDims } from '../../core/shapes/unbound';
import { bannerDims, bindingsFromBanner, withExtraBindings } from '../../core/view/dimBanner';
import type { HostToWebview } from '../../core/view/protocol';
import type { Model } from '../../core/model/graph';
import type { ShapeResult } from '../../core/shapes/types';

const KEY = 'onnxNpuProfiler.bannerBindings';
let memento: vscode.Memento | undefined;

export function initDimBindingsStore(context: vscode.ExtensionContext): void {
  memento = context.workspaceState;
}

function all(): Record<string, ShapeBindings> {
  return memento?.get<Record<string, ShapeBindings>>(KEY, {}) ?? {};
}

export function rememberedBindings(uri: vscode.Uri): ShapeBindings | undefined {
  return all()[uri.toString()];
}

/** The document's bindings with the file's remembered banner bindings on top. */
export function withRemembered(base: ShapeBindings, uri: vscode.Uri): ShapeBindings {
  return withExtraBindings(base, rememberedBindings(uri));
}

/** The `unboundDims` message for a fresh analysis (an empty list hides the banner). */
export function unboundMessage(analysis: { model: Model; shapes: ShapeResult }, uri: vscode.Uri): HostToWebview {
  const r = rememberedBindings(uri);
  const bound: Record<string, number> = { ...(r?.dims ?? {}) };
  return { type: 'unboundDims', dims: bannerDims(unboundDims(analysis.model, analysis.shapes)), bound };
}

/**
 * Applies the banner: remembers the bindings for the file (merged with earlier ones) and, with `setting`,
 * adds the named dims to onnxNpuProfiler.dimBindings in the workspace (that change re-analyses every open
 * model through the configuration listener). Returns whether the caller must re-analyse this document itself.
 */
export async function applyBanner(uri: vscode.Uri, analysis: { model: Model; shapes: ShapeResult }, values: Record<string, number>, setting: boolean): Promise<boolean> {
  const fresh = bindingsFromBanner(unboundDims(analysis.model, analysis.shapes), values);
  const next = { ...all(), [uri.toString()]: withExtraBindings(rememberedBindings(uri) ?? {}, fresh) };
  await memento?.update(KEY, next);
  if (setting && fresh.dims) {
    const cfg = vscode.workspace.getConfiguration('onnxNpuProfiler');
    const current = cfg.get<Record<string, number>>('dimBindings', {});
    const target = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
    await cfg.update('dimBindings', { ...current, ...fresh.dims }, target);
    return false;
  }
  return true;
}

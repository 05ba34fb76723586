// Palette commands. Each accepts optional arguments (explorer context menu, tests, other extensions)
// and otherwise asks with a dialog or a quick pick.
import * as vscode from 'vscode';
import { PRESETS, describeHardware } from '../core/cost/hardware';
import { formatBytes } from '../core/cost/units';
import { SECTION, presetSetting } from './config';
import { MODEL_VIEW_TYPE, type ModelEditorProvider } from './modelEditor/provider';
import { PIPELINE_VIEW_TYPE } from './pipelineEditor/provider';
import { reportCsv, reportJson } from './report';
import { baseName, exists, parentUri } from './workspaceFiles';

export const COMMANDS = {
  openModel: 'onnxNpuProfiler.openModel',
  openPipeline: 'onnxNpuProfiler.openPipeline',
  selectHardwarePreset: 'onnxNpuProfiler.selectHardwarePreset',
  showSpillingLayers: 'onnxNpuProfiler.showSpillingLayers',
  exportReport: 'onnxNpuProfiler.exportReport',
  openBundledSample: 'onnxNpuProfiler.openBundledSample',
} as const;

/** The SD 1.5 pipeline the VSIX ships (.vscodeignore allows samples/sd15/**), relative to the extension folder. */
export const BUNDLED_SAMPLE_INDEX = ['samples', 'sd15', 'model_index.json'] as const;

export function registerCommands(context: vscode.ExtensionContext, models: ModelEditorProvider): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.openModel, openModel),
    vscode.commands.registerCommand(COMMANDS.openPipeline, openPipeline),
    vscode.commands.registerCommand(COMMANDS.selectHardwarePreset, selectHardwarePreset),
    vscode.commands.registerCommand(COMMANDS.showSpillingLayers, (pick?: string) => showSpillingLayers(models, pick)),
    vscode.commands.registerCommand(COMMANDS.exportReport, (format?: 'json' | 'csv', target?: vscode.Uri) => exportReport(models, format, target)),
    vscode.commands.registerCommand(COMMANDS.openBundledSample, () => openBundledSample(context.extensionUri)),
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

/**
 * Accepts the pipeline folder or its model_index.json. A folder that holds pipelines one level down
 * (e.g. samples/ with sd15/) opens the one it holds, or asks which when there are several.
 */
async function openPipeline(uri?: vscode.Uri): Promise<boolean> {
  const picked =
    uri ??
    (await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, openLabel: 'Open Pipeline Folder' }))?.[0];
  if (!picked) return false;
  const index = picked.path.endsWith('/model_index.json') ? picked : await findModelIndex(picked);
  if (!index) {
    void vscode.window.showErrorMessage(
      `ONNX NPU Profiler: ${picked.path} has no model_index.json — pick a diffusers pipeline folder (text_encoder/, unet/, vae_decoder/).`,
    );
    return false;
  }
  await vscode.commands.executeCommand('vscode.openWith', index, PIPELINE_VIEW_TYPE);
  return true;
}

/**
 * Opens the bundled SD 1.5 pipeline straight from the extension folder (a file: path in desktop VS Code, an
 * http(s) URL in the web host; both are read through vscode.workspace.fs), so no clone or workspace is needed.
 * Resolves with the model_index.json it opened.
 */
async function openBundledSample(extensionUri: vscode.Uri): Promise<vscode.Uri | undefined> {
  const index = vscode.Uri.joinPath(extensionUri, ...BUNDLED_SAMPLE_INDEX);
  // Web hosts fake stat() for http(s) (always "a file"), so read the file: that is what the editor needs anyway.
  try {
    await vscode.workspace.fs.readFile(index);
  } catch (err) {
    void vscode.window.showErrorMessage(
      `ONNX NPU Profiler: the bundled sample ${index.toString(true)} cannot be read (${err instanceof Error ? err.message : String(err)}); reinstall the extension.`,
    );
    return undefined;
  }
  await vscode.commands.executeCommand('vscode.openWith', index, PIPELINE_VIEW_TYPE);
  return index;
}

async function findModelIndex(folder: vscode.Uri): Promise<vscode.Uri | undefined> {
  const direct = vscode.Uri.joinPath(folder, 'model_index.json');
  if (await exists(direct)) return direct;
  let entries: [string, vscode.FileType][] = [];
  try {
    entries = await vscode.workspace.fs.readDirectory(folder);
  } catch {
    return undefined;
  }
  const found: vscode.Uri[] = [];
  for (const [name, type] of entries) {
    const candidate = vscode.Uri.joinPath(folder, name, 'model_index.json');
    if (type & vscode.FileType.Directory && (await exists(candidate))) found.push(candidate);
  }
  if (found.length <= 1) return found[0];
  const choice = await vscode.window.showQuickPick(
    found.map((u) => ({ label: baseName(parentUri(u)), uri: u })),
    { title: 'Which pipeline?' },
  );
  return choice?.uri;
}

/** Quick pick of the presets with their MACs, clock, SRAM and bandwidth; writes the setting (open editors follow). */
async function selectHardwarePreset(id?: string): Promise<string | undefined> {
  const current = presetSetting();
  const chosen =
    id ??
    (
      await vscode.window.showQuickPick(
        Object.entries(PRESETS).map(([presetId, p]) => ({
          label: presetId,
          description: `${describeHardware(p.config)}${presetId === current ? '  (current)' : ''}`,
          detail: p.source,
          id: presetId,
        })),
        { title: 'ONNX NPU Profiler: hardware preset', placeHolder: 'NPU to estimate for', matchOnDescription: true },
      )
    )?.id;
  if (!chosen) return undefined;
  if (!PRESETS[chosen]) {
    void vscode.window.showErrorMessage(`ONNX NPU Profiler: unknown preset '${chosen}' (known: ${Object.keys(PRESETS).join(', ')})`);
    return undefined;
  }
  const target = vscode.workspace.workspaceFolders ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await vscode.workspace.getConfiguration(SECTION).update('hardwarePreset', chosen, target);
  return chosen;
}

/**
 * Spilling layers of the active model editor, slowest first, with the reason; choosing one reveals it.
 * `pick` (a layer name) selects without the quick pick. Resolves with the revealed node index.
 */
async function showSpillingLayers(models: ModelEditorProvider, pick?: string): Promise<number | undefined> {
  const entry = models.activePanel();
  if (!entry?.lastCost) {
    void vscode.window.showInformationMessage('ONNX NPU Profiler: open a model in the ONNX NPU Profiler editor first.');
    return undefined;
  }
  const spills = entry.lastCost.layers.filter((l) => l.spill).sort((a, b) => b.latencyMs - a.latencyMs);
  if (spills.length === 0) {
    void vscode.window.showInformationMessage(`ONNX NPU Profiler: no layer of ${baseName(entry.document.uri)} spills on ${entry.lastCost.hardware}.`);
    return undefined;
  }
  const items = spills.map((l) => ({
    label: l.name,
    description: `${l.opType} · ${l.latencyMs.toFixed(2)} ms · SRAM ${formatBytes(l.sramUsageBytes)}`,
    detail: l.spillReason,
    nodeIndex: l.nodeIndex,
  }));
  const chosen =
    pick !== undefined
      ? items.find((i) => i.label === pick)
      : await vscode.window.showQuickPick(items, {
          title: `${spills.length} spilling layer(s) in ${baseName(entry.document.uri)}`,
          matchOnDescription: true,
          matchOnDetail: true,
        });
  if (!chosen) return undefined;
  models.reveal(entry, chosen.nodeIndex);
  return chosen.nodeIndex;
}

/** Writes the active editor's per-layer cost as JSON or CSV next to the model (or where the user says). */
async function exportReport(models: ModelEditorProvider, format?: 'json' | 'csv', target?: vscode.Uri): Promise<vscode.Uri | undefined> {
  const entry = models.activePanel();
  if (!entry?.lastCost) {
    void vscode.window.showInformationMessage('ONNX NPU Profiler: open a model in the ONNX NPU Profiler editor first.');
    return undefined;
  }
  const fmt =
    format ??
    ((await vscode.window.showQuickPick(['json', 'csv'], { title: 'Report format' })) as 'json' | 'csv' | undefined);
  if (fmt !== 'json' && fmt !== 'csv') return undefined;
  const stem = baseName(entry.document.uri).replace(/\.onnx$/i, '');
  const suggested = vscode.Uri.joinPath(parentUri(entry.document.uri), `${stem}.npu-profile.${fmt}`);
  const uri = target ?? (await vscode.window.showSaveDialog({ defaultUri: suggested, filters: { [fmt.toUpperCase()]: [fmt] } }));
  if (!uri) return undefined;
  const text = fmt === 'json' ? reportJson(entry.lastCost) : reportCsv(entry.lastCost);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  void vscode.window.showInformationMessage(`ONNX NPU Profiler: wrote ${vscode.workspace.asRelativePath(uri)}`);
  return uri;
}

// Palette commands. Each accepts optional arguments (explorer context menu, tests, other extensions)
// and otherwise asks with a dialog or a quick pick.
import * as vscode from 'vscode';
import { profileRun, sweepSram } from '../core/profile';
import { formatBytes } from '../core/cost/units';
import { formatMs } from '../core/view/format';
import { adviceText } from '../core/report/data';
import { MODEL_VIEW_TYPE, errorText, type ModelEditorProvider } from './modelEditor/provider';
import { PIPELINE_VIEW_TYPE, type PipelineEditorProvider } from './pipelineEditor/provider';
import { FORMATS_WITH_SWEEP, REPORT_LABELS, availableFormats, renderReport, type ReportFormat } from './report';
import { baseName, exists, parentUri } from './workspaceFiles';
import { editHardwareConfig, selectHardwarePreset } from './hardwareCommands';
import { DEFAULT_SWEEP_RANGE, ProfilingCommands, parseSweepInput } from './profilingCommands';
import { Targets } from './targets';
import { log } from './log';

/** Sizes of the sweep an HTML or Markdown report shows. */
const REPORT_SWEEP_POINTS = 16;

export const COMMANDS = {
  openModel: 'onnxNpuProfiler.openModel',
  openPipeline: 'onnxNpuProfiler.openPipeline',
  selectHardwarePreset: 'onnxNpuProfiler.selectHardwarePreset',
  showSpillingLayers: 'onnxNpuProfiler.showSpillingLayers',
  exportReport: 'onnxNpuProfiler.exportReport',
  openBundledSample: 'onnxNpuProfiler.openBundledSample',
  profileModel: 'onnxNpuProfiler.profileModel',
  sweepSram: 'onnxNpuProfiler.sweepSram',
  showRoofline: 'onnxNpuProfiler.showRoofline',
  compareHardware: 'onnxNpuProfiler.compareHardware',
  editHardwareConfig: 'onnxNpuProfiler.editHardwareConfig',
  showLog: 'onnxNpuProfiler.showLog',
} as const;

/** The SD 1.5 pipeline the VSIX ships (.vscodeignore allows samples/sd15/**), relative to the extension folder. */
export const BUNDLED_SAMPLE_INDEX = ['samples', 'sd15', 'model_index.json'] as const;

export interface CommandDeps {
  models: ModelEditorProvider;
  pipelines: PipelineEditorProvider;
  targets: Targets;
  /** Resolves when the first scan for *.npuhw.json files is done. */
  hardwareFilesReady: Promise<void>;
}

export function registerCommands(context: vscode.ExtensionContext, deps: CommandDeps): ProfilingCommands {
  const { models, pipelines, targets, hardwareFilesReady } = deps;
  const profiling = new ProfilingCommands(context.extensionUri, models, pipelines, targets);
  context.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.openModel, openModel),
    vscode.commands.registerCommand(COMMANDS.openPipeline, openPipeline),
    vscode.commands.registerCommand(COMMANDS.selectHardwarePreset, (id?: string) => selectHardwarePreset(hardwareFilesReady, id)),
    vscode.commands.registerCommand(COMMANDS.editHardwareConfig, (uri?: vscode.Uri) => editHardwareConfig(context.extensionUri, hardwareFilesReady, uri)),
    vscode.commands.registerCommand(COMMANDS.showSpillingLayers, (pick?: string) => showSpillingLayers(models, pick)),
    vscode.commands.registerCommand(COMMANDS.exportReport, (format?: ReportFormat, target?: vscode.Uri, source?: vscode.Uri) => exportReport(targets, format, target, source)),
    vscode.commands.registerCommand(COMMANDS.openBundledSample, () => openBundledSample(context.extensionUri)),
    vscode.commands.registerCommand(COMMANDS.profileModel, (uri?: vscode.Uri) => profiling.profileModel(uri)),
    vscode.commands.registerCommand(COMMANDS.sweepSram, (range?: string, uri?: vscode.Uri) => profiling.sweep(range, uri)),
    vscode.commands.registerCommand(COMMANDS.showRoofline, (uri?: vscode.Uri) => profiling.roofline(uri)),
    vscode.commands.registerCommand(COMMANDS.compareHardware, (a?: string, b?: string, uri?: vscode.Uri) => profiling.compare(a, b, uri)),
    vscode.commands.registerCommand(COMMANDS.showLog, () => log.show()),
  );
  return profiling;
}

async function openModel(uri?: vscode.Uri): Promise<boolean> {
  const target =
    uri ??
    (await vscode.window.showOpenDialog({ canSelectMany: false, filters: { [vscode.l10n.t('ONNX models')]: ['onnx'] }, openLabel: vscode.l10n.t('Open Model') }))?.[0];
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
    (await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, openLabel: vscode.l10n.t('Open Pipeline Folder') }))?.[0];
  if (!picked) return false;
  const index = picked.path.endsWith('/model_index.json') ? picked : await findModelIndex(picked);
  if (!index) {
    void vscode.window.showErrorMessage(
      vscode.l10n.t('ONNX NPU Profiler: {0} has no model_index.json — pick a diffusers pipeline folder (text_encoder/, unet/, vae_decoder/).', picked.path),
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
      vscode.l10n.t('ONNX NPU Profiler: the bundled sample {0} cannot be read ({1}); reinstall the extension.', index.toString(true), err instanceof Error ? err.message : String(err)),
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
    { title: vscode.l10n.t('Which pipeline?') },
  );
  return choice?.uri;
}

/**
 * Spilling layers of the active model editor, slowest first, with the reason; choosing one reveals it.
 * `pick` (a layer name) selects without the quick pick. Resolves with the revealed node index.
 */
async function showSpillingLayers(models: ModelEditorProvider, pick?: string): Promise<number | undefined> {
  const entry = models.activePanel();
  if (!entry?.lastCost) {
    void vscode.window.showInformationMessage(vscode.l10n.t('ONNX NPU Profiler: open a model in the ONNX NPU Profiler editor first.'));
    return undefined;
  }
  const spills = entry.lastCost.layers.filter((l) => l.spill).sort((a, b) => b.latencyMs - a.latencyMs);
  if (spills.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('ONNX NPU Profiler: no layer of {0} spills on {1}.', baseName(entry.document.uri), entry.lastCost.hardware));
    return undefined;
  }
  const items = spills.map((l) => ({
    label: l.name,
    description: [
      l.opType,
      formatMs(l.latencyMs),
      vscode.l10n.t('SRAM {0}', formatBytes(l.sramUsageBytes)),
      ...(l.spillKind ? [l.spillKind === 'capacity' ? vscode.l10n.t('capacity spill (the tensor alone exceeds the SRAM)') : vscode.l10n.t('pressure spill (other live tensors push it out)')] : []),
    ].join(' · '),
    // The spill advisor's fields when the engine filled them: the SRAM at which it stays resident and what that saves.
    detail: [l.spillReason, adviceText(l)].filter(Boolean).join(' — '),
    nodeIndex: l.nodeIndex,
  }));
  const chosen =
    pick !== undefined
      ? items.find((i) => i.label === pick)
      : await vscode.window.showQuickPick(items, {
          title: vscode.l10n.t('{0} spilling layer(s) in {1}', spills.length, baseName(entry.document.uri)),
          matchOnDescription: true,
          matchOnDetail: true,
        });
  if (!chosen) return undefined;
  models.reveal(entry, chosen.nodeIndex);
  return chosen.nodeIndex;
}

/**
 * Export Profile Report…: JSON, CSV, Markdown or HTML of the active model or pipeline (or `source`, or a picked one),
 * written next to it or where the user says (`target`). Resolves with the written file.
 */
async function exportReport(targets: Targets, format?: ReportFormat, target?: vscode.Uri, source?: vscode.Uri): Promise<vscode.Uri | undefined> {
  let t;
  try {
    t = await targets.activeOrPick(source);
  } catch (err) {
    void vscode.window.showErrorMessage(vscode.l10n.t('ONNX NPU Profiler: {0}', errorText(err)));
    return undefined;
  }
  if (!t) {
    void vscode.window.showInformationMessage(Targets.noTargetMessage);
    return undefined;
  }
  const formats = availableFormats();
  const fmt =
    format ??
    (await vscode.window.showQuickPick(formats.map((f) => ({ label: f, description: REPORT_LABELS[f], f })), { title: vscode.l10n.t('Report format') }))?.f;
  if (!fmt || !formats.includes(fmt)) return undefined;
  const dir = t.kind === 'pipeline' && !t.uri.path.endsWith('/model_index.json') ? t.uri : parentUri(t.uri);
  const stem = t.kind === 'pipeline' ? baseName(dir) : baseName(t.uri).replace(/\.onnx$/i, '');
  const suggested = vscode.Uri.joinPath(t.kind === 'pipeline' ? dir : parentUri(t.uri), `${stem}.npu-profile.${fmt}`);
  const uri = target ?? (await vscode.window.showSaveDialog({ defaultUri: suggested, filters: { [fmt.toUpperCase()]: [fmt] } }));
  if (!uri) return undefined;
  const { profile } = profileRun(t.loaded, t.hardware);
  const sweep = FORMATS_WITH_SWEEP.includes(fmt) ? sweepSram(t.loaded, t.hardware, parseSweepInput(`${DEFAULT_SWEEP_RANGE} ${REPORT_SWEEP_POINTS}`)) : undefined;
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(renderReport(fmt, { profile, sweep })));
  log.info(`wrote ${fmt} report of ${t.label} to ${uri.toString(true)}`);
  void vscode.window.showInformationMessage(vscode.l10n.t('ONNX NPU Profiler: wrote {0}', vscode.workspace.asRelativePath(uri)));
  return uri;
}

// Select Hardware Preset (presets and the workspace's *.npuhw.json files) and Edit Hardware Config (creates or opens a
// *.npuhw.json starting from the active preset, with a $schema; VS Code validates it through the jsonValidation
// contribution with the engine's own schema, src/core/cost/hardware.schema.json).
import * as vscode from 'vscode';
import { PRESETS, describeHardware } from '../core/cost/hardware';
import { SECTION, presetSetting } from './config';
import { describeHardwareFile, hardwareFileFor, hardwareFileId, hardwareFiles, isHardwareFileId, loadHardwareFile } from './hardwareFiles';
import { exists } from './workspaceFiles';

const TEXT = {
  pickTitle: vscode.l10n.t('ONNX NPU Profiler: hardware preset'),
  pickPlaceholder: vscode.l10n.t('NPU to estimate for (presets, then *.npuhw.json files in the workspace)'),
  current: vscode.l10n.t('  (current)'),
  filesSeparator: vscode.l10n.t('Hardware files (*.npuhw.json)'),
  unknown: (id: string) => vscode.l10n.t("ONNX NPU Profiler: unknown preset '{0}' (known: {1}, or a *.npuhw.json in the workspace)", id, Object.keys(PRESETS).join(', ')),
  invalidFile: (path: string, why: string) => vscode.l10n.t('ONNX NPU Profiler: {0} is not a valid hardware file: {1}', path, why),
  noFolder: vscode.l10n.t('Save the hardware file'),
};

/** The schema the extension ships: `$schema` of the files it writes (the jsonValidation contribution names the same file). */
export function schemaUri(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'src', 'core', 'cost', 'hardware.schema.json');
}

function configTarget(): vscode.ConfigurationTarget {
  return vscode.workspace.workspaceFolders ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
}

/**
 * Quick pick of the presets (MACs, clock, SRAM, bandwidth) and the workspace's hardware files; writes the settings
 * (a preset clears onnxNpuProfiler.hardwareFile) and open editors follow. `id`: a preset, an `npuhw:` id or a
 * workspace-relative *.npuhw.json path, without the quick pick. Resolves with the id chosen.
 */
export async function selectHardwarePreset(ready: Promise<void>, id?: string): Promise<string | undefined> {
  await ready;
  let current: string | undefined;
  try {
    current = presetSetting();
  } catch {
    current = undefined;
  }
  const chosen = id ?? (await pickHardware(current));
  if (!chosen) return undefined;
  const config = vscode.workspace.getConfiguration(SECTION);
  if (PRESETS[chosen]) {
    await config.update('hardwareFile', undefined, configTarget());
    await config.update('hardwarePreset', chosen, configTarget());
    return chosen;
  }
  const file = hardwareFileFor(chosen) ?? (/\.npuhw\.json$/i.test(chosen) ? await loadWorkspaceFile(chosen) : undefined);
  if (!file) {
    void vscode.window.showErrorMessage(TEXT.unknown(chosen));
    return undefined;
  }
  if (file.problem) {
    void vscode.window.showErrorMessage(TEXT.invalidFile(vscode.workspace.asRelativePath(file.uri), file.problem));
    return undefined;
  }
  await config.update('hardwareFile', vscode.workspace.asRelativePath(file.uri, false), configTarget());
  return hardwareFileId(file.uri);
}

async function loadWorkspaceFile(rel: string) {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) return undefined;
  const uri = vscode.Uri.joinPath(folder.uri, ...rel.split('/'));
  return (await exists(uri)) ? loadHardwareFile(uri) : undefined;
}

async function pickHardware(current: string | undefined): Promise<string | undefined> {
  type Item = vscode.QuickPickItem & { id?: string };
  const items: Item[] = Object.entries(PRESETS).map(([presetId, p]) => ({
    label: presetId,
    description: `${describeHardware(p.config)}${presetId === current ? TEXT.current : ''}`,
    detail: p.source,
    id: presetId,
  }));
  const files = hardwareFiles();
  if (files.length) {
    items.push({ label: TEXT.filesSeparator, kind: vscode.QuickPickItemKind.Separator });
    for (const f of files) {
      const fid = hardwareFileId(f.uri);
      items.push({
        label: vscode.workspace.asRelativePath(f.uri),
        description: `${describeHardwareFile(f)}${fid === current ? TEXT.current : ''}`,
        id: fid,
      });
    }
  }
  const picked = await vscode.window.showQuickPick(items, { title: TEXT.pickTitle, placeHolder: TEXT.pickPlaceholder, matchOnDescription: true });
  return picked?.id;
}

/** The text of a new hardware file: the active preset's fields, every one editable, with the schema. */
export function hardwareFileText(schema: string, presetId: string): string {
  const p = PRESETS[presetId] ?? PRESETS['expedera-8k'];
  const { name: _name, ...fields } = p.config;
  return JSON.stringify({ $schema: schema, name: `${presetId}-custom`, ...fields }, null, 2) + '\n';
}

/**
 * Opens the active hardware file, or creates `<preset>.npuhw.json` in the first workspace folder (asks where when
 * there is none) from the active preset and opens it in the JSON editor. Resolves with the file's URI.
 */
export async function editHardwareConfig(extensionUri: vscode.Uri, ready: Promise<void>, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
  await ready;
  let active: string;
  try {
    active = presetSetting();
  } catch {
    active = 'expedera-8k';
  }
  let uri = target;
  if (!uri && isHardwareFileId(active)) uri = hardwareFileFor(active)?.uri;
  const presetId = isHardwareFileId(active) ? 'expedera-8k' : active;
  if (!uri) {
    const folder = vscode.workspace.workspaceFolders?.[0];
    const suggested = folder ? vscode.Uri.joinPath(folder.uri, `${presetId}.npuhw.json`) : undefined;
    uri = suggested ?? (await vscode.window.showSaveDialog({ title: TEXT.noFolder, filters: { [vscode.l10n.t('NPU hardware')]: ['npuhw.json'] } }));
  }
  if (!uri) return undefined;
  if (!(await exists(uri))) {
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(hardwareFileText(schemaUri(extensionUri).toString(), presetId)));
    await loadHardwareFile(uri);
  }
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc, { preview: false });
  return uri;
}

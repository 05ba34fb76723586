// *.npuhw.json hardware files in the workspace: found at activation, kept up to date by a file watcher, parsed and
// validated with the cost engine's schema rules (validateHardware). They appear in Select Hardware Preset and in the
// editors' hardware pickers as `npuhw:<uri>` ids; onnxNpuProfiler.hardwareFile selects one for every editor.
import * as vscode from 'vscode';
import { describeHardware, validateHardware, type HardwareConfig } from '../core/cost/hardware';
import { log } from './log';

export const HARDWARE_FILE_GLOB = '**/*.npuhw.json';
export const HARDWARE_FILE_PREFIX = 'npuhw:';

export interface HardwareFile {
  uri: vscode.Uri;
  /** The file's JSON as written (validated again with the settings' overrides on top). */
  json?: Record<string, unknown>;
  /** The validated config, or why the file cannot be used. */
  config?: HardwareConfig;
  problem?: string;
}

const files = new Map<string, HardwareFile>();
const changed = new vscode.EventEmitter<void>();
/** Fires when a hardware file is added, changed or deleted. */
export const onDidChangeHardwareFiles = changed.event;

export function hardwareFileId(uri: vscode.Uri): string {
  return HARDWARE_FILE_PREFIX + uri.toString();
}

export function isHardwareFileId(id: string): boolean {
  return id.startsWith(HARDWARE_FILE_PREFIX);
}

/** The file an id names (`npuhw:<uri>`), or a workspace-relative path (the hardwareFile setting). */
export function hardwareFileFor(idOrPath: string): HardwareFile | undefined {
  if (isHardwareFileId(idOrPath)) return files.get(idOrPath.slice(HARDWARE_FILE_PREFIX.length));
  const rel = idOrPath.replace(/^\.\//, '');
  for (const f of files.values()) if (vscode.workspace.asRelativePath(f.uri, false) === rel || f.uri.toString() === idOrPath) return f;
  return undefined;
}

export function hardwareFiles(): HardwareFile[] {
  return [...files.values()].sort((a, b) => a.uri.path.localeCompare(b.uri.path));
}

export function describeHardwareFile(f: HardwareFile): string {
  return f.config ? describeHardware(f.config) : `invalid: ${f.problem}`;
}

/** Reads and validates one file (also used for a file picked outside the workspace). */
export async function loadHardwareFile(uri: vscode.Uri): Promise<HardwareFile> {
  const entry: HardwareFile = { uri };
  try {
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    const json: unknown = JSON.parse(text);
    if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new Error('must be a JSON object');
    entry.json = json as Record<string, unknown>;
    const cfg = validateHardware(entry.json);
    // A file without a name is shown by its file name rather than "custom".
    if (entry.json.name === undefined) cfg.name = uri.path.slice(uri.path.lastIndexOf('/') + 1).replace(/\.npuhw\.json$/i, '');
    entry.config = cfg;
  } catch (err) {
    entry.problem = err instanceof Error ? err.message : String(err);
  }
  files.set(uri.toString(), entry);
  return entry;
}

async function scan(): Promise<void> {
  if (!vscode.workspace.workspaceFolders) return;
  const found = await vscode.workspace.findFiles(HARDWARE_FILE_GLOB, '**/node_modules/**', 200);
  await Promise.all(found.map(loadHardwareFile));
  changed.fire();
}

/** Starts the scan and the watcher; resolves when the first scan is done. */
export function watchHardwareFiles(context: vscode.ExtensionContext): Promise<void> {
  const watcher = vscode.workspace.createFileSystemWatcher(HARDWARE_FILE_GLOB);
  const reload = async (uri: vscode.Uri) => {
    const f = await loadHardwareFile(uri);
    if (f.problem) log.warn(`hardware file ${vscode.workspace.asRelativePath(uri)}: ${f.problem}`);
    changed.fire();
  };
  context.subscriptions.push(
    watcher,
    changed,
    watcher.onDidCreate(reload),
    watcher.onDidChange(reload),
    watcher.onDidDelete((uri) => {
      files.delete(uri.toString());
      changed.fire();
    }),
    // A save inside VS Code is seen at once, even where the file watcher is slow (virtual file systems).
    vscode.workspace.onDidSaveTextDocument((doc) => {
      if (/\.npuhw\.json$/i.test(doc.uri.path)) void reload(doc.uri);
    }),
  );
  return scan().catch((err) => log.warn(`scanning for ${HARDWARE_FILE_GLOB}: ${err instanceof Error ? err.message : err}`));
}

// Where the editors get a model's bytes. The shared path reads the whole file through
// vscode.workspace.fs (works in both hosts, on any file system provider); the Node host swaps in
// positional reads for local files (main.node.ts) so a multi-GB model is never loaded whole.
//
// vscode.workspace.fs has no ranged read (FileSystemProvider.read exists, but extensions cannot call it for
// another provider's files), so in a virtual workspace (vscode.dev, remote file systems, the web host) a model
// can only be read whole. Above onnxNpuProfiler.maxInMemoryModelMB (default 512 MB, like vscode-hexeditor's
// hexeditor.maxFileSize) it is refused with a message that offers to open it anyway, instead of loading
// gigabytes into the extension host.
import * as vscode from 'vscode';
import { memorySource, type ByteSource } from '../core/onnx/byteSource';
import type { ExternalDataAccess } from '../core/onnx/reader';
import { formatBytes } from '../core/cost/units';
import { workspaceExternalData } from './workspaceFiles';

export interface ModelSource {
  source: ByteSource;
  external: ExternalDataAccess;
  close: () => Promise<void>;
}

export type OpenModelSource = (uri: vscode.Uri) => Promise<ModelSource>;

export const DEFAULT_MAX_IN_MEMORY_MB = 512;
const SETTING = 'maxInMemoryModelMB';

const TEXT = {
  tooLarge: (name: string, size: number, limitBytes: number) =>
    vscode.l10n.t(
      '{0} is {1}; files on this file system are read whole into memory, and the limit ({2}) is {3}. Open it from a local folder in desktop VS Code (read in ranges), raise the limit, or choose Open Anyway.',
      name,
      formatBytes(size),
      `onnxNpuProfiler.${SETTING}`,
      formatBytes(limitBytes),
    ),
};

/** A model above the in-memory limit: the editor shows `message`; "Open Anyway" calls allowOnce(uri). */
export class ModelTooLargeError extends Error {
  override name = 'ModelTooLargeError';
  constructor(readonly uri: vscode.Uri, readonly sizeBytes: number, readonly limitBytes: number) {
    super(TEXT.tooLarge(uri.path.slice(uri.path.lastIndexOf('/') + 1), sizeBytes, limitBytes));
  }
}

/** URIs the user chose to open anyway (once each: the allowance is used up by the next read). */
const allowed = new Set<string>();

export function allowOnce(uri: vscode.Uri): void {
  allowed.add(uri.toString());
}

export function inMemoryLimitBytes(): number {
  const mb = vscode.workspace.getConfiguration('onnxNpuProfiler').get<number>(SETTING, DEFAULT_MAX_IN_MEMORY_MB);
  return (typeof mb === 'number' && mb > 0 ? mb : DEFAULT_MAX_IN_MEMORY_MB) * 1e6;
}

/** Throws ModelTooLargeError before reading a file above the limit (unless allowed once). */
export async function checkInMemorySize(uri: vscode.Uri): Promise<void> {
  const key = uri.toString();
  if (allowed.delete(key)) return;
  let size: number;
  try {
    size = (await vscode.workspace.fs.stat(uri)).size;
  } catch {
    return; // readFile below reports a missing or unreadable file with its own message
  }
  const limit = inMemoryLimitBytes();
  if (size > limit) throw new ModelTooLargeError(uri, size, limit);
}

export const openWorkspaceModel: OpenModelSource = async (uri) => {
  await checkInMemorySize(uri);
  return {
    source: memorySource(vscode.workspace.asRelativePath(uri), await vscode.workspace.fs.readFile(uri)),
    external: workspaceExternalData(uri),
    close: async () => undefined,
  };
};

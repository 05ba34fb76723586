// Node-only ProfileFiles (src/core/profile/files.ts) over the local file system: the CLI, tests and benches use it.
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { OnnxReadError } from '../core/onnx/errors';
import type { OpenedModel, ProfileFiles } from '../core/profile/files';
import { nodeExternalDataAccess } from './loadModelFile';
import { openFileSource } from './nodeFileSource';

export interface NodeProfileFilesOptions {
  /** Synchronous positional reads: right for the CLI, not for an extension host (see FileSourceOptions.syncReads). */
  syncReads?: boolean;
  /** Folders outside the model's own from which external data may be read (see nodeExternalDataAccess). */
  allowExternalOutside?: string[];
}

export function nodeProfileFiles(opts: NodeProfileFilesOptions = {}): ProfileFiles {
  return {
    async kind(path) {
      try {
        const st = await stat(path);
        return st.isDirectory() ? 'directory' : st.isFile() ? 'file' : undefined;
      } catch {
        return undefined;
      }
    },
    readText: (path) => readFile(path, 'utf8'),
    async openModel(path): Promise<OpenedModel> {
      let source;
      try {
        source = await openFileSource(path, { syncReads: opts.syncReads ?? false });
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : e instanceof Error ? e.message : String(e);
        throw new OnnxReadError(path, 0, '', `cannot open: ${why}`);
      }
      return { source, external: nodeExternalDataAccess(dirname(resolve(path)), opts.allowExternalOutside), close: () => source.close() };
    },
    join: (dir, rel) => join(dir, ...rel.split('/')),
    dirname: (p) => dirname(p),
    basename: (p) => basename(p),
  };
}

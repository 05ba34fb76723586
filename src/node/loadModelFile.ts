// Node-only: read an ONNX file from disk with the lazy reader (external data checked next to the model).
import { stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Model } from '../core/model/graph';
import { OnnxReadError } from '../core/onnx/errors';
import type { ExternalDataAccess } from '../core/onnx/externalData';
import { openFileSource } from './nodeFileSource';
import { readModel } from '../core/onnx/reader';

/** ExternalDataAccess over the local file system; relPath is already contained by the reader. */
export function nodeExternalDataAccess(modelDir: string): ExternalDataAccess {
  return {
    modelDir,
    async fileSize(relPath: string): Promise<number | undefined> {
      try {
        const st = await stat(join(modelDir, relPath));
        return st.isFile() ? st.size : undefined;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
        throw e;
      }
    },
  };
}

export interface LoadOptions {
  /** Synchronous positional reads (see FileSourceOptions.syncReads): for the CLI, not the extension host. */
  syncReads?: boolean;
}

export async function loadModelFile(path: string, opts: LoadOptions = {}): Promise<Model> {
  let src;
  try {
    src = await openFileSource(path, { syncReads: opts.syncReads ?? false });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : e instanceof Error ? e.message : String(e);
    throw new OnnxReadError(path, 0, '', `cannot open: ${why}`);
  }
  try {
    return await readModel(src, { external: nodeExternalDataAccess(dirname(resolve(path))) });
  } finally {
    await src.close();
  }
}

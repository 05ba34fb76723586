// Node-only: read an ONNX file from disk with the lazy reader (external data checked next to the model).
import { realpath, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Model } from '../core/model/graph';
import { OnnxReadError } from '../core/onnx/errors';
import type { ExternalDataAccess } from '../core/onnx/externalData';
import { openFileSource } from './nodeFileSource';
import { readModel } from '../core/onnx/reader';

/**
 * ExternalDataAccess over the local file system. relPath is already contained by the reader as text; here
 * the real path (links followed) must stay inside the model's real folder too, so `w.bin -> /etc/passwd` or
 * a directory link `d -> /etc` is refused without reading or sizing the target. Targets under one of
 * `allowOutside` (real paths compared) are accepted, and so are targets inside the same Hugging Face cache
 * repository as the model (`.../models--org--name/snapshots/REV/x.onnx_data -> ../../blobs/SHA`).
 */
export function nodeExternalDataAccess(modelDir: string, allowOutside: string[] = []): ExternalDataAccess {
  let roots: Promise<string[]> | undefined;
  const allowedRoots = (): Promise<string[]> =>
    (roots ??= Promise.all([modelDir, ...allowOutside, ...hfCacheRoot(modelDir)].map((d) => realpath(d).catch(() => resolve(d)))));
  return {
    modelDir,
    async fileSize(relPath: string): Promise<number | undefined | { refused: string }> {
      let real: string;
      try {
        real = await realpath(join(modelDir, relPath));
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'ELOOP') return undefined;
        throw e;
      }
      const [own, ...others] = await allowedRoots();
      if (!isInside(real, own) && !others.some((r) => isInside(real, r)))
        return { refused: `'${relPath}' resolves (through a link) to a file outside the model's folder, so it was not read${allowOutside.length ? '' : ' (allow a folder with --allow-external-outside DIR)'}` };
      const st = await stat(real);
      return st.isFile() ? st.size : undefined;
    },
  };
}

/** The `models--*` repository folder of a Hugging Face cache when the model sits in one (its blobs/ holds the data). */
export function hfCacheRoot(modelDir: string): string[] {
  const parts = resolve(modelDir).split(sep);
  for (let i = parts.length - 1; i > 0; i--) if (/^models--./.test(parts[i]) && parts[i + 1] === 'snapshots') return [parts.slice(0, i + 1).join(sep)];
  return [];
}

function isInside(path: string, dir: string): boolean {
  const rel = relative(dir, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

export interface LoadOptions {
  /** Synchronous positional reads (see FileSourceOptions.syncReads): for the CLI, not the extension host. */
  syncReads?: boolean;
  /** Folders outside the model's own where external data may live (real paths; links into them are accepted). */
  allowExternalOutside?: string[];
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
    return await readModel(src, { external: nodeExternalDataAccess(dirname(resolve(path)), opts.allowExternalOutside) });
  } finally {
    await src.close();
  }
}

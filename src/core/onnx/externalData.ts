// External data (TensorProto.data_location = EXTERNAL): checks each location stays inside the model's folder,
// asks the host for file sizes (never the bytes), and records problems on the affected tensors.
import type { DataLocation, TensorInfo } from '../model/graph';
import type { Notes } from './notes';

export interface ExternalDataAccess {
  /** The model's folder, used to build resolvedPath. */
  modelDir: string;
  /**
   * Size of a file given relative to modelDir ('/'-separated, already checked to stay inside it as text);
   * undefined = missing; `{ refused }` = the host will not read it (e.g. a link to a file outside the folder).
   */
  fileSize(relPath: string): Promise<number | undefined | { refused: string }>;
}

/** A location made relative to the model folder, or the reason it is refused. */
export function containLocation(location: string): { rel: string } | { problem: string } {
  if (location === '') return { problem: 'empty location' };
  if (location.includes('\0')) return { problem: `location '${location}' contains a NUL byte` };
  const s = location.replace(/\\/g, '/');
  if (s.startsWith('/') || /^[A-Za-z]:/.test(s) || /^[a-z][a-z0-9+.-]*:/i.test(s)) {
    return { problem: `location '${location}' is absolute; external data must sit in the model's folder, so it was not read` };
  }
  const parts: string[] = [];
  for (const seg of s.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (parts.length === 0) return { problem: `location '${location}' points outside the model's folder, so it was not read` };
      parts.pop();
    } else parts.push(seg);
  }
  if (parts.length === 0) return { problem: `location '${location}' names the model's folder, not a file` };
  return { rel: parts.join('/') };
}

export function joinModelDir(dir: string, rel: string): string {
  if (dir === '') return rel;
  const sep = dir.includes('\\') && !dir.includes('/') ? '\\' : '/';
  const relNative = sep === '\\' ? rel.replace(/\//g, '\\') : rel;
  return dir.endsWith('/') || dir.endsWith('\\') ? dir + relNative : dir + sep + relNative;
}

type External = DataLocation & { kind: 'external' };

export async function resolveExternalData(tensors: TensorInfo[], access: ExternalDataAccess, notes: Notes): Promise<void> {
  const byLocation = new Map<string, TensorInfo[]>();
  for (const t of tensors) {
    const loc = t.data as External;
    const list = byLocation.get(loc.location);
    if (list) list.push(t);
    else byLocation.set(loc.location, [t]);
  }
  // One size lookup per file, however its locations are spelled ('w.pb', './w.pb').
  const sizes = new Map<string, Promise<number | undefined | { refused: string }>>();
  for (const [location, list] of byLocation) {
    const contained = containLocation(location);
    if ('problem' in contained) {
      for (const t of list) addProblem(t.data as External, contained.problem);
      notes.add(`external data: ${contained.problem} (${plural(list.length, 'tensor')} affected; sizes still come from dims)`);
      continue;
    }
    const resolved = joinModelDir(access.modelDir, contained.rel);
    let size: number | undefined | { refused: string };
    let err: string | undefined;
    try {
      let p = sizes.get(contained.rel);
      if (!p) {
        p = access.fileSize(contained.rel);
        sizes.set(contained.rel, p);
      }
      size = await p;
    } catch (e) {
      err = e instanceof Error ? e.message : String(e);
    }
    if (typeof size === 'object') {
      for (const t of list) addProblem(t.data as External, `external data file ${size.refused}`);
      notes.add(`external data file ${size.refused} (${plural(list.length, 'tensor')} affected; sizes still come from dims)`);
      continue;
    }
    if (size === undefined) {
      const why = err ? `cannot be checked (${err})` : `not found at ${resolved}`;
      for (const t of list) addProblem(t.data as External, `external data file '${location}' ${why}`);
      notes.add(`external data file '${location}' ${why}: ${plural(list.length, 'tensor')} affected (sizes still come from dims)`);
      continue;
    }
    let short = 0;
    for (const t of list) {
      const loc = t.data as External;
      loc.resolvedPath = resolved;
      if (loc.problem) continue; // an offset or length already refused (e.g. beyond 2^53): no range to check
      const stop = loc.offset + (loc.length ?? 0);
      if (loc.offset > size || stop > size) {
        addProblem(loc, `data [${loc.offset}, ${stop}) runs past the end of '${location}' (${size} bytes)`);
        short++;
      }
    }
    if (short) notes.add(`external data file '${location}' (${size} bytes) is too short for ${plural(short, 'tensor')}`);
  }
}

function addProblem(loc: External, problem: string): void {
  loc.problem = loc.problem ? `${loc.problem}; ${problem}` : problem;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

// The repository's import graph without the TypeScript compiler (cheap enough for the fast layer): the source
// list, relative specifier resolution, and the cycles among files. The edges come from importScan.ts (fast) or
// importGraph.ts (the TypeScript parser; platform.test.ts checks the two agree).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

export interface ImportEdge {
  /** The specifier as written ('node:fs', '../model/graph'). */
  specifier: string;
  /** Repository-relative path of the resolved file, or undefined for a package or built-in. */
  target?: string;
  /** `import type`, `export type`, or every named binding marked `type`: erased at run time. */
  typeOnly: boolean;
  line: number;
}

export interface SourceFileInfo {
  /** Repository-relative, '/'-separated. */
  path: string;
  imports: ImportEdge[];
}

const SOURCE_SUFFIXES = ['.ts', '.tsx', '.mts', '.cts'];

/** Every TypeScript source under dir (declaration files excluded), repository-relative and sorted. */
export function listSources(root: string, dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (SOURCE_SUFFIXES.some((s) => name.endsWith(s)) && !name.endsWith('.d.ts')) out.push(toRel(root, p));
    }
  };
  if (existsSync(join(root, dir))) walk(join(root, dir));
  return out.sort();
}

function toRel(root: string, p: string): string {
  return relative(root, p).split('\\').join('/');
}

/** Resolve a relative specifier the way moduleResolution "Bundler" does for this repository's files. */
export function resolveRelative(root: string, fromRel: string, spec: string): string | undefined {
  const base = resolve(root, dirname(fromRel), spec);
  const candidates = [base, ...SOURCE_SUFFIXES.map((s) => base + s), ...SOURCE_SUFFIXES.map((s) => join(base, 'index' + s))];
  for (const c of candidates) if (existsSync(c) && statSync(c).isFile()) return toRel(root, c);
  return undefined;
}

/**
 * Every elementary cycle's representative among the given files (Tarjan's strongly connected components:
 * each component with more than one file, or a file importing itself, is reported once as the files in it).
 * Type-only edges are left out unless includeTypeOnly: they are erased and cannot order module evaluation.
 */
export function findCycles(files: SourceFileInfo[], includeTypeOnly = false): string[][] {
  const adj = new Map<string, string[]>();
  for (const f of files) {
    adj.set(
      f.path,
      f.imports.filter((e) => e.target && (includeTypeOnly || !e.typeOnly)).map((e) => e.target!),
    );
  }
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const strong = (v: string): void => {
    idx.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of adj.get(v) ?? []) {
      if (!adj.has(w)) continue; // outside the walked set
      if (!idx.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const comp: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        comp.push(w);
      } while (w !== v);
      if (comp.length > 1 || (adj.get(v) ?? []).includes(v)) cycles.push(comp.sort());
    }
  };
  for (const v of adj.keys()) if (!idx.has(v)) strong(v);
  return cycles;
}

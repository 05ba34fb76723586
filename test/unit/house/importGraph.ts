// The repository's import graph, read from the TypeScript sources with the compiler's own parser (no bundler,
// no new dependency): which modules each file imports, which of those imports are type-only (erased, so they
// cannot form a runtime cycle), and the cycles among the files. Used by boundaries.test.ts.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

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
function resolveRelative(root: string, fromRel: string, spec: string): string | undefined {
  const base = resolve(root, dirname(fromRel), spec);
  const candidates = [base, ...SOURCE_SUFFIXES.map((s) => base + s), ...SOURCE_SUFFIXES.map((s) => join(base, 'index' + s))];
  for (const c of candidates) if (existsSync(c) && statSync(c).isFile()) return toRel(root, c);
  return undefined;
}

function isTypeOnlyImport(node: ts.ImportDeclaration): boolean {
  const clause = node.importClause;
  if (!clause) return false; // `import './side-effect'` runs the module
  if (clause.isTypeOnly) return true;
  if (clause.name) return false; // a default import is a value
  const bindings = clause.namedBindings;
  if (!bindings || ts.isNamespaceImport(bindings)) return false;
  return bindings.elements.length > 0 && bindings.elements.every((e) => e.isTypeOnly);
}

function isTypeOnlyExport(node: ts.ExportDeclaration): boolean {
  if (node.isTypeOnly) return true;
  const clause = node.exportClause;
  return !!clause && ts.isNamedExports(clause) && clause.elements.length > 0 && clause.elements.every((e) => e.isTypeOnly);
}

/** The imports of one file: static imports and re-exports, `import x = require()`, `import()` and `require()`. */
export function readImports(root: string, rel: string): SourceFileInfo {
  const text = readFileSync(join(root, rel), 'utf8');
  const sf = ts.createSourceFile(rel, text, ts.ScriptTarget.Latest, true);
  const imports: ImportEdge[] = [];
  const add = (specNode: ts.Node, typeOnly: boolean): void => {
    if (!ts.isStringLiteralLike(specNode)) return;
    const specifier = specNode.text;
    const target = specifier.startsWith('.') ? resolveRelative(root, rel, specifier) : undefined;
    const line = sf.getLineAndCharacterOfPosition(specNode.getStart(sf)).line + 1;
    imports.push({ specifier, target, typeOnly, line });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) add(node.moduleSpecifier, isTypeOnlyImport(node));
    else if (ts.isExportDeclaration(node) && node.moduleSpecifier) add(node.moduleSpecifier, isTypeOnlyExport(node));
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node.moduleReference.expression, node.isTypeOnly);
    } else if (ts.isCallExpression(node) && node.arguments.length >= 1) {
      const callee = node.expression;
      const isDynamicImport = callee.kind === ts.SyntaxKind.ImportKeyword;
      const isRequire = ts.isIdentifier(callee) && callee.text === 'require';
      if (isDynamicImport || isRequire) add(node.arguments[0], false);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node.argument.literal, true); // `import('./x').T` in a type position
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return { path: rel, imports };
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

// Which platform-only globals a set of files uses, decided by the type checker rather than a word list: an
// identifier in a value or type position whose every declaration lives in the DOM/WebWorker lib files is a
// browser-only global (document, window, HTMLElement, requestAnimationFrame…); one whose every declaration
// lives in @types/node is a Node-only global (process, Buffer, __dirname, NodeJS.*). Globals that both
// platforms declare (TextDecoder, console, performance, setTimeout) are portable and pass.
import { resolve } from 'node:path';
import ts from 'typescript';

export type PlatformKind = 'dom' | 'node';

export interface GlobalUse {
  file: string;
  line: number;
  name: string;
  kind: PlatformKind;
}

function declarationKind(fileName: string): PlatformKind | 'other' {
  const f = fileName.split('\\').join('/');
  if (/\/typescript\/lib\/lib\.(dom|webworker)[^/]*\.d\.ts$/.test(f)) return 'dom';
  if (f.includes('/node_modules/@types/node/')) return 'node';
  return 'other';
}

/** Member names (x.document, A.B) and declaration names resolve to members, not globals: skip them. */
function isMemberName(id: ts.Identifier): boolean {
  const p = id.parent;
  return (
    (ts.isPropertyAccessExpression(p) && p.name === id) ||
    (ts.isQualifiedName(p) && p.right === id) ||
    ((ts.isPropertyAssignment(p) || ts.isPropertySignature(p) || ts.isPropertyDeclaration(p) || ts.isMethodDeclaration(p) || ts.isMethodSignature(p)) && p.name === id) ||
    (ts.isBindingElement(p) && p.propertyName === id)
  );
}

function platformOf(checker: ts.TypeChecker, id: ts.Identifier): PlatformKind | undefined {
  let sym = checker.getSymbolAtLocation(id);
  if (!sym) return undefined;
  if (sym.flags & ts.SymbolFlags.Alias) sym = checker.getAliasedSymbol(sym);
  const decls = sym.declarations ?? [];
  if (decls.length === 0) return undefined;
  const kinds = new Set(decls.map((d) => declarationKind(d.getSourceFile().fileName)));
  if (kinds.size !== 1) return undefined; // declared by more than one platform (or by the file itself)
  const [only] = kinds;
  return only === 'other' ? undefined : only;
}

/**
 * Platform-only globals used by the given files (absolute paths), checked with this repository's TypeScript libs
 * and @types/node. One program for every file: building it (parsing lib.dom and @types/node) is the cost.
 */
export function platformGlobals(files: string[]): GlobalUse[] {
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    // lib.dom covers the worker globals too (self, postMessage); lib.webworker would only add parse time.
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
    types: ['node'],
    // This repository's @types, also for files checked outside it (the planted tree in the test).
    typeRoots: [resolve(__dirname, '../../../node_modules/@types')],
    strict: true,
    skipLibCheck: true,
    resolveJsonModule: true,
    noEmit: true,
  };
  const program = ts.createProgram(files, options);
  const checker = program.getTypeChecker();
  const roots = files.map((f) => program.getSourceFile(f)).filter((sf): sf is ts.SourceFile => sf !== undefined);
  if (roots.length === 0) return [];
  // The platform-only global names, from the global scope as the first file sees it; only identifiers spelled
  // like one are resolved (resolving every identifier would type-check the whole tree).
  const candidates = new Set<string>();
  const scopeFlags = ts.SymbolFlags.Value | ts.SymbolFlags.Type | ts.SymbolFlags.Namespace;
  for (const sym of checker.getSymbolsInScope(roots[0], scopeFlags)) {
    const kinds = new Set((sym.declarations ?? []).map((d) => declarationKind(d.getSourceFile().fileName)));
    if (kinds.size === 1 && !kinds.has('other')) candidates.add(sym.name);
  }
  const uses: GlobalUse[] = [];
  for (const sf of roots) {
    const visit = (node: ts.Node): void => {
      if (ts.isIdentifier(node) && candidates.has(node.text) && !isMemberName(node)) {
        const kind = platformOf(checker, node);
        if (kind) uses.push({ file: sf.fileName, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1, name: node.text, kind });
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return uses;
}

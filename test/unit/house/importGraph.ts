// The imports of a source file read with the TypeScript compiler's own parser: static imports and re-exports,
// `import x = require()`, `import()` and `require()`, and which are type-only (erased, so they cannot form a
// runtime cycle). The reference for the fast scanner (importScan.ts); platform.test.ts compares them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { resolveRelative, type ImportEdge, type SourceFileInfo } from './graph';

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


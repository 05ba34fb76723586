// Localisation of the host: no English reaches the user except through vscode.l10n.t (whose key is the English
// text, VS Code's convention), and the bundles (l10n/bundle.l10n.json, the qps-ploc pseudo-locale, package.nls*.json)
// cover every key. The scan reads src/extension with the TypeScript parser: every string literal or template with
// words in it, passed to a message / quick pick / input box / progress / status bar API or stored in a TEXT table,
// must be (inside) an l10n.t(...) call.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';

const root = join(__dirname, '..', '..', '..');
const SRC = join(root, 'src', 'extension');

const MESSAGE_CALLS = new Set(['showInformationMessage', 'showErrorMessage', 'showWarningMessage', 'showQuickPick', 'showInputBox', 'withProgress', 'showSaveDialog', 'showOpenDialog']);
const UI_PROPERTIES = new Set(['title', 'placeHolder', 'prompt', 'tooltip', 'text', 'validationMessage']);
/** English-looking: two letters in a row outside ${...} (so `${a}: ${b}` and 'KB' style units aside, words). */
const WORDY = /[A-Za-z]{3,}|\b[A-Za-z]{2}\b/;

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

function literalText(n: ts.Node): string | undefined {
  if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) return n.text;
  if (ts.isTemplateExpression(n)) return [n.head.text, ...n.templateSpans.map((s) => s.literal.text)].join(' ');
  return undefined;
}

const isL10nCall = (n: ts.Node): boolean =>
  ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && n.expression.name.text === 't' && /\bl10n$/.test(n.expression.expression.getText());

function insideL10n(n: ts.Node, stop: ts.Node): boolean {
  for (let p: ts.Node | undefined = n.parent; p && p !== stop.parent; p = p.parent) if (isL10nCall(p)) return true;
  return false;
}

/** Wordy literals under `scope` not wrapped in l10n.t, skipping nested l10n.t calls' own arguments. */
function bareLiterals(scope: ts.Node, out: ts.Node[]): void {
  const visit = (n: ts.Node): void => {
    if (isL10nCall(n)) return;
    // A template's ${...} parts are values (names, numbers), not text; its literal parts are what we check.
    const text = literalText(n);
    if (text !== undefined) {
      // A dialog filter's extensions (`filters: { [l10n.t('ONNX models')]: ['onnx'] }`) are names, not English.
      const isExtension = ts.isArrayLiteralExpression(n.parent) && /^[a-z0-9]+(\.[a-z0-9]+)*$/.test(text);
      if (!isExtension && WORDY.test(text.replace(/^ONNX NPU Profiler$/, '')) && !insideL10n(n, scope)) out.push(n);
      if (!ts.isTemplateExpression(n)) return;
    }
    ts.forEachChild(n, visit);
  };
  visit(scope);
}

export function findHardCodedEnglish(file: string, source = readFileSync(file, 'utf8')): string[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const hits: ts.Node[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && MESSAGE_CALLS.has(n.expression.name.text)) {
      // withProgress's task callback is code, not text: only its options object is checked.
      const args = n.expression.name.text === 'withProgress' ? n.arguments.slice(0, 1) : n.arguments;
      for (const a of args) bareLiterals(a, hits);
    } else if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(n.left) && UI_PROPERTIES.has(n.left.name.text) && /\b(item|statusBar\w*|quickPick|input\w*)$/i.test(n.left.expression.getText())) {
      bareLiterals(n.right, hits);
    } else if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.name.text === 'TEXT' && n.initializer) {
      bareLiterals(n.initializer, hits);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return [...new Set(hits)].map((h) => `${relative(root, file)}:${sf.getLineAndCharacterOfPosition(h.getStart()).line + 1}: ${h.getText().slice(0, 70)}`);
}

describe('localisation', () => {
  it('the scanner catches a bare English message and accepts an l10n.t one (it can fail)', () => {
    const bad = "vscode.window.showErrorMessage(`ONNX NPU Profiler: could not read ${f}`);\nconst TEXT = { a: 'Pick a file' };";
    const good = "vscode.window.showErrorMessage(vscode.l10n.t('ONNX NPU Profiler: could not read {0}', f));\nconst TEXT = { a: l10n.t('Pick a file') };";
    assert.equal(findHardCodedEnglish(join(SRC, 'x.ts'), bad).length, 2);
    assert.deepEqual(findHardCodedEnglish(join(SRC, 'x.ts'), good), []);
  });

  it('no host message, quick pick, input box, progress title or status bar text is hard-coded English', () => {
    const hits = tsFiles(SRC).flatMap((f) => findHardCodedEnglish(f));
    assert.deepEqual(hits, [], `wrap these in vscode.l10n.t (then run node scripts/l10n-pseudo.mjs):\n${hits.join('\n')}`);
  });

  it('l10n/bundle.l10n.json holds exactly the l10n.t keys of src/extension, and the pseudo-locale marks each', async () => {
    const { extractKeys, pseudo } = (await import(pathToFileURL(join(root, 'scripts', 'l10n-pseudo.mjs')).href)) as { extractKeys: () => Map<string, string[]>; pseudo: (s: string) => string };
    const keys = [...extractKeys().keys()].sort();
    const bundle = JSON.parse(readFileSync(join(root, 'l10n', 'bundle.l10n.json'), 'utf8')) as Record<string, string>;
    assert.deepEqual(Object.keys(bundle).sort(), keys, 'run node scripts/l10n-pseudo.mjs');
    const ploc = JSON.parse(readFileSync(join(root, 'l10n', 'bundle.l10n.qps-ploc.json'), 'utf8')) as Record<string, string>;
    for (const k of keys) {
      assert.equal(ploc[k], pseudo(k), k);
      assert.match(ploc[k], /^⟦.*⟧$/s, k);
      // Placeholders survive, so the pseudo-localised message still shows its values.
      assert.deepEqual(ploc[k].match(/\{\d+\}/g) ?? [], k.match(/\{\d+\}/g) ?? [], k);
    }
  });

  it('every %key% of package.json is in package.nls.json and its pseudo-locale, and no manifest title is bare English', () => {
    const pkgText = readFileSync(join(root, 'package.json'), 'utf8');
    const nls = JSON.parse(readFileSync(join(root, 'package.nls.json'), 'utf8')) as Record<string, string>;
    const ploc = JSON.parse(readFileSync(join(root, 'package.nls.qps-ploc.json'), 'utf8')) as Record<string, string>;
    const used = [...pkgText.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]);
    assert.ok(used.length >= 20, `package.json refers to ${used.length} nls keys`);
    for (const k of used) {
      assert.ok(k in nls, `package.nls.json lacks ${k}`);
      assert.match(ploc[k] ?? '', /^⟦.*⟧$/s, `package.nls.qps-ploc.json: ${k}`);
    }
    const pkg = JSON.parse(pkgText);
    const c = pkg.contributes;
    const shown: Array<[string, string]> = [
      ['displayName', pkg.displayName],
      ['description', pkg.description],
      ...c.commands.flatMap((x: { command: string; title: string; category: string }) => [[x.command, x.title], [x.command, x.category]]),
      ...c.customEditors.map((x: { viewType: string; displayName: string }) => [x.viewType, x.displayName]),
      ...Object.entries(c.configuration.properties as Record<string, { description?: string; markdownDescription?: string; enumDescriptions?: string[] }>).flatMap(([n, s]) =>
        [s.description, s.markdownDescription, ...(s.enumDescriptions ?? [])].filter((v): v is string => v !== undefined).map((v) => [n, v] as [string, string]),
      ),
    ];
    for (const [where, v] of shown) assert.match(v, /^%[^%]+%$/, `${where}: "${v}" is not a %key%`);
  });
});

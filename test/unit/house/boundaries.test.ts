// The layering rules, enforced: src/core is pure TypeScript (no `node:*` or other Node built-in, no `vscode`,
// no DOM or Node-only globals) so the same code runs in the Node host, the web extension host (a worker), the
// webview and the CLI; Node-only code lives in src/node. And no runtime import cycle anywhere under src/ or
// webview/ (type-only imports are erased and cannot cycle at run time; they are allowed).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { builtinModules } from 'node:module';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { findCycles, listSources, readImports, type SourceFileInfo } from './importGraph';
import { platformGlobals, type GlobalUse } from './platformGlobals';

const root = resolve(__dirname, '../../..');
const builtins = new Set(builtinModules);

/** Why a specifier may not be imported from src/core, or undefined when it may. */
function forbiddenInCore(spec: string): string | undefined {
  if (spec.startsWith('node:') || builtins.has(spec) || builtins.has(spec.split('/')[0])) return 'a Node built-in (put it in src/node/)';
  if (spec === 'vscode') return 'the VS Code API (put it in src/extension/)';
  return undefined;
}

function coreImportViolations(files: SourceFileInfo[]): string[] {
  const out: string[] = [];
  for (const f of files) {
    for (const e of f.imports) {
      const why = forbiddenInCore(e.specifier);
      // A relative import is judged by where it lands: anything outside src/core (a front end, webview/) is barred.
      const escapes = e.target !== undefined && !e.target.startsWith('src/core/');
      if (why) out.push(`${f.path}:${e.line} imports '${e.specifier}': ${why}`);
      else if (escapes) out.push(`${f.path}:${e.line} imports '${e.specifier}' (${e.target}), outside src/core`);
    }
  }
  return out;
}

function fmtCycles(cycles: string[][]): string {
  return cycles.map((c) => '  ' + c.join(' <-> ')).join('\n');
}

/** A throw-away tree with one of each violation, so every check is shown to fail when it should. */
function plantViolations(): string {
  const dir = mkdtempSync(join(tmpdir(), 'house-'));
  const put = (rel: string, text: string): void => {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), text);
  };
  put('src/core/a/fs.ts', "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n");
  put('src/core/a/path.ts', "import * as p from 'path';\nexport const j = p.join;\n");
  put('src/core/a/vs.ts', "import * as vscode from 'vscode';\nexport const w = vscode.window;\n");
  put('src/core/a/up.ts', "export { x } from '../../extension/host';\n");
  put('src/extension/host.ts', 'export const x = 1;\n');
  put('src/core/a/dom.ts', 'export const el = (): HTMLElement => document.body;\n');
  put('src/core/a/proc.ts', 'export const cwd = (): string => process.cwd();\n');
  put('src/core/a/errno.ts', 'export const code = (e: unknown) => (e as NodeJS.ErrnoException).code;\n');
  put('src/core/a/ok.ts', "import type { T } from './cyc1';\nexport const d = new TextDecoder();\nexport const t = (): void => console.log(performance.now());\nexport type U = T;\n");
  put('src/core/a/cyc1.ts', "import { b } from './cyc2';\nexport type T = number;\nexport const a = () => b;\n");
  put('src/core/a/cyc2.ts', "import { a } from './cyc1';\nexport const b = () => a;\n");
  return dir;
}

const coreFiles = listSources(root, 'src/core');
const coreInfo = coreFiles.map((f) => readImports(root, f));
const planted = plantViolations();
const plantedFiles = listSources(planted, 'src/core');
const plantedInfo = plantedFiles.map((f) => readImports(planted, f));
// One type-checker program for the real and the planted files (building it is most of this file's time).
let globals: GlobalUse[] | undefined;
function globalsIn(dir: string): GlobalUse[] {
  globals ??= platformGlobals([...coreFiles.map((f) => join(root, f)), ...plantedFiles.map((f) => join(planted, f))]);
  return globals.filter((u) => u.file.startsWith(dir + '/')).map((u) => ({ ...u, file: u.file.slice(dir.length + 1) }));
}
after(() => rmSync(planted, { recursive: true, force: true }));

test('src/core imports no Node built-in, no vscode and nothing outside src/core', () => {
  assert.ok(coreFiles.length > 50, `found only ${coreFiles.length} core sources: is the walk broken?`);
  const bad = coreImportViolations(coreInfo);
  assert.deepEqual(bad, [], `\n${bad.join('\n')}`);
});

test('src/core uses no DOM-only or Node-only global (document, window, HTMLElement, process, Buffer, NodeJS.*)', () => {
  const lines = globalsIn(root).map((u) => `${u.file}:${u.line} ${u.name} (${u.kind === 'dom' ? 'browser-only' : 'Node-only'})`);
  assert.deepEqual(lines, [], `\n${lines.join('\n')}`);
});

test('no runtime import cycle among src/** and webview/**', () => {
  const all = [...listSources(root, 'src'), ...listSources(root, 'webview')].map((f) => readImports(root, f));
  const unresolved = all.flatMap((f) =>
    f.imports.filter((e) => e.specifier.startsWith('.') && !e.target && !e.specifier.endsWith('.css')).map((e) => `${f.path}:${e.line} '${e.specifier}'`),
  );
  assert.deepEqual(unresolved, [], `relative imports the walk could not resolve (the cycle check would miss them):\n${unresolved.join('\n')}`);
  const cycles = findCycles(all);
  assert.deepEqual(cycles, [], `import cycles:\n${fmtCycles(cycles)}`);
});

test('the checks catch a planted Node import, vscode import, escape from core, DOM global, Node global and cycle', () => {
  const bad = coreImportViolations(plantedInfo);
  for (const f of ['fs.ts', 'path.ts', 'vs.ts', 'up.ts']) assert.ok(bad.some((b) => b.startsWith(`src/core/a/${f}:`)), `${f} not caught: ${bad.join('; ')}`);
  assert.equal(bad.length, 4, bad.join('\n'));
  const names = globalsIn(planted).map((u) => `${u.file.split('/').pop()}:${u.name}:${u.kind}`);
  for (const n of ['dom.ts:HTMLElement:dom', 'dom.ts:document:dom', 'proc.ts:process:node', 'errno.ts:NodeJS:node']) assert.ok(names.includes(n), `${n} not caught: ${names.join(', ')}`);
  assert.ok(!names.some((n) => n.startsWith('ok.ts')), `TextDecoder, console and performance are portable: ${names.join(', ')}`);
  assert.deepEqual(findCycles(plantedInfo), [['src/core/a/cyc1.ts', 'src/core/a/cyc2.ts']]);
});

// The slow half of the layering checks (oracle layer: it loads the TypeScript compiler and builds a program over
// src/core with lib.dom and @types/node, ~2 s): src/core uses no DOM-only or Node-only global, decided by the type
// checker; and the fast import scanner the fast layer relies on finds exactly the imports the TypeScript parser
// finds, in every source file of the repository.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { listSources } from './graph';
import { readImports } from './importGraph';
import { scanImports } from './importScan';
import { platformGlobals, type GlobalUse } from './platformGlobals';
import { plantViolations } from './plant';

const root = resolve(__dirname, '../../..');
const planted = plantViolations();
after(() => rmSync(planted, { recursive: true, force: true }));
const coreFiles = listSources(root, 'src/core');
const plantedFiles = listSources(planted, 'src/core');

// One type-checker program for the real and the planted files (building it is most of this file's time).
let globals: GlobalUse[] | undefined;
function globalsIn(dir: string): GlobalUse[] {
  globals ??= platformGlobals([...coreFiles.map((f) => join(root, f)), ...plantedFiles.map((f) => join(planted, f))]);
  return globals.filter((u) => u.file.startsWith(dir + '/')).map((u) => ({ ...u, file: u.file.slice(dir.length + 1) }));
}

test('src/core uses no DOM-only or Node-only global (document, window, HTMLElement, process, Buffer, NodeJS.*)', () => {
  const lines = globalsIn(root).map((u) => `${u.file}:${u.line} ${u.name} (${u.kind === 'dom' ? 'browser-only' : 'Node-only'})`);
  assert.deepEqual(lines, [], `\n${lines.join('\n')}`);
});

test('the globals check catches planted DOM and Node globals and passes portable ones', () => {
  const names = globalsIn(planted).map((u) => `${u.file.split('/').pop()}:${u.name}:${u.kind}`);
  for (const n of ['dom.ts:HTMLElement:dom', 'dom.ts:document:dom', 'proc.ts:process:node', 'errno.ts:NodeJS:node']) assert.ok(names.includes(n), `${n} not caught: ${names.join(', ')}`);
  assert.ok(!names.some((n) => n.startsWith('ok.ts')), `TextDecoder, console and performance are portable: ${names.join(', ')}`);
});

test('the fast import scanner agrees with the TypeScript parser on every source file', () => {
  const files = ['src', 'webview', 'test', 'bench', 'scripts'].flatMap((d) => listSources(root, d));
  assert.ok(files.length > 100);
  const differ = files.filter((f) => JSON.stringify(scanImports(root, f).imports) !== JSON.stringify(readImports(root, f).imports));
  assert.deepEqual(differ, [], 'files where importScan.ts and the TypeScript parser disagree');
  for (const f of plantedFiles) assert.deepEqual(scanImports(planted, f).imports, readImports(planted, f).imports, f);
});

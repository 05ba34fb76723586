// The layering rules, enforced (fast layer): src/core imports no `node:*` or other Node built-in, no `vscode`
// and nothing outside src/core, so the same code runs in the Node host, the web extension host (a worker), the
// webview and the CLI; Node-only code lives in src/node. And no runtime import cycle anywhere under src/ or
// webview/ (type-only imports are erased and cannot cycle at run time; they are allowed). The imports come from
// the fast scanner (importScan.ts); platform.test.ts (oracle layer) checks it against the TypeScript parser and
// checks the DOM-only and Node-only globals with the type checker.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { builtinModules } from 'node:module';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { findCycles, listSources, type SourceFileInfo } from './graph';
import { scanImports } from './importScan';
import { plantViolations } from './plant';

const root = resolve(__dirname, '../../..');
const builtins = new Set(builtinModules);

/** Why a specifier may not be imported from src/core, or undefined when it may. */
function forbiddenInCore(spec: string): string | undefined {
  if (spec.startsWith('node:') || builtins.has(spec) || builtins.has(spec.split('/')[0])) return 'a Node built-in (put it in src/node/)';
  if (spec === 'vscode') return 'the VS Code API (put it in src/extension/)';
  return undefined;
}

export function coreImportViolations(files: SourceFileInfo[]): string[] {
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

const planted = plantViolations();
after(() => rmSync(planted, { recursive: true, force: true }));

test('src/core imports no Node built-in, no vscode and nothing outside src/core', () => {
  const core = listSources(root, 'src/core');
  assert.ok(core.length > 50, `found only ${core.length} core sources: is the walk broken?`);
  const bad = coreImportViolations(core.map((f) => scanImports(root, f)));
  assert.deepEqual(bad, [], `\n${bad.join('\n')}`);
});

test('no runtime import cycle among src/** and webview/**', () => {
  const all = [...listSources(root, 'src'), ...listSources(root, 'webview')].map((f) => scanImports(root, f));
  const unresolved = all.flatMap((f) =>
    f.imports.filter((e) => e.specifier.startsWith('.') && !e.target && !e.specifier.endsWith('.css')).map((e) => `${f.path}:${e.line} '${e.specifier}'`),
  );
  assert.deepEqual(unresolved, [], `relative imports the walk could not resolve (the cycle check would miss them):\n${unresolved.join('\n')}`);
  const cycles = findCycles(all);
  assert.deepEqual(cycles, [], `import cycles:\n${cycles.map((c) => '  ' + c.join(' <-> ')).join('\n')}`);
});

test('the checks catch a planted Node import (static and dynamic), vscode import, escape from core and cycle', () => {
  const info = listSources(planted, 'src/core').map((f) => scanImports(planted, f));
  const bad = coreImportViolations(info);
  for (const f of ['fs.ts', 'path.ts', 'vs.ts', 'up.ts', 'lazy.ts']) assert.ok(bad.some((b) => b.startsWith(`src/core/a/${f}:`)), `${f} not caught: ${bad.join('; ')}`);
  assert.equal(bad.length, 5, `only those (not the comment or the string in ok.ts):\n${bad.join('\n')}`);
  assert.deepEqual(findCycles(info), [['src/core/a/cyc1.ts', 'src/core/a/cyc2.ts']]);
  // ok.ts imports cyc1 for a type only: erased, no cycle; counted, the cycle would include ok.ts only if cyc1 imported it.
  assert.ok(info.find((f) => f.path === 'src/core/a/ok.ts')!.imports.every((e) => e.typeOnly));
});

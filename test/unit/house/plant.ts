// A throw-away tree with one of each layering violation, so every boundary check is shown to fail when it should.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function plantViolations(): string {
  const dir = mkdtempSync(join(tmpdir(), 'house-'));
  const put = (rel: string, text: string): void => {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), text);
  };
  put('src/core/a/fs.ts', "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n");
  put('src/core/a/path.ts', "import * as p from 'path';\nexport const j = p.join;\n");
  put('src/core/a/vs.ts', "import * as vscode from 'vscode';\nexport const w = vscode.window;\n");
  put('src/core/a/up.ts', "export { x } from '../../extension/host';\n");
  put('src/core/a/lazy.ts', "export const load = () => import('node:child_process');\n");
  put('src/extension/host.ts', 'export const x = 1;\n');
  put('src/core/a/dom.ts', 'export const el = (): HTMLElement => document.body;\n');
  put('src/core/a/proc.ts', 'export const cwd = (): string => process.cwd();\n');
  put('src/core/a/errno.ts', 'export const code = (e: unknown) => (e as NodeJS.ErrnoException).code;\n');
  put(
    'src/core/a/ok.ts',
    "import type { T } from './cyc1';\n// import { no } from 'node:fs';\nexport const s = \"import x from 'vscode'\";\n" +
      'export const d = new TextDecoder();\nexport const t = (): void => console.log(performance.now());\nexport type U = T;\n',
  );
  put('src/core/a/cyc1.ts', "import { b } from './cyc2';\nexport type T = number;\nexport const a = () => b;\n");
  put('src/core/a/cyc2.ts', "import { a } from './cyc1';\nexport const b = () => a;\n");
  return dir;
}

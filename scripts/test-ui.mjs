// Runs the Playwright UI tests (test/ui/**/*.ui.ts) under node:test, one file at a time (each starts its
// own workbench + chromium; 2-core machines do not like two at once). Needs `npm run build` first.
// `npm run test:ui -- <substring>` filters files. TEST_COUNTS_FILE=… receives the totals as JSON.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function find(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...find(p));
    else if (name.endsWith('.ui.ts')) out.push(p);
  }
  return out;
}

const filter = process.argv.slice(2);
let files = find('test/ui').sort();
if (filter.length) files = files.filter((f) => filter.some((s) => f.includes(s)));
const reporters = ['--test-reporter=spec', '--test-reporter-destination=stdout'];
if (process.env.TEST_COUNTS_FILE) reporters.push('--test-reporter=./scripts/count-reporter.mjs', `--test-reporter-destination=${process.env.TEST_COUNTS_FILE}`);
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-timeout=300000', ...reporters, ...files], { stdio: 'inherit' });
process.exit(r.status ?? 1);

// Runs every test/unit/**/*.test.ts under Node's own test runner (Node 20 takes files, not globs).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function find(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...find(p));
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

const filter = process.argv.slice(2);
let files = find('test/unit').sort();
if (filter.length) files = files.filter((f) => filter.some((s) => f.includes(s)));
// TEST_COUNTS_FILE (set by scripts/test-all.mjs) receives {passed, failed, skipped} as JSON.
const reporters = ['--test-reporter=spec', '--test-reporter-destination=stdout'];
if (process.env.TEST_COUNTS_FILE) reporters.push('--test-reporter=./scripts/count-reporter.mjs', `--test-reporter-destination=${process.env.TEST_COUNTS_FILE}`);
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', ...reporters, ...files], { stdio: 'inherit' });
process.exit(r.status ?? 1);

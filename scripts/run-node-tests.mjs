// Shared by test-unit.mjs and test-ui.mjs: runs test files under Node's own test runner (Node 20 takes files,
// not globs). TEST_COUNTS_FILE (set by scripts/test-all.mjs) receives {passed, failed, skipped, skips} as JSON,
// `skips` naming each skipped test and its reason (test-all fails a run whose skips blame a present ../shared).
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawn, spawnSync } from 'node:child_process';

export function find(dir, suffix) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...find(p, suffix));
    else if (name.endsWith(suffix)) out.push(p);
  }
  return out;
}

function reporterArgs(countsFile) {
  const r = ['--test-reporter=spec', '--test-reporter-destination=stdout'];
  if (countsFile) r.push('--test-reporter=./scripts/count-reporter.mjs', `--test-reporter-destination=${countsFile}`);
  return r;
}

/** Every `<dir>/**\/*<suffix>`, filtered by the command-line substrings, one process per file; exits with the runner's status. */
export function runNodeTests(dir, suffix, runnerArgs = []) {
  const filter = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  let files = find(dir, suffix).sort();
  if (filter.length) files = files.filter((f) => filter.some((s) => f.includes(s)));
  // node --test with no file would run every test file it finds under the cwd: say so and stop instead.
  if (files.length === 0) {
    console.error(`no ${dir}/**/*${suffix} file matches ${filter.join(' ')}`);
    process.exit(1);
  }
  process.exit(runFiles(files, runnerArgs));
}

/** The given files, one process per file (node --test); returns the exit status. */
export function runFiles(files, runnerArgs = []) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', ...runnerArgs, ...reporterArgs(process.env.TEST_COUNTS_FILE), ...files], { stdio: 'inherit' });
  return r.status ?? 1;
}

function readCounts(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

const TIMES_FILE = join('test-results', 'unit-file-ms.json');

/**
 * Split files into n groups of about equal time: longest first, each to the least loaded group, by the
 * times the last run recorded (a file without one weighs the median).
 */
function balance(files, n) {
  const known = readCounts(TIMES_FILE) ?? {};
  const ms = Object.values(known).sort((a, b) => a - b);
  const median = ms.length ? ms[Math.floor(ms.length / 2)] : 1;
  const weight = (f) => known[f] ?? median;
  const groups = Array.from({ length: n }, () => ({ files: [], load: 0 }));
  for (const f of [...files].sort((a, b) => weight(b) - weight(a) || a.localeCompare(b))) {
    const g = groups.reduce((a, b) => (b.load < a.load ? b : a));
    g.files.push(f);
    g.load += weight(f);
  }
  return groups.map((g) => g.files.sort());
}

/**
 * The given files in `shards` processes side by side, each loading its share of the files into itself
 * (scripts/unit-in-process.mjs): start-up is paid once per shard, not once per file. Shards are balanced by
 * the file times of the last run (test-results/unit-file-ms.json). Each shard's report is printed whole when
 * it ends (no interleaving). Resolves to the exit status.
 */
export async function runFilesInProcess(files, shards = 2) {
  const groups = balance(files, Math.max(1, Math.min(shards, files.length)));
  mkdirSync('test-results', { recursive: true });
  const results = await Promise.all(
    groups.map(
      (group, k) =>
        new Promise((done) => {
          const start = Date.now();
          const shardCounts = join('test-results', `.unit-shard${k}.json`);
          rmSync(shardCounts, { force: true });
          const child = spawn(process.execPath, ['--import', 'tsx', ...reporterArgs(shardCounts), 'scripts/unit-in-process.mjs', ...group], {
            stdio: ['ignore', 'pipe', 'pipe'],
          });
          const out = [];
          child.stdout.on('data', (b) => out.push(b));
          child.stderr.on('data', (b) => out.push(b));
          child.on('close', (code) => {
            process.stdout.write(`--- shard ${k + 1}/${groups.length}: ${group.length} files, ${((Date.now() - start) / 1000).toFixed(1)} s ---\n`);
            process.stdout.write(Buffer.concat(out));
            const counts = readCounts(shardCounts);
            rmSync(shardCounts, { force: true });
            done({ code: code ?? 1, counts });
          });
        }),
    ),
  );
  const times = readCounts(TIMES_FILE) ?? {};
  for (const r of results) for (const [file, ms] of Object.entries(r.counts?.fileMs ?? {})) times[relative(process.cwd(), file).split('\\').join('/')] = Math.round(ms);
  writeFileSync(TIMES_FILE, JSON.stringify(times, null, 1) + '\n');
  const countsFile = process.env.TEST_COUNTS_FILE;
  if (countsFile) {
    const total = { passed: 0, failed: 0, skipped: 0, skips: [] };
    for (const r of results) {
      const c = r.counts ?? { passed: 0, failed: r.code === 0 ? 0 : 1, skipped: 0, skips: [] };
      total.passed += c.passed;
      total.failed += c.failed;
      total.skipped += c.skipped;
      total.skips.push(...(c.skips ?? []));
    }
    writeFileSync(countsFile, JSON.stringify(total));
  }
  return results.every((r) => r.code === 0) ? 0 : 1;
}

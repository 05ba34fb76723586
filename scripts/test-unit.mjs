// The unit tests under Node's own test runner. `npm run test:unit -- <substring>...` filters files;
// `--layer=fast` runs the fast layer (in two processes that each load their files once: seconds, for every
// edit), `--layer=oracle` the slow oracle runs, one process per file (scripts/test-layers.mjs says which is
// which); without --layer every file runs, one process per file, as before.
import { runFiles, runFilesInProcess } from './run-node-tests.mjs';
import { unitFiles } from './test-layers.mjs';

const args = process.argv.slice(2);
const layer = args.find((a) => a.startsWith('--layer='))?.slice('--layer='.length) ?? 'all';
if (!['fast', 'oracle', 'all'].includes(layer)) {
  console.error(`test-unit: --layer must be fast, oracle or all, got ${layer}`);
  process.exit(2);
}
const files = unitFiles(layer, args.filter((a) => !a.startsWith('--')));
if (files.length === 0) {
  console.error(`test-unit: no ${layer === 'all' ? '' : layer + ' '}test file matches ${args.join(' ')}`);
  process.exit(1);
}
process.exit(layer === 'fast' ? await runFilesInProcess(files, 2) : runFiles(files));

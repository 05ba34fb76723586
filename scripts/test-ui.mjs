// Runs the Playwright UI tests (test/ui/**/*.ui.ts) under node:test, one file at a time (each starts its
// own workbench + chromium; 2-core machines do not like two at once). Needs `npm run build` first.
// `npm run test:ui -- <substring>` filters files.
import { runNodeTests } from './run-node-tests.mjs';

runNodeTests('test/ui', '.ui.ts', ['--test-concurrency=1', '--test-timeout=300000']);

// Runs the test files given as arguments in THIS process (under `node --import tsx`), one after another:
// the fast unit layer pays Node + tsx start-up and the shared core modules' load once instead of once per
// file (on 2 cores that start-up was most of the layer's time). A file that fails to load is a failing test.
import { test } from 'node:test';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

for (const file of process.argv.slice(2)) {
  try {
    await import(pathToFileURL(resolve(file)).href);
  } catch (err) {
    test(`load ${file}`, () => {
      throw err;
    });
  }
}

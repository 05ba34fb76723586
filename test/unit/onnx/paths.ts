// Where the shared ground truth lives (../shared next to the repo); tests skip visibly when it is absent.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export const repoRoot = resolve(__dirname, '..', '..', '..');
export const sharedDir = resolve(repoRoot, '..', 'shared');
export const testdata = resolve(sharedDir, 'testdata');
export const fixturesDir = resolve(repoRoot, 'test', 'fixtures', 'onnx');
export const haveShared = existsSync(resolve(testdata, 'onnx-backend', 'index.json'));
export const SKIP_SHARED = `${sharedDir} not present`;

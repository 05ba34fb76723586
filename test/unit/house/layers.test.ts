// The unit layers' selection (scripts/test-layers.mjs): every test file is in exactly one layer, the oracle list
// names only files that exist, and the skip rule test-all applies when ../shared is present picks out exactly
// the skips that blame it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(__dirname, '../../..');

interface Layers {
  ORACLE: string[];
  unitFiles: (layer: 'fast' | 'oracle' | 'all', filters: string[], root: string) => string[];
  sharedBlamedSkips: (layers: Array<{ label: string; skips?: Array<{ name: string; reason: string }> }>) => Array<{ name: string; layer: string }>;
}

async function layers(): Promise<Layers> {
  return (await import(resolve(root, 'scripts/test-layers.mjs'))) as Layers;
}

test('fast and oracle partition the unit test files; every listed oracle file exists', async () => {
  const l = await layers();
  const all = l.unitFiles('all', [], root);
  const fast = l.unitFiles('fast', [], root);
  const oracle = l.unitFiles('oracle', [], root);
  assert.ok(all.length > 20 && fast.length > 0 && oracle.length > 0);
  assert.deepEqual([...fast, ...oracle].sort(), all);
  assert.equal(fast.filter((f) => oracle.includes(f)).length, 0);
  for (const o of l.ORACLE) assert.ok(existsSync(resolve(root, o)), `oracle entry ${o} does not exist (renamed?)`);
  assert.deepEqual(l.unitFiles('oracle', ['tinyOrt'], root), ['test/unit/sd/tinyOrt.test.ts']);
  assert.ok(fast.includes('test/unit/house/layers.test.ts'));
});

test('the ../shared skip rule picks the skips that blame ../shared, and only those', async () => {
  const { sharedBlamedSkips } = await layers();
  const blamed = sharedBlamedSkips([
    { label: 'oracle', skips: [{ name: 'backend', reason: '../shared not present' }, { name: 'ort', reason: 'set SHAPES_SD_ORT=1 to run (heavy)' }] },
    { label: 'fast', skips: [{ name: 'ext', reason: '/work/shared not present' }] },
    { label: 'web' },
  ]);
  assert.deepEqual(blamed.map((b) => `${b.layer}:${b.name}`), ['oracle:backend', 'fast:ext']);
  assert.deepEqual(sharedBlamedSkips([{ label: 'oracle', skips: [{ name: 'x', reason: 'samples/sd15 not generated' }] }]), []);
});

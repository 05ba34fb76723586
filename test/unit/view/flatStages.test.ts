import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { assignScopes, buildHierarchy, isChunkName, structuralStages } from '../../../src/core/view/hierarchy';
import { shapeArithmetic } from '../../../src/core/view/shapeNoise';

test('structuralStages: stages between resolution changes, labelled by dominant op and output shape; short runs merge', () => {
  const types = [
    ...Array(6).fill('float32 [1,16,64,64]'),
    'float32 [1,32,32,32]', ...Array(5).fill('float32 [1,32,32,32]'),
    'int64 [4]', ...Array(5).fill('float32 [1,64,16,16]'),
  ];
  const ops = types.map((_, i) => (i % 2 ? 'Relu' : 'Conv'));
  const stages = structuralStages(types.map((_, i) => i), types, ops);
  assert.equal(stages.length, 3);
  // The shape vector (int64 [4]) has no resolution: it stays with the stage it follows.
  assert.deepEqual(stages.map(([, m]) => m.length), [6, 7, 5]);
  assert.match(stages[0][0], /^stage 1 \u2013 (Conv|Relu) ×3 · \[1,16,64,64\]$/);
  assert.ok(stages.every(([label]) => isChunkName(label) && !label.includes('/')));
});

test('assignScopes: a flat graph gets stages only when it has no name scopes and is long enough', () => {
  const n = 30;
  const names = Array.from({ length: n }, (_, i) => `node_${i}`);
  const types = names.map((_, i) => (i < 15 ? 'float32 [1,8,32,32]' : 'float32 [1,8,16,16]'));
  const ops = names.map(() => 'Conv');
  const edges = names.slice(1).map((_, i) => ({ from: i, to: i + 1, tensor: `t${i}` }));
  const scoped = assignScopes(names, edges, undefined, { types, ops });
  assert.equal(new Set(scoped.map((s) => s.join('/'))).size, 2);
  // With name scopes, the exporter's groups are kept.
  const named = assignScopes(names.map((x, i) => `/blk${i % 2}/${x}`), edges, undefined, { types, ops });
  assert.ok(named.every((s) => s[0] === 'blk0' || s[0] === 'blk1'));
  // Short graphs stay one level.
  assert.ok(assignScopes(names.slice(0, 10), edges.slice(0, 9), undefined, { types, ops }).every((s) => s.length === 0));
});

const ULTRAFACE = '/work/shared/testdata/models/onnxruntime-inference-examples/Ultraface-version-RFB-320.onnx';
test('a real 126-node detector without scopes opens as a handful of stages', { skip: !existsSync(ULTRAFACE) && `${ULTRAFACE} missing` }, async () => {
  const { loadRealView } = await import('../../ui/fixtures/realView');
  const r = await loadRealView(ULTRAFACE, { dims: {} });
  const h = buildHierarchy(r.graph, shapeArithmetic(r.graph));
  assert.ok(h.root.childGroups.length >= 4 && h.root.childGroups.length <= 12, `${h.root.childGroups.length} stages`);
  assert.equal(h.root.childNodes.length, 0);
  assert.ok(h.root.childGroups.every((g) => /^stage \d+ \u2013 \S+ ×\d+/.test(g)), h.root.childGroups.join(', '));
});

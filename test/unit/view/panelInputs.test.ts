import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseWhatIf, searchNodes } from '../../../src/core/view/panelInputs';
import type { CompactGraph } from '../../../src/core/view/protocol';

test('parseWhatIf: units, empty fields keep the preset, bad input is a clear error', () => {
  assert.deepEqual(parseWhatIf('expedera-8k', '7', '12', '8192').whatIf, { preset: 'expedera-8k', sramBytes: 7 * 1024 * 1024, ddrBytesPerS: 12e9, macs: 8192 });
  assert.deepEqual(parseWhatIf('p', '', ' ', '').whatIf, { preset: 'p' });
  assert.match(parseWhatIf('p', '-1', '', '').error ?? '', /SRAM must be a positive number/);
  assert.match(parseWhatIf('p', '', 'fast', '').error ?? '', /bandwidth/);
});

const graph: CompactGraph = {
  title: '', notes: [], edges: [], inputs: [], outputs: [],
  nodes: ['/a/attn1/to_q/MatMul', '/a/attn2/to_q/MatMul', '/a/conv/Conv', '(weird'].map((name) => ({
    name, opType: name.split('/').pop()!, scope: [], inputs: [], outputs: [],
  })),
};

test('searchNodes: regex over names and ops, case-insensitive; invalid regex falls back to plain text', () => {
  assert.deepEqual(searchNodes(graph, 'attn\\d/to_q').results, [0, 1]);
  assert.deepEqual(searchNodes(graph, '^conv$').results, [2]);
  assert.deepEqual(searchNodes(graph, '').results, []);
  const bad = searchNodes(graph, '(weird');
  assert.deepEqual(bad.results, [3]);
  assert.match(bad.error ?? '', /plain text/);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bandwidthText, parseWhatIf, searchNodes, sramText } from '../../../src/core/view/panelInputs';
import { elideMiddle } from '../../../src/core/view/elide';
import type { CompactGraph } from '../../../src/core/view/protocol';

test('parseWhatIf: the CLI units (parseBytes), empty fields keep the preset, bad input is a clear error', () => {
  assert.deepEqual(parseWhatIf('expedera-8k', '7MB', '12GB/s', '8192').whatIf, { preset: 'expedera-8k', sramBytes: 7e6, ddrBytesPerS: 12e9, macs: 8192 });
  assert.equal(parseWhatIf('p', '384KiB', '', '').whatIf.sramBytes, 384 * 1024);
  assert.equal(parseWhatIf('p', '7e6', '', '').whatIf.sramBytes, 7e6);
  assert.deepEqual(parseWhatIf('p', '', ' ', '').whatIf, { preset: 'p' });
  // A bare small number would be bytes to the CLI: refused, with the fix.
  assert.match(parseWhatIf('p', '4', '', '').error ?? '', /SRAM needs a unit, e\.g\. 4MB or 4MiB/);
  assert.match(parseWhatIf('p', '-1MB', '', '').error ?? '', /SRAM/);
  assert.match(parseWhatIf('p', '', 'fast', '').error ?? '', /bandwidth/);
  assert.match(parseWhatIf('p', '', '', '-3').error ?? '', /MACs must be a positive number/);
});

test('sramText / bandwidthText: a what-if value reads back in the units the field takes', () => {
  assert.equal(sramText(7e6), '7MB');
  assert.equal(sramText(384 * 1024), '384KiB');
  assert.equal(sramText(4 * 1024 * 1024), '4MiB');
  assert.equal(sramText(undefined), '');
  assert.equal(parseWhatIf('p', sramText(384 * 1024), '', '').whatIf.sramBytes, 384 * 1024);
  assert.equal(bandwidthText(12e9), '12GB/s');
});

test('elideMiddle keeps both ends', () => {
  assert.equal(elideMiddle('abcdefghij', 7), 'abc…hij');
  assert.equal(elideMiddle('short', 7), 'short');
  const t = 'float32 [batch_size_dimension.0,sequence_dimension.1,hidden_dimension.2]';
  const e = elideMiddle(t, 34);
  assert.equal(e.length, 34);
  assert.ok(e.startsWith('float32 [batch') && e.endsWith('dimension.2]'), e);
  assert.ok(elideMiddle('/up_blocks.0/resnets.0/conv_shortcut/Conv', 26).endsWith('resnets.0/conv_shortcut/Conv'.slice(-13)) === false);
  assert.ok(elideMiddle('/up_blocks.0/resnets.0/conv_shortcut/Conv', 26, 0.4).endsWith('shortcut/Conv'));
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

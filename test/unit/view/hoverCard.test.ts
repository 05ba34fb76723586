import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nodeCardRows, spillAdvice } from '../../../webview/hoverCard';
import type { CompactGraph, ViewNodeCost } from '../../../src/core/view/protocol';
import { formatBytes, formatMs } from '../../../src/core/view/format';

const graph: CompactGraph = {
  title: '', notes: [], edges: [], inputs: [], outputs: [],
  nodes: ['/b/conv1/Conv', '/b/act/Silu'].map((name) => ({ name, opType: name.split('/').pop()!, scope: ['b'], inputs: [], outputs: [] })),
};

function cost(over: Partial<ViewNodeCost>): ViewNodeCost {
  return {
    kind: 'mac', latencyMs: 1, share: 0.5, macCount: 1, weightBytes: 1, tile: '', sramUsageBytes: 1, ddrReadBytes: 1, ddrWriteBytes: 1,
    computeCycles: 1, dramAccessCycles: 1, utilization: 0.5, bound: 'compute', spill: false, spillReason: '', ...over,
  };
}

test('a fused layer says what it is fused into and links to the head layer', () => {
  const card = nodeCardRows(graph, 1, cost({ kind: 'fused', latencyMs: 0, fusedInto: 0 }));
  assert.deepEqual(card.rows.find(([k]) => k === 'fused into'), ['fused into', '/b/conv1/Conv (Conv)']);
  assert.deepEqual(card.link, { label: 'Reveal Conv /b/conv1/Conv', nodeIndex: 0 });
  assert.equal(nodeCardRows(graph, 0, cost({})).link, undefined);
});

test('spill advisor fields become one line on a spilling layer, nothing when absent', () => {
  const c = cost({ spill: true, spillReason: 'output 12.7 MB > free SRAM', spillKind: 'pressure', sramToAvoidSpillBytes: 12.7e6, ddrBytesSavedIfResident: 10.5e6, msSavedIfResident: 0.48 });
  assert.equal(spillAdvice(c), `fits at ${formatBytes(12.7e6)}; saves ${formatBytes(10.5e6)} of DDR traffic, ${formatMs(0.48)}`);
  const rows = nodeCardRows(graph, 0, c).rows;
  assert.equal(rows.find(([k]) => k === 'if resident')?.[1], spillAdvice(c));
  assert.match(rows.find(([k]) => k === 'spill kind')?.[1] ?? '', /^pressure/);
  assert.equal(spillAdvice(cost({ spill: true })), '');
  assert.equal(nodeCardRows(graph, 0, cost({ spill: true })).rows.find(([k]) => k === 'if resident'), undefined);
});

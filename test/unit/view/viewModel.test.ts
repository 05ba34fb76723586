import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCompactGraph, formatInferred } from '../../../src/core/view/compactGraph';
import { buildViewCost, formatTile } from '../../../src/core/view/viewCost';
import { formatBytes, formatCount, formatMs, formatPercent } from '../../../src/core/view/format';
import type { Model, Node } from '../../../src/core/model/graph';
import type { LayerCost, ModelCost } from '../../../src/core/cost/types';

function node(index: number, name: string, opType: string, inputs: string[], outputs: string[]): Node {
  return { index, name, opType, domain: '', inputs, outputs, attributes: {} };
}

function model(nodes: Node[]): Model {
  return {
    irVersion: 8, opsetImports: { '': 17 }, producerName: '', producerVersion: '', domain: '', modelVersion: 0, metadata: {},
    graph: {
      name: 'g', nodes, initializers: [{ name: 'w', dtype: 'float16', dims: [8, 4, 3, 3], elements: 288, byteSize: 576, data: { kind: 'none' } }],
      sparseInitializers: [], valueInfo: [],
      inputs: [{ name: 'x', type: { kind: 'tensor', dtype: 'float16', shape: ['batch', 4, 64, 64] } }],
      outputs: [{ name: 'z', type: { kind: 'tensor', dtype: 'float16' } }],
    },
    functions: [], warnings: [], source: { path: '/tmp/m/model.onnx', byteLength: 1 }, weightsOmitted: true,
  };
}

test('buildCompactGraph: edges by producer, scopes from names, types from shapes then declarations', () => {
  const m = model([
    node(0, '/blk/conv/Conv', 'Conv', ['x', 'w'], ['y']),
    node(1, '', 'Relu', ['y', 'y'], ['z']),
    node(2, '/blk/conv/Add', 'Add', ['z', 'y'], ['q']),
  ]);
  const shapes = {
    tensors: new Map([['y', { dtype: 'float16' as const, shape: [2, 8, 62, 62] }]]),
    unknown: [{ tensor: 'z', node: 'Relu_1', opType: 'Relu', reason: 'no rule' }], conflicts: [], unsupportedOps: [],
  };
  const g = buildCompactGraph(m, shapes);
  assert.deepEqual(g.edges, [{ from: 0, to: 1, tensor: 'y' }, { from: 1, to: 2, tensor: 'z' }, { from: 0, to: 2, tensor: 'y' }]);
  assert.equal(g.nodes[1].name, 'Relu_1');
  assert.deepEqual(g.nodes[0].scope, ['blk', 'conv']);
  assert.equal(g.nodes[0].inputs[0].type, 'float16 [batch,4,64,64]');
  assert.equal(g.nodes[0].inputs[1].type, 'float16 [8,4,3,3]');
  assert.equal(g.nodes[0].outputs[0].type, 'float16 [2,8,62,62]');
  assert.equal(g.nodes[1].outputs[0].type, 'float16 [?]');
  assert.deepEqual(g.inputs.map((i) => i.name), ['x']);
  assert.ok(g.notes.some((n) => /omitted/i.test(n)));
  assert.equal(formatInferred({ shape: [null, 3] }), '? [?,3]');
});

function layer(nodeIndex: number, latencyMs: number, spill: boolean): LayerCost {
  return {
    nodeIndex, name: `n${nodeIndex}`, opType: 'Conv', kind: 'mac', macCount: 100, macClass: 'conv', weightBytes: 10,
    tile: { dims: { oh: 16, oc: 64 }, count: 4, refetch: { input: 1, weight: 2, output: 1 } },
    sramUsageBytes: 5, ddrReadBytes: { input: 3, weight: 4, total: 7 }, ddrWriteBytes: 2, computeCycles: 9, dramAccessCycles: 8,
    overheadCycles: 0, opCycles: 9, latencyMs, utilization: 0.5, bound: 'memory', spill, spillReason: spill ? 'output exceeds SRAM' : '',
  };
}

test('buildViewCost: per-node overlay indexed by node, shares and totals', () => {
  const mc: ModelCost = {
    model: 'm', hardware: 'hw', warnings: [], layers: [layer(2, 3, true), layer(0, 1, false)],
    totals: { latencyMs: 4, macCount: 200, macByClass: { conv: 200, linear: 0, attention: 0, other: 0 }, weightBytes: 20,
      ddrReadBytes: 14, ddrWriteBytes: 4, spillCount: 1, computeCycles: 18, opCycles: 18 },
  };
  const v = buildViewCost(mc, 'HW', '8K MACs', 4);
  assert.equal(v.nodes.length, 4);
  assert.equal(v.nodes[2].share, 0.75);
  assert.equal(v.nodes[2].spill, true);
  assert.equal(v.nodes[2].ddrReadBytes, 7);
  assert.equal(v.nodes[1].kind, 'free');
  assert.equal(v.totals.ddrBytes, 18);
  assert.equal(v.totals.throughputPerS, 250);
  assert.match(v.nodes[0].tile, /oh16 oc64 × 4 tiles \(refetch in 1, w 2/);
  assert.equal(formatTile(undefined), '');
});

test('formatters', () => {
  assert.equal(formatBytes(1536), '1.54 KB');
  assert.equal(formatBytes(7 * 1024 * 1024), '7 MiB');
  assert.equal(formatCount(12_345_678), '12.3 M');
  assert.equal(formatMs(0.012345), '0.0123 ms');
  assert.equal(formatPercent(0.123), '12.3%');
});

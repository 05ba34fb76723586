import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { shapeArithmetic, typeElements } from '../../../src/core/view/shapeNoise';
import { buildHierarchy, groupTotals } from '../../../src/core/view/hierarchy';
import type { CompactGraph } from '../../../src/core/view/protocol';

const t = (name: string, type: string) => ({ name, type });

/** x -> Conv -> Reshape(shape from Shape(x) -> Gather -> Unsqueeze -> Concat), timestep -> Expand. */
function graph(): CompactGraph {
  const node = (name: string, opType: string, inputs: Array<[string, string]>, outputs: Array<[string, string]>, scope: string[] = []) =>
    ({ name, opType, scope, inputs: inputs.map(([n, ty]) => t(n, ty)), outputs: outputs.map(([n, ty]) => t(n, ty)) });
  return {
    title: 'g', notes: [], inputs: [t('x', 'float32 [1,4,64,64]'), t('timestep', 'int64 [1]')], outputs: [t('y', 'float32 [1,16384]')],
    nodes: [
      node('conv', 'Conv', [['x', 'float32 [1,4,64,64]'], ['w', 'float32 [4,4,3,3]']], [['c', 'float32 [1,4,64,64]']], ['blk']),
      node('shape', 'Shape', [['c', 'float32 [1,4,64,64]']], [['s', 'int64 [4]']], ['blk']),
      node('gather', 'Gather', [['s', 'int64 [4]'], ['idx', 'int64 []']], [['g', 'int64 []']], ['blk']),
      node('unsq', 'Unsqueeze', [['g', 'int64 []']], [['u', 'int64 [1]']], ['blk']),
      node('concat', 'Concat', [['u', 'int64 [1]'], ['minus1', 'int64 [1]']], [['shp', 'int64 [2]']], ['blk']),
      node('reshape', 'Reshape', [['c', 'float32 [1,4,64,64]'], ['shp', 'int64 [2]']], [['y', 'float32 [1,16384]']], ['blk']),
      node('expand', 'Expand', [['timestep', 'int64 [1]'], ['two', 'int64 [1]']], [['ts', 'int64 [2]']], ['time']),
      node('mul', 'Mul', [['c', 'float32 [1,4,64,64]'], ['k', 'float32 []']], [['m', 'float32 [1,4,64,64]']], ['blk']),
    ],
    edges: [
      { from: 0, to: 1, tensor: 'c' }, { from: 1, to: 2, tensor: 's' }, { from: 2, to: 3, tensor: 'g' }, { from: 3, to: 4, tensor: 'u' },
      { from: 4, to: 5, tensor: 'shp' }, { from: 0, to: 5, tensor: 'c' }, { from: 0, to: 7, tensor: 'c' },
    ],
  };
}

test('typeElements reads a type string; symbolic or unknown shapes are undefined', () => {
  assert.equal(typeElements('float16 [2,320,64,64]'), 2 * 320 * 64 * 64);
  assert.equal(typeElements('int64 []'), 1);
  assert.equal(typeElements('float32 [batch,77]'), undefined);
  assert.equal(typeElements('? (no shape)'), undefined);
});

test('shapeArithmetic folds the Shape chain and the timestep Expand, never real compute (Conv, Reshape of data, a big Mul)', () => {
  const g = graph();
  const hidden = shapeArithmetic(g);
  assert.deepEqual([...hidden], [0, 1, 1, 1, 1, 0, 1, 0]);
  const h = buildHierarchy(g, hidden);
  // The `time` group held only the Expand: it is gone; the block keeps Conv, Reshape and Mul, and no edge touches a folded node.
  assert.deepEqual(h.root.childGroups, ['blk']);
  assert.deepEqual(h.groups.get('blk')!.childNodes, [0, 5, 7]);
  assert.equal(h.groups.get('blk')!.nodeCount, 3);
  const edges = [...h.edgesByGroup.values()].flat();
  assert.ok(edges.every((e) => !hidden[e.from] && !hidden[e.to]));
  assert.equal(edges.length, 2);
  // Folded nodes are in no total.
  const zero = { kind: 'free' as const, latencyMs: 0, share: 0, macCount: 0, weightBytes: 0, tile: '', sramUsageBytes: 0, ddrReadBytes: 0, ddrWriteBytes: 0, computeCycles: 0, dramAccessCycles: 0, utilization: 0, bound: 'none' as const, spill: false, spillReason: '' };
  assert.equal(groupTotals(h, g.nodes.map(() => zero)).get('')!.nodeCount, 3);
  // Unfolded, everything is there.
  assert.equal(buildHierarchy(g).root.nodeCount, 8);
});

test('a graph of shape arithmetic only is not folded to nothing', () => {
  const g = graph();
  g.nodes = g.nodes.slice(1, 5);
  g.edges = [];
  assert.deepEqual([...shapeArithmetic(g)], [0, 0, 0, 0]);
});

const UNET = join(__dirname, '..', '..', '..', 'samples', 'sd15', 'unet', 'model.onnx');
test('SD 1.5 UNet: the folded nodes cost nothing and the top level is the blocks', { skip: !existsSync(UNET) && `${UNET} missing` }, async () => {
  const { loadRealView } = await import('../../ui/fixtures/realView');
  const { PRESETS } = await import('../../../src/core/cost/hardware');
  const r = await loadRealView(UNET);
  const hidden = shapeArithmetic(r.graph);
  const cost = r.costFor(PRESETS['expedera-8k'].config);
  let folded = 0;
  hidden.forEach((v, i) => {
    if (!v) return;
    folded++;
    assert.equal(cost.nodes[i].kind, 'free', `${r.graph.nodes[i].name} is free`);
  });
  assert.ok(folded > 1000, `${folded} folded`);
  const h = buildHierarchy(r.graph, hidden);
  assert.deepEqual(h.root.childNodes.map((i) => r.graph.nodes[i].opType), ['Conv', 'Conv']);
  assert.ok(h.root.childGroups.includes('up_blocks.3'));
  const attn1 = h.groups.get('down_blocks.0/attentions.0/transformer_blocks.0/attn1')!;
  assert.ok(!attn1.childNodes.some((i) => ['Shape', 'Gather', 'Unsqueeze', 'Concat', 'Constant'].includes(r.graph.nodes[i].opType)));
});

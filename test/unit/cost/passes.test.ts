// The lowering passes one at a time on small hand-built graphs, the invariant checks, and the op table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PASSES, runPasses, verifyLowering, LoweringInvariantError, type ShapeLookup } from '../../../src/core/cost/lower';
import { opInfo, macRule, tableOps } from '../../../src/core/cost/ops';
import { numericShape } from '../../../src/core/cost/macs';
import { Net, attentionBlock } from './build';

const lookup = (n: Net): ShapeLookup => ({ shape: (t) => numericShape(n.shapes, t), tensor: (t) => n.shapes.get(t) });
const opts = { attention: 'flash' as const, normFusion: false };

/** conv -> GroupNorm as exported (Reshape, InstanceNorm, Reshape, Mul, Add) -> SiLU -> conv. */
function normNet(): Net {
  const n = new Net();
  const x = n.input('x', [1, 32, 16, 16]);
  const c1 = n.op('Conv', [x, n.weight('w1', [32, 32, 3, 3])], [1, 32, 16, 16], { pads: [1, 1, 1, 1] }, 'conv1');
  const r = n.op('Reshape', [c1, n.weight('s1', [3])], [1, 8, 1024], {}, 'gn/Reshape');
  const inorm = n.op('InstanceNormalization', [r, n.weight('ones', [8]), n.weight('zeros', [8])], [1, 8, 1024], {}, 'gn/InstanceNormalization');
  const r2 = n.op('Reshape', [inorm, n.weight('s2', [4])], [1, 32, 16, 16], {}, 'gn/Reshape_1');
  const mul = n.op('Mul', [r2, n.weight('gamma', [32, 1, 1])], [1, 32, 16, 16], {}, 'gn/Mul');
  const add = n.op('Add', [mul, n.weight('beta', [32, 1, 1])], [1, 32, 16, 16], {}, 'gn/Add');
  const sg = n.op('Sigmoid', [add], [1, 32, 16, 16], {}, 'act/Sigmoid');
  const silu = n.op('Mul', [add, sg], [1, 32, 16, 16], {}, 'act/Mul');
  n.output(n.op('Conv', [silu, n.weight('w2', [32, 32, 3, 3])], [1, 32, 16, 16], { pads: [1, 1, 1, 1] }, 'conv2'));
  return n;
}

test('op table: one entry per (domain, op); classes and MAC rules', () => {
  assert.equal(opInfo('', 'Conv').cls, 'mac');
  assert.equal(macRule('', 'Conv'), 'conv');
  assert.equal(macRule('ai.onnx', 'MatMul'), 'matmul');
  assert.equal(macRule('com.microsoft', 'MatMul'), undefined, 'contrib ops get no standard MAC rule');
  assert.equal(opInfo('com.microsoft', 'Gelu').cls, 'elementwise');
  assert.equal(opInfo('my.custom', 'Conv').cls, 'vector', 'a custom domain is an unknown vector op');
  assert.equal(opInfo('', 'Reshape').cls, 'free');
  assert.equal(opInfo('', 'Shape').noData, true);
  assert.equal(opInfo('', 'Add').velaClass, 'add');
  assert.equal(opInfo('', 'Sigmoid').velaClass, 'lut');
  assert.equal(opInfo('', 'Softmax').opsPerElem, 3);
  assert.equal(opInfo('', 'NoSuchOp').known, false);
  assert.ok(tableOps().length > 90);
});

test('constantFolding: initializers and what is computed only from them are constants', () => {
  const n = new Net();
  const x = n.input('x', [1, 4]);
  const w = n.weight('w', [4, 4]);
  const wt = n.op('Transpose', [w], [4, 4], {}, 'wT');
  n.output(n.op('MatMul', [x, wt], [1, 4], {}, 'mm'));
  const rec = runPasses(n.model(), lookup(n), opts, 'constantFolding');
  assert.ok(rec.constant.has(wt));
  assert.ok(!rec.constant.has(x));
  assert.deepEqual([...rec.graphInputs], ['x']);
  assert.equal(rec.classes.length, 0, 'later passes did not run');
});

test('opClasses + attentionMatching: the attention pattern becomes one group headed by Q·Kᵀ', () => {
  const a = attentionBlock(64, 32, 4);
  const rec = runPasses(a.model(), lookup(a), opts, 'attentionMatching');
  const idx = (nm: string) => a.nodes.findIndex((x) => x.name === nm);
  assert.equal(rec.classes[idx('scores')], 'mac');
  assert.equal(rec.classes[idx('softmax')], 'vector');
  assert.equal(rec.classes[idx('q/Reshape')], 'free');
  assert.equal(rec.attention.get(idx('pv')), idx('scores'));
  assert.equal(rec.attention.get(idx('softmax')), idx('scores'));
  assert.equal(rec.attention.get(idx('scale')), idx('scores'));
  const mat = runPasses(a.model(), lookup(a), { ...opts, attention: 'materialized' }, 'attentionMatching');
  assert.equal(mat.attention.size, 0);
});

test('fusion: the norm affine and SiLU fuse into the norm; views are free', () => {
  const n = normNet();
  const rec = runPasses(n.model(), lookup(n), opts, 'fusion');
  const idx = (nm: string) => n.nodes.findIndex((x) => x.name === nm);
  const gNorm = rec.groupOfNode[idx('gn/InstanceNormalization')];
  assert.equal(rec.groupOfNode[idx('gn/Mul')], gNorm);
  assert.equal(rec.groupOfNode[idx('act/Mul')], gNorm);
  assert.equal(rec.groupOfNode[idx('gn/Reshape')], -1);
  assert.equal(rec.groupsRaw.length, 3); // conv1, norm, conv2
});

test('normFusion: the norm group folds into conv2 (prologue), statistics into conv1 (epilogue); its output is never written', () => {
  const n = normNet();
  const off = runPasses(n.model(), lookup(n), opts);
  const on = runPasses(n.model(), lookup(n), { ...opts, normFusion: true });
  assert.equal(off.groups.length, 3);
  assert.equal(on.groups.length, 2);
  const conv2 = on.groups[1];
  assert.equal(n.nodes[conv2.head].name, 'conv2');
  assert.ok(conv2.members.some((m) => n.nodes[m].opType === 'InstanceNormalization'));
  // conv2 reads conv1's output directly; the normalised tensor is not a materialised tensor any more
  const inSlot = conv2.slots.find((s) => s.role === 'input')!;
  assert.equal(on.tensors[inSlot.roots[0].tensor].name, 'conv1_out');
  assert.ok(!on.tensors.some((t) => t.name.startsWith('act/') || t.name.startsWith('gn/')));
  // statistics: 2 vector ops per element on conv1
  assert.equal(on.groups[0].vectorOps, 2 * 32 * 16 * 16);
});

test('ordering, loopNests, liveness: positions, slots and live ranges', () => {
  const n = normNet();
  const rec = runPasses(n.model(), lookup(n), opts, 'liveness');
  assert.deepEqual(rec.groups.map((g) => g.pos), [0, 1, 2]);
  assert.equal(rec.groups[0].loop.type, 'conv');
  assert.equal(rec.groups[1].loop.type, 'vector');
  const c1 = rec.tensors.find((t) => t.name === 'conv1_out')!;
  assert.deepEqual([c1.start, c1.end, c1.consumers], [0, 1, [1]]);
  assert.equal(rec.layers.length, 0, 'layerRecords not run yet');
});

test('an invariant violation names the pass', () => {
  const n = normNet();
  const rec = runPasses(n.model(), lookup(n), opts, 'ordering');
  rec.order.pop();
  assert.throws(() => verifyLowering(rec, 'ordering'), (e: unknown) => e instanceof LoweringInvariantError && e.pass === 'ordering');
  assert.deepEqual(PASSES.map((p) => p.name), ['constantFolding', 'opClasses', 'attentionMatching', 'fusion', 'normFusion', 'resizeFolding', 'shortcutFusion', 'ordering', 'loopNests', 'liveness', 'layerRecords']);
});

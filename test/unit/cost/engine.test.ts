// Hand-checked small cases against closed-form arithmetic, and the lowering rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { costModel, prepareGraph, costPrepared } from '../../../src/core/cost/engine';
import { PRESETS, validateHardware } from '../../../src/core/cost/hardware';
import { Net, singleConv, singleMatmul, attentionBlock } from './build';

const hw = PRESETS['expedera-8k'].config; // 8192 MACs (64 x 128), 750 MHz, 7 MB, 12 GB/s, INT8
const cyclesPerByte = 750e6 / 12e9;

test('single 3x3 conv 320->320 at 64x64: compute-bound, every operand moved once', () => {
  const net = singleConv(320, 320, 64, 64);
  const c = costModel(net.model(), net.shapes, hw);
  assert.equal(c.layers.length, 1);
  const l = c.layers[0];
  const macs = 64 * 64 * 320 * 320 * 9;
  assert.equal(l.macCount, macs);
  assert.equal(l.macClass, 'conv');
  // reduction 2880 = 45 x 64 rows, 4096 output pixels = 32 x 128 cols: the array is full
  assert.equal(l.computeCycles, macs / 8192);
  const input = 320 * 64 * 64;
  const weights = 320 * 320 * 9;
  assert.equal(l.ddrReadBytes.input, input);
  assert.equal(l.ddrReadBytes.weight, weights);
  assert.equal(l.ddrWriteBytes, input); // graph output goes to DDR
  // + the first-access DDR read and write latencies (500 / 250 cycles, Vela's DRAM defaults), hidden under compute here
  assert.equal(l.dramAccessCycles, Math.ceil((2 * input + weights) * cyclesPerByte) + 500 + 250);
  assert.equal(l.bound, 'compute');
  assert.ok(Math.abs(l.latencyMs - macs / 6.144e12 * 1e3) < 1e-9);
  assert.ok(Math.abs(l.utilization - 1) < 1e-9);
  assert.equal(l.spill, false);
  assert.ok(l.sramUsageBytes <= hw.sramBytes);
  assert.deepEqual(l.tile?.refetch, { input: 1, weight: 1, output: 1 });
});

test('single MatMul 4096x320 . 320x1280: memory-bound on the 5.2 MB output', () => {
  const net = singleMatmul(4096, 320, 1280);
  const l = costModel(net.model(), net.shapes, hw).layers[0];
  assert.equal(l.macCount, 4096 * 320 * 1280);
  assert.equal(l.macClass, 'linear');
  assert.equal(l.computeCycles, (4096 * 320 * 1280) / 8192);
  const bytes = 4096 * 320 + 320 * 1280 + 4096 * 1280;
  assert.equal(l.ddrReadBytes.total + l.ddrWriteBytes, bytes);
  assert.equal(l.dramAccessCycles, Math.ceil(bytes * cyclesPerByte) + 500 + 250); // + DDR read/write latency
  assert.equal(l.bound, 'memory');
  assert.ok(Math.abs(l.latencyMs - (bytes / 12e9) * 1e3 - 750 / 750e6 * 1e3) < 1e-6);
});

test('array fit: a layer whose dims do not fill the 64 x 128 array leaves MACs idle', () => {
  // [100 x 40] . [40 x 40]: best mapping puts k = 40 on 64 rows (0.625) and m = 100 on 128 cols (0.78125)
  const net = singleMatmul(100, 40, 40);
  const l = costModel(net.model(), net.shapes, hw).layers[0];
  assert.equal(l.macCount, 100 * 40 * 40);
  assert.equal(l.computeCycles, Math.ceil((100 * 40 * 40) / (8192 * 0.625 * 0.78125)));
  // a 4 -> 320 conv still fills it: 320 channels = 5 x 64 rows, 4096 pixels = 32 x 128 cols
  const conv = costModel(singleConv(4, 320, 64, 64).model(), singleConv(4, 320, 64, 64).shapes, hw).layers[0];
  assert.equal(conv.computeCycles, conv.macCount / 8192);
});

test('small SRAM forces re-fetch: more DDR bytes than the operands, tiles within SRAM', () => {
  const net = singleMatmul(1024, 1024, 1024);
  const small = validateHardware({ preset: 'expedera-8k', sramBytes: 256e3 });
  const l = costModel(net.model(), net.shapes, small).layers[0];
  const once = 3 * 1024 * 1024;
  assert.ok(l.ddrReadBytes.total + l.ddrWriteBytes > once, 'refetch expected');
  assert.ok(l.tile!.refetch.input > 1 || l.tile!.refetch.weight > 1);
  assert.ok(l.sramUsageBytes <= 256e3);
  const big = costModel(net.model(), net.shapes, hw).layers[0];
  assert.equal(big.ddrReadBytes.total + big.ddrWriteBytes, once);
});

test('one LayerCost per node in node order; views are free; SiLU and bias fuse into the conv', () => {
  const n = new Net();
  const x = n.input('x', [1, 64, 32, 32]);
  const c = n.op('Conv', [x, n.weight('w', [64, 64, 3, 3])], [1, 64, 32, 32], { pads: [1, 1, 1, 1] }, 'conv');
  const s = n.op('Sigmoid', [c], [1, 64, 32, 32], {}, 'sig');
  const m = n.op('Mul', [c, s], [1, 64, 32, 32], {}, 'silu');
  const r = n.op('Reshape', [m, n.weight('shape', [3])], [1, 64, 1024], {}, 'flat');
  const nm = n.op('Softmax', [r], [1, 64, 1024], { axis: -1 }, 'softmax');
  n.output(nm);
  const cost = costModel(n.model(), n.shapes, hw);
  assert.deepEqual(cost.layers.map((l) => l.nodeIndex), [0, 1, 2, 3, 4]);
  assert.deepEqual(cost.layers.map((l) => l.kind), ['mac', 'fused', 'fused', 'free', 'vector']);
  assert.equal(cost.layers[1].fusedInto, 0);
  assert.equal(cost.layers[2].fusedInto, 0);
  assert.equal(cost.layers[3].latencyMs, 0);
  // the conv output stays in SRAM for the softmax: nothing between them touches DDR
  assert.equal(cost.layers[0].ddrWriteBytes, 0);
  assert.equal(cost.layers[4].ddrReadBytes.input, 0);
  assert.equal(cost.totals.latencyMs, cost.layers.reduce((a, l) => a + l.latencyMs, 0));
});

test('attention: flash keeps the 8x4096x4096 scores on chip, materialised sends them through DDR', () => {
  const net = attentionBlock(4096, 320, 8);
  const prep = prepareGraph(net.model(), net.shapes);
  const flash = costPrepared(prep, hw);
  const mat = costPrepared(prep, validateHardware({ preset: 'expedera-8k', attention: 'materialized' }));
  const scores = 8 * 4096 * 4096;
  const kinds = (c: typeof flash) => Object.fromEntries(c.layers.map((l) => [l.name, l.kind]));
  assert.deepEqual([kinds(flash).scores, kinds(flash).scale, kinds(flash).softmax, kinds(flash).pv], ['mac', 'fused', 'fused', 'fused']);
  assert.deepEqual([kinds(mat).scores, kinds(mat).scale, kinds(mat).softmax, kinds(mat).pv], ['mac', 'fused', 'vector', 'mac']);
  const ddr = (c: typeof flash) => c.totals.ddrReadBytes + c.totals.ddrWriteBytes;
  // materialised: scores written, read and written by softmax, read by P.V (at least 4 x 134 MB)
  assert.ok(ddr(mat) - ddr(flash) >= 4 * scores, `${ddr(mat)} vs ${ddr(flash)}`);
  assert.ok(mat.totals.latencyMs >= ((4 * scores) / 12e9) * 1e3, `${mat.totals.latencyMs}`);
  assert.ok(mat.totals.latencyMs > 10 * flash.totals.latencyMs);
  const sm = mat.layers.find((l) => l.name === 'scores')!;
  assert.equal(sm.spill, true);
  assert.match(sm.spillReason, /^output 128 MiB > 7 MB SRAM/);
  // flash closed form: Q.K and P.V at a full array (k=40 -> m=32768 rows x n=4096 cols fit) vs online softmax
  // on the vector unit (3 ops per score, 256 ops/cycle): the vector unit is the bottleneck here
  const head = flash.layers.find((l) => l.name === 'scores')!;
  assert.equal(head.computeCycles, Math.max((2 * scores * 40) / 8192, (scores * 3) / 256));
  assert.equal(head.ddrReadBytes.total + head.ddrWriteBytes, 0); // Q, K, V and the output stay resident at 7 MB
  // same MACs either way
  assert.equal(flash.totals.macCount, mat.totals.macCount);
  assert.equal(flash.totals.macByClass.attention, 2 * 8 * 4096 * 4096 * 40);
});

/** A UNet-like chain at one resolution: `skips` outputs held until the end, then added back one by one. */
function skipNet(skips: number, ch: number, hw_: number): Net {
  const n = new Net();
  let h = n.input('x', [1, ch, hw_, hw_]);
  const held: string[] = [];
  for (let i = 0; i < skips; i++) {
    h = n.op('Conv', [h, n.weight(`w${i}`, [ch, ch, 3, 3])], [1, ch, hw_, hw_], { pads: [1, 1, 1, 1] }, `down${i}`);
    held.push(h);
  }
  for (let i = skips - 1; i >= 0; i--) {
    h = n.op('Conv', [h, n.weight(`u${i}`, [ch, ch, 3, 3])], [1, ch, hw_, hw_], { pads: [1, 1, 1, 1] }, `up${i}`);
    h = n.op('Add', [h, held[i]], [1, ch, hw_, hw_], {}, `skip${i}`);
  }
  n.output(h);
  return n;
}

test('skip tensors: spills with a readable reason when SRAM is short, none when it is huge', () => {
  const net = skipNet(6, 64, 64); // each activation 262 KB
  const prep = prepareGraph(net.model(), net.shapes);
  const tight = costPrepared(prep, validateHardware({ preset: 'expedera-8k', sramBytes: 1e6 }));
  const spilled = tight.layers.filter((l) => l.spill);
  assert.ok(spilled.length > 0);
  for (const l of spilled) assert.match(l.spillReason, /^output [\d.]+ (?:[KMGT]i?)?B > [\d.]+ (?:[KMGT]i?)?B free SRAM at \S+ while \d+ smaller live tensors? \([\d.]+ (?:[KMGT]i?)?B/);
  const huge = costPrepared(prep, validateHardware({ preset: 'expedera-8k', sramBytes: 1e9 }));
  assert.equal(huge.totals.spillCount, 0);
  assert.ok(huge.totals.ddrReadBytes < tight.totals.ddrReadBytes);
  // with everything resident only the input, the weights and the output cross DDR
  const weights = 12 * 64 * 64 * 9;
  assert.equal(huge.totals.ddrReadBytes, 64 * 64 * 64 + weights);
  assert.equal(huge.totals.ddrWriteBytes, 64 * 64 * 64);
});

test('weights streaming from DDR is traffic, not a spill', () => {
  const net = singleMatmul(16, 4096, 4096); // 16.8 MB of weights > 7 MB SRAM
  const l = costModel(net.model(), net.shapes, hw).layers[0];
  assert.equal(l.spill, false);
  assert.equal(l.ddrReadBytes.weight, 4096 * 4096);
  assert.equal(l.bound, 'memory');
});

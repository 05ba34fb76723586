// Each engine-v2 mechanism on a small hand-computed case (expedera-8k: 8,192 MACs as 64 x 128, 750 MHz, 12 GB/s,
// INT8, so 1 DDR byte = 750e6 / 12e9 = 0.0625 cycles).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { costModel, costPrepared, prepareGraph } from '../../../src/core/cost/engine';
import { validateHardware } from '../../../src/core/cost/hardware';
import { costPipeline } from '../../../src/core/cost/pipeline';
import { ablate } from '../../../src/core/cost/ablation';
import { burstFactor } from '../../../src/core/cost/tiling';
import { Net, singleConv, singleMatmul } from './build';
import type { Graph, Node, TensorInfo } from '../../../src/core/model/graph';

/** No DDR latency, so the closed forms below stay short. */
const base = { preset: 'expedera-8k', ddrReadLatencyCycles: 0, ddrWriteLatencyCycles: 0 };
const hwOf = (o: Record<string, unknown> = {}) => validateHardware({ ...base, ...o });

/** A compute-bound conv followed by a weight-bound matmul (1 MB of weights for 134 MMAC). */
function prefetchNet(): Net {
  const n = new Net();
  const x = n.input('x', [1, 128, 64, 64]);
  const a = n.op('Conv', [x, n.weight('wa', [128, 128, 3, 3])], [1, 128, 64, 64], { pads: [1, 1, 1, 1] }, 'A');
  const r = n.op('Reshape', [a, n.weight('shape', [3])], [1, 128, 4096], {}, 'view');
  n.output(n.op('MatMul', [r, n.weight('wb', [4096, 256])], [1, 128, 256], {}, 'B'));
  return n;
}

test('weightPrefetch: the conv\'s idle DMA time loads the matmul\'s weights ahead', () => {
  const n = prefetchNet();
  const prep = prepareGraph(n.model(), n.shapes);
  const off = costPrepared(prep, hwOf({ weightPrefetch: false }));
  const on = costPrepared(prep, hwOf({ weightPrefetch: true }));
  const [aOff, , bOff] = off.layers;
  const [aOn, , bOn] = on.layers;
  // A: 604 MMAC / 8192 = 73,728 cycles; DDR: input 524,288 + weights 147,456 B = 41,984 cycles -> 31,744 idle DMA cycles
  assert.equal(aOff.computeCycles, 73728);
  assert.equal(aOff.dramAccessCycles, 41984);
  // B: 1,048,576 B weights + 32,768 B output = 67,584 cycles without prefetch
  assert.equal(bOff.dramAccessCycles, 67584);
  assert.equal(bOn.prefetchedWeightBytes, 31744 / 0.0625);
  assert.equal(bOn.dramAccessCycles, (1048576 + 32768 - 507904) * 0.0625);
  assert.equal(aOn.opCycles, aOff.opCycles);
  assert.equal(on.totals.opCycles, 73728 + 35840);
  // the same bytes cross the DDR port, only earlier; the prefetched bytes occupy A's spare SRAM
  assert.equal(on.totals.ddrReadBytes, off.totals.ddrReadBytes);
  assert.ok(aOn.sramUsageBytes >= aOff.sramUsageBytes + 507904);
});

test('weightPrefetch is bounded by free SRAM: with no room beside A nothing is prefetched', () => {
  const n = prefetchNet();
  const prep = prepareGraph(n.model(), n.shapes);
  const tight = costPrepared(prep, hwOf({ sramBytes: 1.2e6 }));
  const b = tight.layers[2];
  const a = tight.layers[0];
  assert.ok((b.prefetchedWeightBytes ?? 0) <= Math.max(0, 1.2e6 - a.sramUsageBytes + (b.prefetchedWeightBytes ?? 0)));
  assert.ok(a.sramUsageBytes <= 1.2e6 + 1, `A holds ${a.sramUsageBytes} B of 1.2 MB`);
});

test('vectorCosts: uniform = 1/256 cycle per element; vela = Vela U55-256 cycles x 8/256 (Add 0.75, LUT 1.0)', () => {
  const n = new Net();
  const x = n.input('x', [1, 65536]);
  const y = n.input('y', [1, 65536]);
  const s = n.op('Add', [x, y], [1, 65536], {}, 'add');
  n.output(n.op('Sigmoid', [n.op('Softmax', [s], [1, 65536], { axis: -1 }, 'sm')], [1, 65536], {}, 'sig'));
  const prep = prepareGraph(n.model(), n.shapes);
  const uni = costPrepared(prep, hwOf({ vectorCosts: 'uniform' }));
  const vela = costPrepared(prep, hwOf({ vectorCosts: 'vela' }));
  assert.equal(uni.layers[0].computeCycles, 65536 / 256);
  assert.equal(vela.layers[0].computeCycles, (65536 * 0.75 * 8) / 256);
  // softmax (3 LUT passes) + its fused sigmoid (1 LUT pass)
  assert.equal(vela.layers[1].computeCycles, (65536 * 4 * 1.0 * 8) / 256);
  assert.equal(uni.layers[1].computeCycles, (65536 * 4) / 256);
  assert.equal(vela.layers[1].utilizationKind, 'vector');
});

test('utilizationKind: MAC layers report MAC-array use, vector layers vector-unit use', () => {
  const n = new Net();
  const x = n.input('x', [1, 64, 32, 32]);
  const c = n.op('Conv', [x, n.weight('w', [64, 64, 3, 3])], [1, 64, 32, 32], { pads: [1, 1, 1, 1] }, 'conv');
  n.output(n.op('Softmax', [c], [1, 64, 32, 32], { axis: 1 }, 'sm'));
  const cost = costModel(n.model(), n.shapes, hwOf());
  assert.equal(cost.layers[0].utilizationKind, 'mac');
  assert.equal(cost.layers[1].utilizationKind, 'vector');
  const sm = cost.layers[1];
  assert.ok(sm.utilization > 0 && sm.utilization <= 1);
  assert.ok(Math.abs(sm.utilization - (64 * 1024 * 3) / 256 / sm.opCycles) < 1e-9);
});

test('dataflows: weight-stationary only puts (reduction, output channels) on the array', () => {
  // [100 x 40] . [40 x 40]: all dataflows -> k=40 on rows (0.625) x m=100 on cols (0.78125); WS -> k x n = 0.625 x 0.3125
  const net = singleMatmul(100, 40, 40);
  const all = costModel(net.model(), net.shapes, hwOf()).layers[0];
  const ws = costModel(net.model(), net.shapes, hwOf({ dataflows: ['weightStationary'] })).layers[0];
  assert.equal(all.computeCycles, Math.ceil(160000 / (8192 * 0.625 * 0.78125)));
  assert.equal(ws.computeCycles, Math.ceil(160000 / (8192 * 0.625 * 0.3125)));
});

test('weightCompression and weightBitsByClass scale weight bytes and their DDR traffic', () => {
  const conv = singleConv(64, 64, 16, 16);
  const plain = costModel(conv.model(), conv.shapes, hwOf()).layers[0];
  const half = costModel(conv.model(), conv.shapes, hwOf({ weightCompression: 0.5 })).layers[0];
  assert.equal(plain.weightBytes, 64 * 64 * 9);
  assert.equal(half.weightBytes, (64 * 64 * 9) / 2);
  assert.equal(half.ddrReadBytes.weight, plain.ddrReadBytes.weight / 2);
  const mm = singleMatmul(64, 512, 512);
  const int4 = costModel(mm.model(), mm.shapes, hwOf({ weightBitsByClass: { linear: 4 } })).layers[0];
  const convInt4 = costModel(conv.model(), conv.shapes, hwOf({ weightBitsByClass: { linear: 4 } })).layers[0];
  assert.equal(int4.weightBytes, 512 * 512 * 0.5);
  assert.equal(convInt4.weightBytes, 64 * 64 * 9, 'a conv keeps weightBits');
});

test('batch 2 (classifier-free guidance): MACs and activations double, weights stream once', () => {
  const mm = singleMatmul(64, 320, 1280);
  const prep = prepareGraph(mm.model(), mm.shapes);
  const one = costPrepared(prep, hwOf());
  const two = costPrepared(prep, hwOf(), { batch: 2 });
  assert.equal(two.totals.macCount, 2 * one.totals.macCount);
  assert.equal(two.layers[0].ddrReadBytes.weight, one.layers[0].ddrReadBytes.weight);
  assert.equal(two.layers[0].ddrReadBytes.input, 2 * one.layers[0].ddrReadBytes.input);
  assert.equal(two.layers[0].ddrWriteBytes, 2 * one.layers[0].ddrWriteBytes);
  // pipeline: a guided stage with 2 runs per image runs once at batch 2
  const p = costPipeline([{ name: 'unet', prepared: prep, runsPerImage: 2 }], hwOf(), { cfgBatch: true });
  assert.equal(p.stages[0].runsPerImage, 1);
  assert.equal(p.stages[0].batch, 2);
  assert.ok(p.stages[0].latencyMs < 2 * one.totals.latencyMs, 'one weight stream beats two');
});

test('Shared_Sram: every activation lives in the SRAM arena; the external port carries weights only; nothing spills', () => {
  const n = prefetchNet();
  const c = costModel(n.model(), n.shapes, validateHardware({ preset: 'ethos-u55-256' }));
  assert.equal(c.totals.spillCount, 0);
  assert.equal(c.totals.ddrWriteBytes, 0);
  assert.equal(c.totals.ddrReadBytes, c.layers.reduce((s, l) => s + l.ddrReadBytes.weight, 0));
  assert.ok(c.warnings.some((w) => /Shared_Sram: the arena needs/.test(w)), 'a 1 MB activation does not fit 384 KiB: said');
  // SRAM port at 4 GB/s is a third max() term
  assert.ok(c.layers[0].sramAccessCycles! > 0);
});

test('sramBytesPerS: a finite SRAM port can make a layer memory-bound', () => {
  const conv = singleConv(320, 320, 64, 64);
  const l = costModel(conv.model(), conv.shapes, hwOf({ sramBytesPerS: 1e9 })).layers[0];
  assert.ok(l.sramAccessCycles! > l.computeCycles);
  assert.equal(l.bound, 'memory');
  assert.equal(l.opCycles, l.sramAccessCycles);
});

test('normFusion in the engine: the GroupNorm costs nothing on its own line and its output never crosses DDR', () => {
  const n = new Net();
  const x = n.input('x', [1, 256, 128, 128]); // 4 MB activations at INT8
  const c1 = n.op('Conv', [x, n.weight('w1', [256, 256, 3, 3])], [1, 256, 128, 128], { pads: [1, 1, 1, 1] }, 'conv1');
  const inorm = n.op('InstanceNormalization', [n.op('Reshape', [c1, n.weight('s', [3])], [1, 32, 131072], {}, 'r1'), n.weight('g', [32]), n.weight('b', [32])], [1, 32, 131072], {}, 'gn');
  const r2 = n.op('Reshape', [inorm, n.weight('s2', [4])], [1, 256, 128, 128], {}, 'r2');
  n.output(n.op('Conv', [r2, n.weight('w2', [256, 256, 3, 3])], [1, 256, 128, 128], { pads: [1, 1, 1, 1] }, 'conv2'));
  const prep = prepareGraph(n.model(), n.shapes);
  const small = { sramBytes: 2e6 }; // nothing 4 MB fits: the unfused norm reads and writes 4 MB through DDR
  const off = costPrepared(prep, hwOf({ ...small, normFusion: false }));
  const on = costPrepared(prep, hwOf({ ...small, normFusion: true }));
  const gnOff = off.layers.find((l) => l.name === 'gn')!;
  const gnOn = on.layers.find((l) => l.name === 'gn')!;
  assert.equal(gnOff.kind, 'vector');
  assert.equal(gnOn.kind, 'fused');
  assert.equal(on.layers[gnOn.fusedInto!].name, 'conv2');
  const ddr = (c: typeof on) => c.totals.ddrReadBytes + c.totals.ddrWriteBytes;
  assert.ok(ddr(off) - ddr(on) >= 2 * 4194304, `${ddr(off)} vs ${ddr(on)}`);
  assert.ok(on.totals.latencyMs < off.totals.latencyMs);
});

test('uncostedLayers: a layer with an unbound dim is named with the dim, counted in totals, and warned first', () => {
  const n = new Net();
  const x = n.input('x', [1, 4]);
  const h = n.op('MatMul', [x, n.weight('w', [4, 4])], [1, 4], {}, 'mm');
  n.output(n.op('Relu', [h], [1, 4], {}, 'relu'));
  n.shapes.set(x, { dtype: 'float32', shape: ['batch', 4] });
  n.shapes.set(h, { dtype: 'float32', shape: ['batch', 4] });
  n.shapes.set('relu_out', { dtype: 'float32', shape: ['batch', 4] });
  const c = costModel(n.model(), n.shapes, hwOf());
  assert.equal(c.totals.layerCount, 2);
  assert.equal(c.totals.uncostedCount, 2);
  assert.deepEqual(c.uncostedLayers!.map((u) => u.name), ['mm', 'relu']);
  assert.match(c.uncostedLayers![0].reason, /'batch'/);
  assert.match(c.warnings[0], /^2 of 2 layers not costed/);
  const ok = singleMatmul(4, 4, 4);
  const full = costModel(ok.model(), ok.shapes, hwOf());
  assert.deepEqual(full.uncostedLayers, []);
  assert.equal(full.totals.uncostedCount, 0);
});

test('ablate: every mechanism reports on/off per stage under its field name', () => {
  const n = prefetchNet();
  const prep = prepareGraph(n.model(), n.shapes);
  const rows = ablate([{ name: 'unet', prepared: prep, runsPerImage: 2 }], hwOf());
  const names = rows.map((r) => r.mechanism);
  for (const m of ['weightPrefetch', 'normFusion', 'resizeFolding', 'lineBuffers', 'ddrBurstBytes', 'shortcutFusion', 'vectorCosts', 'ddrReadLatencyCycles', 'ddrWriteLatencyCycles', 'dataflows', 'cfgBatch']) assert.ok(names.includes(m), m);
  const pf = rows.find((r) => r.mechanism === 'weightPrefetch')!.stages[0];
  assert.equal(pf.name, 'unet');
  assert.ok(pf.latencyMsOn < pf.latencyMsOff);
  assert.equal(pf.ddrBytesOn, pf.ddrBytesOff);
  // cfgBatch compares one batch-2 run with two batch-1 runs (here batch 2 makes A's 1 MB output spill: no gain)
  const cfg = rows.find((r) => r.mechanism === 'cfgBatch')!.stages[0];
  assert.ok(cfg.latencyMsOn > 0 && cfg.latencyMsOff > 0);
});

test('Constant-node weights count as weights (bytes, DDR traffic); If/Loop bodies are costed (branch, trip count)', () => {
  const n = new Net();
  const x = n.input('x', [1, 64]);
  const wName = 'w_const';
  const tensor: TensorInfo = { name: wName, dtype: 'float32', dims: [64, 32], elements: 2048, byteSize: 8192, data: { kind: 'none' } };
  n.nodes.push({ name: 'Constant_w', opType: 'Constant', domain: '', inputs: [], outputs: [wName], attributes: { value: { type: 'tensor', value: tensor } }, index: n.nodes.length });
  n.shapes.set(wName, { dtype: 'float32', shape: [64, 32] });
  const y = n.op('MatMul', [x, wName], [1, 32], {}, 'mm');
  n.output(y);
  const c = costModel(n.model(), n.shapes, hwOf());
  const mm = c.layers.find((l) => l.name === 'mm')!;
  assert.equal(mm.weightBytes, 2048);
  assert.equal(mm.ddrReadBytes.weight, 2048);
  assert.equal(mm.macClass, 'linear');
  // Loop: body x trip count when M is a constant, once with a warning when not; If: the constant branch
  const body = (nm: string, k: number): Graph => ({
    name: nm, inputs: [], outputs: [{ name: `${nm}_y` }], initializers: [{ name: `${nm}_w`, dtype: 'float32', dims: [k, k], elements: k * k, byteSize: 4 * k * k, data: { kind: 'none' } }],
    nodes: [{ name: `${nm}/mm`, opType: 'MatMul', domain: '', inputs: ['v', `${nm}_w`], outputs: [`${nm}_y`], attributes: {}, index: 0 }], sparseInitializers: [], valueInfo: [],
  });
  const cf = (opType: string, inputs: string[], attrs: Node['attributes'], known?: { name: string; value: number }) => {
    const l = new Net();
    l.input('v', [1, 64]);
    for (const nm of ['b', 'then', 'else']) {
      l.shapes.set(`${nm}_y`, { dtype: 'float32', shape: [1, 64] });
      l.shapes.set(`${nm}_w`, { dtype: 'float32', shape: [64, 64] });
    }
    if (known) l.shapes.set(known.name, { dtype: opType === 'If' ? 'bool' : 'int64', shape: [], value: [known.value] } as never);
    l.nodes.push({ name: 'cf', opType, domain: '', inputs, outputs: ['cf_out'], attributes: attrs, index: 0 });
    l.shapes.set('cf_out', { dtype: 'float32', shape: [1, 64] });
    l.output('cf_out');
    return costModel(l.model(), l.shapes, hwOf());
  };
  const once = cf('Loop', ['', '', 'v'], { body: { type: 'graph', value: body('b', 64) } });
  assert.equal(once.layers[0].macCount, 64 * 64);
  assert.ok(once.warnings.some((w) => /trip count unknown: body costed once/.test(w)));
  const thrice = cf('Loop', ['M', '', 'v'], { body: { type: 'graph', value: body('b', 64) } }, { name: 'M', value: 3 });
  assert.equal(thrice.layers[0].macCount, 3 * 64 * 64);
  assert.ok(thrice.totals.latencyMs > once.totals.latencyMs);
  assert.deepEqual(thrice.uncostedLayers, []);
  const branch = { then_branch: { type: 'graph' as const, value: body('then', 64) }, else_branch: { type: 'graph' as const, value: { ...body('else', 64), nodes: [] } } };
  const known = cf('If', ['c'], branch, { name: 'c', value: 0 });
  assert.equal(known.layers[0].macCount, 0, 'condition false: the empty else branch');
  const unknown = cf('If', ['c'], branch);
  assert.equal(unknown.layers[0].macCount, 64 * 64, 'unknown condition: the more expensive branch');
  assert.ok(unknown.warnings.some((w) => /more expensive branch/.test(w)));
});

test('resizeFolding: a nearest 2x Resize before a conv is read through the conv\'s addressing; the 4x tensor is never written', () => {
  const n = new Net();
  const x = n.input('x', [1, 64, 128, 128]); // 1 MB at INT8; upsampled 4 MB
  const c0 = n.op('Conv', [x, n.weight('w0', [64, 64, 3, 3])], [1, 64, 128, 128], { pads: [1, 1, 1, 1] }, 'conv0');
  const up = n.op('Resize', [c0, '', n.weight('scales', [4])], [1, 64, 256, 256], {}, 'up');
  n.output(n.op('Conv', [up, n.weight('w1', [64, 64, 3, 3])], [1, 64, 256, 256], { pads: [1, 1, 1, 1] }, 'conv1'));
  const prep = prepareGraph(n.model(), n.shapes);
  const off = costPrepared(prep, hwOf({ sramBytes: 2e6, resizeFolding: false }));
  const on = costPrepared(prep, hwOf({ sramBytes: 2e6, resizeFolding: true }));
  const upOn = on.layers.find((l) => l.name === 'up')!;
  assert.equal(off.layers.find((l) => l.name === 'up')!.kind, 'vector');
  assert.equal(upOn.kind, 'fused');
  assert.equal(on.layers[upOn.fusedInto!].name, 'conv1');
  const conv1 = on.layers.find((l) => l.name === 'conv1')!;
  assert.ok(conv1.ddrReadBytes.input < 4 * 64 * 128 * 128, `conv1 reads ${conv1.ddrReadBytes.input} B: the small tensor, not the 4 MB one`);
  const ddr = (c: typeof on) => c.totals.ddrReadBytes + c.totals.ddrWriteBytes;
  assert.ok(ddr(off) - ddr(on) >= 2 * 4 * 64 * 128 * 128 - 64 * 128 * 128, `${ddr(off)} vs ${ddr(on)}`);
  assert.equal(on.totals.macCount, off.totals.macCount);
});

test('lineBuffers: row strips of a 3x3 conv read each input row once (halo rows stay on chip, SRAM counted)', () => {
  const conv = singleConv(256, 256, 128, 128); // 4 MB input, 4 MB output: at 2 MB SRAM it must run in row strips
  const prep = prepareGraph(conv.model(), conv.shapes);
  const off = costPrepared(prep, hwOf({ sramBytes: 2e6, lineBuffers: false })).layers[0];
  const on = costPrepared(prep, hwOf({ sramBytes: 2e6, lineBuffers: true })).layers[0];
  const input = 256 * 128 * 128;
  assert.ok(off.ddrReadBytes.input > input, `without: ${off.ddrReadBytes.input} B (halo rows re-read)`);
  assert.equal(on.ddrReadBytes.input, input);
  assert.ok(on.sramUsageBytes <= 2e6);
  assert.ok(on.latencyMs <= off.latencyMs);
});

test('shortcutFusion: conv2 and the 1x1 shortcut conv run on one output tile; the shortcut output is never written', () => {
  const n = new Net();
  const x = n.input('x', [1, 128, 128, 128]); // 2 MB
  const c1 = n.op('Conv', [x, n.weight('w1', [128, 128, 3, 3])], [1, 128, 128, 128], { pads: [1, 1, 1, 1] }, 'conv1');
  const c2 = n.op('Conv', [c1, n.weight('w2', [64, 128, 3, 3])], [1, 64, 128, 128], { pads: [1, 1, 1, 1] }, 'conv2');
  const sc = n.op('Conv', [x, n.weight('ws', [64, 128, 1, 1])], [1, 64, 128, 128], {}, 'conv_shortcut');
  n.output(n.op('Add', [sc, c2], [1, 64, 128, 128], {}, 'add'));
  const prep = prepareGraph(n.model(), n.shapes);
  const off = costPrepared(prep, hwOf({ sramBytes: 1e6, shortcutFusion: false }));
  const on = costPrepared(prep, hwOf({ sramBytes: 1e6, shortcutFusion: true }));
  const kind = (c: typeof on, nm: string) => c.layers.find((l) => l.name === nm)!;
  assert.equal(kind(off, 'conv2').kind, 'mac');
  assert.equal(kind(on, 'conv2').kind, 'fused');
  assert.equal(on.layers[kind(on, 'conv2').fusedInto!].name, 'conv_shortcut');
  assert.equal(on.totals.macCount, off.totals.macCount);
  const head = kind(on, 'conv_shortcut');
  assert.ok(head.computeCycles >= (kind(off, 'conv2').computeCycles + kind(off, 'conv_shortcut').computeCycles) * 0.99, 'both convs\' MACs on one line');
  const ddr = (c: typeof on) => c.totals.ddrReadBytes + c.totals.ddrWriteBytes;
  assert.ok(ddr(on) < ddr(off), `${ddr(on)} vs ${ddr(off)}`);
});

test('ddrBurstBytes: each contiguous run of a tile costs whole bursts (hand-computed); 0 = exact bytes', () => {
  assert.equal(burstFactor(40, 64), 64 / 40); // a 40 B row occupies one 64 B burst
  assert.equal(burstFactor(160, 64), 192 / 160); // 3 bursts
  assert.equal(burstFactor(1600, 64), 1);
  assert.equal(burstFactor(40, 0), 1);
  // x [1, 4, 40] · w [40, 40] at INT8, all of it one tile: x is one 160 B run (3 bursts = 192 B), w one 1,600 B run (25 bursts).
  const mm = singleMatmul(4, 40, 40);
  const prep = prepareGraph(mm.model(), mm.shapes);
  const off = costPrepared(prep, hwOf({ ddrBurstBytes: 0 })).layers[0];
  const on = costPrepared(prep, hwOf({ ddrBurstBytes: 64 })).layers[0];
  assert.equal(off.ddrReadBytes.input, 160);
  assert.equal(on.ddrReadBytes.input, 192);
  assert.equal(on.ddrReadBytes.weight, 1600);
  assert.equal(off.ddrReadBytes.weight, 1600);
  assert.ok(on.dramAccessCycles > off.dramAccessCycles);
});

// Monotonicity over random configurations: more SRAM never raises latency or DDR bytes; more bandwidth or a larger MAC
// array never raises latency; spills vanish when SRAM is huge. On hand-built nets and on the bundled SD models.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prepareGraph, costPrepared, type PreparedGraph } from '../../../src/core/cost/engine';
import { validateHardware, type HardwareConfig } from '../../../src/core/cost/hardware';
import { Net, attentionBlock, singleConv, singleMatmul } from './build';
import { sdStages } from './sdModels';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomConfig(r: () => number): HardwareConfig {
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const rows = pick([8, 16, 32, 64]);
  const cols = pick([32, 64, 128, 256]);
  return validateHardware({
    macs: rows * cols, array: { rows, cols },
    clockHz: 2e8 + r() * 1.3e9,
    sramBytes: Math.round(Math.exp(Math.log(64e3) + r() * Math.log(1000))), // 64 KB .. 64 MB
    ddrBytesPerS: 0.5e9 + r() * 50e9,
    ddrEfficiency: 0.5 + r() * 0.5,
    weightBits: pick([4, 8, 16]), activationBits: pick([8, 16]), accumulatorBits: 32,
    doubleBuffering: r() < 0.7, attention: r() < 0.5 ? 'flash' : 'materialized',
    layerOverheadCycles: Math.floor(r() * 2000), vectorOpsPerCycle: pick([16, 64, 256]),
  });
}

function skipNet(): Net {
  const n = new Net();
  let h = n.input('x', [1, 64, 32, 32]);
  const held: string[] = [];
  for (let i = 0; i < 4; i++) {
    h = n.op('Conv', [h, n.weight(`w${i}`, [64, 64, 3, 3])], [1, 64, 32, 32], { pads: [1, 1, 1, 1] }, `down${i}`);
    held.push(h);
  }
  for (let i = 3; i >= 0; i--) {
    const cat = n.op('Concat', [h, held[i]], [1, 128, 32, 32], { axis: 1 }, `cat${i}`);
    h = n.op('Conv', [cat, n.weight(`u${i}`, [64, 128, 3, 3])], [1, 64, 32, 32], { pads: [1, 1, 1, 1] }, `up${i}`);
    h = n.op('Sigmoid', [h], [1, 64, 32, 32], {}, `act${i}`);
  }
  n.output(h);
  return n;
}

const EPS = 1e-9;
const ddr = (c: ReturnType<typeof costPrepared>) => c.totals.ddrReadBytes + c.totals.ddrWriteBytes;

function checkProperties(name: string, prep: PreparedGraph, seed: number, trials: number): void {
  const r = rng(seed);
  for (let i = 0; i < trials; i++) {
    const hw = randomConfig(r);
    const base = costPrepared(prep, hw);
    const ctx = `${name} trial ${i} ${JSON.stringify(hw)}`;
    const more = costPrepared(prep, { ...hw, sramBytes: hw.sramBytes * (1 + r() * 4) });
    assert.ok(more.totals.latencyMs <= base.totals.latencyMs * (1 + EPS), `SRAM raised latency: ${ctx}`);
    assert.ok(ddr(more) <= ddr(base) * (1 + EPS), `SRAM raised DDR bytes: ${ctx}`);
    assert.ok(more.totals.spillCount <= base.totals.spillCount, `SRAM raised spills: ${ctx}`);
    const bw = costPrepared(prep, { ...hw, ddrBytesPerS: hw.ddrBytesPerS * (1 + r() * 4) });
    assert.ok(bw.totals.latencyMs <= base.totals.latencyMs * (1 + EPS), `bandwidth raised latency: ${ctx}`);
    const cols = hw.array.cols * 2;
    const macs = costPrepared(prep, { ...hw, macs: hw.array.rows * cols, array: { rows: hw.array.rows, cols } });
    assert.ok(macs.totals.latencyMs <= base.totals.latencyMs * (1 + EPS), `more MACs raised latency: ${ctx}`);
    const clock = costPrepared(prep, { ...hw, clockHz: hw.clockHz * 1.5 });
    assert.ok(clock.totals.latencyMs <= base.totals.latencyMs * (1 + EPS), `faster clock raised latency: ${ctx}`);
    const huge = costPrepared(prep, { ...hw, sramBytes: 1e12 });
    assert.equal(huge.totals.spillCount, 0, `spills with 1 TB SRAM: ${ctx}`);
  }
}

test('monotone over random configs: hand-built conv, matmul, attention and skip nets', () => {
  const nets = [singleConv(64, 128, 32, 32), singleMatmul(512, 256, 1024), attentionBlock(1024, 128, 4), skipNet()];
  nets.forEach((n, i) => checkProperties(`net${i}`, prepareGraph(n.model(), n.shapes), 1000 + i, 60));
});

test('monotone over random configs: bundled SD 1.5 models', async (t) => {
  const stages = sdStages();
  if (!stages) return t.skip('samples/sd15 not generated');
  for (const s of await stages) checkProperties(s.name, s.prepared, 7, s.name === 'unet' ? 4 : 8);
});

test('per-layer DDR bytes never rise with SRAM (skip net, 7 sizes)', () => {
  const prep = prepareGraph(skipNet().model(), skipNet().shapes);
  let prev: number[] | undefined;
  for (const sram of [50e3, 100e3, 200e3, 400e3, 800e3, 1.6e6, 3.2e6]) {
    const c = costPrepared(prep, validateHardware({ preset: 'expedera-8k', sramBytes: sram }));
    const cur = c.layers.map((l) => l.ddrReadBytes.total + l.ddrWriteBytes);
    if (prev) cur.forEach((b, i) => assert.ok(b <= prev![i], `layer ${c.layers[i].name} at ${sram}: ${b} > ${prev![i]}`));
    prev = cur;
  }
});

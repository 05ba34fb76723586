// Monotonicity over random configurations: more SRAM never raises latency or DDR bytes; more bandwidth or a larger MAC
// array never raises latency; spills vanish when SRAM is huge. On hand-built nets and on the bundled SD models.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prepareGraph, costPrepared, type PreparedGraph } from '../../../src/core/cost/engine';
import { validateHardware, type HardwareConfig } from '../../../src/core/cost/hardware';
import { Net, attentionBlock, singleConv, singleMatmul } from './build';
import { sdStages } from './sdModels';
import { mulberry32 as rng } from '../random';


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

/** Every engine-v2 mechanism on (prefetch, norm fusion), the others drawn at random. */
function randomV2Config(r: () => number): HardwareConfig {
  const hw = randomConfig(r);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  return validateHardware({
    ...hw, weightPrefetch: true, normFusion: true, vectorCosts: pick(['uniform', 'vela']),
    ddrReadLatencyCycles: pick([0, 64, 500]), ddrWriteLatencyCycles: pick([0, 64, 250]), sramBytesPerS: pick([0, 4e9, 16e9, 1e11]),
    weightCompression: pick([1, 0.85, 0.6]), weightBitsByClass: pick([{}, { linear: 4 }, { conv: 4, attention: 16 }]),
    dataflows: pick([['weightStationary'], ['weightStationary', 'outputStationary'], ['weightStationary', 'outputStationary', 'inputStationary']]),
  });
}

/** A GroupNorm-style block (InstanceNorm over groups + affine + SiLU) between convs, with a residual add. */
function normResNet(): Net {
  const n = new Net();
  const x = n.input('x', [1, 64, 32, 32]);
  const gn = (t: string, nm: string) => {
    const r = n.op('Reshape', [t, n.weight(`${nm}.s1`, [3])], [1, 8, 8192], {}, `${nm}/r1`);
    const i = n.op('InstanceNormalization', [r, n.weight(`${nm}.g`, [8]), n.weight(`${nm}.b`, [8])], [1, 8, 8192], {}, `${nm}/in`);
    const r2 = n.op('Reshape', [i, n.weight(`${nm}.s2`, [4])], [1, 64, 32, 32], {}, `${nm}/r2`);
    const a = n.op('Add', [n.op('Mul', [r2, n.weight(`${nm}.gamma`, [64, 1, 1])], [1, 64, 32, 32], {}, `${nm}/mul`), n.weight(`${nm}.beta`, [64, 1, 1])], [1, 64, 32, 32], {}, `${nm}/add`);
    return n.op('Mul', [a, n.op('Sigmoid', [a], [1, 64, 32, 32], {}, `${nm}/sig`)], [1, 64, 32, 32], {}, `${nm}/silu`);
  };
  let h = x;
  for (let b = 0; b < 3; b++) {
    const c1 = n.op('Conv', [gn(h, `b${b}.n1`), n.weight(`b${b}.w1`, [64, 64, 3, 3])], [1, 64, 32, 32], { pads: [1, 1, 1, 1] }, `b${b}.conv1`);
    const c2 = n.op('Conv', [gn(c1, `b${b}.n2`), n.weight(`b${b}.w2`, [64, 64, 3, 3])], [1, 64, 32, 32], { pads: [1, 1, 1, 1] }, `b${b}.conv2`);
    h = n.op('Add', [h, c2], [1, 64, 32, 32], {}, `b${b}.res`);
  }
  n.output(h);
  return n;
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

function checkProperties(name: string, prep: PreparedGraph, seed: number, trials: number, make = randomConfig): void {
  const r = rng(seed);
  for (let i = 0; i < trials; i++) {
    const hw = make(r);
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

test('monotone with every mechanism on (seeded): hand-built nets incl. norm blocks', () => {
  const nets = [singleConv(64, 128, 32, 32), attentionBlock(1024, 128, 4), skipNet(), normResNet()];
  nets.forEach((n, i) => checkProperties(`v2 net${i}`, prepareGraph(n.model(), n.shapes), 2000 + i, 50, randomV2Config));
});

test('monotone with every mechanism on (seeded): bundled SD 1.5 models', async (t) => {
  const stages = sdStages();
  if (!stages) return t.skip('samples/sd15 not generated');
  for (const s of await stages) checkProperties(`v2 ${s.name}`, s.prepared, 11, s.name === 'unet' ? 3 : 6, randomV2Config);
});

test('UNet and VAE latency, DDR bytes and spills never rise over a dense SRAM sweep (defaults: prefetch, norm fusion on)', async (t) => {
  const stages = sdStages();
  if (!stages) return t.skip('samples/sd15 not generated');
  for (const s of (await stages).filter((x) => x.name !== 'text_encoder')) {
    let prev: ReturnType<typeof costPrepared> | undefined;
    for (let i = 0; i < 24; i++) {
      const sram = Math.round(1e6 * Math.pow(2, i / 4)); // 1 MB .. 54 MB
      const c = costPrepared(s.prepared, validateHardware({ preset: 'expedera-8k', sramBytes: sram }), { advisor: false });
      if (prev) {
        assert.ok(c.totals.latencyMs <= prev.totals.latencyMs * (1 + EPS), `${s.name} latency rose at ${sram}: ${c.totals.latencyMs} > ${prev.totals.latencyMs}`);
        assert.ok(ddr(c) <= ddr(prev) * (1 + EPS), `${s.name} DDR rose at ${sram}`);
        assert.ok(c.totals.spillCount <= prev.totals.spillCount, `${s.name} spills rose at ${sram}`);
      }
      prev = c;
    }
  }
});

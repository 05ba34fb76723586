// expedera-8k on the bundled SD 1.5 pipeline against the article (figures.md §1) and the lower bounds (§3).
// Every parameter comes from the article or is a documented default (hardware.ts); nothing here is tuned to the target.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PRESETS, validateHardware } from '../../../src/core/cost/hardware';
import { costPipeline } from '../../../src/core/cost/pipeline';
import { costPrepared } from '../../../src/core/cost/engine';
import { sdStages } from './sdModels';

const hw = PRESETS['expedera-8k'].config;

async function pipeline(t: { skip(msg: string): void }) {
  const stages = sdStages();
  if (!stages) {
    t.skip('samples/sd15 not generated');
    return undefined;
  }
  return costPipeline(await stages, hw);
}

/** The v1 engine: each layer on its own (no norm fusion, no cross-layer prefetch, no DDR latency). */
const layerByLayer = validateHardware({ preset: 'expedera-8k', normFusion: false, resizeFolding: false, lineBuffers: false, ddrBurstBytes: 0, shortcutFusion: false, weightPrefetch: false, ddrReadLatencyCycles: 0, ddrWriteLatencyCycles: 0 });

test('layer-by-layer (v1 mechanisms): UNet evaluations/s and VAE decodes/s within ±10% of 9.24 and 3.29', async (t) => {
  const stages = sdStages();
  if (!stages) return t.skip('samples/sd15 not generated');
  const p = costPipeline(await stages, layerByLayer);
  const unet = p.stages.find((s) => s.name === 'unet')!;
  const vae = p.stages.find((s) => s.name === 'vae_decoder')!;
  assert.ok(Math.abs(unet.throughputPerS / 9.24 - 1) <= 0.1, `UNet ${unet.throughputPerS.toFixed(2)}/s vs 9.24`);
  assert.ok(Math.abs(vae.throughputPerS / 3.29 - 1) <= 0.1, `VAE ${vae.throughputPerS.toFixed(2)}/s vs 3.29`);
});

// With every documented mechanism at its default, the UNet stays within 10% of the article; the VAE comes out faster
// than the article (norm fusion removes ~74 ms of GroupNorm traffic at 256²/512² that the article's NPU evidently pays),
// but never beyond its compute bound (4.89/s). Reported, not fitted: see README "Fidelity".
test('defaults (every mechanism): UNet within ±10% of 9.24/s; VAE between the article and its compute bound', async (t) => {
  const p = await pipeline(t);
  if (!p) return;
  const unet = p.stages.find((s) => s.name === 'unet')!;
  const vae = p.stages.find((s) => s.name === 'vae_decoder')!;
  assert.ok(Math.abs(unet.throughputPerS / 9.24 - 1) <= 0.1, `UNet ${unet.throughputPerS.toFixed(2)}/s vs 9.24`);
  assert.ok(vae.throughputPerS >= 3.29 && vae.throughputPerS <= 4.89, `VAE ${vae.throughputPerS.toFixed(2)}/s`);
});

test('64 MB SRAM: weight prefetch beats the per-layer max(compute, DDR) floor; nothing beats the 71.6 ms weight-streaming bound', async (t) => {
  const stages = sdStages();
  if (!stages) return t.skip('samples/sd15 not generated');
  const unet = (await stages).find((s) => s.name === 'unet')!;
  const at = (o: Record<string, unknown>) => costPrepared(unet.prepared, validateHardware({ preset: 'expedera-8k', sramBytes: 64e6, ...o })).totals.latencyMs;
  const v1 = { normFusion: false, resizeFolding: false, lineBuffers: false, ddrBurstBytes: 0, shortcutFusion: false, ddrReadLatencyCycles: 0, ddrWriteLatencyCycles: 0 };
  const off = at({ ...v1, weightPrefetch: false });
  const on = at(v1);
  assert.ok(Math.abs(off - 111.6) < 0.5, `floor ${off.toFixed(1)} ms (111.6 before prefetch existed)`);
  assert.ok(on < off - 1, `prefetch ${on.toFixed(1)} ms vs ${off.toFixed(1)} ms`);
  for (const sram of [7e6, 64e6, 1e9, 1e12]) {
    const ms = costPrepared(unet.prepared, validateHardware({ preset: 'expedera-8k', sramBytes: sram })).totals.latencyMs;
    assert.ok(ms >= 71.6, `UNet ${ms.toFixed(1)} ms < 71.6 ms at ${sram} B SRAM`);
  }
});

test('never below the compute and weight-traffic lower bounds of figures.md §3', async (t) => {
  const p = await pipeline(t);
  if (!p) return;
  const ms = (n: string) => p.stages.find((s) => s.name === n)!.latencyMs;
  assert.ok(ms('unet') >= 71.6, `UNet ${ms('unet')} ms < 71.6 ms (weights once, INT8)`);
  assert.ok(ms('vae_decoder') >= 204.6, `VAE ${ms('vae_decoder')} ms < 204.6 ms (compute)`);
  assert.ok(ms('text_encoder') >= 7.0, `text encoder ${ms('text_encoder')} ms < 7.1 ms (weights once)`);
  // and the generic bound for every stage: total MACs at peak, total weight bytes at full bandwidth
  for (const s of p.stages) {
    const tt = s.cost.totals;
    assert.ok(s.latencyMs >= (tt.macCount / 6.144e12) * 1e3 * (1 - 1e-9), `${s.name} below compute bound`);
    assert.ok(s.latencyMs >= (tt.weightBytes / 12e9) * 1e3 * (1 - 1e-3), `${s.name} below weight-traffic bound`);
  }
});

test('MAC totals and split match the analytic counts of figures.md §2', async (t) => {
  const p = await pipeline(t);
  if (!p) return;
  const g = (n: string) => p.stages.find((s) => s.name === n)!.cost.totals;
  const near = (x: number, gmac: number, what: string) => assert.ok(Math.abs(x / 1e9 / gmac - 1) < 0.005, `${what}: ${(x / 1e9).toFixed(2)} vs ${gmac}`);
  near(g('unet').macCount, 401.6, 'UNet');
  near(g('unet').macByClass.conv, 222.0, 'UNet conv');
  near(g('unet').macByClass.linear, 116.6, 'UNet linear');
  near(g('unet').macByClass.attention, 63.0, 'UNet attention');
  near(g('vae_decoder').macCount, 1257.3, 'VAE');
  near(g('vae_decoder').macByClass.conv, 1235.8, 'VAE conv');
});

test('SD pipeline: runs per image, seconds per image, and the UNet skip connections spill at 7 MB but not at 64 MB', async (t) => {
  const p = await pipeline(t);
  if (!p) return;
  assert.deepEqual(p.stages.map((s) => [s.name, s.runsPerImage]), [['text_encoder', 2], ['unet', 100], ['vae_decoder', 1]]);
  const expect = p.stages.reduce((a, s) => a + (s.latencyMs * s.runsPerImage) / 1000, 0);
  assert.ok(Math.abs(p.secondsPerImage - expect) < 1e-9);
  const unet = (await sdStages()!).find((s) => s.name === 'unet')!;
  const at7 = p.stages.find((s) => s.name === 'unet')!.cost;
  assert.ok(at7.totals.spillCount > 0);
  assert.ok(at7.layers.filter((l) => l.spill).every((l) => /^output [\d.]+ (?:[KMGT]i?)?B > [\d.]+ (?:[KMGT]i?)?B (free )?SRAM/.test(l.spillReason)));
  const at64 = costPrepared(unet.prepared, validateHardware({ preset: 'expedera-8k', sramBytes: 64e6 }));
  assert.equal(at64.totals.spillCount, 0);
  // flash attention beats materialised scores on the UNet
  const mat = costPrepared(unet.prepared, validateHardware({ preset: 'expedera-8k', attention: 'materialized' }));
  assert.ok(mat.totals.latencyMs > at7.totals.latencyMs + 5 * 22.4 * 0.9, `${mat.totals.latencyMs} vs ${at7.totals.latencyMs}`);
});

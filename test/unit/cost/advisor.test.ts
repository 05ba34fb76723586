// The spill advisor on the bundled SD pipeline: for a spread of spilling layers, sramToAvoidSpillBytes is exact under
// the engine's own rule (at that size the layer does not spill, 3% below it still does), and the savings are consistent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { costPrepared } from '../../../src/core/cost/engine';
import { validateHardware } from '../../../src/core/cost/hardware';
import { sdStages } from './sdModels';

const hw = validateHardware({ preset: 'expedera-8k' }); // every mechanism at its default

test('advisor: exact SRAM size per spilling layer, spill kind and savings (UNet and VAE at 7 MB)', async (t) => {
  const stages = sdStages();
  if (!stages) return t.skip('samples/sd15 not generated');
  for (const s of (await stages).filter((x) => x.name !== 'text_encoder')) {
    const cost = costPrepared(s.prepared, hw);
    const spilling = cost.layers.filter((l) => l.spill).sort((a, b) => a.sramToAvoidSpillBytes! - b.sramToAvoidSpillBytes!);
    assert.ok(spilling.length >= 6, `${s.name}: ${spilling.length} spilling layers`);
    for (const l of spilling) {
      assert.ok(l.spillKind === 'capacity' || l.spillKind === 'pressure', l.name);
      assert.ok(l.sramToAvoidSpillBytes! > hw.sramBytes, `${l.name}: ${l.sramToAvoidSpillBytes} <= SRAM`);
      assert.ok(l.ddrBytesSavedIfResident! > 0 && l.msSavedIfResident! >= 0, l.name);
      assert.ok(l.ddrBytesSavedIfResident! <= l.ddrWriteBytes + cost.totals.ddrReadBytes, l.name);
    }
    // a spread: smallest, largest and four between
    const picks = [0, 0.2, 0.4, 0.6, 0.8, 1].map((f) => spilling[Math.round(f * (spilling.length - 1))]);
    for (const l of picks) {
      const size = l.sramToAvoidSpillBytes!;
      const at = costPrepared(s.prepared, { ...hw, sramBytes: size }, { advisor: false }).layers[l.nodeIndex];
      const below = costPrepared(s.prepared, { ...hw, sramBytes: size * 0.97 }, { advisor: false }).layers[l.nodeIndex];
      assert.equal(at.spill, false, `${s.name} ${l.name} still spills at ${size} B`);
      assert.equal(below.spill, true, `${s.name} ${l.name} does not spill 3% below ${size} B`);
    }
  }
});

test('advisor: a capacity spill is a tensor larger than the SRAM itself', async (t) => {
  const stages = sdStages();
  if (!stages) return t.skip('samples/sd15 not generated');
  const vae = (await stages).find((x) => x.name === 'vae_decoder')!;
  const cost = costPrepared(vae.prepared, hw);
  const cap = cost.layers.filter((l) => l.spillKind === 'capacity');
  const pres = cost.layers.filter((l) => l.spillKind === 'pressure');
  assert.ok(cap.length > 0, 'the VAE has 33-67 MB activations at 256²/512²');
  for (const l of cap) assert.match(l.spillReason, /SRAM: written to DDR/);
  for (const l of pres) assert.match(l.spillReason, /free SRAM/);
});

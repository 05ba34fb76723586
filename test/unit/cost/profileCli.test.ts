import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runProfile } from '../../../src/cli/commands/profile';
import { captureCli } from '../captureCli';
import { sdStages } from './sdModels';

const capture = (args: string[]) => captureCli(runProfile, args);

test('profile (default samples/sd15) --format json: stages and layers', async (t) => {
  if (!sdStages()) return t.skip('samples/sd15 not generated');
  const r = await capture(['--hw', 'expedera-8k', '--format', 'json']);
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  assert.deepEqual(j.stages.map((s: { name: string }) => s.name), ['text_encoder', 'unet', 'vae_decoder']);
  for (const s of j.stages) {
    assert.ok(s.latencyMs > 0 && Math.abs(s.throughputPerS - 1000 / s.latencyMs) < 1e-9);
    assert.ok(Number.isInteger(s.runsPerImage));
  }
  assert.ok(j.layers.length > 1000);
  for (const l of j.layers.slice(0, 50)) for (const k of ['name', 'opType', 'latencyMs', 'spill', 'spillReason', 'stage', 'msPerImage']) assert.ok(k in l, k);
  assert.ok(j.layers.some((l: { spill: boolean; spillReason: string }) => l.spill && l.spillReason.length > 10));
});

test('profile table, a single .onnx, overrides and a hardware file', async (t) => {
  if (!sdStages()) return t.skip('samples/sd15 not generated');
  const dir = mkdtempSync(join(tmpdir(), 'prof-'));
  const file = join(dir, 'hw.npuhw.json');
  writeFileSync(file, JSON.stringify({ preset: 'ethos-u65-512', sramBytes: 2e6 }));
  const vae = join(__dirname, '..', '..', '..', 'samples', 'sd15', 'vae_decoder', 'model.onnx');
  for (const hwArgs of [['--hw-file', file], ['--hw', file]]) {
    const r = await capture([vae, ...hwArgs, '--sram', '4MB', '--top', '3', '--dim', 'batch=1', '--input', 'latent_sample=1x4x64x64']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /512 MACs @ 1 GHz, 4 MB SRAM/);
    assert.match(r.out, /^vae_decoder\s+\d[\d,]*\.?\d*\s+\d+\.\d\d\s+1257\.3/m);
    assert.match(r.out, /top 3 layers by latency/);
  }
});

test('profile: bad input gives one clear line and exit code 2', async () => {
  const r = await capture(['--hw', 'nope']);
  assert.equal(r.code, 2);
  assert.match(r.err, /unknown hardware preset 'nope'/);
  assert.match((await capture(['/no/such/model.onnx'])).err, /\/no\/such\/model\.onnx: no such file or folder/);
  assert.match((await capture(['--sram', 'big'])).err, /--sram: cannot read 'big'/);
  assert.match((await capture(['--format', 'xml'])).err, /--format must be one of table\|json\|csv\|md\|html/);
});

// profile's table and JSON: the fields, unbound dims with the flags that bind them, top layers per image,
// columns that survive long names, the progress bar only on a terminal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { runProfile } from '../../../src/cli/commands/profile';
import { captureCli } from '../captureCli';
import { haveSd, scratch, SD } from './helpers';

const s = scratch();

test('JSON: target, hardware, stages (runsPerImage, latencyMs, throughputPerS, totals, uncostedLayers, warnings), layers', async () => {
  const r = await captureCli(runProfile, [s.wide, '--format', 'json']);
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  assert.deepEqual(j.target, { kind: 'model', path: s.wide });
  assert.equal(j.hardware.name, 'expedera-8k');
  assert.match(j.hardware.description, /8,192 MACs @ 750 MHz/);
  assert.equal(j.hardware.config.macs, 8192);
  assert.equal(j.stages.length, 1);
  const st = j.stages[0];
  assert.equal(st.name, 'wide_conv');
  for (const k of ['runsPerImage', 'latencyMs', 'throughputPerS', 'totals', 'uncostedLayers', 'warnings']) assert.ok(k in st, k);
  assert.equal(st.runsPerImage, 1);
  assert.ok(st.latencyMs > 0);
  assert.ok(Math.abs(st.throughputPerS - 1000 / st.latencyMs) < 1e-9);
  assert.equal(j.image, undefined, 'a single model has no per-image figure');
  assert.equal(j.layers.length, st.layerCount);
  for (const l of j.layers) {
    assert.equal(l.stage, 'wide_conv');
    assert.equal(l.msPerImage, l.latencyMs);
  }
  assert.equal(j.unboundDims, undefined);
});

test('unbound dims: listed above the table with the exact flags, and absent once bound', async () => {
  const r = await captureCli(runProfile, [s.tiny]);
  assert.equal(r.code, 0, r.err);
  const before = r.out.slice(0, r.out.search(/^stage\s/m));
  assert.match(before, /1 unbound input dim .*:\n\s+batch in input: \[batch,3,32,32\] \(batch-like dim: bound to 1 by default\)\nbind with: --dim batch=1\n/);
  const j = JSON.parse((await captureCli(runProfile, [s.tiny, '--format', 'json'])).out);
  assert.deepEqual(j.unboundDims.map((d: { dim: string; flag: string }) => [d.dim, d.flag]), [['batch', '--dim batch=1']]);
  const bound = JSON.parse((await captureCli(runProfile, [s.tiny, '--format', 'json', '--dim', 'batch=1'])).out);
  assert.equal(bound.unboundDims, undefined);
  assert.ok(bound.stages[0].totals.macCount > 0);
  assert.equal(bound.stages[0].uncostedLayers.length, 0);
});

test('throughput is not a number when layers are not costed', async () => {
  const j = JSON.parse((await captureCli(runProfile, [s.tiny, '--format', 'json'])).out);
  const st = j.stages[0];
  if (st.uncostedLayers.length > 0) {
    assert.equal(st.throughputPerS, null);
    const table = (await captureCli(runProfile, [s.tiny])).out;
    assert.match(table, new RegExp(`${st.uncostedLayers.length} of ${st.layerCount} layers not costed`));
    assert.match(table, /^tiny_cnn\s+\S+\s+n\/a\s/m);
  } else assert.equal(typeof st.throughputPerS, 'number');
});

test('long stage names widen their column instead of shifting the others', async () => {
  const long = s.file('a_really_quite_long_model_file_name_from_an_exporter.onnx', new Uint8Array(0));
  copyFileSync(s.wide, long);
  const r = await captureCli(runProfile, [long]);
  assert.equal(r.code, 0, r.err);
  const lines = r.out.split('\n');
  const header = lines.find((l) => l.startsWith('stage '))!;
  const row = lines.find((l) => l.startsWith('a_really_quite_long'))!;
  // Right-aligned columns end at the same place in the header and the row.
  for (const col of ['ms/run', 'GMAC', 'spills']) {
    const end = header.indexOf(col) + col.length;
    assert.notEqual(row[end - 1], ' ', `${col} column ends at ${end}: ${row}`);
    assert.ok(end === row.length || row[end] === ' ', `${col} column ends at ${end}: ${row}`);
  }
});

test('progress bar: drawn on a terminal, nothing extra when stderr is not one', async () => {
  const plain = await captureCli(runProfile, [s.wide]);
  assert.equal(plain.err, '');
  const tty = await captureCli(runProfile, [s.wide], { tty: true });
  assert.equal(tty.code, 0);
  // eslint-disable-next-line no-control-regex -- the progress bar's ANSI erase-line sequence
  assert.match(tty.err, /\r\x1b\[2K\[[#.]{24}\]\s+\d+%/);
  assert.ok(tty.err.endsWith('\r\x1b[2K'), 'the bar is cleared before results');
  assert.equal(tty.out, plain.out);
});

test('--out writes the output to a file and says where', async () => {
  const out = join(s.dir, 'p.json');
  const r = await captureCli(runProfile, [s.wide, '--format', 'json', '--out', out]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^wrote .*p\.json \(\d/);
  const { readFileSync } = await import('node:fs');
  assert.equal(JSON.parse(readFileSync(out, 'utf8')).stages[0].name, 'wide_conv');
});

test('pipeline: image latency, runs per image, top layers ranked by time per image', async () => {
  const r = await captureCli(runProfile, [s.pipeline, '--format', 'json', '--steps', '10']);
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  assert.equal(j.target.kind, 'pipeline');
  const runs = new Map<string, number>(j.stages.map((x: { name: string; runsPerImage: number }) => [x.name, x.runsPerImage]));
  assert.deepEqual(Object.fromEntries(runs), { text_encoder: 2, unet: 20, vae_decoder: 1 });
  const sum = j.stages.reduce((a: number, x: { latencyMs: number; runsPerImage: number }) => a + x.latencyMs * x.runsPerImage, 0);
  assert.ok(Math.abs(j.image.latencyMs - sum) < 1e-9);
  assert.ok(Math.abs(j.image.secondsPerImage - sum / 1000) < 1e-12);
  for (const l of j.layers) assert.ok(Math.abs(l.msPerImage - l.latencyMs * runs.get(l.stage)!) < 1e-12);
  const table = (await captureCli(runProfile, [s.pipeline, '--top', '3'])).out;
  const top = table.slice(table.indexOf('top 3 layers by time per image')).split('\n').slice(2).filter((l) => /^\S/.test(l));
  assert.deepEqual(top.map((l) => l.split(/\s+/)[0]), ['unet', 'unet', 'text_encoder'], top.join('\n'));
  assert.match(table, /^seconds per image: \d+\.\d\d$/m);
  const noGuidance = JSON.parse((await captureCli(runProfile, [s.pipeline, '--format', 'json', '--steps', '10', '--no-guidance'])).out);
  assert.equal(noGuidance.stages.find((x: { name: string }) => x.name === 'unet').runsPerImage, 10);
});

test('real SD 1.5 pipeline: the UNet (97% of the image) leads the top layers', async (t) => {
  if (!haveSd()) return t.skip('samples/sd15 not generated');
  const table = (await captureCli(runProfile, [SD, '--top', '5'])).out;
  const top = table.slice(table.indexOf('top 5 layers by time per image')).split('\n').slice(2).filter((l) => /^\S/.test(l));
  assert.equal(top.length, 5);
  assert.ok(top.every((l) => l.startsWith('unet ')), top.join('\n'));
});

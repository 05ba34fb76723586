// sweep, compare and presets: the JSON fields, the knee rule, ratios.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runSweep } from '../../../src/cli/commands/sweep';
import { runCompare } from '../../../src/cli/commands/compare';
import { runPresets } from '../../../src/cli/commands/presets';
import { findKnee, logSizes, parseSramRange } from '../../../src/core/profile';
import { PRESETS } from '../../../src/core/cost/hardware';
import { captureCli } from '../captureCli';
import { scratch } from './helpers';

const s = scratch();

test('sweep JSON: {hardware, points: [{sramBytes, stages: [{name, latencyMs, ddrBytes, spillCount}], image: {latencyMs}}], knee: {sramBytes, rule}}', async () => {
  const r = await captureCli(runSweep, [s.wide, '--sram', '16KB..4MB', '--points', '9', '--format', 'json']);
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  assert.equal(j.hardware.name, 'expedera-8k');
  assert.equal(j.points.length, 9);
  assert.equal(j.points[0].sramBytes, 16000);
  assert.equal(j.points[8].sramBytes, 4e6);
  for (const p of j.points) {
    assert.deepEqual(Object.keys(p).sort(), ['image', 'sramBytes', 'stages']);
    assert.deepEqual(Object.keys(p.stages[0]).sort(), ['ddrBytes', 'latencyMs', 'name', 'runsPerImage', 'spillCount']);
    assert.equal(p.image.latencyMs, p.stages[0].latencyMs, 'a single model: image = one run');
  }
  const lat = j.points.map((p: { image: { latencyMs: number } }) => p.image.latencyMs);
  assert.ok(lat[0] >= lat[8], 'more SRAM is never slower here');
  assert.ok(j.points[0].stages[0].spillCount >= j.points[8].stages[0].spillCount);
  assert.match(j.knee.rule, /less than 5%/);
  // The knee by the documented rule, recomputed here.
  const k = j.points.findIndex((p: { image: { latencyMs: number } }, i: number) => (p.image.latencyMs - Math.min(...lat.slice(i))) / p.image.latencyMs < 0.05);
  assert.equal(j.knee.sramBytes, j.points[k].sramBytes);
  const table = await captureCli(runSweep, [s.wide, '--sram', '16KB..4MB', '--points', '9']);
  assert.match(table.out, /<- knee/);
});

test('knee rule, sizes and ranges', () => {
  assert.deepEqual(logSizes(1e6, 8e6, 4), [1e6, 2e6, 4e6, 8e6]);
  assert.deepEqual(parseSramRange('0.5MB..64MB'), [5e5, 64e6]);
  assert.deepEqual(parseSramRange('384KiB..1MiB'), [393216, 1048576]);
  const pts = (lat: number[]) => lat.map((latencyMs, i) => ({ sramBytes: i + 1, latencyMs }));
  assert.equal(findKnee(pts([100, 60, 50, 49, 48.5])).sramBytes, 3, '50 -> 48.5 is 3%: past 3 less than 5% is left');
  assert.equal(findKnee(pts([100, 100, 100])).sramBytes, 1, 'flat: the smallest size');
  assert.equal(findKnee(pts([100, 90, 80, 70])).sramBytes, 4, 'still improving: the end of the range');
  assert.equal(findKnee(pts([50, 60, 40])).sramBytes, 3, 'a later dip counts (min of what follows)');
  assert.equal(findKnee(pts([10])).sramBytes, null);
});

test('compare JSON: {hardware: [a, b], stages: [{name, latencyMs: [a,b], ddrBytes, spillCount, ratio}], image, layers}', async () => {
  const r = await captureCli(runCompare, [s.wide, '--hw', 'expedera-8k', '--hw', 'ethos-u55-256', '--format', 'json', '--top', '2']);
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  assert.deepEqual(j.hardware.map((h: { name: string }) => h.name), ['expedera-8k', 'ethos-u55-256']);
  const st = j.stages[0];
  for (const k of ['latencyMs', 'ddrBytes', 'spillCount']) assert.equal(st[k].length, 2, k);
  assert.ok(Math.abs(st.ratio - st.latencyMs[1] / st.latencyMs[0]) < 1e-12);
  assert.ok(st.ratio > 1, 'the small NPU is slower');
  assert.deepEqual(j.image.latencyMs, st.latencyMs);
  assert.equal(j.layers.length, 2);
  for (const l of j.layers) {
    assert.equal(l.latencyMs.length, 2);
    assert.ok(Math.abs(l.ratio - l.latencyMs[1] / l.latencyMs[0]) < 1e-12);
  }
  const hwFile = s.file('small.npuhw.json', JSON.stringify({ preset: 'expedera-8k', sramBytes: 1e6 }));
  const f = JSON.parse((await captureCli(runCompare, [s.wide, '--hw', 'expedera-8k', '--hw', hwFile, '--format', 'json'])).out);
  assert.equal(f.hardware[1].config.sramBytes, 1e6);
  const table = (await captureCli(runCompare, [s.wide, '--hw', 'expedera-8k', '--hw', 'ethos-u55-256'])).out;
  assert.match(table, /^wide_conv\s+\S+\s+\S+\s+\d+\.\d\dx/m);
});

test('presets: each with MACs, array, clock, SRAM, DDR and its source', async () => {
  const r = await captureCli(runPresets, []);
  assert.equal(r.code, 0);
  assert.match(r.out, /^expedera-8k\s+8,192\s+64x128\s+750 MHz\s+7 MB\s+12 GB\/s$/m);
  for (const id of Object.keys(PRESETS)) assert.match(r.out, new RegExp(`^  ${id}: \\S`, 'm'));
  const j = JSON.parse((await captureCli(runPresets, ['--json'])).out);
  assert.deepEqual(j.map((p: { id: string }) => p.id), Object.keys(PRESETS));
  assert.ok(j.every((p: { source: string; config: { macs: number } }) => p.source.length > 20 && p.config.macs > 0));
});

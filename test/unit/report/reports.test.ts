import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import { LAYER_COLUMNS, renderCompareCsv, renderCsv, renderSweepCsv } from '../../../src/core/report/csv';
import { renderCompareHtml, renderHtmlReport, renderSweepHtml } from '../../../src/core/report/html';
import { renderCompareMarkdown, renderMarkdown, renderSweepMarkdown } from '../../../src/core/report/markdown';
import { adviceText } from '../../../src/core/report/data';
import type { CompareResult } from '../../../src/core/profile/types';
import { EVIL, sdProfile, smallProfile, smallSweep } from './fixtures';
import { assertWellFormed } from './svgCheck';

const ABLATION = [{ mechanism: 'residency', on: true, off: false, stages: [{ name: 'unet', latencyMsOn: 119, latencyMsOff: 160, ddrBytesOn: 1.1e9, ddrBytesOff: 2.2e9 }] }];

function assertSelfContained(html: string): void {
  assert.match(html, /^<!doctype html>/);
  assert.match(html, /Content-Security-Policy" content="default-src 'none'/, 'a CSP that forbids any fetch or script');
  assert.doesNotMatch(html, /<script|\son\w+=|\sstyle=/i, 'no scripts, handlers or style attributes');
  assert.doesNotMatch(html, /\s(?:src|href|xlink:href|action)=|url\(|@import/i, 'no external resources');
  assert.ok(!html.includes(EVIL) && !html.includes('<script>'), 'model strings escaped');
  // The layer tables leave </td> out (valid HTML, a third smaller); the SVG charts must be well-formed XML.
  for (const svg of html.match(/<svg[\s\S]*?<\/svg>/g) ?? []) assertWellFormed(svg);
}

test('CSV: one row per layer with the Vela-like columns; names with commas, quotes, newlines and tags round-trip', () => {
  const p = smallProfile();
  const rows: Record<string, string>[] = parse(renderCsv(p), { columns: true });
  assert.equal(rows.length, p.layers.length);
  assert.deepEqual(Object.keys(rows[0]), [...LAYER_COLUMNS]);
  assert.equal(rows[1].name, EVIL);
  assert.equal(rows[1].stage, 'unet');
  assert.equal(rows[2].name, 'shape, "with" comma');
  assert.equal(rows[1].spill, 'yes');
  assert.equal(rows[1].spill_kind, 'capacity');
  assert.equal(Number(rows[1].sram_to_avoid_spill_bytes), 12.7e6);
  assert.equal(rows[1].advice, 'fits at 12.7 MB; saves 10.5 MB of DDR traffic, 0.48 ms');
  assert.equal(Number(rows[0].mac_count), 1e9);
  assert.equal(Number(rows[0].ddr_read_bytes), 1.1e6);
  assert.equal(Number(rows[0].util_percent), 80);
  assert.equal(Number(rows[1].ms_per_image), 15);
  assert.equal(rows[0].advice, '');
});

test('CSV of a sweep and a comparison parse into one row per (size, stage) and per stage/layer', () => {
  const p = smallProfile();
  const sw: Record<string, string>[] = parse(renderSweepCsv(smallSweep(p)), { columns: true });
  assert.equal(sw.length, 8);
  assert.equal(sw.filter((r) => r.knee === 'yes').map((r) => r.sram_bytes).join(), '12700000');
  const c = compareFixture();
  const cmp: Record<string, string>[] = parse(renderCompareCsv(c), { columns: true });
  assert.deepEqual(cmp.map((r) => r.section), ['stage', 'image', 'layer']);
  assert.equal(cmp[2].name, EVIL);
});

test('advice text from the spill-advisor fields', () => {
  assert.equal(adviceText({ spill: true, sramToAvoidSpillBytes: 12.7e6, ddrBytesSavedIfResident: 10.5e6, msSavedIfResident: 0.48 }), 'fits at 12.7 MB; saves 10.5 MB of DDR traffic, 0.48 ms');
  assert.equal(adviceText({ spill: true, sramToAvoidSpillBytes: 393216 }), 'fits at 384 KiB');
  assert.equal(adviceText({ spill: false, sramToAvoidSpillBytes: 1 }), '');
});

test('HTML report: self-contained, escaped, with the three charts, the stages, the ablation and every layer', () => {
  const p = smallProfile();
  const html = renderHtmlReport(p, { sweep: smallSweep(p), ablation: ABLATION, generatedAt: '2026-12-01' });
  assertSelfContained(html);
  for (const cls of ['npc-roofline', 'npc-sweep', 'npc-breakdown']) assert.match(html, new RegExp(`<svg [^>]*class="npc-chart ${cls}"`));
  assert.match(html, /prefers-color-scheme:dark/);
  assert.match(html, /<h2>Ablation<\/h2>[\s\S]*residency \(true → false\)[\s\S]*×1\.34/);
  assert.match(html, /fits at 12\.7 MB; saves 10\.5 MB of DDR traffic, 0\.48 ms/);
  assert.equal(layerRows(html), p.layers.length, 'one row per layer in the layer tables');
  assert.match(html, /384 KiB/, 'SRAM usage through the one byte formatter');
  // no sweep given: the report says nothing false about one
  assert.doesNotMatch(renderHtmlReport(p), /npc-sweep/);
});

test('Markdown report: tables with escaped model text, the spill advice, the sweep and the ablation', () => {
  const p = smallProfile();
  const md = renderMarkdown(p, { sweep: smallSweep(p), ablation: ABLATION });
  assert.ok(!md.includes('<script>'));
  assert.match(md, /&lt;script&gt;alert\("x"\)&lt;\/script&gt;&amp;, "quoted" next line/);
  // every row of a table has its header's number of cells (a '|' in a name is escaped, a newline removed)
  const evil = smallProfile();
  evil.layers[0].name = 'a | b';
  for (const block of renderMarkdown(evil).split('\n\n').filter((b) => b.startsWith('| '))) {
    const widths = block.split('\n').filter(Boolean).map((l) => l.replace(/\\\|/g, '').split('|').length);
    assert.ok(widths.every((w) => w === widths[0]), block);
  }
  assert.match(md, /## SRAM sweep[\s\S]*12\.7 MB \(knee\)/);
  assert.match(md, /## Ablation/);
  assert.match(md, /fits at 12\.7 MB/);
  assert.match(renderSweepMarkdown(smallSweep(p)), /Knee: \*\*12\.7 MB\*\*/);
  assert.match(renderCompareMarkdown(compareFixture()), /b \/ a ×2\.00/);
});

test('sweep and compare HTML: self-contained with their chart', () => {
  const p = smallProfile();
  const sw = renderSweepHtml(smallSweep(p), { unet: 10 });
  assertSelfContained(sw);
  assert.equal((sw.match(/data-sram-bytes=/g) ?? []).length, 8);
  const cmp = renderCompareHtml(compareFixture());
  assertSelfContained(cmp);
  assert.match(cmp, /class="npc-chart npc-compare"/);
});

test('SD 1.5 pipeline: HTML report < 3 MB with all layers; CSV parses into one row per layer', async (t) => {
  const sd = sdProfile();
  if (!sd) return t.skip('samples/sd15 not generated');
  const { profile: p, sweep } = await sd;
  const html = renderHtmlReport(p, { sweep });
  const bytes = Buffer.byteLength(html);
  assert.ok(bytes < 3e6, `${bytes} bytes`);
  assert.ok(p.layers.length > 5000, `${p.layers.length} layers`);
  assert.equal(layerRows(html), p.layers.length);
  assert.doesNotMatch(html, /\sstyle=|<script/);
  const rows: Record<string, string>[] = parse(renderCsv(p), { columns: true });
  assert.equal(rows.length, p.layers.length);
  assert.deepEqual(rows.map((r) => r.name), p.layers.map((l) => l.name));
  // the figures the report prints are the profile's: seconds per image and the UNet's DDR traffic
  assert.ok(html.includes(`${p.image!.secondsPerImage.toPrecision(3)} s per image`));
});

function compareFixture(): CompareResult {
  const p = smallProfile();
  return {
    target: p.target, hardware: [p.hardware, { ...p.hardware, name: 'u55 <b>' }],
    stages: [{ name: 'unet', runsPerImage: 10, latencyMs: [10, 20], ddrBytes: [1e9, 2e9], spillCount: [1, 3], ratio: 2 }],
    image: { latencyMs: [100, 200], ratio: 2 },
    layers: [{ stage: 'unet', nodeIndex: 1, name: EVIL, opType: 'Conv', latencyMs: [1, 2], msPerImage: [10, 20], spill: [false, true], ratio: 2 }],
  };
}

/** Rows of the per-layer tables (after the Layers heading), not counting the spill-reason rows. */
function layerRows(html: string): number {
  return (html.slice(html.indexOf('<h2>Layers')).match(/<tr(?: class="s")?><td>/g) ?? []).length;
}

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CHART_CSS, compareChart, rooflineChart, stackedBreakdown, sweepChart } from '../../../src/core/report/charts';
import { breakdownData, ddrBytesDuringLayer, rooflineData, runsByStage, sweepChartData } from '../../../src/core/report/data';
import { logTicks, niceLinear } from '../../../src/core/report/svg';
import { EVIL, layer, smallProfile, smallSweep } from './fixtures';
import { assertWellFormed } from './svgCheck';

const count = (s: string, re: RegExp) => (s.match(re) ?? []).length;

function assertCspSafe(svg: string): void {
  assert.doesNotMatch(svg, /\sstyle=/i, 'no style="" attribute (strict CSP)');
  assert.doesNotMatch(svg, /<script|<style|\son\w+=/i, 'no script, style element or event handler');
  assert.doesNotMatch(svg, /\s(?:href|src|xlink:href)=|url\(/i, 'no external or internal references');
  assert.ok(!svg.includes(EVIL) && !svg.includes('<script>'), 'model strings escaped');
  assertWellFormed(svg);
}

test('sweepChart: one clickable point per size, current SRAM and the knee marked and labelled', () => {
  const p = smallProfile();
  const d = sweepChartData(smallSweep(p), runsByStage(p));
  const svg = sweepChart(d);
  assertCspSafe(svg);
  const sizes = [...svg.matchAll(/data-sram-bytes="(\d+(?:\.\d+)?)"/g)].map((m) => Number(m[1]));
  assert.deepEqual(sizes, [5e5, 1e6, 2e6, 4e6, 7e6, 12.7e6, 32e6, 64e6]);
  assert.equal(count(svg, /<polyline class="npc-line/g), 3, 'latency, DDR and spill lines');
  assert.match(svg, /class="npc-knee"[^>]*data-knee-bytes="12700000"[\s\S]*?knee 12\.7 MB</);
  assert.match(svg, /class="npc-current"[\s\S]*?current 7 MB</);
  assert.match(svg, /<title>12\.7 MB SRAM: [^<]+ spill/);
  assert.equal(d.ddrUnit, 'per image');
  assert.equal(d.points[0].ddrBytes, 1e9 * 10, 'DDR per image = per run × runs');
  assert.equal(sweepChartData(smallSweep(p)).ddrUnit, 'per image', 'runs per image from the sweep points themselves');
  assert.match(sweepChart({ points: [] }), /no sweep points/);
});

test('rooflineChart: MAC layers as points with node index, stage and a title; spills are triangles; both roofs drawn', () => {
  const p = smallProfile();
  const d = rooflineData(p.layers, p.hardware.config);
  assert.equal(d.points.length, 4, 'the free and the vector layer are not MAC layers');
  const svg = rooflineChart(d);
  assertCspSafe(svg);
  assert.equal(count(svg, /data-node-index=/g), 4);
  assert.equal(count(svg, /<path[^>]*data-node-index="1"[^>]*class="npc-layer npc-spill"/g), 1, 'the spilling layer is a triangle');
  assert.match(svg, /<title>unet: &lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt;&amp;, &quot;quoted&quot;\nnext line \(Conv\)/);
  assert.match(svg, /data-stage="unet"/);
  assert.match(svg, /compute roof 6\.14T MAC\/s/);
  assert.match(svg, /DDR roof 12 GB\/s/);
  assert.match(svg, /<title>unet: \/block\.3\/conv\/Conv \(Conv\) · no DDR traffic/, 'an all-on-chip layer still appears');
  // the roof polyline: rises with the DDR slope, then is flat at the compute peak
  const pts = /<polyline class="npc-roof"[^>]*points="([^"]+)"/.exec(svg)![1].split(' ').map((q) => q.split(',').map(Number));
  assert.equal(pts.length, 3);
  assert.ok(pts[0][1] > pts[1][1] && Math.abs(pts[1][1] - pts[2][1]) < 0.01, `roof shape ${JSON.stringify(pts)}`);
});

test('stackedBreakdown and compareChart: one bar segment per non-zero value, labels escaped', () => {
  const p = smallProfile();
  const svg = stackedBreakdown(breakdownData(p), { title: 'one image' });
  assertCspSafe(svg);
  assert.equal(count(svg, /<rect class="npc-seg/g), 3, 'unet: compute + memory; vae: compute (the vector layer is compute-bound)');
  assert.match(svg, /\(10 runs\)/);
  const cmp = compareChart({ names: ['a<b', 'c&d'], unit: 'ms', rows: [{ label: EVIL, values: [10, 25] }, { label: 'vae', values: [2, 1] }] });
  assertCspSafe(cmp);
  assert.equal(count(cmp, /data-hw="0"/g), 2);
  assert.equal(count(cmp, /data-hw="1"/g), 2);
  assert.match(cmp, /b\/a ×2\.50/);
  assert.match(cmp, /a&lt;b/);
});

test('CHART_CSS: colours through custom properties with VS Code theme variables first, a dark scheme, no url()', () => {
  assert.match(CHART_CSS, /--npc-fg:var\(--vscode-foreground,/);
  assert.match(CHART_CSS, /@media \(prefers-color-scheme:dark\)/);
  assert.doesNotMatch(CHART_CSS, /url\(|@import/);
});

test('axis helpers: 1-2-5 log ticks and nice linear domains', () => {
  assert.deepEqual(logTicks(5e5, 64e6), [5e5, 1e6, 2e6, 5e6, 1e7, 2e7, 5e7]);
  assert.ok(logTicks(1, 1e12, 8).length <= 8);
  assert.deepEqual(niceLinear(11, 49, 4), { domain: [10, 50], ticks: [10, 20, 30, 40, 50] });
  assert.deepEqual(niceLinear(0, 0, 3).domain[0], 0);
});

test('roofline intensity leaves out weights prefetched during earlier layers (their DDR time is not this layer\'s)', () => {
  assert.equal(ddrBytesDuringLayer(layer(0)), 1.6e6);
  assert.equal(ddrBytesDuringLayer(layer(0, { prefetchedWeightBytes: 1e5 })), 1.5e6);
  assert.equal(ddrBytesDuringLayer(layer(0, { prefetchedWeightBytes: 9e9 })), 0);
});

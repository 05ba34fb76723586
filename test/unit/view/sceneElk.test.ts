// The scene builder with the real elkjs (in-process, through elkjs's own fake worker) on the bundled
// SD 1.5 UNet: expanding groups never lays out a parent again, and the stretched pictures stay sound
// (no sibling overlaps, children inside their parents, nothing above/left of a grown box moves).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { analyzeModel } from '../../../src/extension/modelEditor/analysis';
import { buildHierarchy, groupKey } from '../../../src/core/view/hierarchy';
import { SceneBuilder, type Scene, type SceneBox } from '../../../webview/graph/scene';
import { LayoutEngine } from '../../../webview/layout/layoutEngine';
import { syntheticUnetGraph } from '../../ui/fixtures/syntheticView';

const UNET = 'samples/sd15/unet/model.onnx';
// elkjs's in-process stand-in for a Web Worker (what its Node entry uses).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Worker: FakeWorker } = require('elkjs/lib/elk-worker.min.js') as { Worker: new (url?: string) => Worker };

function parentOf(s: Scene, b: SceneBox): SceneBox | undefined {
  if (b.kind === 'input' || b.kind === 'output') return undefined; // boundary items live at the root
  const gid = b.kind === 'node' ? b.groupId : b.groupId.split('/').slice(0, -1).join('/');
  return gid === '' ? undefined : s.byKey.get(groupKey(gid));
}

function overlaps(a: SceneBox, b: SceneBox): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

function checkSound(s: Scene, label: string): void {
  const byParent = new Map<string, SceneBox[]>();
  for (const b of s.boxes) {
    const p = parentOf(s, b);
    if (p) {
      assert.ok(p.expanded, `${label}: ${b.key} drawn inside collapsed ${p.key}`);
      assert.ok(b.x >= p.x && b.y >= p.y && b.x + b.w <= p.x + p.w + 0.01 && b.y + b.h <= p.y + p.h + 0.01, `${label}: ${b.key} outside ${p.key}`);
    }
    const k = p?.key ?? '';
    byParent.set(k, [...(byParent.get(k) ?? []), b]);
  }
  // Edges stay orthogonal and attached: each ends on the border of the boxes it joins (ports are not boxes).
  const onBorder = (b: SceneBox, p: { x: number; y: number }) =>
    p.x >= b.x - 1 && p.x <= b.x + b.w + 1 && p.y >= b.y - 1 && p.y <= b.y + b.h + 1 &&
    (Math.abs(p.y - b.y) < 1 || Math.abs(p.y - b.y - b.h) < 1 || Math.abs(p.x - b.x) < 1 || Math.abs(p.x - b.x - b.w) < 1);
  for (const e of s.edges) {
    for (let j = 1; j < e.points.length; j++) {
      const [a, b] = [e.points[j - 1], e.points[j]];
      assert.ok(Math.abs(a.x - b.x) < 0.01 || Math.abs(a.y - b.y) < 0.01, `${label}: ${e.from}->${e.to} segment ${j} oblique`);
    }
    const from = s.byKey.get(e.from);
    const to = s.byKey.get(e.to);
    if (from) assert.ok(onBorder(from, e.points[0]), `${label}: ${e.from}->${e.to} leaves ${e.from}'s border`);
    if (to) assert.ok(onBorder(to, e.points[e.points.length - 1]), `${label}: ${e.from}->${e.to} reaches ${e.to}'s border`);
  }
  for (const [k, sibs] of byParent) {
    for (let i = 0; i < sibs.length; i++) for (let j = i + 1; j < sibs.length; j++) {
      assert.ok(!overlaps(sibs[i], sibs[j]), `${label}: ${sibs[i].key} overlaps ${sibs[j].key} in ${k || 'root'}`);
    }
  }
}

test('UNet: expands lay out only the opened group, and stretched pictures stay sound', { timeout: 120_000 }, async (t) => {
  if (!existsSync(UNET)) return t.skip(`${UNET} not generated (npm run samples)`);
  const a = await analyzeModel(new Uint8Array(readFileSync(UNET)), 'model.onnx');
  const h = buildHierarchy(a.graph);
  const engine = new LayoutEngine(async () => () => new FakeWorker());
  const builder = new SceneBuilder(a.graph, h, engine);

  const collapsed = await builder.build(new Set());
  checkSound(collapsed, 'collapsed');
  assert.equal(engine.runs, 1);

  const chain = ['down_blocks.0', 'down_blocks.0/attentions.0', 'down_blocks.0/attentions.0/transformer_blocks.0', 'down_blocks.0/attentions.0/transformer_blocks.0/attn1'];
  const open = new Set<string>();
  let prev = collapsed;
  for (const gid of chain) {
    open.add(gid);
    const runs: number = engine.runs;
    const s = await builder.build(open);
    assert.equal(engine.runs, runs + 1, `expanding ${gid} ran elkjs once (its own layout)`);
    checkSound(s, gid);
    // What is above the grown box (and not right of it) or left of it (and not below it) stays put.
    const grown = prev.byKey.get(groupKey(gid))!;
    for (const b of prev.boxes) {
      const above = b.y + b.h <= grown.y && b.x < grown.x + grown.w;
      const left = b.x + b.w <= grown.x && b.y < grown.y + grown.h;
      if (!above && !left) continue;
      if (!s.byKey.has(b.key)) continue;
      const now = s.byKey.get(b.key)!;
      assert.deepEqual([now.x, now.y], [b.x, b.y], `${b.key} kept its place when ${gid} opened`);
    }
    prev = s;
  }
  // Several groups open side by side, then everything collapsed again: only new groups are laid out.
  for (const gid of ['mid_block', 'up_blocks.3', 'down_blocks.1', 'up_blocks.3/attentions.2']) open.add(gid);
  const runs: number = engine.runs;
  const wide = await builder.build(open);
  assert.equal(engine.runs, runs + 4);
  checkSound(wide, 'several open');
  await builder.build(new Set());
  assert.equal(engine.runs, runs + 4, 'collapsing is a cache hit');
});

test('UNet: graph inputs above everything, the output below, joined to the top-level items that use them', { timeout: 120_000 }, async (t) => {
  if (!existsSync(UNET)) return t.skip(`${UNET} not generated (npm run samples)`);
  const a = await analyzeModel(new Uint8Array(readFileSync(UNET)), 'model.onnx');
  const h = buildHierarchy(a.graph);
  const builder = new SceneBuilder(a.graph, h, new LayoutEngine(async () => () => new FakeWorker()));
  const nodeAt = (name: string) => `n:${a.graph.nodes.findIndex((n) => n.name === name)}`;
  const check = (s: Scene, label: string) => {
    checkSound(s, label);
    const ins = s.boxes.filter((b) => b.kind === 'input');
    const outs = s.boxes.filter((b) => b.kind === 'output');
    const rest = s.boxes.filter((b) => b.kind === 'node' || b.kind === 'group');
    // Real runtime inputs only: the weights (initializers) are not boundary items.
    assert.deepEqual(ins.map((b) => a.graph.inputs[b.ioIndex].name), ['sample', 'timestep', 'encoder_hidden_states'], label);
    assert.deepEqual(outs.map((b) => a.graph.outputs[b.ioIndex].name), ['out_sample'], label);
    const top = Math.min(...rest.map((b) => b.y));
    const bottom = Math.max(...rest.map((b) => b.y + b.h));
    for (const b of ins) assert.ok(b.y + b.h <= top, `${label}: ${b.key} above everything`);
    for (const b of outs) assert.ok(b.y >= bottom, `${label}: ${b.key} below everything`);
    // Items joined at the root (joins into open groups' ports are checked below).
    const targets = (from: string) => s.edges.filter((e) => e.from === from && s.byKey.has(e.to)).map((e) => e.to).sort();
    assert.deepEqual(targets('i:0'), [nodeAt('/Shape'), nodeAt('/conv_in/Conv')].sort(), `${label}: sample`);
    assert.deepEqual(targets('i:1'), [nodeAt('/Expand')], `${label}: timestep`);
    // Cross-attention: every block with attentions (SD 1.5 has none in down_blocks.3 and up_blocks.0).
    assert.deepEqual(targets('i:2'), ['g:down_blocks.0', 'g:down_blocks.1', 'g:down_blocks.2', 'g:mid_block', 'g:up_blocks.1', 'g:up_blocks.2', 'g:up_blocks.3'], `${label}: encoder_hidden_states`);
    assert.deepEqual(s.edges.filter((e) => e.to === 'o:0').map((e) => e.from), [nodeAt('/conv_out/Conv')], `${label}: out_sample`);
    for (const e of s.edges.filter((e) => (e.from.startsWith('i:') || e.to.startsWith('o:')) && s.byKey.has(e.from) && s.byKey.has(e.to))) {
      assert.equal(e.tensor, e.from.startsWith('i:') ? a.graph.inputs[Number(e.from.slice(2))].name : 'out_sample');
      const from = s.byKey.get(e.from)!;
      const to = s.byKey.get(e.to)!;
      const [p0, p1] = [e.points[0], e.points[e.points.length - 1]];
      assert.ok(Math.abs(p0.y - (from.y + from.h)) < 1 && p0.x >= from.x && p0.x <= from.x + from.w, `${label}: ${e.from}->${e.to} leaves ${e.from}`);
      assert.ok(Math.abs(p1.y - to.y) < 1 && p1.x >= to.x && p1.x <= to.x + to.w, `${label}: ${e.from}->${e.to} reaches ${e.to}`);
    }
  };
  check(await builder.build(new Set()), 'collapsed');
  // Opening groups stretches the root: the boundary stays above/below and the edges still meet their items.
  const open = await builder.build(new Set(['down_blocks.0', 'mid_block', 'up_blocks.3']));
  check(open, 'three open');
  // Into an open group the edge goes on: along the border to the group's port for that input, and from
  // the port to the blocks inside that read it (the cross-attention blocks).
  for (const gid of ['down_blocks.0', 'mid_block', 'up_blocks.3']) {
    const g = groupKey(gid);
    const outer = open.edges.find((e) => e.from === 'i:2' && e.to === g)!;
    const join = open.edges.find((e) => e.from === g && e.to === 'p:i2');
    assert.ok(join, `${gid}: a join to its encoder_hidden_states port`);
    assert.deepEqual(join.points[0], outer.points[outer.points.length - 1], `${gid}: the join starts where the outer edge ends`);
    // (Port keys are local to their group's layout: pick this group's by where its edges start.)
    const box = open.byKey.get(g)!;
    const inner = open.edges.filter((e) => e.from === 'p:i2' && e.points[0].y > box.y && e.points[0].y < box.y + box.h && e.points[0].x > box.x && e.points[0].x < box.x + box.w).map((e) => e.to);
    assert.ok(inner.length > 0 && inner.every((k) => k.startsWith(`g:${gid}/attentions.`)), `${gid}: port feeds ${inner.join(', ')}`);
    assert.equal(join.tensor, 'encoder_hidden_states');
  }
});

test('boundary layers are separate even when the root has a cycle, an unused input and a passed-through output', async () => {
  // In the synthetic graph conv_out feeds a node inside down_blocks.0 (a root-level cycle): with plain
  // FIRST/LAST elkjs put up_blocks.3 beside the inputs once the cycle was broken.
  const g = syntheticUnetGraph({ extraNames: ['/down_blocks.0/late/Relu'], extraInputs: ['second'] });
  g.inputs.push({ name: 'unused', type: 'int64 [1]' });
  g.outputs.push({ name: 'sample', type: 'float16 [2,4,64,64]' });
  const s = await new SceneBuilder(g, buildHierarchy(g), new LayoutEngine(async () => () => new FakeWorker())).build(new Set(['mid_block']));
  checkSound(s, 'synthetic');
  const rest = s.boxes.filter((b) => b.kind === 'node' || b.kind === 'group');
  const ins = s.boxes.filter((b) => b.kind === 'input');
  const outs = s.boxes.filter((b) => b.kind === 'output');
  assert.deepEqual([ins.length, outs.length], [3, 2]);
  for (const b of ins) assert.ok(b.y + b.h <= Math.min(...rest.map((r) => r.y)), `${b.key} above everything`);
  for (const b of outs) assert.ok(b.y >= Math.max(...rest.map((r) => r.y + r.h)), `${b.key} below everything`);
  assert.deepEqual(s.edges.filter((e) => e.from.startsWith('i:') || e.to.startsWith('o:')).map((e) => `${e.from}>${e.to}`).sort(), ['i:0>n:0', 'i:1>n:0', `n:${g.nodes.findIndex((n) => n.name === '/conv_out/Conv')}>o:0`]);
});

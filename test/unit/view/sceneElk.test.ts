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

const UNET = 'samples/sd15/unet/model.onnx';
// elkjs's in-process stand-in for a Web Worker (what its Node entry uses).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Worker: FakeWorker } = require('elkjs/lib/elk-worker.min.js') as { Worker: new (url?: string) => Worker };

function parentOf(s: Scene, b: SceneBox): SceneBox | undefined {
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

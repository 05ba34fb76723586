// The layout engine with the real elkjs in-process (elkjs's own stand-in for a Web Worker).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LayoutCancelled, LayoutEngine, type LayoutEdgeInput, type LayoutItemInput } from '../../../webview/layout/layoutEngine';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Worker: FakeWorker } = require('elkjs/lib/elk-worker.min.js') as { Worker: new (url?: string) => Worker };

function chain(n: number): { items: LayoutItemInput[]; edges: LayoutEdgeInput[] } {
  const items = Array.from({ length: n }, (_, i) => ({ id: `n${i}`, width: 100, height: 30 }));
  const edges = Array.from({ length: n - 1 }, (_, i) => ({ id: `e${i}`, from: `n${i}`, to: `n${i + 1}` }));
  return { items, edges };
}

test('a cancelled layout rejects (never hangs), and the same group can be laid out again, also by a sibling waiting on it', async () => {
  // The stand-in has no terminate(); a terminated one must simply never answer, as a real worker does.
  const engine = new LayoutEngine(async () => () => {
    const w = new FakeWorker();
    let dead = false;
    let handler: ((e: MessageEvent) => void) | null = null;
    Object.defineProperty(w, 'onmessage', {
      get: () => (e: MessageEvent) => void (dead || handler?.(e)),
      set: (h: (e: MessageEvent) => void) => void (handler = h),
    });
    w.terminate = () => void (dead = true);
    return w;
  });
  const sibling = engine.sibling();
  const g = chain(60);
  const first = sibling.layout('g', g.items, g.edges);
  // Let the sibling's run start, then ask the first engine for the same group: it waits for the sibling's run.
  await new Promise((r) => setTimeout(r, 0));
  const waiting = engine.layout('g', g.items, g.edges);
  sibling.cancelAll();
  await assert.rejects(first, LayoutCancelled);
  const r = await waiting;
  assert.equal(r.items.size, 60, 'the waiting request laid the group out itself');
  assert.equal(engine.runs, 1);
  assert.equal(sibling.runs, 0);
  // Cached from now on, for both.
  assert.equal(await sibling.layout('g', g.items, g.edges), r);
});

test('a request waits for a warm sibling already running the same group, not for a sibling still starting', async () => {
  const engine = new LayoutEngine(async () => () => new FakeWorker());
  const cold = engine.sibling();
  const g = chain(30);
  // Cold sibling (never started): the request runs its own layout.
  const a = cold.layout('a', g.items, g.edges);
  await new Promise((r) => setTimeout(r, 0));
  await engine.layout('a', g.items, g.edges);
  assert.equal(engine.runs, 1);
  await a;
  // Warm sibling: the request takes the sibling's result.
  const warm = engine.sibling();
  await warm.warm();
  assert.ok(warm.isWarm);
  const b = warm.layout('b', g.items, g.edges);
  await new Promise((r) => setTimeout(r, 0));
  const got = await engine.layout('b', g.items, g.edges);
  assert.equal(got, await b, 'the same result object');
  assert.equal(engine.runs, 1, 'no second run');
  assert.equal(warm.runs, 1);
});

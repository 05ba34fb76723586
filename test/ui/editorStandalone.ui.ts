// The model-editor webview on its own (no workbench): dist/webview in headless chromium with a fake
// host, on a synthetic UNet-shaped graph. Checks collapse/expand, hover card figures, spill
// highlighting against the overlay, what-if recolouring, search/reveal, keyboard, state restore,
// inert model strings, and saves screenshots in three themes. Needs `node scripts/build.mjs --only=webview`.
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { shapeArithmetic } from '../../src/core/view/shapeNoise';
import { buildHierarchy, groupTotals } from '../../src/core/view/hierarchy';
import { encodeGraph } from '../../src/core/view/wireGraph';
import { packJson } from '../../src/core/view/packedJson';
import { formatBytes, formatMs } from '../../src/core/view/format';
import type { ViewCost, WhatIf } from '../../src/core/view/protocol';
import { syntheticCost, syntheticUnetGraph } from './fixtures/syntheticView';
import { ensureResultsDir, openStandalone, type StandalonePage } from './standalonePage';

const PAYLOAD = '<img src=x onerror="window.__pwned=1">';
/** A graph input named like markup (short enough to be drawn whole on its item). */
const IO_PAYLOAD = '<img src=x onerror=__pwnedIo=1>';
const graph = syntheticUnetGraph({ extraNames: [`/down_blocks.0/${PAYLOAD}/Relu`, `<script>window.__pwned=2</script>`], extraInputs: [IO_PAYLOAD] });
const cost = syntheticCost(graph);
const presets = [
  { id: 'expedera-8k', label: 'Expedera 8K', detail: '8192 MACs · 750 MHz · 7 MB · 12 GB/s' },
  { id: 'big', label: 'Big SRAM', detail: '8192 MACs · 750 MHz · 28 MB · 12 GB/s' },
];
const h = buildHierarchy(graph, shapeArithmetic(graph));

/** As the host does: the graph on `init`, then its cost overlay as its own message. */
async function sendInitAndCost(p: StandalonePage): Promise<void> {
  await p.send({ type: 'init', graph: packJson(encodeGraph(graph)), presets, whatIf: { preset: 'expedera-8k' } });
  await p.send({ type: 'cost', cost: packJson(cost), whatIf: { preset: 'expedera-8k' } });
}

describe('model editor webview (standalone)', () => {
  let sp: StandalonePage;
  let lastCost: ViewCost = cost;

  before(async () => {
    sp = await openStandalone({
      onMessage: (m, p) => {
        if (m.type === 'ready') void sendInitAndCost(p);
        if (m.type === 'whatIf') {
          const w: WhatIf = m.whatIf;
          lastCost = syntheticCost(graph, w.preset === 'big' ? 4 : 1, w.preset === 'big' ? 'Big SRAM' : 'Synthetic NPU');
          void p.send({ type: 'cost', cost: packJson(lastCost), whatIf: w });
        }
      },
    });
    await sp.page.locator('#app[data-ready="true"]:not([data-total-latency-ms=""])').waitFor({ timeout: 30_000 });
  });

  after(async () => {
    await sp?.close();
  });

  it('opens collapsed to the top level with group totals', async () => {
    const groups = await sp.page.locator('g.item.group').evaluateAll((els) => els.map((e) => (e as SVGGElement).dataset.group));
    assert.deepEqual(groups.sort(), [...h.root.childGroups].sort());
    const nodes = await sp.page.locator('g.item.node').count();
    assert.equal(nodes, h.root.childNodes.length);
    const label = await sp.page.locator('g.item.group[data-group="down_blocks.0"]').getAttribute('aria-label');
    const t = groupTotals(h, cost.nodes).get('down_blocks.0')!;
    assert.match(label ?? '', new RegExp(`${h.groups.get('down_blocks.0')!.nodeCount} nodes`));
    assert.match(label ?? '', new RegExp(`${t.spillCount} spilling layers`));
    const firstPaint = await sp.page.locator('#app').getAttribute('data-first-paint-ms');
    console.log(`  first paint ${firstPaint} ms after navigation (${graph.nodes.length} nodes)`);
  });

  it('shows graph inputs above the model and outputs below it, named as text, joined by named edges', async () => {
    await sp.page.locator('.tool[aria-label="Fit to view (0)"]').click();
    const titles = (sel: string) => sp.page.locator(`${sel} .label.title`).evaluateAll((els) => els.map((e) => e.textContent));
    // At fit the overview draws one line per pill, elided in the middle to its width: both ends of the name stay.
    const shows = (shown: Array<string | null>, names: string[]) => {
      assert.equal(shown.length, names.length);
      shown.forEach((t, k) => {
        const [head, tail] = (t ?? '').split('…');
        assert.ok(t === names[k] || (tail !== undefined && names[k].startsWith(head) && names[k].endsWith(tail)), `${t} stands for ${names[k]}`);
      });
    };
    shows(await titles('g.item.input'), graph.inputs.map((t) => t.name));
    shows(await titles('g.item.output'), graph.outputs.map((t) => t.name));
    assert.deepEqual(await sp.page.locator('g.item.input').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label'))), graph.inputs.map((t) => `Graph input ${t.name}, ${t.type}`));
    // The markup-named input is text: no element was made from it and its handler never ran.
    assert.equal(await sp.page.locator('img').count(), 0);
    assert.equal(await sp.page.evaluate(() => (window as { __pwnedIo?: unknown }).__pwnedIo), undefined);
    // Screen boxes: every input above every model item, the output below all of them.
    const rects = (sel: string) => sp.page.locator(`${sel} > rect.box`).evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as DOMRect));
    const model = [...await rects('g.item.group'), ...await rects('g.item.node')];
    assert.ok(model.length > 0);
    for (const r of await rects('g.item.input')) assert.ok(r.bottom <= Math.min(...model.map((m) => m.top)), 'input above the model');
    for (const r of await rects('g.item.output')) assert.ok(r.top >= Math.max(...model.map((m) => m.bottom)), 'output below the model');
    // Both inputs feed conv_in (a root node); conv_out writes the output. Edge tooltips carry the tensor name.
    const convIn = graph.nodes.findIndex((n) => n.name === '/conv_in/Conv');
    const convOut = graph.nodes.findIndex((n) => n.name === '/conv_out/Conv');
    const edge = (from: string, to: string) => sp.page.locator(`path.edge[data-from="${from}"][data-to="${to}"] > title`);
    assert.equal(await edge('i:0', `n:${convIn}`).textContent(), 'sample');
    assert.equal(await edge('i:1', `n:${convIn}`).textContent(), IO_PAYLOAD);
    assert.equal(await edge(`n:${convOut}`, 'o:0').textContent(), 'out_sample');
    await sp.page.screenshot({ path: join(ensureResultsDir(), 'webview-standalone-io.png') });
  });

  it('hover card of a graph input/output shows kind, type and its consumers or producer; Tab and Enter reach them', async () => {
    const card = sp.page.locator('.hover-card');
    await sp.page.locator('g.item.input[data-io="0"] > rect.box').hover();
    await card.locator('.card-title').filter({ hasText: /^sample$/ }).waitFor();
    assert.equal(await card.locator('.card-kind').innerText(), 'Graph input');
    assert.equal(await card.locator('td[data-field="dtype"]').innerText(), 'float16');
    assert.equal(await card.locator('td[data-field="shape"]').innerText(), '[2,4,64,64]');
    assert.equal(await card.locator('td[data-field="consumers"]').innerText(), '1');
    assert.equal(await card.locator('td[data-field=""]').first().innerText(), '/conv_in/Conv (Conv)');
    await sp.page.locator('g.item.output[data-io="0"] > rect.box').hover();
    await card.locator('.card-title').filter({ hasText: /^out_sample$/ }).waitFor();
    assert.equal(await card.locator('.card-kind').innerText(), 'Graph output');
    assert.equal(await card.locator('td[data-field="producer"]').innerText(), '/conv_out/Conv (Conv)');
    await sp.page.locator('g.item.input[data-io="1"] > rect.box').hover();
    assert.equal(await card.locator('.card-title').innerText(), IO_PAYLOAD);
    // Keyboard: the inputs come first in tab order; focus selects as for nodes, Enter keeps it selected and opens nothing.
    await sp.page.locator('g.item.input[data-io="0"]').focus();
    await sp.page.keyboard.press('Tab');
    assert.equal(await sp.page.evaluate(() => (document.activeElement as SVGGElement | null)?.dataset?.key), 'i:1');
    await sp.page.keyboard.press('Enter');
    await sp.page.locator('g.item.input.selected[data-io="1"]').waitFor();
    assert.equal(await sp.page.locator('g.item.input.expanded, g.item.output.expanded').count(), 0);
  });

  it('expands a group by click and keeps other groups collapsed', async () => {
    await sp.page.locator('g.item.group[data-group="down_blocks.0"] rect.box').click();
    await sp.page.locator('g.item.group[data-group="down_blocks.0/resnets.0"]').waitFor();
    assert.equal(await sp.page.locator('g.item.group.expanded[data-group="down_blocks.0"]').count(), 1);
    assert.equal(await sp.page.locator('g.item.group.collapsed[data-group="down_blocks.1"]').count(), 1);
    console.log(`  expand took ${await sp.page.locator('#app').getAttribute('data-last-expand-ms')} ms`);
  });

  it('an edge into the open group goes on inside: along the border to a port, and from the port to the items reading it', async () => {
    // Joins run from the group's border (data-from = the group) to its ports; the ports' own edges start inside.
    const joins = sp.page.locator('path.edge[data-from="g:down_blocks.0"][data-to^="p:"]');
    assert.ok((await joins.count()) > 0, 'a join from the border to a port');
    const port = await joins.first().getAttribute('data-to');
    const inside = await sp.page.locator(`path.edge[data-from="${port}"]`).evaluateAll((els) => els.map((e) => (e as SVGPathElement).dataset.to));
    assert.ok(inside.length > 0 && inside.every((k) => /^[gn]:/.test(k ?? '')), `port ${port} feeds ${inside.join(', ')}`);
  });

  it('hover card shows the engine figures for a node', async () => {
    // Reveal a MatMul inside an attention block, then hover it.
    const idx = graph.nodes.findIndex((n) => n.name === '/down_blocks.0/attentions.0/transformer_blocks.0/attn1/to_q/MatMul');
    await sp.send({ type: 'reveal', nodeIndex: idx });
    const node = sp.page.locator(`g.item.node[data-node="${idx}"]`);
    await node.waitFor();
    await node.hover();
    const card = sp.page.locator('.hover-card');
    await card.locator('.card-title').filter({ hasText: graph.nodes[idx].name }).waitFor();
    const c = cost.nodes[idx];
    assert.equal(await card.locator('td[data-field="latency"]').innerText(), `${formatMs(c.latencyMs)} (${(c.share * 100).toFixed(c.share >= 0.1 ? 1 : 2)}%)`);
    assert.equal(await card.locator('td[data-field="DDR read"]').innerText(), formatBytes(c.ddrReadBytes));
    assert.equal(await card.locator('td[data-field="DDR write"]').innerText(), formatBytes(c.ddrWriteBytes));
    assert.equal(await card.locator('td[data-field="bound"]').innerText(), c.bound);
    ensureResultsDir();
    await sp.page.screenshot({ path: join(ensureResultsDir(), 'webview-standalone-hover.png') });
  });

  it('highlighted spilling nodes are exactly the overlay spill list of an expanded block', async () => {
    // Open every group under down_blocks.1 (key * on the focused group), then fit so nothing is culled.
    const inBlock = graph.nodes.map((n, i) => (n.scope[0] === 'down_blocks.1' ? i : -1)).filter((i) => i >= 0);
    await sp.page.locator('.tool[aria-label="Fit to view (0)"]').click();
    await sp.page.locator('g.item.group[data-group="down_blocks.1"]').focus();
    await sp.page.keyboard.press('*');
    await sp.page.locator('g.item.group.expanded[data-group="down_blocks.1"]').waitFor();
    await sp.page.locator('.tool[aria-label="Fit to view (0)"]').click();
    await sp.page.locator(`g.item.node[data-node="${inBlock[inBlock.length - 1]}"]`).waitFor({ state: 'attached' });
    const shown = await sp.page.locator('g.item.node.spill').evaluateAll((els) => els.map((e) => Number((e as SVGGElement).dataset.node)));
    const shownInBlock = shown.filter((i) => inBlock.includes(i)).sort((a, b) => a - b);
    const expected = inBlock.filter((i) => cost.nodes[i].spill);
    assert.ok(expected.length > 0, 'fixture has spills in the block');
    assert.deepEqual(shownInBlock, expected);
    // Every rendered node with the spill class has a marker; no non-spilling node has one.
    const markers = await sp.page.locator('g.item.node:not(.spill) .spill-marker').count();
    assert.equal(markers, 0);
    const legend = await sp.page.locator('.legend .spill-count').innerText();
    assert.equal(legend, `${cost.totals.spillCount} spilling layers`);
  });

  it('what-if re-costs and recolours without re-layout', async () => {
    const runs = await sp.page.locator('#app').getAttribute('data-layout-runs');
    const before = await sp.page.locator('dd[data-total="latency"]').innerText();
    await sp.page.locator('vscode-dropdown#preset').click();
    await sp.page.locator('vscode-option', { hasText: 'Big SRAM' }).click();
    await sp.page.locator('dd[data-total="hardware"]', { hasText: 'Big SRAM' }).waitFor();
    const after = await sp.page.locator('dd[data-total="latency"]').innerText();
    assert.notEqual(after, before);
    assert.equal(after, formatMs(lastCost.totals.latencyMs));
    assert.equal(await sp.page.locator('#app').getAttribute('data-layout-runs'), runs, 'no layout ran');
    assert.equal(await sp.page.locator('.legend .spill-count').innerText(), `${lastCost.totals.spillCount} spilling layers`);
    console.log(`  recolour ${await sp.page.locator('#app').getAttribute('data-recolour-ms')} ms, round trip ${await sp.page.locator('#app').getAttribute('data-what-if-round-trip-ms')} ms`);
  });

  it('an open hover card follows a what-if: the new figures, never the old hardware\'s', async () => {
    const next = syntheticCost(graph, 7, 'Seventh NPU');
    // A layer whose figures differ under the new cost (a memory-bound one).
    const idx = graph.nodes.findIndex((_, i) => formatMs(next.nodes[i].latencyMs) !== formatMs(cost.nodes[i].latencyMs));
    await sp.send({ type: 'reveal', nodeIndex: idx });
    const node = sp.page.locator(`g.item.node[data-node="${idx}"]`);
    await node.waitFor();
    await node.hover();
    const card = sp.page.locator('.hover-card');
    await card.locator('.card-title').filter({ hasText: graph.nodes[idx].name }).waitFor();
    // The hovered item is described by the card (aria-describedby).
    assert.equal(await node.getAttribute('aria-describedby'), 'hover-card');
    // A cost arriving from the host (a palette preset change, another panel's what-if) while the card is up.
    await sp.send({ type: 'cost', cost: packJson(next), whatIf: { preset: 'big' } });
    await sp.page.locator('dd[data-total="hardware"]', { hasText: 'Seventh NPU' }).waitFor();
    const c = next.nodes[idx];
    assert.ok(await card.isVisible(), 'the card stays up for the item under the pointer');
    assert.notEqual(formatMs(c.latencyMs), formatMs(cost.nodes[idx].latencyMs), 'fixture: the new cost differs');
    assert.equal(await card.locator('td[data-field="latency"]').innerText(), `${formatMs(c.latencyMs)} (${(c.share * 100).toFixed(c.share >= 0.1 ? 1 : 2)}%)`);
    // The panel's line under the dropdown follows the host's preset too.
    assert.equal(await sp.page.locator('.preset-detail').innerText(), presets[1].detail);
    await sp.send({ type: 'cost', cost: packJson(cost), whatIf: { preset: 'expedera-8k' } });
    await sp.page.locator('.preset-detail[data-preset="expedera-8k"]').waitFor();
    lastCost = cost;
  });

  it('causes no Content-Security-Policy violation (open, expand, hover, preset switch)', async () => {
    // A fresh page under the production policy (webviewCsp.ts): load-time violations (the toolkit's
    // import-time probes) count too. webview/cspViolations.ts counts them on #app and logs each to the host.
    const fresh = await openStandalone({
      onMessage: (m, p) => {
        if (m.type === 'ready') void sendInitAndCost(p);
        if (m.type === 'whatIf') void p.send({ type: 'cost', cost: packJson(syntheticCost(graph, 4, 'Big SRAM')), whatIf: m.whatIf });
      },
    });
    try {
      const app = fresh.page.locator('#app');
      await fresh.page.locator('#app[data-ready="true"]:not([data-total-latency-ms=""])').waitFor({ timeout: 30_000 });
      await fresh.page.locator('g.item.group[data-group="down_blocks.0"] rect.box').click();
      await fresh.page.locator('g.item.group[data-group="down_blocks.0/resnets.0"]').waitFor();
      await fresh.page.locator('g.item.node').first().hover();
      await fresh.page.locator('.hover-card .card-title').waitFor();
      await fresh.page.locator('vscode-dropdown#preset').click();
      await fresh.page.locator('vscode-option', { hasText: 'Big SRAM' }).click();
      await fresh.page.locator('dd[data-total="hardware"]', { hasText: 'Big SRAM' }).waitFor();
      await fresh.page.waitForTimeout(100); // the violation event is a queued task
      const logged = fresh.received.filter((m) => m.type === 'log' && m.message.includes('CSP'));
      assert.deepEqual(logged, [], 'no CSP violation logged to the host');
      assert.equal(await app.getAttribute('data-csp-violations'), null);
      // FAST's :focus-visible probe passed under the policy (a blocked probe falls back to :focus rings).
      const focusRule = await fresh.page.locator('vscode-button').first().evaluate((b) =>
        (b.shadowRoot?.adoptedStyleSheets ?? []).some((sh) => Array.from(sh.cssRules).some((r) => r.cssText.includes(':focus-visible'))));
      assert.ok(focusRule, 'toolkit buttons style :focus-visible');
      // The detector is live: an inline <style> without the nonce is counted and logged (the browser's
      // "Applying inline style violates…" console line this prints is expected).
      await fresh.page.evaluate(() => document.head.appendChild(document.createElement('style')).remove());
      await fresh.page.locator('#app[data-csp-violations="1"]').waitFor({ timeout: 5_000 });
      const reported = () => fresh.received.filter((m) => m.type === 'log' && m.level === 'error' && m.message.includes('CSP violation of style-src-elem'));
      for (let i = 0; i < 50 && reported().length === 0; i++) await fresh.page.waitForTimeout(100);
      assert.equal(reported().length, 1, 'the violation reached the host log');
    } finally {
      await fresh.close();
    }
  });

  it('search by regex lists matches and jumps to one', async () => {
    const field = sp.page.locator('vscode-text-field#search input');
    await field.fill('up_blocks\\.2/.*attn2/to_k');
    const items = sp.page.locator('.result-list li');
    await items.first().waitFor();
    const expected = graph.nodes.filter((n) => /up_blocks\.2\/.*attn2\/to_k/i.test(n.name) || /up_blocks\.2\/.*attn2\/to_k/i.test(n.opType));
    assert.equal(await items.count(), expected.length);
    await items.first().click();
    const idx = graph.nodes.indexOf(expected[0]);
    await sp.page.locator(`g.item.node.selected[data-node="${idx}"]`).waitFor();
  });

  it('keyboard: Enter on a focused group expands it', async () => {
    await sp.page.locator('.tool[aria-label="Collapse all groups"]').click();
    await sp.page.locator('g.item.group.collapsed[data-group="mid_block"]').waitFor();
    await sp.page.locator('g.item.group[data-group="mid_block"]').focus();
    await sp.page.keyboard.press('Enter');
    await sp.page.locator('g.item.group.expanded[data-group="mid_block"]').waitFor();
    assert.equal(await sp.page.evaluate(() => (document.activeElement as SVGGElement | null)?.dataset?.group), 'mid_block');
  });

  it('model strings are inert text: the payload is shown, nothing runs', async () => {
    const idx = graph.nodes.findIndex((n) => n.name.includes('<img'));
    await sp.send({ type: 'reveal', nodeIndex: idx });
    const node = sp.page.locator(`g.item.node[data-node="${idx}"]`);
    await node.waitFor();
    await node.hover();
    await sp.page.locator('.hover-card .card-title', { hasText: PAYLOAD }).waitFor();
    assert.equal(await sp.page.evaluate(() => (window as { __pwned?: unknown }).__pwned), undefined);
    assert.equal(await sp.page.locator('img').count(), 0);
  });

  it('state survives a reload (hide/show without retainContextWhenHidden)', async () => {
    await sp.page.waitForTimeout(300); // state writes are debounced
    await sp.reload();
    await sp.page.locator('#app[data-ready="true"]').waitFor();
    assert.equal(await sp.page.locator('g.item.group.expanded[data-group="mid_block"]').count(), 1);
  });

  for (const theme of ['light', 'high-contrast'] as const) {
    it(`renders in the ${theme} theme`, async () => {
      const other = await openStandalone({ theme, onMessage: (m, p) => m.type === 'ready' && void sendInitAndCost(p) });
      try {
        await other.page.locator('#app[data-ready="true"]').waitFor();
        await other.page.locator('g.item.group[data-group="down_blocks.1"] rect.box').click();
        await other.page.locator('g.item.group.expanded[data-group="down_blocks.1"]').waitFor();
        const stroke = await other.page.locator('g.item.group[data-group="down_blocks.1/resnets.0"] rect.box').evaluate((e) => getComputedStyle(e).stroke);
        assert.ok(stroke && stroke !== 'none');
        await other.page.screenshot({ path: join(ensureResultsDir(), `webview-standalone-${theme}.png`) });
      } finally {
        await other.close();
      }
    });
  }
});

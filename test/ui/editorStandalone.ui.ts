// The model-editor webview on its own (no workbench): dist/webview in headless chromium with a fake
// host, on a synthetic UNet-shaped graph. Checks collapse/expand, hover card figures, spill
// highlighting against the overlay, what-if recolouring, search/reveal, keyboard, state restore,
// inert model strings, and saves screenshots in three themes. Needs `node scripts/build.mjs --only=webview`.
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { buildHierarchy, groupTotals } from '../../src/core/view/hierarchy';
import { encodeGraph } from '../../src/core/view/wireGraph';
import { formatBytes, formatMs } from '../../src/core/view/format';
import type { HostToWebview, ViewCost, WhatIf } from '../../src/core/view/protocol';
import { syntheticCost, syntheticUnetGraph } from './fixtures/syntheticView';
import { ensureResultsDir, openStandalone, type StandalonePage } from './standalonePage';

const PAYLOAD = '<img src=x onerror="window.__pwned=1">';
const graph = syntheticUnetGraph({ extraNames: [`/down_blocks.0/${PAYLOAD}/Relu`, `<script>window.__pwned=2</script>`] });
const cost = syntheticCost(graph);
const presets = [
  { id: 'expedera-8k', label: 'Expedera 8K', detail: '8192 MACs · 750 MHz · 7 MB · 12 GB/s' },
  { id: 'big', label: 'Big SRAM', detail: '8192 MACs · 750 MHz · 28 MB · 12 GB/s' },
];
const h = buildHierarchy(graph);

function initMsg(): HostToWebview {
  return { type: 'init', graph: encodeGraph(graph), cost, presets, whatIf: { preset: 'expedera-8k' } };
}

describe('model editor webview (standalone)', () => {
  let sp: StandalonePage;
  let lastCost: ViewCost = cost;

  before(async () => {
    sp = await openStandalone({
      onMessage: (m, p) => {
        if (m.type === 'ready') void p.send(initMsg());
        if (m.type === 'whatIf') {
          const w: WhatIf = m.whatIf;
          lastCost = syntheticCost(graph, w.preset === 'big' ? 4 : 1, w.preset === 'big' ? 'Big SRAM' : 'Synthetic NPU');
          void p.send({ type: 'cost', cost: lastCost, whatIf: w });
        }
      },
    });
    await sp.page.locator('#app[data-ready="true"]').waitFor({ timeout: 30_000 });
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

  it('expands a group by click and keeps other groups collapsed', async () => {
    await sp.page.locator('g.item.group[data-group="down_blocks.0"] rect.box').click();
    await sp.page.locator('g.item.group[data-group="down_blocks.0/resnets.0"]').waitFor();
    assert.equal(await sp.page.locator('g.item.group.expanded[data-group="down_blocks.0"]').count(), 1);
    assert.equal(await sp.page.locator('g.item.group.collapsed[data-group="down_blocks.1"]').count(), 1);
    console.log(`  expand took ${await sp.page.locator('#app').getAttribute('data-last-expand-ms')} ms`);
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
      const other = await openStandalone({ theme, onMessage: (m, p) => m.type === 'ready' && void p.send(initMsg()) });
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

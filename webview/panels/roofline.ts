// Roofline panel: every MAC layer as a point under the compute and DDR roofs (C's rooflineChart), one chart per
// pipeline stage. Hovering names the layer (the point's <title>, and the line under the chart); clicking reveals it
// in the model editor.
import './panels.css';
import type { RooflineView } from '../../src/extension/panels/protocol';
import { rooflineChart } from '../../src/core/report/charts';
import { app, el, installChartCss, markPainted, start, svgElement, vscode } from './common';

installChartCss();
const hover = el('p', 'status');
hover.setAttribute('aria-live', 'polite');

function render(v: RooflineView): void {
  const header = el('header');
  header.append(el('h1', undefined, v.title), el('p', 'subtitle', v.subtitle));
  const charts = v.charts.map((c) => {
    const section = el('section', 'chart');
    if (c.stage) section.dataset.stage = c.stage;
    section.append(el('h2', undefined, c.label), svgElement(rooflineChart(c.data, { title: `Roofline: ${c.label}` })));
    return section;
  });
  app.replaceChildren(header, hover, ...charts);
  app.dataset.points = String(v.charts.reduce((n, c) => n + c.data.points.length, 0));
  app.dataset.ready = 'true';
  markPainted('paintedAt');
}

const pointOf = (t: EventTarget | null) => (t as Element | null)?.closest?.('[data-node-index]');

app.addEventListener('mouseover', (e) => {
  const p = pointOf(e.target);
  const name = p?.querySelector('title')?.textContent;
  if (name) {
    hover.textContent = name;
    app.dataset.hovered = p?.getAttribute('data-node-index') ?? '';
  }
});
app.addEventListener('click', (e) => {
  const p = pointOf(e.target);
  if (!p) return;
  const nodeIndex = Number(p.getAttribute('data-node-index'));
  const stage = p.getAttribute('data-stage') ?? p.closest('section')?.getAttribute('data-stage') ?? undefined;
  vscode.postMessage({ type: 'reveal', nodeIndex, stage: stage || undefined });
});

start((msg) => {
  if (msg.type === 'roofline') render(msg.view);
});

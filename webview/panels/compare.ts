// Hardware comparison panel: headline (seconds per image for a pipeline, latency per run for a model) on both
// hardware, a per-stage chart (C's compareChart) and tables per stage and for the top layers, with b / a ratios.
import './panels.css';
import type { CompareRowView, CompareView } from '../../src/extension/panels/protocol';
import { compareChart } from '../../src/core/report/charts';
import { app, el, installChartCss, markPainted, start, svgElement } from './common';

installChartCss();

function table(caption: string, names: [string, string], rows: CompareRowView[], field: string): HTMLTableElement {
  const t = el('table', 'compare');
  t.dataset.table = field;
  t.createCaption().textContent = caption;
  const head = t.createTHead().insertRow();
  for (const h of ['', names[0], names[1], 'b / a']) head.appendChild(el('th', undefined, h));
  const body = t.createTBody();
  for (const r of rows) {
    const tr = body.insertRow();
    if (r.slower) tr.className = 'slower';
    tr.appendChild(el('th', undefined, r.label));
    for (const v of [r.a, r.b, r.ratio]) tr.appendChild(el('td', undefined, v));
  }
  return t;
}

function render(v: CompareView): void {
  const header = el('header');
  header.append(el('h1', undefined, v.title));
  const hw = el('dl', 'hw');
  v.names.forEach((n, i) => {
    const dd = el('dd', undefined, `${v.descriptions[i]} — ${v.headline[i]}`);
    dd.dataset.field = `headline-${i === 0 ? 'a' : 'b'}`;
    hw.append(el('dt', undefined, `${i === 0 ? 'a' : 'b'}: ${n}`), dd);
  });
  const ratio = el('p', 'headline', v.headlineRatio);
  ratio.dataset.field = 'ratio';
  const chart = el('div', 'chart');
  chart.appendChild(svgElement(compareChart(v.chart, { title: 'Time per image by stage' })));
  app.replaceChildren(header, hw, ratio, chart, table('Per stage', v.names, v.stages, 'stages'), table('Top layers (time per image)', v.names, v.layers, 'layers'));
  app.dataset.ready = 'true';
  markPainted('paintedAt');
}

start((msg) => {
  if (msg.type === 'compare') render(msg.view);
});

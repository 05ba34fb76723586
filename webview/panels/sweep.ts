// SRAM sweep panel: latency, DDR traffic and spill count against SRAM size (C's sweepChart), the current SRAM and the
// knee marked. Clicking a point (or Enter on it) marks it at once (the chart is re-rendered here, no host round trip)
// and asks the host to apply that SRAM as the open editor's what-if.
import './panels.css';
import type { SweepView } from '../../src/extension/panels/protocol';
import { sweepChart } from '../../src/core/report/charts';
import { formatBytes } from '../../src/core/cost/units';
import { app, el, installChartCss, markPainted, start, svgElement, vscode } from './common';

installChartCss();
let view: SweepView | undefined;
const chart = el('div', 'chart');
const status = el('p', 'status');
status.setAttribute('aria-live', 'polite');

function renderChart(current: number): void {
  if (!view) return;
  const svg = svgElement(
    sweepChart({ points: view.points, currentSramBytes: current, kneeSramBytes: view.kneeSramBytes, unit: view.unit }, { title: view.title }),
  );
  chart.replaceChildren(svg);
  app.dataset.currentSram = String(current);
}

function render(v: SweepView): void {
  view = v;
  const header = el('header');
  header.append(el('h1', undefined, v.title), el('p', 'subtitle', v.subtitle));
  const knee = el('p', 'knee', v.kneeSramBytes !== null ? `Knee: ${formatBytes(v.kneeSramBytes)} — ${v.kneeRule}.` : `No knee: ${v.kneeRule}.`);
  knee.dataset.kneeBytes = String(v.kneeSramBytes ?? '');
  const hint = el('p', 'hint', v.applicable ? 'Click a point to apply its SRAM size to the open editor.' : 'Open the model or pipeline in its editor to apply a point.');
  app.replaceChildren(header, knee, chart, status, hint);
  app.dataset.points = String(v.points.length);
  renderChart(v.currentSramBytes);
  app.dataset.ready = 'true';
  markPainted('paintedAt');
}

function pick(target: EventTarget | null): void {
  const g = (target as Element | null)?.closest?.('[data-sram-bytes]');
  if (!g || !view) return;
  const sramBytes = Number(g.getAttribute('data-sram-bytes'));
  const t0 = performance.now();
  renderChart(sramBytes);
  status.textContent = `${formatBytes(sramBytes)} selected`;
  requestAnimationFrame(() => setTimeout(() => (app.dataset.recolourMs = (performance.now() - t0).toFixed(1))));
  if (view.applicable) vscode.postMessage({ type: 'applySram', sramBytes });
}

chart.addEventListener('click', (e) => pick(e.target));
chart.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' || e.key === ' ') {
    e.preventDefault();
    pick(e.target);
  }
});
chart.addEventListener('mouseover', (e) => {
  const t = (e.target as Element).closest?.('[data-sram-bytes]');
  const label = t?.getAttribute('aria-label');
  if (label) status.textContent = label;
});

start((msg) => {
  if (msg.type === 'sweep') render(msg.view);
  else if (msg.type === 'current') {
    status.textContent = msg.applied;
    app.dataset.applied = String(msg.sramBytes);
  }
});

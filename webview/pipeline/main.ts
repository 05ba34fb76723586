// Pipeline editor webview (model_index.json): the SD pipeline as a chain of stages, text encoder ->
// UNet x steps -> VAE decoder, each with its cost and share of the seconds per image. Clicking a
// stage (or Enter on it) posts `openStage`; the preset picker posts `whatIf`. Text only from the host.
import './pipeline.css';
import type { HardwareChoice, HostToPipelineWebview, PipelineStageView, PipelineView, WebviewToHost } from '../../src/core/view/protocol';
import { formatBytes, formatCount, formatMs } from '../../src/core/view/format';
import * as ui from '../ui/toolkit';
import { reportCspViolations } from '../cspViolations';

const vscode = acquireVsCodeApi<WebviewToHost>(); // declared in ../vscodeApi.d.ts
const app = document.getElementById('app') ?? document.body.appendChild(document.createElement('div'));
// Any CSP violation is a bug: counted on #app (data-csp-violations) and logged by the host.
reportCspViolations(app, (m) => vscode.postMessage(m));

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function stageCard(s: PipelineStageView, total: number | undefined): HTMLElement {
  const card = el('button', `stage-card${s.cost ? '' : ' uncosted'}${s.cost && s.cost.spillCount > 0 ? ' has-spill' : ''}`);
  card.type = 'button';
  card.dataset.stage = s.name;
  card.title = s.modelPath ? `Open ${s.modelPath}` : 'No model file for this stage';
  card.disabled = !s.modelPath;
  const head = el('div', 'stage-head');
  const runs = el('span', 'stage-runs', `× ${s.runsPerImage}${s.batch && s.batch > 1 ? ` at batch ${s.batch}` : ''}`);
  runs.dataset.field = 'runs';
  head.append(el('span', 'stage-label', s.label), runs);
  card.appendChild(head);
  card.appendChild(el('div', 'stage-path', s.modelPath || '(missing)'));
  if (s.cost) {
    const c = s.cost;
    const dl = el('dl', 'stage-figures');
    const row = (k: string, v: string, field: string) => {
      const dd = el('dd', undefined, v);
      dd.dataset.field = field;
      dl.append(el('dt', undefined, k), dd);
    };
    row('per run', formatMs(c.latencyMs), 'latency');
    row('per image', `${c.secondsPerImage.toFixed(3)} s`, 'seconds-per-image');
    row('runs / s', c.throughputPerS === null ? 'not known (layers not costed)' : c.throughputPerS.toFixed(2), 'throughput');
    row('MACs', formatCount(c.macCount), 'macs');
    row('DDR', formatBytes(c.ddrBytes), 'ddr');
    row('spills', String(c.spillCount), 'spills');
    card.appendChild(dl);
    if (total && total > 0) {
      const bar = el('div', 'share-bar');
      const fill = el('div', 'share-fill');
      fill.style.width = `${Math.max(1, (100 * c.secondsPerImage) / total).toFixed(1)}%`;
      bar.appendChild(fill);
      card.append(bar, el('div', 'share-text', `${((100 * c.secondsPerImage) / total).toFixed(1)}% of the image time`));
    }
  }
  if (s.note) card.appendChild(el('div', 'stage-note', s.note));
  card.addEventListener('click', () => vscode.postMessage({ type: 'openStage', stage: s.name }));
  return card;
}

/** This panel's classifier-free guidance switch: the host re-costs the guided stages as batch 2 and re-posts. */
function cfgBatchSwitch(on: boolean): HTMLElement {
  const label = el('label', 'cfg-batch');
  const box = el('input');
  box.type = 'checkbox';
  box.id = 'cfg-batch';
  box.checked = on;
  box.addEventListener('change', () => vscode.postMessage({ type: 'cfgBatch', on: box.checked }));
  label.append(box, document.createTextNode(' guidance pair as batch 2'));
  label.title = 'Run the conditional and unconditional UNet (and text encoder) evaluations of each step as one batch-2 run sharing one weight stream';
  return label;
}

function render(p: PipelineView, presets: HardwareChoice[]): void {
  const header = el('header', 'pipeline-header');
  header.appendChild(el('h1', undefined, p.title));
  header.appendChild(el('div', 'hw', `${p.hardware}${p.hardwareSummary ? ` — ${p.hardwareSummary}` : ''}`));
  if (presets.length) {
    ui.registerToolkit();
    header.appendChild(ui.dropdown('preset', 'Hardware preset', presets.map((h) => ({ value: h.id, label: h.label })), p.hardware,
      (v) => vscode.postMessage({ type: 'whatIf', whatIf: { preset: v } })));
  }
  header.appendChild(cfgBatchSwitch(p.cfgBatch));
  const flow = el('div', 'stage-flow');
  flow.setAttribute('role', 'list');
  p.stages.forEach((s, i) => {
    if (i > 0) flow.appendChild(el('div', 'arrow', '→'));
    const card = stageCard(s, p.secondsPerImage);
    card.setAttribute('role', 'listitem');
    flow.appendChild(card);
  });
  const summary = el('section', 'pipeline-summary');
  const guidance = p.cfgBatch ? ', classifier-free guidance (one batch-2 UNet run per step)' : ', classifier-free guidance (UNet runs twice per step)';
  const steps = `${p.steps} steps${p.guidance ? guidance : ''}`;
  summary.appendChild(el('div', 'steps', steps));
  if (p.secondsPerImage !== undefined) {
    const s = el('div', 'total');
    s.dataset.field = 'seconds-per-image';
    s.textContent = `${p.secondsPerImage.toFixed(2)} s per image · ${(60 / p.secondsPerImage).toFixed(1)} images per minute`;
    summary.appendChild(s);
  } else summary.appendChild(el('div', 'total', 'Not costed yet'));
  for (const n of p.notes) summary.appendChild(el('div', 'note', n));
  app.replaceChildren(header, flow, summary);
  app.classList.add('pipeline-editor');
  vscode.setState({ title: p.title });
}

window.addEventListener('message', (event: MessageEvent<HostToPipelineWebview>) => {
  const msg = event.data;
  if (msg.type === 'pipeline') render(msg.pipeline, msg.presets);
  else if (msg.type === 'error') app.replaceChildren(el('p', 'error', `Cannot show this pipeline: ${msg.message}`));
});

app.replaceChildren(el('p', 'loading', 'Loading pipeline…'));
vscode.postMessage({ type: 'ready' });

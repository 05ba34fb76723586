// MINIMAL FOUNDATION PIPELINE WEBVIEW (helper F) — helper E: replace with the real stage graph.
// Contract: post {type:'ready'}; render `pipeline` / `error` as text; post {type:'openStage', stage} on click.
import type { HostToPipelineWebview, WebviewToHost } from '../../src/core/view/protocol';

declare function acquireVsCodeApi(): { postMessage(msg: WebviewToHost): void };
const vscode = acquireVsCodeApi();
const app = document.getElementById('app') as HTMLElement;

window.addEventListener('message', (event: MessageEvent<HostToPipelineWebview>) => {
  const msg = event.data;
  app.replaceChildren();
  const add = (tag: string, text: string) => {
    const el = document.createElement(tag);
    el.textContent = text;
    app.appendChild(el);
    return el;
  };
  if (msg.type === 'error') {
    add('p', `Error: ${msg.message}`);
    return;
  }
  const p = msg.pipeline;
  add('h1', `Pipeline ${p.title}`);
  for (const s of p.stages) {
    const cost = s.cost ? ` — ${s.cost.latencyMs.toFixed(1)} ms × ${s.runsPerImage}` : '';
    const el = add('button', `${s.label}${cost}${s.note ? ` (${s.note})` : ''}`);
    el.addEventListener('click', () => vscode.postMessage({ type: 'openStage', stage: s.name }));
  }
  if (p.secondsPerImage !== undefined) add('p', `${p.secondsPerImage.toFixed(2)} s per image`);
});
vscode.postMessage({ type: 'ready' });

// Shared by the profiling panels' webviews: the VS Code API handle, CSP violation reporting, the charts' stylesheet
// (CHART_CSS, in a <style> carrying the page's style nonce: the strict CSP allows nothing else inline) and SVG
// insertion. Chart SVG comes from src/core/report/charts.ts (every model string escaped there) and is parsed as
// XML with DOMParser, never as HTML, so nothing in it can run.
import type { HostToPanel, PanelToHost } from '../../src/extension/panels/protocol';
import { CHART_CSS } from '../../src/core/report/charts';
import { reportCspViolations } from '../cspViolations';

export const vscode = acquireVsCodeApi<PanelToHost>(); // declared in ../vscodeApi.d.ts
export const app = document.getElementById('app') ?? document.body.appendChild(document.createElement('div'));

reportCspViolations(app, (m) => vscode.postMessage(m as PanelToHost));

export function installChartCss(): void {
  const nonce = document.querySelector<HTMLMetaElement>('meta[property="csp-nonce"]')?.content;
  const style = document.createElement('style');
  if (nonce) style.nonce = nonce;
  style.textContent = CHART_CSS;
  document.head.appendChild(style);
}

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** Parses chart markup as SVG (XML) and returns the element, adopted into this document. */
export function svgElement(markup: string): SVGSVGElement {
  const doc = new DOMParser().parseFromString(markup, 'image/svg+xml');
  const root = doc.documentElement;
  if (root.nodeName !== 'svg') throw new Error(`chart markup did not parse as SVG: ${root.textContent?.slice(0, 120)}`);
  return document.importNode(root, true) as unknown as SVGSVGElement;
}

/** Runs `onMessage` for each host message; errors go to the page and the host log. Posts `ready`. */
export function start(onMessage: (msg: HostToPanel) => void): void {
  window.addEventListener('message', (e: MessageEvent<HostToPanel>) => {
    const msg = e.data;
    try {
      if (msg.type === 'error') showError(msg.message);
      else onMessage(msg);
    } catch (err) {
      const text = err instanceof Error ? err.message : String(err);
      showError(text);
      vscode.postMessage({ type: 'log', level: 'error', message: `panel: ${text}` });
    }
  });
  window.addEventListener('error', (e) => vscode.postMessage({ type: 'log', level: 'error', message: `panel: ${e.message}` }));
  vscode.postMessage({ type: 'ready' });
}

export function showError(message: string): void {
  app.replaceChildren(el('p', 'error', message));
  app.dataset.ready = 'error';
}

/** Epoch ms when the frame after `now` is presented (paint time the benchmark reads). */
export function markPainted(attr: string): void {
  requestAnimationFrame(() => setTimeout(() => (app.dataset[attr] = String(Math.round(performance.timeOrigin + performance.now())))));
}

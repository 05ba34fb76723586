// Model editor webview entry. Bundled by scripts/build.mjs to dist/webview/main.js
// (+ main.css from the CSS imported below). Also needs dist/webview/layout/layout.worker.js, which the
// build finds by its `.worker.ts` suffix; it is located through <body data-dist="…"> (webviewHtml.ts)
// and started from a blob: URL (worker-src blob:, connect-src cspSource).
// The host posts `init` with the graph alone (WireGraph, decoded here; laid out and painted uncoloured)
// and the overlay as a `cost` message right after, so the host's first costing of a big model does not
// delay the first paint.
// The webview exposes timings as data-* attributes on #app (data-ready, data-init-to-paint-ms,
// data-last-expand-ms, data-recolour-ms, data-what-if-round-trip-ms) for tests and bench/editor.bench.ts.
// Contract (src/core/view/protocol.ts): post `ready` on load; `init` builds the view, `cost` recolours
// without re-layout, `reveal` expands and centres a node, `error` is shown as text.
import './main.css';
import type { HostToWebview, WebviewToHost } from '../src/core/view/protocol';
import { decodeGraph } from '../src/core/view/wireGraph';
import { fromWireLayout } from '../src/core/view/wireLayout';
import { unpackJson } from '../src/core/view/packedJson';
import { ModelEditorApp } from './app';
import { blobWorkerFactory, LayoutEngine } from './layout/layoutEngine';
import { mark } from './timeline';
import { reportCspViolations } from './cspViolations';

mark('webview: script start');

const vscode = acquireVsCodeApi<WebviewToHost>(); // declared in ./vscodeApi.d.ts
const appEl = document.getElementById('app') ?? document.body.appendChild(document.createElement('div'));
// Any CSP violation is a bug: counted on #app (data-csp-violations) and logged by the host.
reportCspViolations(appEl, (m) => vscode.postMessage(m));
const dist = document.body.dataset.dist ?? '';
const workerUrl = new URL('layout/layout.worker.js', dist.endsWith('/') ? dist : `${dist}/`).toString();

let app: ModelEditorApp | undefined;
// Start (fetch, parse, JIT-warm) the elkjs worker while the host is still reading the model.
const engine = new LayoutEngine(blobWorkerFactory(workerUrl));
void engine.warm().then(() => mark('webview: layout worker warm'));

function showMessage(text: string, cls: string): void {
  const p = document.createElement('p');
  p.className = cls;
  p.textContent = text;
  appEl.replaceChildren(p);
}

showMessage('Loading model…', 'loading');

window.addEventListener('message', (event: MessageEvent<HostToWebview>) => {
  const msg = event.data;
  try {
    switch (msg.type) {
      case 'init':
        mark('webview: init received');
        app = new ModelEditorApp(appEl, decodeGraph(unpackJson(msg.graph)), msg.presets, msg.whatIf, msg.timeline, {
          layoutKey: msg.layoutKey,
          post: (m) => vscode.postMessage(m),
          getState: () => vscode.getState(),
          setState: (s) => vscode.setState(s),
          engine,
          prefetch: document.body.dataset.prefetch !== 'off',
        });
        break;
      case 'cost':
        app?.setCost(unpackJson(msg.cost), msg.whatIf);
        break;
      case 'reveal':
        void app?.reveal(msg.nodeIndex);
        break;
      case 'layouts':
        // Before `init`: the first paint then needs no worker (a reopen paints from the host's cache).
        for (const [level, l] of msg.levels) engine.seed(level, fromWireLayout(l));
        mark('webview: cached layouts seeded');
        break;
      case 'unboundDims':
        app?.setUnboundDims(msg.dims, msg.bound);
        break;
      case 'error':
        showMessage(`Cannot show this model: ${msg.message}`, 'error');
        break;
    }
  } catch (err) {
    vscode.postMessage({ type: 'log', level: 'error', message: `webview: ${err instanceof Error ? err.stack ?? err.message : String(err)}` });
    showMessage(`Webview error: ${err instanceof Error ? err.message : String(err)}`, 'error');
  }
});

vscode.postMessage({ type: 'ready' });

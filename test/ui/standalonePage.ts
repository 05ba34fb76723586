// Loads the built model-editor webview (dist/webview) in headless chromium without the workbench: a
// tiny HTTP server serves dist/ and a page under the CSP of src/extension/webviewHtml.ts (built by the
// same function, webviewCsp.ts), and a fake acquireVsCodeApi forwards posted messages to a Node-side
// fake host. Fast iteration for the UI.
import { createServer, type Server } from 'node:http';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { HostToWebview, WebviewToHost } from '../../src/core/view/protocol';
import { cspMetaTags, newNonces } from '../../src/extension/webviewCsp';

export const repoRoot = join(__dirname, '..', '..');
export const resultsDir = join(repoRoot, 'test-results');

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.html': 'text/html', '.map': 'application/json' };

export type Theme = 'dark' | 'light' | 'high-contrast';

/** A handful of the theme variables VS Code injects into webviews, enough to see the themes apply. */
const THEMES: Record<Theme, string> = {
  dark: `--vscode-editor-background:#1e1e1e;--vscode-editor-foreground:#d4d4d4;--vscode-foreground:#cccccc;--vscode-editorWidget-background:#252526;--vscode-editorWidget-border:#454545;--vscode-descriptionForeground:#9d9d9d;--vscode-errorForeground:#f48771;--vscode-focusBorder:#007fd4;--vscode-charts-red:#f14c4c;--vscode-charts-orange:#d18616;--vscode-charts-yellow:#cca700;--vscode-charts-blue:#3794ff;--vscode-charts-purple:#b180d7;--vscode-editorHoverWidget-background:#252526;--vscode-editorHoverWidget-border:#454545;--vscode-panel-border:#80808059;--vscode-font-family:sans-serif`,
  light: `--vscode-editor-background:#ffffff;--vscode-editor-foreground:#000000;--vscode-foreground:#616161;--vscode-editorWidget-background:#f3f3f3;--vscode-editorWidget-border:#c8c8c8;--vscode-descriptionForeground:#717171;--vscode-errorForeground:#a1260d;--vscode-focusBorder:#0090f1;--vscode-charts-red:#e51400;--vscode-charts-orange:#d18616;--vscode-charts-yellow:#bf8803;--vscode-charts-blue:#1a85ff;--vscode-charts-purple:#652d90;--vscode-editorHoverWidget-background:#f3f3f3;--vscode-editorHoverWidget-border:#c8c8c8;--vscode-panel-border:#80808059;--vscode-font-family:sans-serif`,
  'high-contrast': `--vscode-editor-background:#000000;--vscode-editor-foreground:#ffffff;--vscode-foreground:#ffffff;--vscode-editorWidget-background:#0c141f;--vscode-editorWidget-border:#6fc3df;--vscode-contrastBorder:#6fc3df;--vscode-contrastActiveBorder:#f38518;--vscode-descriptionForeground:#ffffff;--vscode-errorForeground:#f48771;--vscode-focusBorder:#f38518;--vscode-charts-red:#f14c4c;--vscode-charts-orange:#d18616;--vscode-charts-yellow:#ffd700;--vscode-charts-blue:#3794ff;--vscode-charts-purple:#b180d7;--vscode-editorHoverWidget-background:#0c141f;--vscode-editorHoverWidget-border:#6fc3df;--vscode-font-family:sans-serif`,
};

export interface StandalonePage {
  page: Page;
  url: string;
  /** Messages the webview posted, in order. */
  received: WebviewToHost[];
  send(msg: HostToWebview): Promise<void>;
  /** Reloads the page keeping the webview state (as VS Code does on hide/show). */
  reload(): Promise<void>;
  close(): Promise<void>;
}

export async function openStandalone(opts: { theme?: Theme; prefetch?: boolean; onMessage?: (m: WebviewToHost, page: StandalonePage) => void } = {}): Promise<StandalonePage> {
  const dist = join(repoRoot, 'dist', 'webview');
  if (!existsSync(join(dist, 'main.js')) || !existsSync(join(dist, 'layout', 'layout.worker.js'))) {
    throw new Error('dist/webview missing: run `node scripts/build.mjs --only=webview` first');
  }
  let state: unknown;
  const theme = opts.theme ?? 'dark';
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/' || url.pathname === '/index.html') {
      // The production policy and nonce scheme (src/extension/webviewCsp.ts), with this server as cspSource.
      const nonces = newNonces();
      const nonce = nonces.script;
      const origin = `http://${req.headers.host}`;
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(`<!DOCTYPE html><html><head><meta charset="UTF-8">${cspMetaTags(origin, nonces)}
<link rel="stylesheet" href="/dist/webview/main.css"><link rel="stylesheet" href="/theme.css"></head>
<body class="vscode-${theme === 'high-contrast' ? 'high-contrast' : theme}" data-dist="${origin}/dist/webview/"${opts.prefetch === false ? ' data-prefetch="off"' : ''}><div id="app"></div>
<script nonce="${nonce}">
window.acquireVsCodeApi = () => ({
  postMessage: (m) => window.__toHost(m),
  getState: () => window.__initialState,
  setState: (s) => window.__saveState(s),
});
</script>
<script nonce="${nonce}" src="/dist/webview/main.js"></script>
</body></html>`);
      return;
    }
    if (url.pathname === '/theme.css') {
      res.writeHead(200, { 'content-type': 'text/css' });
      res.end(`html { ${THEMES[theme]}; --vscode-font-size: 13px; }`);
      return;
    }
    const file = normalize(join(repoRoot, url.pathname));
    if (!file.startsWith(join(repoRoot, 'dist')) || !existsSync(file)) {
      res.writeHead(404);
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  const url = `http://127.0.0.1:${port}/`;
  const browser: Browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const received: WebviewToHost[] = [];
  const sp: StandalonePage = {
    page,
    url,
    received,
    send: async (msg) => {
      // Packed payloads (Uint8Array) cross page.evaluate as plain arrays and are rebuilt in the page.
      const plain: Record<string, unknown> = { ...msg };
      const packed = Object.keys(plain).filter((k) => plain[k] instanceof Uint8Array);
      for (const k of packed) plain[k] = Array.from(plain[k] as Uint8Array);
      await page.evaluate(({ m, packed }) => {
        for (const k of packed) m[k] = new Uint8Array(m[k] as number[]);
        window.postMessage(m, '*');
      }, { m: plain, packed });
    },
    reload: async () => {
      // VS Code hands the saved state back to a re-created webview; an init script does that here.
      await page.addInitScript({ content: `window.__initialState = ${JSON.stringify(state ?? null)};` });
      await page.reload();
    },
    close: async () => {
      await browser.close();
      server.close();
    },
  };
  await page.exposeFunction('__toHost', (m: WebviewToHost) => {
    received.push(m);
    opts.onMessage?.(m, sp);
  });
  await page.exposeFunction('__saveState', (s: unknown) => {
    state = s;
  });
  page.on('pageerror', (e) => console.error(`[webview] ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && console.error(`[webview console] ${m.text()}`));
  await page.goto(url);
  return sp;
}

export function ensureResultsDir(): string {
  mkdirSync(resultsDir, { recursive: true });
  return resultsDir;
}

// The HTML shell of every editor webview: strict CSP (webviewCsp.ts) with per-load nonces, scripts and
// styles only from dist/webview and media. Workers: a webview cannot start a Worker from its resource
// origin (cross-origin), so the webview fetches the worker script (connect-src) and starts it from a
// blob: URL (worker-src blob:).
import * as vscode from 'vscode';
import { cspMetaTags, newNonces } from './webviewCsp';

export interface WebviewPage {
  /** Bundle under dist/webview, without extension: 'main' or 'pipeline/main'. */
  script: string;
  /** Stylesheets under media/ (optional). */
  styles?: string[];
  /** Document title (screen readers announce it). The page itself has no role: the model editor's graph
   *  surface is the one role="application" region, so the side panel's form keeps browse mode. */
  title: string;
  /** Files under dist/webview the script fetches at start (workers): downloaded while the script loads. */
  preload?: string[];
  /** Localised UI strings for the page (English key -> vscode.l10n.t text), read by the webview from body[data-strings];
   *  webviews have no vscode.l10n, so the host injects them. */
  strings?: Record<string, string>;
}

/** `keys` localised in the host, for WebviewPage.strings. */
export function webviewStrings(keys: readonly string[]): Record<string, string> {
  return Object.fromEntries(keys.map((k) => [k, vscode.l10n.t(k)]));
}

export function webviewRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')];
}

export function configureWebview(webview: vscode.Webview, extensionUri: vscode.Uri, page: WebviewPage): void {
  webview.options = { enableScripts: true, localResourceRoots: webviewRoots(extensionUri) };
  webview.html = webviewHtml(webview, extensionUri, page);
}

export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, page: WebviewPage): string {
  const nonces = newNonces();
  const dist = vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
  const asUri = (...parts: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(dist, ...parts)).toString();
  const scriptUri = asUri(`${page.script}.js`);
  // scripts/build.mjs guarantees <entry>.css next to every webview bundle (empty when it imports no CSS).
  const styles = [asUri(`${page.script}.css`), ...(page.styles ?? []).map((s) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', s)).toString())];
  return `<!DOCTYPE html>
<html lang="${escapeHtml(vscode.env.language || 'en')}">
<head>
<meta charset="UTF-8">
${cspMetaTags(webview.cspSource, nonces)}
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(page.title)}</title>
${styles.map((s) => `<link rel="stylesheet" href="${s}">`).join('\n')}
${(page.preload ?? []).map((f) => `<link rel="preload" href="${asUri(f)}" as="fetch" crossorigin="anonymous">`).join('\n')}
</head>
<body data-dist="${asUri('')}"${page.strings ? ` data-strings="${escapeHtml(JSON.stringify(page.strings))}"` : ''}>
<div id="app"></div>
<script nonce="${nonces.script}" src="${scriptUri}"></script>
</body>
</html>`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

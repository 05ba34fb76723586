// Makes Content-Security-Policy violations visible: the webviews run under a strict policy
// (src/extension/webviewCsp.ts) and must cause none. Each one is counted on #app as data-csp-violations
// (the UI tests assert it stays absent) and reported to the host log with the directive and what was blocked.
// The browser fires `securitypolicyviolation` as a queued task, so violations caused while the bundle's
// imports evaluate (before this runs) are still caught.
import type { WebviewToHost } from '../src/core/view/protocol';

export function reportCspViolations(app: HTMLElement, post: (m: WebviewToHost) => void): void {
  let count = 0;
  document.addEventListener('securitypolicyviolation', (e) => {
    app.dataset.cspViolations = String(++count);
    const where = e.sourceFile ? ` at ${e.sourceFile}:${e.lineNumber}:${e.columnNumber}` : '';
    const sample = e.sample ? ` sample "${e.sample}"` : '';
    post({ type: 'log', level: 'error', message: `webview: CSP violation of ${e.effectiveDirective}: blocked ${e.blockedURI || '(none)'}${sample}${where}` });
  });
}

// The webviews' Content-Security-Policy, shared by webviewHtml.ts and the standalone test page
// (test/ui/standalonePage.ts) so the UI tests run under the exact policy VS Code gets. No vscode import.
//
// Styles: only from the extension's resources, plus <style> elements that carry the per-load style nonce.
// The nonce is there for @vscode/webview-ui-toolkit: at import, FAST (fast-web-utilities
// canUseFocusVisible) probes `:focus-visible` support by appending an empty <style> to <head>, with the
// nonce it finds in <meta property="csp-nonce">. Without it that probe is a style-src violation and FAST
// falls back to `:focus` rings. The style nonce is separate from the script nonce so the copy exposed in
// the DOM cannot run scripts. No 'unsafe-inline' anywhere.

export interface CspNonces {
  script: string;
  style: string;
}

function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Fresh nonces: call once per page load. */
export function newNonces(): CspNonces {
  return { script: newNonce(), style: newNonce() };
}

/** The policy; `source` is webview.cspSource (or the origin serving dist/ in tests). */
export function webviewCsp(source: string, nonces: CspNonces): string {
  return [
    `default-src 'none'`,
    `script-src 'nonce-${nonces.script}'`,
    `style-src ${source} 'nonce-${nonces.style}'`,
    `img-src ${source} data:`,
    `font-src ${source}`,
    `connect-src ${source}`,
    `worker-src ${source} blob:`,
  ].join('; ');
}

/** The <meta> tags that go first in <head>: the policy, and the style nonce where FAST looks for it. */
export function cspMetaTags(source: string, nonces: CspNonces): string {
  return `<meta http-equiv="Content-Security-Policy" content="${webviewCsp(source, nonces)}">
<meta property="csp-nonce" content="${nonces.style}">`;
}

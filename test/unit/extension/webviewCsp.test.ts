// The webviews' Content-Security-Policy (src/extension/webviewCsp.ts): strict, per-load nonces, and the
// style nonce published where FAST (webview-ui-toolkit) reads it. The browser side is covered by the
// `data-csp-violations` checks in test/ui/editorStandalone.ui.ts and test/ui/editor.ui.ts.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { cspMetaTags, newNonces, webviewCsp } from '../../../src/extension/webviewCsp';

describe('webview CSP', () => {
  it('allows scripts only by nonce and styles only from the source or by the style nonce', () => {
    const n = { script: 'aaaa', style: 'bbbb' };
    const directives = new Map(webviewCsp('https://res.example', n).split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
    assert.deepEqual(directives.get('default-src'), [`'none'`]);
    assert.deepEqual(directives.get('script-src'), [`'nonce-aaaa'`]);
    assert.deepEqual(directives.get('style-src'), ['https://res.example', `'nonce-bbbb'`]);
    assert.doesNotMatch(webviewCsp('https://res.example', n), /unsafe-(inline|eval)|\*/);
  });

  it('uses fresh, distinct script and style nonces on every load', () => {
    const a = newNonces();
    const b = newNonces();
    assert.match(a.script, /^[0-9a-f]{32}$/);
    assert.match(a.style, /^[0-9a-f]{32}$/);
    assert.notEqual(a.script, a.style, 'the style nonce exposed in the DOM cannot run scripts');
    assert.notEqual(a.script, b.script);
    assert.notEqual(a.style, b.style);
  });

  it('publishes the style nonce (only) in <meta property="csp-nonce">', () => {
    const tags = cspMetaTags('https://res.example', { script: 'aaaa', style: 'bbbb' });
    assert.match(tags, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-aaaa'; [^"]*">/);
    assert.match(tags, /<meta property="csp-nonce" content="bbbb">/);
  });
});

// A small well-formedness check for the generated SVG/HTML fragments (our output has no comments or CDATA):
// every tag closes in order, attributes are quoted, and no text holds a raw '<'.
import assert from 'node:assert/strict';

const VOID_HTML = new Set(['meta', 'br', 'img', 'input', 'link', 'hr']);

export function assertWellFormed(markup: string): void {
  const stack: string[] = [];
  const re = /<(\/?)([a-zA-Z][\w:-]*)((?:\s+[\w:-]+(?:="[^"<]*")?)*)\s*(\/?)>/g;
  let at = 0;
  for (let m = re.exec(markup); m; m = re.exec(markup)) {
    assert.ok(!markup.slice(at, m.index).includes('<'), `raw '<' in text near ${JSON.stringify(markup.slice(at, at + 80))}`);
    at = m.index + m[0].length;
    const [, close, tag, , self] = m;
    if (close) assert.equal(stack.pop(), tag, `</${tag}> closes the wrong element`);
    else if (!self && !VOID_HTML.has(tag)) stack.push(tag);
  }
  assert.ok(!markup.slice(at).includes('<'), 'raw < after the last tag');
  assert.deepEqual(stack, [], 'unclosed elements');
}

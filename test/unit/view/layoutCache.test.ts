import { test } from 'node:test';
import assert from 'node:assert/strict';
import { layoutCacheKey, LAYOUT_VERSION } from '../../../src/core/view/layoutCacheKey';
import { fromWireLayout, toWireLayout } from '../../../src/core/view/wireLayout';

test('layoutCacheKey: same bytes same key, any change a new key, version in the key', () => {
  const a = new TextEncoder().encode('{"title":"unet","nodes":[1,2,3]}');
  const b = new TextEncoder().encode('{"title":"unet","nodes":[1,2,4]}');
  assert.equal(layoutCacheKey(a), layoutCacheKey(a.slice()));
  assert.notEqual(layoutCacheKey(a), layoutCacheKey(b));
  assert.ok(layoutCacheKey(a).startsWith(`${LAYOUT_VERSION}:${a.length}:`));
});

test('wire layout round trip keeps items and edges', () => {
  const l = {
    width: 300, height: 200,
    items: new Map([['g:a', { id: 'g:a', x: 10.04, y: 20, width: 190, height: 46 }]]),
    edges: [{ id: 'e0', points: [{ x: 1, y: 2 }, { x: 3, y: 4 }], from: 'i:0', to: 'g:a' }],
  };
  const back = fromWireLayout(JSON.parse(JSON.stringify(toWireLayout(l))));
  assert.deepEqual(back.items.get('g:a'), { id: 'g:a', x: 10, y: 20, width: 190, height: 46 });
  assert.deepEqual(back.edges, l.edges);
  assert.equal(back.width, 300);
});

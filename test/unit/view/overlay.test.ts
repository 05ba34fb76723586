import { test } from 'node:test';
import assert from 'node:assert/strict';
import { boundClass, groupBound, heatBucket, heatClass, HEAT_BUCKETS } from '../../../webview/graph/overlay';

test('heat buckets: monotone in share, top bucket for the largest, none for zero', () => {
  assert.equal(heatBucket(0.3, 0.3), HEAT_BUCKETS - 1);
  assert.equal(heatBucket(0, 0.3), -1);
  assert.equal(heatClass(0, 0.3), 'heat-none');
  let prev = -1;
  for (let s = 0.001; s <= 0.3; s += 0.01) {
    const b = heatBucket(s, 0.3);
    assert.ok(b >= prev);
    prev = b;
  }
});

test('group bound follows the dominant cycles', () => {
  assert.equal(groupBound(10, 20), 'memory');
  assert.equal(groupBound(20, 10), 'compute');
  assert.equal(groupBound(0, 0), 'none');
  assert.equal(boundClass('memory'), 'bound-memory');
});

// Issue 15: a seeded few-hundred-case run of the mutation fuzzer (reader → shapes → cost) in the unit suite.
// No crash in the reader or shape inference, no hang; crashes in the cost engine are listed (its own tests own them).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatReport, runFuzz } from '../../../scripts/fuzz';

test('fuzz: 200 seeded mutated models, no hang, no crash outside the cost engine', async (t) => {
  const t0 = performance.now();
  const r = await runFuzz({ count: 200, seed: 7, timeLimitMs: 10_000 });
  const lines = formatReport(r, 7, (performance.now() - t0) / 1000);
  for (const l of lines) t.diagnostic(l);
  assert.equal(r.cases, 200);
  assert.deepEqual(r.hangs.map((h) => `${h.index} ${h.seedName} [${h.mutation}]`), []);
  const ours = r.crashes.filter((c) => !/src\/core\/cost\//.test(c.message ?? '') || /src\/core\/(onnx|shapes|model)\//.test((c.message ?? '').split('\n').slice(1, 3).join('\n')));
  assert.deepEqual(ours.map((c) => `${c.index} ${c.seedName} [${c.mutation}]: ${c.message}`), []);
  assert.ok(r.typed > 0 && r.ok > 0, 'both outcomes occur');
});

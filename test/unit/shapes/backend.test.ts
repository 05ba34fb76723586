// Shape inference against the ONNX backend test suite: declared output types are cleared, the
// test-data input shapes are bound, and the inferred outputs are compared with output_*.pb.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runBackendCases, summarize, type CaseResult } from './backendRun';
import { sharedPresent } from './helpers';
import { registeredOps } from '../../../src/core/shapes';

function report(label: string, rs: CaseResult[]): string {
  const ran = rs.filter((r) => r.ortRan);
  const s = summarize(ran);
  const pct = (((s.match ?? 0) / ran.length) * 100).toFixed(2);
  return `${label}: all ${rs.length} cases ${JSON.stringify(summarize(rs))}; onnxruntime-run ${ran.length} cases: ${s.match ?? 0} exact (${pct}%), ${s.mismatch ?? 0} mismatches, ${s.unknown ?? 0} not fully known`;
}

test('backend cases: inferred output shapes and dtypes equal the expected ones', async (t) => {
  if (!sharedPresent) return t.skip('../shared not present');
  const rs = await runBackendCases({ bindValues: true });
  const unsupported = new Set<string>();
  for (const r of rs) r.unsupported.forEach((o) => unsupported.add(o));
  const line = report('input shapes + small input values bound', rs);
  console.log(line);
  t.diagnostic(line);
  const mism = rs.filter((r) => r.outcome === 'mismatch' || r.outcome === 'error');
  for (const r of mism) t.diagnostic(`${r.outcome} ${r.name}: ${r.detail}`);
  const msg = `unsupported op types seen: ${[...unsupported].join(', ') || 'none'}`;
  console.log(msg);
  t.diagnostic(msg);
  const ranOps = new Set(rs.filter((r) => r.ortRan).flatMap((r) => r.ops));
  const known = new Set(registeredOps());
  const covered = [...ranOps].filter((o) => known.has(o));
  const opsLine = `op types in onnxruntime-run cases: ${covered.length}/${ranOps.size} have an inference function; missing: ${[...ranOps].filter((o) => !known.has(o)).join(', ') || 'none'}`;
  console.log(opsLine);
  t.diagnostic(opsLine);
  // No wrong answer anywhere (unknown is allowed, wrong is not), and coverage of what ORT runs >= 97%.
  assert.deepEqual(mism.map((r) => `${r.name}: ${r.detail}`), []);
  const ran = rs.filter((r) => r.ortRan);
  const exact = ran.filter((r) => r.outcome === 'match').length;
  assert.ok(exact / ran.length >= 0.97, `only ${exact}/${ran.length} onnxruntime-run cases fully inferred`);
});

test('backend cases with only input shapes bound (no values): never wrong', async (t) => {
  if (!sharedPresent) return t.skip('../shared not present');
  const rs = await runBackendCases({ bindValues: false });
  const line = report('input shapes only', rs);
  console.log(line);
  t.diagnostic(line);
  const wrong = rs.filter((r) => r.outcome === 'mismatch' || r.outcome === 'error');
  assert.deepEqual(wrong.map((r) => `${r.name}: ${r.detail}`), []);
});

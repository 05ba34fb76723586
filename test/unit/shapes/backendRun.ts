// Runs shape inference over the ONNX backend cases with declared output types cleared and
// classifies each case against the expected output shapes recorded from output_*.pb.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadModelFile } from '../../../src/node/loadModelFile';
import { inferShapes } from '../../../src/core/shapes';
import type { InferredTensor, ShapeBindings } from '../../../src/core/shapes/types';
import { dtypeFromCode } from '../../../src/core/model/dtype';
import { readTensorPb, sharedDir } from './helpers';

interface IndexIO {
  kind: string;
  name: string;
  dtype?: string;
  dims?: number[];
}
interface IndexCase {
  name: string;
  path: string;
  ops: string[];
  nested_ops?: string[];
  test_data_sets: Array<{ inputs: IndexIO[]; outputs: IndexIO[] }>;
  expected_output_shapes: Array<number[] | string>;
}

export type Outcome = 'match' | 'mismatch' | 'unknown' | 'error' | 'non-tensor';

export interface CaseResult {
  name: string;
  ortRan: boolean;
  outcome: Outcome;
  detail?: string;
  unsupported: string[];
  /** Op types in the case (top level and nested), as domain::op keys. */
  ops: string[];
}

const backendDir = path.join(sharedDir, 'testdata', 'onnx-backend');

/** 'FLOAT' -> 'float32' via the TensorProto code order. */
const PROTO_NAMES = ['UNDEFINED', 'FLOAT', 'UINT8', 'INT8', 'UINT16', 'INT16', 'INT32', 'INT64', 'STRING', 'BOOL', 'FLOAT16', 'DOUBLE', 'UINT32', 'UINT64', 'COMPLEX64', 'COMPLEX128', 'BFLOAT16', 'FLOAT8E4M3FN', 'FLOAT8E4M3FNUZ', 'FLOAT8E5M2', 'FLOAT8E5M2FNUZ', 'UINT4', 'INT4', 'FLOAT4E2M1', 'FLOAT8E8M0', 'UINT2', 'INT2'];
function dtypeOfName(n: string | undefined): string | undefined {
  const i = n ? PROTO_NAMES.indexOf(n) : -1;
  return i >= 0 ? dtypeFromCode(i) : undefined;
}

function fmt(t: InferredTensor | undefined): string {
  return t ? `${t.dtype ?? '?'}[${t.shape ? t.shape.map((d) => (d === null ? '?' : d)).join(',') : '?'}]` : 'none';
}

export async function runBackendCases(opts: { bindValues: boolean; filter?: (name: string) => boolean }): Promise<CaseResult[]> {
  const index = JSON.parse(readFileSync(path.join(backendDir, 'index.json'), 'utf8')) as { cases: IndexCase[] };
  const ort = JSON.parse(readFileSync(path.join(backendDir, 'ort-node-shape-check.json'), 'utf8')) as { results: Array<{ name: string; status: string }> };
  const ortRan = new Set(ort.results.filter((r) => r.status === 'match').map((r) => r.name));
  const results: CaseResult[] = [];
  for (const c of index.cases) {
    if (opts.filter && !opts.filter(c.name)) continue;
    const dir = path.join(backendDir, c.path);
    const res: CaseResult = { name: c.name, ortRan: ortRan.has(c.name), outcome: 'match', unsupported: [], ops: [...c.ops, ...(c.nested_ops ?? [])] };
    results.push(res);
    const set = c.test_data_sets[0];
    if (!set || c.expected_output_shapes.some((s) => typeof s === 'string')) {
      res.outcome = 'non-tensor';
      continue;
    }
    try {
      const model = await loadModelFile(c.path.endsWith('.onnx') ? dir : path.join(dir, 'model.onnx'));
      for (const o of model.graph.outputs) delete o.type; // clear the declared output types
      const bindings: ShapeBindings = { inputs: {}, values: {} };
      set.inputs.forEach((io, i) => {
        if (io.kind !== 'tensor' || !io.dims) return;
        bindings.inputs![io.name] = io.dims;
        if (opts.bindValues) {
          const t = readTensorPb(path.join(c.path.endsWith('.onnx') ? path.dirname(dir) : dir, 'test_data_set_0', `input_${i}.pb`));
          if (t.values) bindings.values![io.name] = t.values;
        }
      });
      const r = inferShapes(model, bindings);
      res.unsupported = r.unsupportedOps;
      const problems: string[] = [];
      let unknown = false;
      model.graph.outputs.forEach((o, i) => {
        const want = c.expected_output_shapes[i] as number[];
        const wantType = dtypeOfName(set.outputs[i]?.dtype);
        const got = r.tensors.get(o.name);
        const shapeKnown = got?.shape && got.shape.every((d) => typeof d === 'number');
        if (got?.shape && got.shape.length !== want.length) {
          problems.push(`${o.name}: got ${fmt(got)} want ${wantType}[${want}] (rank)`);
          return;
        }
        if (got?.dtype && wantType && got.dtype !== wantType) {
          problems.push(`${o.name}: got ${fmt(got)} want ${wantType}[${want}] (dtype)`);
          return;
        }
        if (got?.shape && got.shape.some((d, k) => typeof d === 'number' && d !== want[k])) {
          problems.push(`${o.name}: got ${fmt(got)} want ${wantType}[${want}] (dim)`);
          return;
        }
        if (!got || !got.dtype || !shapeKnown) {
          unknown = true;
          const why = r.unknown.find((u) => u.tensor === o.name);
          problems.push(`${o.name}: ${fmt(got)} want ${wantType}[${want}]${why ? ` (${why.reason})` : ''}`);
          return;
        }
        const same = got.shape!.length === want.length && got.shape!.every((d, k) => d === want[k]);
        if (!same || (wantType && got.dtype !== wantType)) problems.push(`${o.name}: got ${fmt(got)} want ${wantType}[${want}]`);
      });
      if (problems.some((p) => p.includes(' got '))) res.outcome = 'mismatch';
      else if (unknown) res.outcome = 'unknown';
      if (problems.length) res.detail = problems.join('; ');
    } catch (e) {
      res.outcome = 'error';
      res.detail = e instanceof Error ? e.message : String(e);
    }
  }
  return results;
}

export function summarize(results: CaseResult[]): Record<string, number> {
  const s: Record<string, number> = {};
  for (const r of results) s[r.outcome] = (s[r.outcome] ?? 0) + 1;
  return s;
}

// Run directly for details: npx tsx test/unit/shapes/backendRun.ts [substring]
if (require.main === module) {
  const f = process.argv[2];
  void runBackendCases({ bindValues: process.argv[3] !== 'novalues', filter: f ? (n) => n.includes(f) : undefined }).then((rs) => {
    const ran = rs.filter((r) => r.ortRan);
    console.log('all', summarize(rs), 'ort-ran', summarize(ran));
    for (const r of rs) if (r.outcome !== 'match' && r.outcome !== 'non-tensor') console.log(r.ortRan ? 'ORT' : '   ', r.outcome, r.name, r.detail ?? '');
  });
}

// onnxruntime as an oracle for intermediate tensors: every node output of the main graph is
// added as a graph output, the model is run with zero-filled inputs (attention masks = 1, as
// in ort-run-results.json), and the dims of every tensor are returned.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { onnx } from 'onnx-proto';
import * as ort from 'onnxruntime-node';
import { dtypeFromCode } from '../../../src/core/model/dtype';

/** dtypes onnxruntime-node cannot hand back to JS (some abort the process). */
const UNSAFE = new Set(['bfloat16', 'float8e4m3fn', 'float8e4m3fnuz', 'float8e5m2', 'float8e5m2fnuz', 'float4e2m1', 'float8e8m0', 'uint4', 'int4', 'uint2', 'int2', 'undefined']);

const ORT_TYPES: Record<string, ort.Tensor.Type> = {
  float32: 'float32', float16: 'float16', float64: 'float64', int8: 'int8', uint8: 'uint8', int16: 'int16', uint16: 'uint16',
  int32: 'int32', uint32: 'uint32', int64: 'int64', uint64: 'uint64', bool: 'bool',
};

function zeros(type: ort.Tensor.Type, dims: number[], one: boolean): ort.Tensor {
  const n = dims.reduce((p, q) => p * q, 1);
  let data: ort.Tensor.DataType;
  switch (type) {
    case 'int64': data = new BigInt64Array(n).fill(one ? 1n : 0n); break;
    case 'uint64': data = new BigUint64Array(n).fill(one ? 1n : 0n); break;
    case 'int32': data = new Int32Array(n).fill(one ? 1 : 0); break;
    case 'uint32': data = new Uint32Array(n).fill(one ? 1 : 0); break;
    case 'int16': data = new Int16Array(n); break;
    case 'uint16': data = new Uint16Array(n); break;
    case 'float16': data = new Uint16Array(n); break;
    case 'int8': data = new Int8Array(n); break;
    case 'uint8': case 'bool': data = new Uint8Array(n).fill(one ? 1 : 0); break;
    case 'float64': data = new Float64Array(n); break;
    default: data = new Float32Array(n).fill(one ? 1 : 0);
  }
  return new ort.Tensor(type, data, dims);
}

/** Inline external-data initializers so the model can be loaded from a buffer. */
function inlineExternal(g: onnx.IGraphProto, dir: string): void {
  for (const t of g.initializer ?? []) {
    if (t.dataLocation !== onnx.TensorProto.DataLocation.EXTERNAL) continue;
    const kv = Object.fromEntries((t.externalData ?? []).map((e) => [e.key, e.value]));
    const buf = readFileSync(path.join(dir, String(kv.location)));
    const off = Number(kv.offset ?? 0);
    const len = kv.length !== undefined ? Number(kv.length) : buf.length - off;
    t.rawData = buf.subarray(off, off + len);
    t.externalData = [];
    t.dataLocation = onnx.TensorProto.DataLocation.DEFAULT;
  }
}

export interface OracleResult {
  dims: Map<string, number[]>;
  skipped: string[];
}

/** Give weight-less initializers (our SD samples omit weights) zero bytes so onnxruntime can run them. */
function zeroFillMissing(g: onnx.IGraphProto): void {
  const WIDTH: Record<number, number> = { 1: 4, 6: 4, 7: 8, 10: 2, 11: 8, 9: 1, 2: 1, 3: 1 };
  for (const t of g.initializer ?? []) {
    const hasData = (t.rawData?.length ?? 0) > 0 || !!t.floatData?.length || !!t.int32Data?.length || !!t.int64Data?.length || !!t.doubleData?.length;
    if (hasData && t.dataLocation !== onnx.TensorProto.DataLocation.EXTERNAL) continue;
    const n = (t.dims ?? []).reduce<number>((p, q) => p * Number(q), 1);
    t.rawData = new Uint8Array(n * (WIDTH[t.dataType ?? 1] ?? 4));
    t.externalData = [];
    t.dataLocation = onnx.TensorProto.DataLocation.DEFAULT;
  }
}

export async function ortIntermediateDims(file: string, feeds: Record<string, number[]>, opts: { zeroWeights?: boolean } = {}): Promise<OracleResult> {
  const proto = onnx.ModelProto.decode(readFileSync(file));
  const g = proto.graph!;
  if (opts.zeroWeights) zeroFillMissing(g);
  else inlineExternal(g, path.dirname(file));
  const have = new Set((g.output ?? []).map((o) => o.name));
  const typeOf = new Map<string, number>();
  for (const vi of [...(g.input ?? []), ...(g.valueInfo ?? []), ...(g.output ?? [])]) {
    const et = vi.type?.tensorType?.elemType;
    if (et) typeOf.set(vi.name ?? '', et);
  }
  const skipped: string[] = [];
  for (const n of g.node ?? [])
    for (const o of n.output ?? []) {
      if (!o || have.has(o)) continue;
      const et = typeOf.get(o);
      if (et !== undefined && UNSAFE.has(dtypeFromCode(et) ?? 'undefined')) {
        skipped.push(o);
        continue;
      }
      have.add(o);
      g.output!.push(onnx.ValueInfoProto.create({ name: o }));
    }
  const bytes = onnx.ModelProto.encode(proto).finish();
  const session = await ort.InferenceSession.create(bytes, { graphOptimizationLevel: 'disabled', logSeverityLevel: 3 });
  const inputs: Record<string, ort.Tensor> = {};
  const initNames = new Set((g.initializer ?? []).map((t) => t.name));
  for (const vi of g.input ?? []) {
    const name = vi.name ?? '';
    if (initNames.has(name) && !(name in feeds)) continue;
    const dtype = dtypeFromCode(vi.type?.tensorType?.elemType ?? 1) ?? 'float32';
    const type = ORT_TYPES[dtype] ?? 'float32';
    const declared = (vi.type?.tensorType?.shape?.dim ?? []).map((d) => Number(d.dimValue ?? 1) || 1);
    inputs[name] = zeros(type, feeds[name] ?? declared, /attention_mask/.test(name));
  }
  const out = await session.run(inputs);
  const dims = new Map<string, number[]>();
  for (const [name, t] of Object.entries(out)) dims.set(name, [...t.dims]);
  await session.release();
  return { dims, skipped };
}

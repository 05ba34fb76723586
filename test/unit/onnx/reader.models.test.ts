// Every backend case and real model under ../shared/testdata reads, and matches a full onnx-proto decode.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { onnx } from 'onnx-proto';
import { memorySource } from '../../../src/core/onnx/byteSource';
import { readModel } from '../../../src/core/onnx/reader';
import { inspectModel } from '../../../src/core/onnx/inspect';
import { dtypeCode } from '../../../src/core/model/dtype';
import { opKey, type Model, type Node } from '../../../src/core/model/graph';
import { decodeFull } from './fullDecode';
import { haveShared, SKIP_SHARED, testdata } from './paths';

function findOnnx(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...findOnnx(p));
    else if (name.endsWith('.onnx')) out.push(p);
  }
  return out.sort();
}

/** Values of a small int64/float32 tensor, decoded straight from the onnx-proto message. */
function refValues(t: onnx.ITensorProto): number[] | undefined {
  const code = Number(t.dataType);
  if (t.rawData && t.rawData.length) {
    const b = Buffer.from(t.rawData);
    if (code === 7) return Array.from({ length: b.length / 8 }, (_, i) => Number(b.readBigInt64LE(i * 8)));
    if (code === 1) return Array.from({ length: b.length / 4 }, (_, i) => b.readFloatLE(i * 4));
    return undefined;
  }
  if (code === 7) return (t.int64Data ?? []).map((v) => Number(String(v)));
  if (code === 1) return (t.floatData ?? []).map(Number);
  return undefined;
}

function compareModel(file: string, bytes: Uint8Array, model: Model): string[] {
  const problems: string[] = [];
  const ref = decodeFull(bytes);
  const r = ref.summary;
  const mine = inspectModel(model);
  const eq = (what: string, a: unknown, b: unknown) => {
    try {
      assert.deepStrictEqual(a, b);
    } catch {
      problems.push(`${file}: ${what}: reader ${JSON.stringify(a)} vs onnx-proto ${JSON.stringify(b)}`);
    }
  };
  eq('irVersion', model.irVersion, r.irVersion);
  eq('opsets', model.opsetImports, r.opsets);
  eq('nodeCount', mine.nodeCount, r.nodeCount);
  eq('opHistogram', mine.opHistogram, r.opHistogram);
  eq('inputs', model.graph.inputs.map((v) => v.name), r.inputs);
  eq('outputs', model.graph.outputs.map((v) => v.name), r.outputs);
  eq('initializer count', model.graph.initializers.length, r.initializers.length);
  eq('initializer bytes', mine.initializers.bytes, r.initializers.reduce((a, t) => a + t.byteSize, 0));
  r.initializers.forEach((rt, i) => {
    const t = model.graph.initializers[i];
    if (!t) return;
    eq(`initializer[${i}] name/dtype/dims/bytes`, [t.name, dtypeCode(t.dtype), t.dims, t.byteSize], [rt.name, rt.dataType, rt.dims, rt.byteSize]);
    if (rt.rawData) {
      if (t.data.kind !== 'inline' || t.data.field !== 'raw_data') problems.push(`${file}: initializer ${t.name} should be inline raw_data`);
      else if (Buffer.compare(Buffer.from(bytes.subarray(t.data.offset, t.data.offset + t.data.length)), Buffer.from(rt.rawData)) !== 0) {
        problems.push(`${file}: initializer ${t.name}: bytes at offset ${t.data.offset} are not its raw_data`);
      }
    }
    if (rt.external) {
      const want = { location: rt.external['location'], offset: Number(rt.external['offset'] ?? 0), length: rt.external['length'] === undefined ? undefined : Number(rt.external['length']) };
      eq(`initializer ${t.name} external`, t.data.kind === 'external' ? { location: t.data.location, offset: t.data.offset, length: t.data.length } : t.data, want);
    }
  });
  // Constant-node values (shape inference folds them) against the full decode.
  const refNodes = ref.proto.graph?.node ?? [];
  model.graph.nodes.forEach((n: Node, i) => {
    const a = n.attributes['value'];
    if (n.opType !== 'Constant' || a?.type !== 'tensor') return;
    const rv = refValues(refNodes[i]?.attribute?.find((x) => x.name === 'value')?.t ?? {});
    if (rv && rv.length <= 1024) eq(`Constant ${n.name || i} values`, (a.value.values ?? []).map(Number), rv);
  });
  return problems;
}

async function checkDir(t: { skip: (m: string) => void; diagnostic: (m: string) => void }, dir: string, expectAtLeast: number) {
  if (!haveShared) return t.skip(SKIP_SHARED);
  const files = findOnnx(dir);
  assert.ok(files.length >= expectAtLeast, `expected at least ${expectAtLeast} models under ${dir}, found ${files.length}`);
  const problems: string[] = [];
  for (const f of files) {
    const bytes = readFileSync(f);
    const name = relative(testdata, f);
    try {
      problems.push(...compareModel(name, bytes, await readModel(memorySource(name, bytes))));
    } catch (e) {
      problems.push(`${name}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  t.diagnostic(`${files.length} models compared`);
  assert.deepEqual(problems.slice(0, 20), []);
}

test('every ONNX backend case reads and matches a full decode', async (t) => {
  await checkDir(t, join(testdata, 'onnx-backend'), 1900);
});

test('every real model reads and matches a full decode', async (t) => {
  await checkDir(t, join(testdata, 'models'), 20);
});

test('backend index: node counts, top-level and nested op types agree', async (t) => {
  if (!haveShared) return t.skip(SKIP_SHARED);
  const index = JSON.parse(readFileSync(join(testdata, 'onnx-backend', 'index.json'), 'utf8')) as {
    cases: Array<{ path: string; node_count: number; ops: string[]; nested_ops?: string[]; initializer_count: number; local_functions?: unknown }>;
  };
  const problems: string[] = [];
  for (const c of index.cases) {
    const f = c.path.endsWith('.onnx') ? join(testdata, 'onnx-backend', c.path) : join(testdata, 'onnx-backend', c.path, 'model.onnx');
    const model = await readModel(memorySource(f, readFileSync(f)));
    const top = [...new Set(model.graph.nodes.map((n) => opKey(n.domain, n.opType)))].sort();
    if (model.graph.nodes.length !== c.node_count) problems.push(`${c.path}: ${model.graph.nodes.length} nodes, index says ${c.node_count}`);
    if (JSON.stringify(top) !== JSON.stringify([...new Set(c.ops)].sort())) problems.push(`${c.path}: ops ${top} vs index ${c.ops}`);
    if (model.graph.initializers.length !== c.initializer_count) problems.push(`${c.path}: initializers ${model.graph.initializers.length} vs ${c.initializer_count}`);
    if (c.nested_ops && c.nested_ops.length) {
      const hist = inspectModel(model).opHistogram;
      for (const op of c.nested_ops) if (!Object.keys(hist).some((k) => k === op || k.endsWith(`::${op}`))) problems.push(`${c.path}: nested op ${op} missing`);
    }
  }
  assert.ok(index.cases.length > 1900);
  assert.deepEqual(problems.slice(0, 20), []);
});

test('real models: node counts, op histograms and I/O agree with MANIFEST.json', async (t) => {
  if (!haveShared) return t.skip(SKIP_SHARED);
  const manifest = JSON.parse(readFileSync(join(testdata, 'models', 'MANIFEST.json'), 'utf8')) as Array<{
    file: string; nodes?: number; ops?: Record<string, number>; inputs?: string[]; outputs?: string[];
  }>;
  const fmt = (v: { name: string; dtype: string | null; shape: Array<number | string | null> | null }) =>
    `${v.name}:${v.dtype === 'float32' ? 'FLOAT' : v.dtype === 'float64' ? 'DOUBLE' : String(v.dtype).toUpperCase()}` +
    (v.shape ? `[${v.shape.map((d) => (d === null ? '?' : String(d))).join(',')}]` : '');
  const problems: string[] = [];
  let n = 0;
  for (const e of manifest) {
    if (!e.file.endsWith('.onnx') || e.nodes === undefined) continue;
    const f = join(testdata, 'models', e.file);
    const model = await readModel(memorySource(f, readFileSync(f)));
    const top: Record<string, number> = {};
    for (const node of model.graph.nodes) top[opKey(node.domain, node.opType)] = (top[opKey(node.domain, node.opType)] ?? 0) + 1;
    const rep = inspectModel(model);
    const checks: Array<[string, unknown, unknown]> = [
      ['nodes', model.graph.nodes.length, e.nodes],
      ['ops', top, e.ops ?? {}],
      ['inputs', rep.inputs.map(fmt), e.inputs],
      ['outputs', rep.outputs.map(fmt), e.outputs],
    ];
    for (const [what, a, b] of checks) {
      try {
        assert.deepStrictEqual(a, b);
      } catch {
        problems.push(`${e.file} ${what}: ${JSON.stringify(a)} vs manifest ${JSON.stringify(b)}`);
      }
    }
    n++;
  }
  assert.ok(n >= 20, `only ${n} models in the manifest`);
  assert.deepEqual(problems, []);
});

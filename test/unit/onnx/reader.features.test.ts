// What a real model can hold, built in the test: every element type, symbolic dims, nested subgraphs,
// local functions, Constant values, sparse initializers, newer-than-schema fields, omitted weights.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { onnx } from 'onnx-proto';
import { memorySource } from '../../../src/core/onnx/byteSource';
import { readModel } from '../../../src/core/onnx/reader';
import { inspectModel } from '../../../src/core/onnx/inspect';
import type { Model } from '../../../src/core/model/graph';
import { halfToFloat, bfloat16ToFloat } from '../../../src/core/onnx/tensorValues';
import { concat, lenField, model, str, varintField, vi } from './build';

const read = (bytes: Uint8Array, name = 'test.onnx'): Promise<Model> => readModel(memorySource(name, bytes));

// Bits per element by TensorProto.DataType, from onnx.proto's comments (independent of dtype.ts).
const EXPECTED: Array<[number, string, number]> = [
  [1, 'float32', 32], [2, 'uint8', 8], [3, 'int8', 8], [4, 'uint16', 16], [5, 'int16', 16], [6, 'int32', 32], [7, 'int64', 64],
  [9, 'bool', 8], [10, 'float16', 16], [11, 'float64', 64], [12, 'uint32', 32], [13, 'uint64', 64], [14, 'complex64', 64],
  [15, 'complex128', 128], [16, 'bfloat16', 16], [17, 'float8e4m3fn', 8], [18, 'float8e4m3fnuz', 8], [19, 'float8e5m2', 8],
  [20, 'float8e5m2fnuz', 8], [21, 'uint4', 4], [22, 'int4', 4], [23, 'float4e2m1', 4], [24, 'float8e8m0', 8], [25, 'uint2', 2], [26, 'int2', 2],
];

test('every TensorProto element type: names and byte sizes (sub-byte types packed, rounded up)', async () => {
  const dims = [3, 5]; // 15 elements: odd, so 4-bit and 2-bit sizes must round up
  const initializer = EXPECTED.map(([code, name, bits]) => ({
    name: `t_${name}`, dataType: code, dims, rawData: new Uint8Array(Math.ceil((15 * bits) / 8)),
  }));
  const m = await read(model({ initializer, output: [vi('t_float32')] }));
  assert.equal(m.graph.initializers.length, EXPECTED.length);
  for (const [i, [, name, bits]] of EXPECTED.entries()) {
    const t = m.graph.initializers[i];
    assert.equal(t.dtype, name);
    assert.equal(t.elements, 15);
    assert.equal(t.byteSize, Math.ceil((15 * bits) / 8), name);
  }
  assert.deepEqual(m.warnings, [], 'sizes match raw_data, so no warnings');
  assert.equal(m.graph.initializers.find((t) => t.dtype === 'int4')!.byteSize, 8);
  assert.equal(m.graph.initializers.find((t) => t.dtype === 'int2')!.byteSize, 4);
});

test('an element type newer than the reader is reported, not fatal', async () => {
  const m = await read(model({ initializer: [{ name: 'x', dataType: 99, dims: [2], rawData: new Uint8Array(2) }] }));
  assert.equal(m.graph.initializers[0].dtype, 'undefined');
  assert.match(m.warnings.join('\n'), /unknown element type 99/);
});

test('symbolic, unknown and missing dims; rank-unknown inputs', async () => {
  const m = await read(model({
    input: [vi('a', 1, ['batch', 3, null, 'h/8']), vi('b', 7, 'unranked'), vi('c', 10, [])],
    output: [vi('y', 1, [-1, 4])],
  }));
  assert.deepEqual(m.graph.inputs[0].type, { kind: 'tensor', dtype: 'float32', shape: ['batch', 3, null, 'h/8'] });
  assert.deepEqual(m.graph.inputs[1].type, { kind: 'tensor', dtype: 'int64' });
  assert.deepEqual(m.graph.inputs[2].type, { kind: 'tensor', dtype: 'float16', shape: [] });
  assert.deepEqual(m.graph.outputs[0].type!.shape, [-1, 4]);
  const rep = inspectModel(m);
  assert.deepEqual(rep.inputs[1], { name: 'b', dtype: 'int64', shape: null });
});

test('sequence, map and optional types', async () => {
  const m = await read(model({
    input: [
      { name: 's', type: { sequenceType: { elemType: { tensorType: { elemType: 1, shape: { dim: [{ dimValue: 2 }] } } } } } },
      { name: 'm', type: { mapType: { keyType: 7, valueType: { tensorType: { elemType: 1 } } } } },
      { name: 'o', type: { optionalType: { elemType: { tensorType: { elemType: 6 } } } } },
    ],
  }));
  assert.deepEqual(m.graph.inputs[0].type, { kind: 'sequence', elem: { kind: 'tensor', dtype: 'float32', shape: [2] } });
  assert.deepEqual(m.graph.inputs[1].type, { kind: 'map', dtype: 'int64', elem: { kind: 'tensor', dtype: 'float32' } });
  assert.deepEqual(m.graph.inputs[2].type, { kind: 'optional', elem: { kind: 'tensor', dtype: 'int32' } });
});

test('If/Loop/Scan subgraphs nest, local functions and custom domains count in the op histogram', async () => {
  const scanBody: onnx.IGraphProto = { name: 'scan', node: [{ opType: 'Add', input: ['a', 'b'], output: ['c'] }] };
  const loopBody: onnx.IGraphProto = {
    name: 'loop',
    node: [
      { opType: 'Scan', input: ['x'], output: ['y'], attribute: [{ name: 'body', type: onnx.AttributeProto.AttributeType.GRAPH, g: scanBody }] },
      { opType: 'Identity', input: ['y'], output: ['z'] },
    ],
  };
  const thenBranch: onnx.IGraphProto = {
    name: 'then',
    node: [{ opType: 'Loop', input: ['n', 'c'], output: ['o'], attribute: [{ name: 'body', type: onnx.AttributeProto.AttributeType.GRAPH, g: loopBody }] }],
  };
  const elseBranch: onnx.IGraphProto = { name: 'else', node: [{ opType: 'Identity', input: ['x'], output: ['o'] }] };
  const bytes = model(
    {
      node: [
        { opType: 'If', input: ['cond'], output: ['o'], attribute: [
          { name: 'then_branch', type: onnx.AttributeProto.AttributeType.GRAPH, g: thenBranch },
          { name: 'else_branch', type: onnx.AttributeProto.AttributeType.GRAPH, g: elseBranch },
        ] },
        { opType: 'Attention', domain: 'com.microsoft', input: ['o'], output: ['p'] },
        { opType: 'LinearRegressor', domain: 'ai.onnx.ml', input: ['p'], output: ['q'] },
        { opType: 'MyGelu', domain: 'local', input: ['q'], output: ['r'] },
        { opType: 'Relu', domain: 'ai.onnx', input: ['r'], output: ['s'] },
      ],
    },
    {
      opsetImport: [{ domain: '', version: 17 }, { domain: 'com.microsoft', version: 1 }, { domain: 'ai.onnx.ml', version: 3 }, { domain: 'local', version: 1 }],
      functions: [{
        name: 'MyGelu', domain: 'local', input: ['x'], output: ['y'], opsetImport: [{ domain: '', version: 17 }],
        node: [{ opType: 'Mul', input: ['x', 'x'], output: ['t'] }, { opType: 'Tanh', input: ['t'], output: ['y'] }],
      }],
    },
  );
  const m = await read(bytes);
  assert.deepEqual(m.opsetImports, { '': 17, 'com.microsoft': 1, 'ai.onnx.ml': 3, local: 1 });
  assert.equal(m.functions.length, 1);
  assert.deepEqual(m.functions[0].nodes.map((n) => n.opType), ['Mul', 'Tanh']);
  assert.equal(m.graph.nodes[4].domain, '', "'ai.onnx' is normalised to ''");
  const rep = inspectModel(m);
  assert.equal(rep.nodeCount, 5);
  assert.deepEqual(rep.opHistogram, {
    If: 1, Loop: 1, Scan: 1, Add: 1, Identity: 2, 'com.microsoft::Attention': 1, 'ai.onnx.ml::LinearRegressor': 1,
    'local::MyGelu': 1, Relu: 1, Mul: 1, Tanh: 1,
  });
  const then = m.graph.nodes[0].attributes['then_branch'];
  assert.equal(then?.type, 'graph');
});

test('Constant-node and small initializer values are decoded (int64 packed and raw, negative, bigint, float16, bool)', async () => {
  const f16 = new Uint8Array([0x00, 0x3c, 0x00, 0xc0]); // 1.0, -2.0
  const big = new Uint8Array(8);
  new DataView(big.buffer).setBigInt64(0, 2n ** 62n, true);
  const bytes = model({
    node: [
      { opType: 'Constant', output: ['shape'], attribute: [{ name: 'value', type: 4, t: { dataType: 7, dims: [3], int64Data: [1, -1, 77] } }] },
      { opType: 'Constant', output: ['h'], attribute: [{ name: 'value', type: 4, t: { dataType: 10, dims: [2], rawData: f16 } }] },
      { opType: 'Constant', output: ['big'], attribute: [{ name: 'value', type: 4, t: { dataType: 7, dims: [], rawData: big } }] },
      { opType: 'Constant', output: ['f'], attribute: [{ name: 'value_floats', type: 6, floats: [0.5, 2] }] },
    ],
    initializer: [
      { name: 'b', dataType: 9, dims: [3], int32Data: [1, 0, 1] },
      { name: 'd', dataType: 11, dims: [2], doubleData: [1.5, -3] },
      { name: 'large', dataType: 1, dims: [2000], rawData: new Uint8Array(8000) },
    ],
  });
  const m = await read(bytes);
  const val = (i: number) => {
    const a = m.graph.nodes[i].attributes['value'];
    assert.equal(a?.type, 'tensor');
    return a.type === 'tensor' ? a.value.values : undefined;
  };
  assert.deepEqual(val(0), [1, -1, 77]);
  assert.deepEqual(val(1), [1, -2]);
  assert.deepEqual(val(2), [2n ** 62n]);
  assert.deepEqual(m.graph.nodes[3].attributes['value_floats'], { type: 'floats', value: [0.5, 2] });
  assert.deepEqual(m.graph.initializers[0].values, [1, 0, 1]);
  assert.deepEqual(m.graph.initializers[1].values, [1.5, -3]);
  assert.equal(m.graph.initializers[2].values, undefined, 'large tensors are located, not decoded');
  assert.deepEqual(m.graph.initializers[2].data, { kind: 'inline', field: 'raw_data', offset: m.graph.initializers[2].data.kind === 'inline' ? m.graph.initializers[2].data.offset : -1, length: 8000 });
});

test('attributes of every kind; attributes without a type field (IR v1) are inferred', async () => {
  const A = onnx.AttributeProto.AttributeType;
  const m = await read(model({
    node: [{
      opType: 'Custom', input: ['x'], output: ['y'], attribute: [
        { name: 'f', type: A.FLOAT, f: 1.5 },
        { name: 'i', type: A.INT, i: -3 },
        { name: 's', type: A.STRING, s: str('héllo') },
        { name: 'ints', type: A.INTS, ints: [1, 2, 3] },
        { name: 'strings', type: A.STRINGS, strings: [str('a'), str('b')] },
        { name: 'tp', type: A.TYPE_PROTO, tp: { tensorType: { elemType: 1 } } },
        { name: 'untyped_i', i: 7 },
        { name: 'untyped_ints', ints: [4, 5] },
        { name: 'untyped_f', f: 0.25 },
        { name: 'sp', type: A.SPARSE_TENSOR, sparseTensor: { values: { dataType: 1, dims: [2], floatData: [1, 2] }, indices: { dataType: 7, dims: [2], int64Data: [0, 5] }, dims: [10] } },
      ],
    }],
  }));
  const a = m.graph.nodes[0].attributes;
  assert.deepEqual(a['f'], { type: 'float', value: 1.5 });
  assert.deepEqual(a['i'], { type: 'int', value: -3 });
  assert.deepEqual(a['s'], { type: 'string', value: 'héllo' });
  assert.deepEqual(a['ints'], { type: 'ints', value: [1, 2, 3] });
  assert.deepEqual(a['strings'], { type: 'strings', value: ['a', 'b'] });
  assert.deepEqual(a['tp'], { type: 'type_proto', value: { kind: 'tensor', dtype: 'float32' } });
  assert.deepEqual(a['untyped_i'], { type: 'int', value: 7 });
  assert.deepEqual(a['untyped_ints'], { type: 'ints', value: [4, 5] });
  assert.deepEqual(a['untyped_f'], { type: 'float', value: 0.25 });
  assert.equal(a['sp']?.type, 'sparse_tensor');
  if (a['sp']?.type === 'sparse_tensor') {
    assert.deepEqual(a['sp'].value.dims, [10]);
    assert.deepEqual(a['sp'].value.indices.values, [0, 5]);
  }
});

test('sparse initializers, value_info, metadata, doc strings, model with no opset_import', async () => {
  const m = await read(model(
    {
      docString: 'graph doc',
      sparseInitializer: [{ values: { name: 'sp', dataType: 1, dims: [3], rawData: new Uint8Array(12) }, indices: { dataType: 7, dims: [3], int64Data: [0, 4, 9] }, dims: [2, 5] }],
      valueInfo: [vi('mid', 1, ['n', 8])],
      node: [{ opType: 'Relu', input: ['x'], output: ['mid'], docString: 'node doc' }],
    },
    { opsetImport: [], irVersion: 3, docString: 'model doc', metadataProps: [{ key: 'author', value: 'me' }], producerVersion: '1.2' },
  ));
  assert.deepEqual(m.opsetImports, {});
  assert.equal(m.irVersion, 3);
  assert.equal(m.docString, 'model doc');
  assert.equal(m.graph.docString, 'graph doc');
  assert.equal(m.graph.nodes[0].docString, 'node doc');
  assert.deepEqual(m.metadata, { author: 'me' });
  assert.equal(m.producerVersion, '1.2');
  assert.equal(m.graph.sparseInitializers[0].name, 'sp');
  assert.deepEqual(m.graph.sparseInitializers[0].dims, [2, 5]);
  assert.equal(m.graph.sparseInitializers[0].values.byteSize, 12);
  assert.deepEqual(m.graph.valueInfo[0], { name: 'mid', type: { kind: 'tensor', dtype: 'float32', shape: ['n', 8] } });
});

test('fields newer than the onnx-proto schema are read (overload, attribute_proto) or skipped (unknown numbers)', async () => {
  // NodeProto: op_type + overload (field 8) + an unknown field 42 (varint) + unknown field 43 (bytes).
  const node = concat(lenField(4, str('Relu')), lenField(1, str('x')), lenField(2, str('y')), lenField(8, str('ov')), varintField(42, 5), lenField(43, [1, 2, 3]));
  // FunctionProto with attribute_proto (field 11, newer than onnx 1.10) and overload (13).
  const fn = concat(lenField(1, str('F')), lenField(10, str('local')), lenField(11, concat(lenField(1, str('alpha')), varintField(20, 1))), lenField(13, str('o1')),
    lenField(7, concat(lenField(4, str('Neg')), lenField(1, str('a')), lenField(2, str('b')))));
  const graph = concat(lenField(1, node), lenField(2, str('g')), varintField(77, 1));
  const bytes = concat(varintField(1, 10), lenField(7, graph), lenField(8, concat(lenField(1, str('')), varintField(2, 21))), lenField(25, fn), varintField(999, 3));
  const m = await read(bytes);
  assert.equal(m.graph.nodes[0].opType, 'Relu');
  assert.deepEqual(m.graph.nodes[0].inputs, ['x']);
  assert.deepEqual(m.functions[0].attributes, ['alpha']);
  assert.equal(m.functions[0].overload, 'o1');
  assert.equal(m.functions[0].nodes[0].opType, 'Neg');
  const w = m.warnings.join('\n');
  assert.match(w, /NodeProto field 42/);
  assert.match(w, /NodeProto field 43/);
  assert.match(w, /GraphProto field 77/);
  assert.match(w, /ModelProto field 999/);
});

test('weights=omitted: data-less initializers are normal (flagged on the model, no warning); otherwise they are warned about', async () => {
  const initializer = Array.from({ length: 50 }, (_, i) => ({ name: `w${i}`, dataType: 10, dims: [320, 320, 3, 3] }));
  const omitted = await read(model({ initializer }, { metadataProps: [{ key: 'weights', value: 'omitted' }] }));
  assert.equal(omitted.weightsOmitted, true);
  assert.deepEqual(omitted.warnings, []);
  assert.equal(omitted.graph.initializers[0].byteSize, 320 * 320 * 9 * 2);
  assert.deepEqual(omitted.graph.initializers[0].data, { kind: 'none' });
  const plain = await read(model({ initializer }));
  assert.equal(plain.weightsOmitted, false);
  assert.ok(plain.warnings.length >= 1 && plain.warnings.length <= 5, `folded warnings, got ${plain.warnings.length}`);
  assert.match(plain.warnings.join('\n'), /initializer 'w0' has no data/);
  assert.match(plain.warnings.join('\n'), /47 more/);
});

test('raw_data whose size disagrees with dims is a warning, not a failure', async () => {
  const m = await read(model({ initializer: [{ name: 'bad', dataType: 1, dims: [4], rawData: new Uint8Array(10) }] }));
  assert.match(m.warnings.join('\n'), /'bad': raw_data has 10 bytes, its dtype and dims need 16/);
});

test('float16 and bfloat16 bit patterns decode to the IEEE values', () => {
  // Reference values from the IEEE 754 binary16 table (max normal, smallest subnormal, signed zero, specials).
  const cases: Array<[number, number]> = [[0x3c00, 1], [0xc000, -2], [0x7bff, 65504], [0x0001, 2 ** -24], [0x0400, 2 ** -14],
    [0x3555, 0.333251953125], [0x8000, -0], [0x7c00, Infinity], [0xfc00, -Infinity]];
  for (const [bits, want] of cases) assert.ok(Object.is(halfToFloat(bits), want), `0x${bits.toString(16)} -> ${halfToFloat(bits)}, want ${want}`);
  assert.ok(Number.isNaN(halfToFloat(0x7e00)));
  assert.equal(bfloat16ToFloat(0x3f80), 1);
  assert.equal(bfloat16ToFloat(0xc040), -3);
});

// Issue 13: If outputs whose branches differ (nested If returning outer-scope values two levels up), compared with
// onnxruntime where the condition is known, and the ONNX spec's merge where it is not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { onnx } from 'onnx-proto';
import * as ort from 'onnxruntime-node';
import { memorySource } from '../../../src/core/onnx/byteSource';
import { readModel } from '../../../src/core/onnx/reader';
import { inferShapes } from '../../../src/core/shapes';
import { encodeModel, tensorType } from '../onnx/build';

const F = 1, BOOL = 9, I64 = 7;
const vi = (name: string, elem: number, dims: Array<number | string> | undefined) => ({ name, type: tensorType(elem, dims) });
const g = (name: string, node: onnx.INodeProto[], output: onnx.IValueInfoProto[], input: onnx.IValueInfoProto[] = []) => ({ name, node, input, output });
const ifNode = (cond: string, out: string, thenG: onnx.IGraphProto, elseG: onnx.IGraphProto, name: string): onnx.INodeProto => ({
  opType: 'If', input: [cond], output: [out], name,
  attribute: [{ name: 'then_branch', type: onnx.AttributeProto.AttributeType.GRAPH, g: thenG }, { name: 'else_branch', type: onnx.AttributeProto.AttributeType.GRAPH, g: elseG }],
});
const boolConst = (name: string, v: boolean): onnx.INodeProto => ({
  opType: 'Constant', output: [name], attribute: [{ name: 'value', type: onnx.AttributeProto.AttributeType.TENSOR, t: { dataType: BOOL, dims: [], int32Data: [v ? 1 : 0] } }],
});

/**
 * x [1,N,128] and y [1,512,128,2] come in at the top; the inner If (inside the outer If's then branch) returns x or y,
 * two levels up; the outer else branch returns x; an Unsqueeze follows. c1/c2: constants, or graph inputs when undefined.
 */
function nested(c1: boolean | undefined, c2: boolean | undefined, yDims: number[] = [1, 512, 128, 2]): Uint8Array {
  const inner = ifNode('c2', 'r_in', g('in_then', [{ opType: 'Identity', input: ['x'], output: ['t_x'] }], [vi('t_x', F, undefined)]), g('in_else', [{ opType: 'Identity', input: ['y'], output: ['t_y'] }], [vi('t_y', F, undefined)]), 'inner_if');
  const outer = ifNode('c1', 'r', g('out_then', [inner], [vi('r_in', F, undefined)]), g('out_else', [{ opType: 'Relu', input: ['x'], output: ['e_x'] }], [vi('e_x', F, undefined)]), 'outer_if');
  const axes = { opType: 'Constant', output: ['axes'], attribute: [{ name: 'value', type: onnx.AttributeProto.AttributeType.TENSOR, t: { dataType: I64, dims: [1], int64Data: [0] } }] };
  const nodes: onnx.INodeProto[] = [];
  const inputs = [vi('x', F, [1, 'N', 128]), vi('y', F, yDims)];
  for (const [name, v] of [['c1', c1], ['c2', c2]] as const) {
    if (v === undefined) inputs.push(vi(name, BOOL, []));
    else nodes.push(boolConst(name, v));
  }
  nodes.push(outer, axes, { opType: 'Unsqueeze', input: ['r', 'axes'], output: ['u'], name: 'unsq' });
  return encodeModel({ irVersion: 8, producerName: 'test', opsetImport: [{ domain: '', version: 16 }], graph: g('main', nodes, [vi('u', F, undefined)], inputs) });
}

async function ortShape(bytes: Uint8Array, n: number, yDims: number[]): Promise<number[]> {
  const s = await ort.InferenceSession.create(bytes);
  const feeds: Record<string, ort.Tensor> = {
    x: new ort.Tensor('float32', new Float32Array(n * 128), [1, n, 128]),
    y: new ort.Tensor('float32', new Float32Array(yDims.reduce((a, b) => a * b, 1)), yDims),
  };
  const out = await s.run(feeds);
  return [...out['u'].dims];
}

test('nested If with constant conditions: the branch that runs, equal to onnxruntime', async () => {
  for (const [c1, c2] of [[true, true], [true, false], [false, true], [false, false]] as const) {
    const bytes = nested(c1, c2);
    const r = inferShapes(await readModel(memorySource('nested.onnx', bytes)), { dims: { N: 5 } });
    assert.deepEqual(r.tensors.get('u')?.shape, await ortShape(bytes, 5, [1, 512, 128, 2]), `c1=${c1} c2=${c2}`);
    assert.deepEqual(r.conflicts, []);
  }
});

test('nested If with unknown conditions: different ranks → unknown rank, same rank → per-dim merge; never a branch shape', async () => {
  const diff = inferShapes(await readModel(memorySource('nested.onnx', nested(undefined, undefined))), { dims: { N: 5 } });
  assert.equal(diff.tensors.get('r_in')?.shape, undefined, 'inner If: ranks 3 and 4 → rank unknown');
  assert.equal(diff.tensors.get('r')?.shape, undefined);
  assert.equal(diff.tensors.get('u')?.shape, undefined, 'Unsqueeze of an unknown rank stays unknown (not [1,512,128,2]-like)');
  assert.equal(diff.tensors.get('u')?.dtype, 'float32');
  const same = inferShapes(await readModel(memorySource('nested.onnx', nested(undefined, undefined, [1, 7, 128]))), { dims: { N: 5 } });
  assert.deepEqual(same.tensors.get('r')?.shape, [1, null, 128]);
  assert.deepEqual(same.tensors.get('u')?.shape, [1, 1, null, 128]);
  // Body tensors are in the result, keyed by their own names.
  assert.deepEqual(same.tensors.get('t_y')?.shape, [1, 7, 128]);
  assert.deepEqual(same.tensors.get('e_x')?.shape, [1, 5, 128]);
});

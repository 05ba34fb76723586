// Graph-walk behaviour: declared types vs inferred (conflicts), unknown ops, subgraphs, bindings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inferShapes, formatShape, formatTensorType, parseDimBinding, parseInputBinding, BindingError } from '../../../src/core/shapes';
import { graph, graphAttr, int, ints, model, node, tensor, vi } from './build';

test('a declared value_info that disagrees is reported, not silently overwritten', () => {
  const g = graph(
    [node('MatMul', ['a', 'b'], ['c']), node('Relu', ['c'], ['d'])],
    [vi('a', 'float32', [2, 3]), vi('b', 'float32', [3, 5])],
    [vi('d', 'float32', [2, 5])],
    [],
    [vi('c', 'float32', [2, 6])],
  );
  const r = inferShapes(model(g));
  assert.deepEqual(r.tensors.get('c')?.shape, [2, 5]);
  assert.equal(r.conflicts.length, 1);
  assert.equal(r.conflicts[0].tensor, 'c');
  assert.equal(r.conflicts[0].declared, 'float32 [2,6]');
  assert.equal(r.conflicts[0].inferred, 'float32 [2,5]');
  assert.match(r.conflicts[0].node, /MatMul/);
});

test('unknown op: outputs unknown with a reason, inference continues where it can', () => {
  const g = graph(
    [
      node('FancyOp', ['x'], ['f'], {}, 'my.domain'),
      node('Relu', ['f'], ['r']),
      node('Shape', ['x'], ['s']),
      node('FancyOp', ['x'], ['g'], {}, 'my.domain'),
      node('Sigmoid', ['g'], ['h']),
    ],
    [vi('x', 'float32', [1, 8])],
    [vi('r'), vi('s'), vi('h')],
    [],
    [vi('g', 'float32', [1, 4])], // declared: used downstream in place of the missing inference
  );
  const r = inferShapes(model(g, 17, { 'my.domain': 1 }));
  assert.deepEqual(r.unsupportedOps, ['my.domain::FancyOp']);
  assert.deepEqual(r.tensors.get('s')?.value, [1, 8]);
  assert.deepEqual(r.tensors.get('h')?.shape, [1, 4]);
  const unknown = new Map(r.unknown.map((u) => [u.tensor, u]));
  assert.deepEqual([...unknown.keys()].sort(), ['f', 'r']);
  assert.match(unknown.get('f')!.reason, /no shape inference for my\.domain::FancyOp/);
  assert.match(unknown.get('r')!.reason, /input 0 \(f\) has unknown type/);
});

test('bad input gives a reasoned unknown, never a throw', () => {
  const g = graph([node('MatMul', ['a', 'b'], ['c']), node('Reshape', ['a', 'bad'], ['d'])], [vi('a', 'float32', [2, 3]), vi('b', 'float32', [4, 5])], [vi('c'), vi('d')], [tensor('bad', 'int64', [2], [4, 4])]);
  const r = inferShapes(model(g));
  const reasons = Object.fromEntries(r.unknown.map((u) => [u.tensor, u.reason]));
  assert.match(reasons.c, /inner dims 3 and 4 differ/);
  assert.match(reasons.d, /element count 6 != 16/);
});

test('If with a constant condition takes its branch; otherwise branches are merged', () => {
  const thenG = graph([node('Unsqueeze', ['x', 'ax'], ['t'])], [], [vi('t')]);
  const elseG = graph([node('Identity', ['x'], ['e'])], [], [vi('e')]);
  const mk = (cond: number | undefined) =>
    model(
      graph(
        [node('If', ['c'], ['out'], { then_branch: graphAttr(thenG), else_branch: graphAttr(elseG) })],
        [vi('x', 'float32', [3, 4]), ...(cond === undefined ? [vi('c', 'bool', [])] : [])],
        [vi('out')],
        [tensor('ax', 'int64', [1], [0]), ...(cond === undefined ? [] : [tensor('c', 'bool', [], [cond])])],
      ),
    );
  assert.deepEqual(inferShapes(mk(1)).tensors.get('out')?.shape, [1, 3, 4]);
  assert.deepEqual(inferShapes(mk(0)).tensors.get('out')?.shape, [3, 4]);
  assert.equal(inferShapes(mk(undefined)).tensors.get('out')?.shape, undefined); // ranks differ: unknown
  // Subgraph tensors are visible in the result too.
  assert.deepEqual(inferShapes(mk(1)).tensors.get('t')?.shape, [1, 3, 4]);
});

test('Loop: scan outputs get the trip count; Scan: scan axis re-inserted', () => {
  const body = graph(
    [node('Identity', ['cond_in'], ['cond_out']), node('Add', ['acc_in', 'x'], ['acc_out']), node('Mul', ['acc_in', 'x'], ['scan_out'])],
    [vi('i', 'int64', []), vi('cond_in', 'bool', []), vi('acc_in')],
    [vi('cond_out'), vi('acc_out'), vi('scan_out')],
  );
  const loop = model(
    graph([node('Loop', ['trip', '', 'acc0'], ['acc', 'stacked'], { body: graphAttr(body) })], [vi('x', 'float32', [2, 3]), vi('acc0', 'float32', [2, 3])], [vi('acc'), vi('stacked')], [tensor('trip', 'int64', [], [5])]),
  );
  const r = inferShapes(loop);
  assert.deepEqual(r.tensors.get('acc')?.shape, [2, 3]);
  assert.deepEqual(r.tensors.get('stacked')?.shape, [5, 2, 3]);

  const sbody = graph([node('Add', ['s_in', 'row'], ['s_out']), node('Identity', ['row'], ['y'])], [vi('s_in'), vi('row')], [vi('s_out'), vi('y')]);
  const scan = model(
    graph([node('Scan', ['s0', 'seq'], ['s', 'ys'], { body: graphAttr(sbody), num_scan_inputs: int(1), scan_input_axes: ints([1]) })], [vi('s0', 'float32', [4]), vi('seq', 'float32', [4, 'T'])], [vi('s'), vi('ys')]),
  );
  const s = inferShapes(scan);
  assert.deepEqual(s.tensors.get('s')?.shape, [4]);
  assert.deepEqual(s.tensors.get('ys')?.shape, ['T', 4]);
});

test('contrib ops: SkipLayerNormalization, BiasSplitGelu, MultiHeadAttention, QLinearAdd', () => {
  const MS = 'com.microsoft';
  const g = graph(
    [
      node('SkipLayerNormalization', ['x', 'skip', 'gamma', 'beta'], ['y', 'mean', 'inv', 'sum'], {}, MS),
      node('BiasSplitGelu', ['h', 'bias'], ['hg'], {}, MS),
      node('MultiHeadAttention', ['y', 'k', 'v'], ['att'], { num_heads: int(8) }, MS),
      node('QLinearAdd', ['q', 'sc', 'zp', 'q', 'sc', 'zp', 'sc', 'zp'], ['qa'], {}, MS),
      node('NhwcConv', ['img', 'cw'], ['nc'], { strides: ints([2, 2]), pads: ints([1, 1, 1, 1]) }, MS),
    ],
    [vi('x', 'float16', ['B', 'S', 320]), vi('skip', 'float16', ['B', 'S', 320]), vi('h', 'float16', ['B', 'HW', 2560]), vi('k', 'float16', ['B', 77, 320]), vi('v', 'float16', ['B', 77, 320]), vi('q', 'uint8', [1, 16]), vi('img', 'float16', [1, 64, 48, 3])],
    [vi('att'), vi('hg'), vi('qa'), vi('sum')],
    [tensor('gamma', 'float16', [320]), tensor('beta', 'float16', [320]), tensor('bias', 'float16', [2560]), tensor('sc', 'float32', [], [0.1]), tensor('zp', 'uint8', [], [0]), tensor('cw', 'float16', [8, 3, 3, 3])],
  );
  const r = inferShapes(model(g, 17, { [MS]: 1 }));
  assert.equal(formatTensorType(r.tensors.get('nc')), 'float16 [1,32,24,8]');
  assert.equal(formatTensorType(r.tensors.get('att')), 'float16 [B,S,320]');
  assert.equal(formatTensorType(r.tensors.get('hg')), 'float16 [B,HW,1280]');
  assert.equal(formatTensorType(r.tensors.get('mean')), 'float32 [B,S,1]');
  assert.equal(formatTensorType(r.tensors.get('qa')), 'uint8 [1,16]');
  assert.deepEqual(r.unsupportedOps, []);
});

test('binding parsers and formatters', () => {
  assert.deepEqual(parseDimBinding('batch=2'), ['batch', 2]);
  assert.deepEqual(parseDimBinding(' height/8 = 64 '), ['height/8', 64]);
  assert.throws(() => parseDimBinding('batch'), BindingError);
  assert.throws(() => parseDimBinding('batch=-1'), /SYMBOL=N/);
  assert.deepEqual(parseInputBinding('sample=2x4x64x64'), ['sample', [2, 4, 64, 64]]);
  assert.deepEqual(parseInputBinding('t='), ['t', []]);
  assert.throws(() => parseInputBinding('sample=2xAx3'), /non-negative integers/);
  assert.throws(() => parseInputBinding('2x3'), BindingError);
  assert.equal(formatShape([2, 'batch', null]), '[2,batch,?]');
  assert.equal(formatTensorType({ dtype: 'float16', shape: [2, 320, 64, 64] }), 'float16 [2,320,64,64]');
  assert.equal(formatTensorType(undefined), '? [?]');
});

test('nodes out of topological order are inferred in dependency order', () => {
  const g = graph(
    [node('Relu', ['m'], ['y']), node('MatMul', ['a', 'b'], ['m'])],
    [vi('a', 'float32', [2, 3]), vi('b', 'float32', [3, 4])],
    [vi('y')],
  );
  const r = inferShapes(model(g));
  assert.deepEqual(r.tensors.get('y')?.shape, [2, 4]);
  assert.deepEqual(r.unknown, []);
});

test('opset < 7 Add with broadcast=1 follows A, opset >= 7 broadcasts numpy-style', () => {
  const mk = (opset: number, attrs: Record<string, ReturnType<typeof int>>) =>
    model(graph([node('Add', ['a', 'b'], ['c'], attrs)], [vi('a', 'float32', [1, 64, 8, 8]), vi('b', 'float32', [64])], [vi('c')]), opset);
  assert.deepEqual(inferShapes(mk(6, { broadcast: int(1), axis: int(1) })).tensors.get('c')?.shape, [1, 64, 8, 8]);
  const r7 = inferShapes(mk(7, {}));
  assert.equal(r7.tensors.get('c')?.shape, undefined);
  assert.match(r7.unknown[0].reason, /cannot broadcast/);
});

test('an input binding that contradicts a fixed declared dim is reported', () => {
  const g = graph([node('Relu', ['x'], ['y'])], [vi('x', 'float32', ['batch', 4, 8])], [vi('y')]);
  const ok = inferShapes(model(g), { inputs: { x: [2, 4, 8] } });
  assert.deepEqual(ok.conflicts, []);
  const bad = inferShapes(model(g), { inputs: { x: [2, 3, 8] } });
  assert.deepEqual(bad.conflicts, [{ tensor: 'x', node: '(graph input binding)', declared: 'float32 [batch,4,8]', inferred: 'float32 [2,3,8]' }]);
  assert.deepEqual(bad.tensors.get('y')?.shape, [2, 3, 8]);
});

test('model-local functions are inferred through their body, attribute references resolved', () => {
  const g = graph([node('Flat', ['x'], ['y'], { ax: int(2) }, 'local')], [vi('x', 'float32', [2, 3, 4, 5])], [vi('y')]);
  const m = model(g, 17, { local: 1 });
  m.functions.push({
    name: 'Flat', domain: 'local', inputs: ['a'], outputs: ['b'], attributes: ['ax'], opsetImports: { '': 17 },
    nodes: [node('Flatten', ['a'], ['b'], { axis: { type: 'ref', value: 'ax' } })],
  });
  const r = inferShapes(m);
  assert.deepEqual(r.tensors.get('y')?.shape, [6, 20]);
  assert.deepEqual(r.unsupportedOps, []);
});

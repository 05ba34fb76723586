// Hostile structures (issue 15): exponential function call trees, recursion, cycles, absurd dims, internal errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inferShapes } from '../../../src/core/shapes';
import { ModelLimitError, ModelStructureError } from '../../../src/core/model/errors';
import { validateModel } from '../../../src/core/model/validate';
import type { FunctionDef, Model } from '../../../src/core/model/graph';
import { graph, model, node, tensor, vi } from './build';

/** f0 calls f1 twice, f1 calls f2 twice ... f(depth-1) is a Relu: 2^depth leaf calls without memoising. */
export function doublingFunctions(depth: number): Model {
  const m = model(graph([node('f0', ['x'], ['y'], {}, 'local')], [vi('x', 'float32', [1, 8])], [vi('y')]), 17, { local: 1 });
  for (let i = 0; i < depth; i++) {
    const nodes =
      i === depth - 1
        ? [node('Relu', ['a'], ['b'])]
        : [node(`f${i + 1}`, ['a'], ['t'], {}, 'local'), node(`f${i + 1}`, ['t'], ['b'], {}, 'local')];
    const f: FunctionDef = { name: `f${i}`, domain: 'local', inputs: ['a'], outputs: ['b'], attributes: [], nodes, opsetImports: { '': 17 } };
    m.functions.push(f);
  }
  return m;
}

test('30 nested functions each calling the next twice infer in well under a second (memoised per signature)', () => {
  const m = doublingFunctions(30);
  const t0 = performance.now();
  const r = inferShapes(m);
  const ms = performance.now() - t0;
  assert.deepEqual(r.tensors.get('y')?.shape, [1, 8]);
  assert.deepEqual(r.unknown, []);
  assert.ok(ms < 1000, `took ${ms.toFixed(0)} ms`);
});

test('a call tree that memoising cannot shrink stops at the expansion budget with an error naming a function', () => {
  // Each level calls the next with 2a and 2a+1 (folded int64 scalars): 2^level distinct signatures.
  const depth = 24;
  const scalar = (name: string, v: number) => node('Constant', [], [name], { value: { type: 'tensor', value: tensor(name, 'int64', [], [v]) } });
  const m = model(graph([scalar('x', 0), node('g0', ['x'], ['y'], {}, 'local')], [], [vi('y')]), 17, { local: 1 });
  for (let i = 0; i < depth; i++) {
    const nodes =
      i === depth - 1
        ? [node('Identity', ['a'], ['b'])]
        : [
            scalar('two', 2), scalar('one', 1), node('Mul', ['a', 'two'], ['p']), node('Add', ['p', 'one'], ['q']),
            node(`g${i + 1}`, ['p'], ['r'], {}, 'local'), node(`g${i + 1}`, ['q'], ['s'], {}, 'local'), node('Add', ['r', 's'], ['b']),
          ];
    m.functions.push({ name: `g${i}`, domain: 'local', inputs: ['a'], outputs: ['b'], attributes: [], nodes, opsetImports: { '': 17 } });
  }
  const t0 = performance.now();
  assert.throws(() => inferShapes(m), (e: unknown) => e instanceof ModelLimitError && e.kind === 'function-expansion' && /function 'g\d+'/.test(e.message));
  assert.ok(performance.now() - t0 < 5000);
});

test('a self-recursive function is one structure error naming it (reader check and inference guard)', () => {
  const m = model(graph([node('rec', ['x'], ['y'], {}, 'local')], [vi('x', 'float32', [2])], [vi('y')]), 17, { local: 1 });
  m.functions.push({ name: 'rec', domain: 'local', inputs: ['a'], outputs: ['b'], attributes: [], nodes: [node('rec', ['a'], ['b'], {}, 'local')], opsetImports: {} });
  for (const run of [() => validateModel(m), () => inferShapes(m)])
    assert.throws(run, (e: unknown) => e instanceof ModelStructureError && e.kind === 'function-recursion' && e.names.includes('rec') && /calls itself/.test(e.message));
  // Mutual recursion: a → b → a.
  const m2 = model(graph([node('a', ['x'], ['y'], {}, 'local')], [vi('x', 'float32', [2])], [vi('y')]), 17, { local: 1 });
  m2.functions.push(
    { name: 'a', domain: 'local', inputs: ['i'], outputs: ['o'], attributes: [], nodes: [node('b', ['i'], ['o'], {}, 'local')], opsetImports: {} },
    { name: 'b', domain: 'local', inputs: ['i'], outputs: ['o'], attributes: [], nodes: [node('a', ['i'], ['o'], {}, 'local')], opsetImports: {} },
  );
  assert.throws(() => validateModel(m2), /'a' → 'b' → 'a'/);
});

test('cycles: a node reading its own output and a two-node cycle are structure errors naming the nodes', () => {
  const self = model(graph([node('Relu', ['x'], ['x2']), node('Add', ['x2', 'loop'], ['loop'])], [vi('x', 'float32', [2])], [vi('loop')]));
  self.graph.nodes[1].name = 'selfie';
  for (const run of [() => validateModel(self), () => inferShapes(self)])
    assert.throws(run, (e: unknown) => e instanceof ModelStructureError && e.kind === 'cycle' && e.names.join() === 'selfie' && /reads its own output/.test(e.message));
  const two = model(graph([node('Relu', ['b'], ['a']), node('Relu', ['a'], ['b'])], [vi('x', 'float32', [2])], [vi('a')]));
  two.graph.nodes[0].name = 'n1';
  two.graph.nodes[1].name = 'n2';
  assert.throws(() => inferShapes(two), (e: unknown) => e instanceof ModelStructureError && [...(e).names].sort().join() === 'n1,n2' && /cycle/.test(e.message));
  // Nodes merely out of order are not a cycle.
  const unordered = model(graph([node('Relu', ['a'], ['b']), node('Relu', ['x'], ['a'])], [vi('x', 'float32', [2])], [vi('b')]));
  assert.deepEqual(inferShapes(unordered).tensors.get('b')?.shape, [2]);
});

test('duplicate producers and an initializer shadowing an input are warnings naming the tensor', () => {
  const m = model(
    graph([node('Relu', ['x'], ['y']), node('Sigmoid', ['x'], ['y'])], [vi('x', 'float32', [2]), vi('w', 'float32', [3])], [vi('y')], [tensor('w', 'float32', [4])]),
  );
  const w = validateModel(m);
  assert.ok(w.some((s) => /tensor 'y' is produced by node/.test(s)), w.join('\n'));
  assert.ok(w.some((s) => /initializer 'w' has the name of a graph input .*different dims/.test(s)), w.join('\n'));
});

test('absurd dims: negative and beyond 2^40 elements are errors naming the tensor, never figures', () => {
  const neg = model(graph([node('Relu', ['x'], ['y'])], [vi('x', 'float32', [1])], [vi('y')], [tensor('w', 'float32', [-1, 3])]));
  assert.throws(() => validateModel(neg), (e: unknown) => e instanceof ModelLimitError && e.kind === 'negative-dim' && e.names[0] === 'w');
  const huge = model(graph([node('Relu', ['x'], ['y'])], [vi('x', 'float32', [2 ** 40, 3])], [vi('y')]));
  assert.throws(() => validateModel(huge), (e: unknown) => e instanceof ModelLimitError && e.kind === 'too-many-elements' && e.names[0] === 'x');
  assert.throws(() => inferShapes(huge), (e: unknown) => e instanceof ModelLimitError && e.names[0] === 'x');
  // A binding that makes a tensor too large is refused the same way.
  const sym = model(graph([node('Relu', ['x'], ['y'])], [vi('x', 'float32', ['n', 4096])], [vi('y')]));
  assert.throws(() => inferShapes(sym, { dims: { n: 2 ** 30 } }), (e: unknown) => e instanceof ModelLimitError && e.names[0] === 'x');
  assert.deepEqual(inferShapes(sym, { dims: { n: 2 } }).tensors.get('y')?.shape, [2, 4096]);
});

test('ConstantOfShape with an absurd shape length is an unknown with a reason, not an internal error', () => {
  const m = model(graph([node('ConstantOfShape', ['s'], ['y'])], [vi('s', 'int64', [1e9])], [vi('y')]));
  const r = inferShapes(m);
  assert.equal(r.unknown.length, 1);
  assert.match(r.unknown[0].reason, /rank|limit/);
});

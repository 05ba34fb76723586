// Real models onnxruntime runs: every node output fully known with the recorded input shapes,
// graph outputs equal onnxruntime's, and every intermediate tensor equal onnxruntime's dims.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkRealModel, okModels } from './realRun';
import path from 'node:path';
import { sharedDir, sharedPresent } from './helpers';
import { loadModelFile } from '../../../src/node/loadModelFile';
import { inferShapes } from '../../../src/core/shapes';
import { ortIntermediateDims } from './ortOracle';

test('real models: every tensor inferred and equal to onnxruntime', async (t) => {
  if (!sharedPresent) return t.skip('../shared not present');
  const models = okModels();
  assert.ok(models.length > 0, 'no runnable models listed');
  let checked = 0;
  let outputs = 0;
  for (const m of models) {
    await t.test(m.file, async () => {
      const r = await checkRealModel(m);
      checked += r.checkedAgainstOrt;
      outputs += r.nodeOutputs;
      assert.deepEqual(r.notFullyKnown, [], 'node outputs not fully known');
      assert.deepEqual(r.graphOutputMismatches, [], 'graph outputs differ from ort-run-results.json');
      assert.deepEqual(r.ortMismatches, [], 'intermediate tensors differ from onnxruntime');
      assert.ok(r.checkedAgainstOrt >= r.nodeOutputs - r.ortSkipped, 'onnxruntime did not return every intermediate');
    });
  }
  const line = `${models.length} models, ${outputs} node outputs, ${checked} tensors compared with onnxruntime`;
  console.log(line);
  t.diagnostic(line);
});

// The backend suite's "light" CNNs, checked tensor by tensor against onnxruntime too
// (the heavier ones — densenet121, resnet50, vgg19, alexnet, zfnet512 — are left out to keep the suite quick).
test('light CNNs: every intermediate tensor equal to onnxruntime', async (t) => {
  if (!sharedPresent) return t.skip('../shared not present');
  for (const name of ['squeezenet', 'shufflenet', 'inception_v1', 'inception_v2']) {
    await t.test(name, async () => {
      const file = path.join(sharedDir, 'testdata', 'onnx-backend', 'light', `light_${name}.onnx`);
      const model = await loadModelFile(file);
      const r = inferShapes(model);
      assert.deepEqual(r.unknown, []);
      const oracle = await ortIntermediateDims(file, {});
      const bad: string[] = [];
      for (const [tensor, dims] of oracle.dims) {
        const got = r.tensors.get(tensor)?.shape;
        if (JSON.stringify(got) !== JSON.stringify(dims)) bad.push(`${tensor}: inferred ${JSON.stringify(got)} ort ${JSON.stringify(dims)}`);
      }
      assert.ok(oracle.dims.size >= model.graph.nodes.length, 'onnxruntime returned fewer tensors than nodes');
      assert.deepEqual(bad, []);
    });
  }
});

test('models onnxruntime rejects: legacy broadcast inferred, bad Concat reported like onnxruntime does', async (t) => {
  if (!sharedPresent) return t.skip('../shared not present');
  const dir = path.join(sharedDir, 'testdata', 'models');
  // IR v1, no opset import, Add with broadcast=1/axis=1 (opset < 7 semantics). onnxruntime refuses IR v1.
  const sr = await loadModelFile(path.join(dir, 'onnx-tutorials', 'super_resolution.onnx'));
  const declared = sr.graph.outputs[0].type?.shape;
  delete sr.graph.outputs[0].type;
  const r = inferShapes(sr);
  assert.deepEqual(r.unknown, []);
  assert.deepEqual(r.tensors.get(sr.graph.outputs[0].name)?.shape, declared);
  // Nodes out of topological order, and onnxruntime fails it at Concat 'Test/concat_1_concat' ("mismatched dimensions of 200 and 201").
  const m0 = await loadModelFile(path.join(dir, 'onnxconverter-common', 'test_model_0_no_opt.onnx'));
  const r0 = inferShapes(m0, { inputs: { input_1: [1, 200, 320] } });
  const concat = r0.unknown.find((u) => u.node === 'Test/concat_1_concat');
  assert.ok(concat, 'the failing Concat is reported');
  assert.match(concat.reason, /mismatch 20[01] vs 20[01]/);
  // Everything upstream of it is known.
  assert.ok(r0.unknown.every((u) => u.node === 'Test/concat_1_concat' || /depends on|has unknown type|rank of input/.test(u.reason)));
});

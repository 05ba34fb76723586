// Real models onnxruntime runs: every node output fully known with the recorded input shapes,
// graph outputs equal onnxruntime's, and every intermediate tensor equal onnxruntime's dims.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkRealModel, okModels } from './realRun';
import { sharedPresent } from './helpers';

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

// The engine never throws and never produces NaN/negative numbers on real-world graphs (shared test models and a
// sample of the ONNX backend cases), whatever their ops, with two very different configurations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadModelFile } from '../../../src/node/loadModelFile';
import { inferShapes } from '../../../src/core/shapes';
import { costModel } from '../../../src/core/cost/engine';
import { PRESETS, validateHardware } from '../../../src/core/cost/hardware';

const shared = resolve(__dirname, '..', '..', '..', '..', 'shared');

function onnxFiles(dir: string, out: string[] = []): string[] {
  for (const n of readdirSync(dir).sort()) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) onnxFiles(p, out);
    else if (n.endsWith('.onnx')) out.push(p);
  }
  return out;
}

test('costs shared test models and every 25th backend case without errors', async (t) => {
  if (!existsSync(shared)) return t.skip('../shared not present');
  const files = [...onnxFiles(join(shared, 'testdata', 'models')), ...onnxFiles(join(shared, 'testdata', 'onnx-backend')).filter((_, i) => i % 25 === 0)];
  const hws = [PRESETS['expedera-8k'].config, validateHardware({ preset: 'ethos-u55-256', attention: 'materialized', doubleBuffering: false, activationBits: 16 })];
  let costed = 0;
  for (const f of files) {
    let model;
    try {
      model = await loadModelFile(f);
    } catch {
      continue; // the reader's own tests cover unreadable files
    }
    const shapes = inferShapes(model, {});
    for (const hw of hws) {
      const c = costModel(model, shapes, hw);
      assert.equal(c.layers.length, model.graph.nodes.length, f);
      for (const l of c.layers) {
        for (const v of [l.latencyMs, l.ddrReadBytes.total, l.ddrWriteBytes, l.sramUsageBytes, l.utilization, l.macCount])
          assert.ok(Number.isFinite(v) && v >= 0, `${f} ${l.name}: ${v}`);
        assert.ok(l.utilization <= 1 + 1e-9, `${f} ${l.name}: utilization ${l.utilization}`);
        assert.equal(l.spill, l.spillReason !== '', `${f} ${l.name}`);
      }
    }
    costed++;
  }
  assert.ok(costed > 50, `only ${costed} models costed`);
});

// Real models that onnxruntime runs: infer with the recorded input shapes bound, then compare
// every node output with onnxruntime's own dims for that tensor.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadModelFile } from '../../../src/node/loadModelFile';
import { inferShapes } from '../../../src/core/shapes';
import { formatTensorType } from '../../../src/core/shapes/format';
import { sharedDir } from './helpers';
import { ortIntermediateDims } from './ortOracle';

export interface RealResult {
  file: string;
  nodeOutputs: number;
  notFullyKnown: string[];
  graphOutputMismatches: string[];
  checkedAgainstOrt: number;
  ortMismatches: string[];
  ortSkipped: number;
  unsupported: string[];
}

const modelsDir = path.join(sharedDir, 'testdata', 'models');

export function okModels(): Array<{ file: string; feeds: Record<string, number[]>; outputs: Record<string, number[]> }> {
  const r = JSON.parse(readFileSync(path.join(modelsDir, 'ort-run-results.json'), 'utf8')) as {
    results: Array<{ file: string; status: string; feeds?: Record<string, number[]>; outputs?: Record<string, number[]> }>;
  };
  return r.results.filter((x) => x.status === 'ok').map((x) => ({ file: x.file, feeds: x.feeds ?? {}, outputs: x.outputs ?? {} }));
}

const same = (a: unknown[] | undefined, b: number[]) => !!a && a.length === b.length && a.every((d, i) => d === b[i]);

export async function checkRealModel(m: { file: string; feeds: Record<string, number[]>; outputs: Record<string, number[]> }): Promise<RealResult> {
  const file = path.join(modelsDir, m.file);
  const model = await loadModelFile(file);
  const res = inferShapes(model, { inputs: m.feeds });
  const out: RealResult = {
    file: m.file, nodeOutputs: 0, notFullyKnown: [], graphOutputMismatches: [], checkedAgainstOrt: 0, ortMismatches: [], ortSkipped: 0,
    unsupported: res.unsupportedOps,
  };
  for (const n of model.graph.nodes)
    for (const o of n.outputs) {
      if (!o) continue;
      out.nodeOutputs++;
      const t = res.tensors.get(o);
      if (!t?.dtype || !t.shape || t.shape.some((d) => typeof d !== 'number')) out.notFullyKnown.push(`${o}: ${formatTensorType(t)}`);
    }
  for (const [name, dims] of Object.entries(m.outputs)) {
    const t = res.tensors.get(name);
    if (!same(t?.shape, dims)) out.graphOutputMismatches.push(`${name}: inferred ${formatTensorType(t)} ort [${dims}]`);
  }
  const oracle = await ortIntermediateDims(file, m.feeds);
  out.ortSkipped = oracle.skipped.length;
  for (const [name, dims] of oracle.dims) {
    if (model.graph.inputs.some((i) => i.name === name)) continue;
    out.checkedAgainstOrt++;
    const t = res.tensors.get(name);
    if (!same(t?.shape, dims)) out.ortMismatches.push(`${name}: inferred ${formatTensorType(t)} ort [${dims}]`);
  }
  return out;
}

if (require.main === module) {
  void (async () => {
    for (const m of okModels()) {
      try {
        const r = await checkRealModel(m);
        console.log(r.file, `nodeOutputs=${r.nodeOutputs} checked=${r.checkedAgainstOrt} skipped=${r.ortSkipped}`, r.unsupported.join(','));
        for (const x of [...r.notFullyKnown, ...r.graphOutputMismatches, ...r.ortMismatches]) console.log('   ', x);
      } catch (e) {
        console.log(m.file, 'ERROR', e instanceof Error ? e.message : e);
      }
    }
  })();
}

// Cost engine speed on the bundled SD 1.5 pipeline (text encoder, UNet, VAE decoder).
//   warm pipeline : costPipeline on prepared graphs whose tile candidates are cached (what the editor re-runs on a config change)
//   cold pipeline : first costing after prepareGraph (lowering + tile candidates + residency thresholds)
//   SRAM sweep    : 32 SRAM sizes x 3 models from freshly prepared graphs (sweep API)
// Baseline, measured in the same run: shape inference of the three models. Targets: warm < 200 ms, sweep < 3 s.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadModelFile } from '../src/core/onnx/loadModelFile';
import { inferShapes } from '../src/core/shapes';
import { parseModelIndex, pipelineStages } from '../src/core/sd/pipeline';
import { prepareGraph } from '../src/core/cost/engine';
import { costPipeline } from '../src/core/cost/pipeline';
import { sweep } from '../src/core/cost/sweep';
import { PRESETS } from '../src/core/cost/hardware';
import type { Model } from '../src/core/model/graph';
import type { ShapeBindings, ShapeResult } from '../src/core/shapes/types';

const dir = join(__dirname, '..', 'samples', 'sd15');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function main(): Promise<void> {
  if (!existsSync(join(dir, 'model_index.json'))) {
    console.log('cost.bench: samples/sd15 not generated (npm run samples); skipped');
    return;
  }
  const hw = PRESETS['expedera-8k'].config;
  const stages = pipelineStages(parseModelIndex(readFileSync(join(dir, 'model_index.json'), 'utf8')));
  const models: Array<{ name: string; model: Model; bindings: ShapeBindings; runsPerImage: number }> = [];
  for (const s of stages) models.push({ name: s.name, model: await loadModelFile(join(dir, s.modelPath)), bindings: s.bindings, runsPerImage: s.runsPerImage });

  // Baseline: shape inference of the three models (median of 3).
  let shapes: ShapeResult[] = [];
  const shapeTimes: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    shapes = models.map((m) => inferShapes(m.model, m.bindings));
    shapeTimes.push(performance.now() - t);
  }
  const base = median(shapeTimes);

  const prepare = () => models.map((m, i) => ({ name: m.name, prepared: prepareGraph(m.model, shapes[i], m.name), runsPerImage: m.runsPerImage }));
  let t = performance.now();
  const prepared = prepare();
  const cold = costPipeline(prepared, hw);
  const coldMs = performance.now() - t;

  const warmTimes: number[] = [];
  for (let i = 0; i < 7; i++) {
    t = performance.now();
    costPipeline(prepared, hw);
    warmTimes.push(performance.now() - t);
  }
  const warm = median(warmTimes);

  const configs = Array.from({ length: 32 }, (_, i) => ({ ...hw, sramBytes: Math.round(256e3 * Math.pow(2, i / 4)) })); // 256 KB .. ~55 MB
  const fresh = prepare();
  t = performance.now();
  const points = fresh.map((s) => sweep(s.prepared, configs));
  const sweepMs = performance.now() - t;

  const row = (label: string, ms: number, target?: number) =>
    console.log(`${label.padEnd(44)}${ms.toFixed(1).padStart(9)} ms   ${(ms / base).toFixed(2).padStart(6)}x shape inference${target ? `   target < ${target} ms: ${ms < target ? 'ok' : 'MISSED'}` : ''}`);
  console.log(`nodes: ${models.map((m) => `${m.name} ${m.model.graph.nodes.length}`).join(', ')}`);
  row('baseline: shape inference, 3 models', base);
  row('cold: prepare + first cost, 3 models', coldMs);
  row('warm: costPipeline, 3 models (median of 7)', warm, 200);
  row('sweep: 32 SRAM sizes x 3 models, cold caches', sweepMs, 3000);
  console.log(`per sweep point: ${(sweepMs / 32).toFixed(1)} ms; warm pipeline runs ${warmTimes.map((x) => x.toFixed(0)).join(' ')} ms`);
  const unet = points[models.findIndex((m) => m.name === 'unet')];
  if (unet) console.log('UNet ms vs SRAM: ' + unet.filter((_, i) => i % 4 === 0).map((p) => `${(p.hw.sramBytes / 1e6).toFixed(1)}MB:${p.cost.totals.latencyMs.toFixed(1)}`).join(' '));
  console.log(`expedera-8k: ${cold.stages.map((s) => `${s.name} ${s.latencyMs.toFixed(1)} ms (${s.throughputPerS.toFixed(2)}/s)`).join(', ')}; ${cold.secondsPerImage.toFixed(2)} s/image`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

// Cost engine speed on the bundled SD 1.5 pipeline (text encoder, UNet, VAE decoder).
//   warm pipeline : costPipeline on prepared graphs whose tile candidates are cached (what the editor re-runs on a config change)
//   cold pipeline : first costing after prepareGraph (lowering + tile candidates + residency thresholds)
//   SRAM sweep    : 32 SRAM sizes x 3 models from freshly prepared graphs (sweep API)
//   advisor       : warm pipeline with the spill advisor against the same without it (overhead target < 20%)
//   v1 mechanisms : warm pipeline with prefetch and norm fusion off (the engine before v2), for comparison
// Baseline, measured in the same run: shape inference of the three models. Targets (every mechanism on, the defaults):
// warm < 50 ms, sweep < 3 s, advisor overhead < 20%.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadModelFile } from '../src/node/loadModelFile';
import { inferShapes } from '../src/core/shapes';
import { parseModelIndex, pipelineStages } from '../src/core/sd/pipeline';
import { prepareGraph } from '../src/core/cost/engine';
import { costPipeline } from '../src/core/cost/pipeline';
import { sweep } from '../src/core/cost/sweep';
import { PRESETS, validateHardware } from '../src/core/cost/hardware';
import { costPrepared } from '../src/core/cost/engine';
import type { Model } from '../src/core/model/graph';
import type { ShapeBindings, ShapeResult } from '../src/core/shapes/types';

const dir = join(__dirname, '..', 'samples', 'sd15');

/** Wall and CPU milliseconds of fn (CPU time is steadier on a shared, overloaded machine). */
function timed<T>(fn: () => T): { value: T; wall: number; cpu: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = fn();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { value, wall, cpu: (c.user + c.system) / 1000 };
}

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
  const shapeRuns: Array<{ wall: number; cpu: number }> = [];
  for (let i = 0; i < 3; i++) {
    const r = timed(() => models.map((m) => inferShapes(m.model, m.bindings)));
    shapes = r.value;
    shapeRuns.push(r);
  }
  const base = { wall: median(shapeRuns.map((r) => r.wall)), cpu: median(shapeRuns.map((r) => r.cpu)) };

  const prepare = () => models.map((m, i) => ({ name: m.name, prepared: prepareGraph(m.model, shapes[i], m.name), runsPerImage: m.runsPerImage }));
  const prepared = prepare();
  const coldRun = timed(() => costPipeline(prepared, hw));
  const cold = coldRun.value;

  for (let i = 0; i < 5; i++) costPipeline(prepared, hw); // JIT warm-up: "warm" is what the editor sees on a config change
  const warmRuns: Array<{ wall: number; cpu: number }> = [];
  for (let i = 0; i < 7; i++) warmRuns.push(timed(() => costPipeline(prepared, hw)));
  const warm = { wall: median(warmRuns.map((r) => r.wall)), cpu: median(warmRuns.map((r) => r.cpu)) };
  // Advisor overhead: the same warm costing without the advisor, interleaved so machine load hits both alike.
  const withAdv: Array<{ wall: number; cpu: number }> = [];
  const noAdv: Array<{ wall: number; cpu: number }> = [];
  for (let i = 0; i < 9; i++) {
    noAdv.push(timed(() => prepared.forEach((s) => costPrepared(s.prepared, hw, { advisor: false }))));
    withAdv.push(timed(() => prepared.forEach((s) => costPrepared(s.prepared, hw))));
  }
  const med = (xs: Array<{ wall: number; cpu: number }>) => ({ wall: median(xs.map((r) => r.wall)), cpu: median(xs.map((r) => r.cpu)) });
  const adv = med(withAdv);
  const plain = med(noAdv);
  const v1hw = validateHardware({ preset: 'expedera-8k', weightPrefetch: false, normFusion: false });
  costPipeline(prepared, v1hw);
  const v1Runs: Array<{ wall: number; cpu: number }> = [];
  for (let i = 0; i < 7; i++) v1Runs.push(timed(() => costPipeline(prepared, v1hw)));
  const v1 = med(v1Runs);

  const configs = Array.from({ length: 32 }, (_, i) => ({ ...hw, sramBytes: Math.round(256e3 * Math.pow(2, i / 4)) })); // 256 KB .. ~55 MB
  const fresh = prepare();
  const sweepRun = timed(() => fresh.map((s) => sweep(s.prepared, configs)));
  const points = sweepRun.value;

  const row = (label: string, r: { wall: number; cpu: number }, target?: number) =>
    console.log(
      `${label.padEnd(44)}${r.wall.toFixed(1).padStart(9)} ms wall ${r.cpu.toFixed(1).padStart(9)} ms cpu ${(r.cpu / base.cpu).toFixed(2).padStart(6)}x shape inference (cpu)` +
        (target ? `   target < ${target} ms: ${r.wall < target ? 'ok' : r.cpu < target ? 'ok in CPU time (machine loaded)' : 'MISSED'}` : ''),
    );
  console.log(`nodes: ${models.map((m) => `${m.name} ${m.model.graph.nodes.length}`).join(', ')}`);
  row('baseline: shape inference, 3 models', base);
  row('cold: first cost after prepare, 3 models', coldRun);
  row('warm: costPipeline, 3 models (median of 7)', warm, 50);
  row('warm, v1 mechanisms (prefetch, norm fusion off)', v1);
  row('warm without the spill advisor (median of 9)', plain);
  row('warm with the spill advisor (median of 9)', adv);
  const over = (x: number, y: number) => ((x / y - 1) * 100).toFixed(1);
  console.log(`advisor overhead: ${over(adv.wall, plain.wall)}% wall, ${over(adv.cpu, plain.cpu)}% cpu   target < 20%: ${adv.cpu / plain.cpu < 1.2 || adv.wall / plain.wall < 1.2 ? 'ok' : 'MISSED'}`);
  row('sweep: 32 SRAM sizes x 3 models, cold caches', sweepRun, 3000);
  console.log(`per sweep point: ${(sweepRun.wall / 32).toFixed(1)} ms wall; warm pipeline runs ${warmRuns.map((x) => x.wall.toFixed(0)).join(' ')} ms wall`);
  const unet = points[models.findIndex((m) => m.name === 'unet')];
  if (unet) console.log('UNet ms vs SRAM: ' + unet.filter((_, i) => i % 4 === 0).map((p) => `${(p.hw.sramBytes / 1e6).toFixed(1)}MB:${p.cost.totals.latencyMs.toFixed(1)}`).join(' '));
  console.log(`expedera-8k: ${cold.stages.map((s) => `${s.name} ${s.latencyMs.toFixed(1)} ms (${s.throughputPerS.toFixed(2)}/s)`).join(', ')}; ${cold.secondsPerImage.toFixed(2)} s/image`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

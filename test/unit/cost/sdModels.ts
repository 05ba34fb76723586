// Loads the bundled SD 1.5 sample graphs (graph-only exports) once per test process, prepared for costing.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadModelFile } from '../../../src/node/loadModelFile';
import { inferShapes } from '../../../src/core/shapes';
import { parseModelIndex, pipelineStages } from '../../../src/core/sd/pipeline';
import { prepareGraph, type PreparedGraph } from '../../../src/core/cost/engine';

export const SD_DIR = resolve(__dirname, '..', '..', '..', 'samples', 'sd15');

export interface PreparedStage {
  name: string;
  prepared: PreparedGraph;
  runsPerImage: number;
}

let cache: Promise<PreparedStage[]> | undefined;

/** undefined when the samples are not there (the sample generator has not run). */
export function sdStages(): Promise<PreparedStage[]> | undefined {
  const index = join(SD_DIR, 'model_index.json');
  if (!existsSync(index)) return undefined;
  cache ??= (async () => {
    const out: PreparedStage[] = [];
    for (const s of pipelineStages(parseModelIndex(readFileSync(index, 'utf8')))) {
      const file = join(SD_DIR, s.modelPath);
      if (!existsSync(file)) continue;
      const model = await loadModelFile(file);
      out.push({ name: s.name, prepared: prepareGraph(model, inferShapes(model, s.bindings), s.name), runsPerImage: s.runsPerImage });
    }
    return out;
  })();
  return cache;
}

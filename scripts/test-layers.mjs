// The unit tests' two layers, chosen by file (no file moves): the ORACLE layer is every slow run against an
// outside truth or a real model — ONNX backend cases, real-model reads and shape runs, onnxruntime checks,
// SD monotonicity/fidelity sweeps, full-SD generation and layout — and the FAST layer is everything else
// under test/unit (a new test file is fast until listed here). Chosen by each file's time under
// `node --import tsx --test <file>`; the fast layer records its files' times in test-results/unit-file-ms.json.
import { join, relative } from 'node:path';
import { find } from './run-node-tests.mjs';

/** Repository-relative test files (or folder prefixes ending in '/') of the oracle layer. */
export const ORACLE = [
  'test/unit/shapes/backend.test.ts', // ONNX backend test cases, each shape-checked
  'test/unit/shapes/realModels.test.ts', // the shared real models, shapes vs their declared outputs
  'test/unit/shapes/sdSamples.test.ts', // SD samples against onnxruntime's intermediate dims
  'test/unit/onnx/reader.models.test.ts', // every shared real model read and compared with a full decode
  'test/unit/cost/robustness.test.ts', // the cost engine over every shared model
  'test/unit/cost/properties.test.ts', // SD monotonicity sweeps (SRAM, bandwidth, clock, MACs)
  'test/unit/cost/sdFidelity.test.ts', // SD 1.5 figures against the reference article
  'test/unit/cost/profileCli.test.ts', // the CLI over the whole SD pipeline
  'test/unit/sd/tinyOrt.test.ts', // the generated tiny SD run by onnxruntime
  'test/unit/sd/counts.test.ts', // full SD graphs' node and parameter counts vs the reference
  'test/unit/sd/generate.test.ts', // every SD config generated; samples byte-identical
  'test/unit/view/sceneElk.test.ts', // elk layout of the full SD UNet
  'test/unit/cost/advisor.test.ts', // the spill advisor over the SD pipeline's spilling layers
  'test/unit/report/sameFigures.test.ts', // SD 1.5 figures: CLI table, editor view model and reports agree
  'test/unit/report/reports.test.ts', // reports incl. the whole SD 1.5 pipeline's HTML report
  'test/unit/cli/profileOutput.test.ts', // profile's outputs incl. a real SD UNet run
  'test/unit/cli/stageBindings.test.ts', // stage bindings incl. the real SD pipeline
  'test/unit/sd/generateCli.test.ts', // generate writes whole SD pipelines
  'test/unit/fuzz/', // seeded mutation fuzzing (reader, shapes, cost) of real and hostile models
  'test/unit/cli/main.test.ts', // the dispatcher as a process: one Node + tsx start-up per case
  'test/unit/view/shapeNoise.test.ts', // shape arithmetic folded on the SD samples' graphs
  'test/unit/house/platform.test.ts', // the type checker over src/core (DOM/Node globals); import scanner vs parser
];

export function isOracle(file) {
  const f = file.split('\\').join('/');
  return ORACLE.some((o) => (o.endsWith('/') ? f.startsWith(o) : f === o));
}

/** The unit test files of a layer ('fast', 'oracle' or 'all'), filtered by substrings (any matches), relative to root. */
export function unitFiles(layer, filters = [], root = process.cwd()) {
  let files = find(join(root, 'test/unit'), '.test.ts').map((f) => relative(root, f).split('\\').join('/')).sort();
  if (layer === 'fast') files = files.filter((f) => !isOracle(f));
  else if (layer === 'oracle') files = files.filter(isOracle);
  if (filters.length) files = files.filter((f) => filters.some((s) => f.includes(s)));
  return files;
}

/**
 * The skips that blame ../shared ("…/shared not present") in layers whose counts carry `skips`: when ../shared
 * is present these mean a test looked in the wrong place, so scripts/test-all.mjs fails the run on them.
 */
export function sharedBlamedSkips(layers) {
  return layers.flatMap((l) => (l.skips ?? []).filter((s) => /\bshared\b/i.test(s.reason ?? '')).map((s) => ({ ...s, layer: l.label })));
}

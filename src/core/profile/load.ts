// Loading a profiling target: one .onnx file or a diffusers folder (model_index.json). Each stage is read, its shapes
// inferred with the right bindings and its graph prepared for costing once; profile, sweep and compare reuse that.
// A stage file (<folder>/unet/model.onnx beside <folder>/model_index.json) gets its pipeline's stage bindings here,
// so every front end (CLI, both editors, reports) binds it the same way. User bindings win over stage bindings.
import type { Model } from '../model/graph';
import { readModel } from '../onnx/reader';
import { inferShapes } from '../shapes';
import type { ShapeBindings, ShapeResult } from '../shapes/types';
import { prepareGraph, type PreparedGraph } from '../cost/engine';
import { parseModelIndex, pipelineStages, type PipelineOptions, type PipelineStage } from '../sd/pipeline';
import { ProfileInputError } from './errors';
import type { OpenedModel, ProfileFiles } from './files';
import type { ProfileTarget } from './types';

export interface ProgressStep {
  /** Steps finished so far, out of `total`. */
  done: number;
  total: number;
  /** What runs next, e.g. "unet: reading". */
  label: string;
}

export interface TargetOptions {
  /** The user's bindings (--dim/--input, the dimBindings setting): they win over a pipeline's stage bindings. */
  bindings?: ShapeBindings;
  /** Steps and guidance of a pipeline (also used for a stage file's bindings and runs). */
  pipeline?: PipelineOptions;
  /** Pipelines: keep a stage that cannot be read as a BrokenStage instead of failing (the pipeline editor shows it). */
  keepBrokenStages?: boolean;
  /** An exception thrown here (e.g. a cancellation) stops loading and is rethrown as is, never kept as a broken stage. */
  onProgress?: (step: ProgressStep) => void;
  /** Called after each step of a model's analysis, for the editor's open timeline; may throw to cancel, like onProgress. */
  mark?: (label: string) => void;
}

/** The options with callbacks whose exceptions are remembered, so a cancellation is never mistaken for a broken stage. */
function guardCallbacks(opts: TargetOptions): { opts: TargetOptions; aborted: () => { error: unknown } | undefined } {
  let abort: { error: unknown } | undefined;
  const wrap = <A>(f: ((a: A) => void) | undefined) =>
    f &&
    ((a: A) => {
      try {
        f(a);
      } catch (error) {
        abort ??= { error };
        throw error;
      }
    });
  return { opts: { ...opts, onProgress: wrap(opts.onProgress), mark: wrap(opts.mark) }, aborted: () => abort };
}

export interface LoadedStage {
  ok: true;
  /** diffusers stage name, or the model's name for a single file. */
  name: string;
  runsPerImage: number;
  /** The model file, as the front end names it. */
  path: string;
  model: Model;
  shapes: ShapeResult;
  prepared: PreparedGraph;
  /** The bindings shapes were inferred with (stage bindings merged with the user's). */
  bindings: ShapeBindings;
  /** Set when the bindings came from a pipeline: "Inputs bound as in its pipeline: UNet, batch 1, …". */
  bindingNote?: string;
  /** The pipeline stage this model is, when it is one. */
  stage?: PipelineStage;
}

export interface BrokenStage {
  ok: false;
  name: string;
  runsPerImage: number;
  path: string;
  stage: PipelineStage;
  /** One line: why the stage could not be read. */
  problem: string;
  /** The file listed in model_index.json is not there. */
  missing: boolean;
}

export interface LoadedTarget {
  target: ProfileTarget;
  /** Readable stages, in execution order. */
  stages: LoadedStage[];
  /** Every stage in execution order, broken ones included (only with keepBrokenStages). */
  all: Array<LoadedStage | BrokenStage>;
  /** Non-fatal findings of loading itself (e.g. a model_index.json beside a stage file that cannot be read). */
  notes: string[];
}

/** Stage bindings overridden by the user's: a user dim wins, and the stage's full input shapes that use it are dropped. */
export function mergeBindings(stage: ShapeBindings | undefined, user: ShapeBindings = {}, model?: Model): ShapeBindings {
  if (!stage) return user;
  const userDims = user.dims ?? {};
  const overridden = new Set(Object.keys(userDims));
  let inputs: Record<string, number[]> | undefined = { ...(stage.inputs ?? {}) };
  if (overridden.size > 0) {
    if (model) {
      for (const vi of model.graph.inputs) {
        if (vi.name in inputs && (vi.type?.shape ?? []).some((d) => typeof d === 'string' && overridden.has(d))) delete inputs[vi.name];
      }
    } else inputs = undefined; // without the declared shapes, any stage input shape could contradict the user's dim
  }
  inputs = { ...(inputs ?? {}), ...(user.inputs ?? {}) };
  const out: ShapeBindings = { dims: { ...(stage.dims ?? {}), ...userDims }, inputs };
  if (stage.values || user.values) out.values = { ...(stage.values ?? {}), ...(user.values ?? {}) };
  return out;
}

/** Reads a model and infers its shapes with the given bindings. */
export async function readAndInfer(opened: OpenedModel, bindings: ShapeBindings, mark: (l: string) => void = () => undefined): Promise<{ model: Model; shapes: ShapeResult }> {
  const model = await readModel(opened.source, { external: opened.external });
  mark('host: parsed');
  const shapes = inferShapes(model, bindings);
  mark('host: shapes');
  return { model, shapes };
}

/** The pipeline stage a model file is, from the model_index.json one folder up; undefined when it is none. */
export async function findPipelineStage(files: ProfileFiles, modelPath: string, opts: PipelineOptions = {}, notes: string[] = []): Promise<PipelineStage | undefined> {
  const stageDir = files.dirname(modelPath);
  const indexPath = files.join(files.dirname(stageDir), 'model_index.json');
  if ((await files.kind(indexPath)) !== 'file') return undefined;
  try {
    const stages = pipelineStages(parseModelIndex(await files.readText(indexPath), indexPath), opts);
    const rel = `${files.basename(stageDir)}/${files.basename(modelPath)}`;
    return stages.find((s) => s.modelPath === rel);
  } catch (e) {
    // A broken model_index.json must not stop the model from being profiled; say why it was not used.
    notes.push(`${indexPath} not used for bindings: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  }
}

/** Name of a single-file target: the folder of a `model.onnx`, else the file name without `.onnx`. */
export function modelName(files: ProfileFiles, path: string): string {
  const base = files.basename(path);
  return base === 'model.onnx' ? files.basename(files.dirname(path)) || base : base.replace(/\.onnx$/i, '');
}

async function loadStageFile(
  files: ProfileFiles,
  path: string,
  name: string,
  stage: PipelineStage | undefined,
  opts: TargetOptions,
  runsPerImage: number,
): Promise<LoadedStage> {
  const opened = await files.openModel(path);
  try {
    const model = await readModel(opened.source, { external: opened.external });
    opts.mark?.('host: parsed');
    const bindings = mergeBindings(stage?.bindings, opts.bindings, model);
    const shapes = inferShapes(model, bindings);
    opts.mark?.('host: shapes');
    const prepared = prepareGraph(model, shapes, name);
    opts.mark?.('host: cost prepared');
    const bindingNote = stage ? `Inputs bound as in its pipeline: ${stage.description}.` : undefined;
    return { ok: true, name, runsPerImage, path, model, shapes, prepared, bindings, bindingNote, stage };
  } finally {
    await opened.close();
  }
}

async function loadPipeline(files: ProfileFiles, folder: string, given: TargetOptions): Promise<LoadedTarget> {
  const { opts, aborted } = guardCallbacks(given);
  const indexPath = files.join(folder, 'model_index.json');
  if ((await files.kind(indexPath)) !== 'file') throw new ProfileInputError(folder, 'a folder must hold a diffusers model_index.json');
  let stages: PipelineStage[];
  try {
    stages = pipelineStages(parseModelIndex(await files.readText(indexPath), indexPath), opts.pipeline ?? {});
  } catch (e) {
    if (e instanceof RangeError) throw new ProfileInputError('pipeline options', e.message);
    throw e;
  }
  if (stages.length === 0) throw new ProfileInputError(indexPath, 'lists no text_encoder, unet or vae_decoder component');
  const all: Array<LoadedStage | BrokenStage> = [];
  for (const [i, s] of stages.entries()) {
    const path = files.join(folder, s.modelPath);
    opts.onProgress?.({ done: i, total: stages.length, label: `${s.name}: reading` });
    const broken = (problem: string, missing: boolean): BrokenStage => ({ ok: false, name: s.name, runsPerImage: s.runsPerImage, path, stage: s, problem, missing });
    if ((await files.kind(path)) !== 'file') {
      if (!opts.keepBrokenStages) throw new ProfileInputError(path, 'missing (listed in model_index.json)');
      all.push(broken(`${s.modelPath} is missing`, true));
      continue;
    }
    try {
      all.push(await loadStageFile(files, path, s.name, s, opts, s.runsPerImage));
    } catch (e) {
      const abort = aborted();
      if (abort) throw abort.error;
      if (!opts.keepBrokenStages) throw e;
      all.push(broken(e instanceof Error ? e.message : String(e), false));
    }
  }
  opts.onProgress?.({ done: stages.length, total: stages.length, label: 'loaded' });
  return { target: { kind: 'pipeline', path: folder }, stages: all.filter((s): s is LoadedStage => s.ok), all, notes: [] };
}

/**
 * A .onnx file or a diffusers pipeline folder (or its model_index.json), read, shaped and prepared for costing.
 * Throws ProfileInputError for a missing path or a folder without model_index.json; reader errors (OnnxReadError...) pass through.
 */
export async function loadTarget(files: ProfileFiles, path: string, opts: TargetOptions = {}): Promise<LoadedTarget> {
  const kind = await files.kind(path);
  if (kind === undefined) throw new ProfileInputError(path, 'no such file or folder');
  if (kind === 'directory') return loadPipeline(files, path, opts);
  if (files.basename(path) === 'model_index.json') return loadPipeline(files, files.dirname(path), opts);
  const notes: string[] = [];
  opts.onProgress?.({ done: 0, total: 1, label: 'reading' });
  const stage = await findPipelineStage(files, path, opts.pipeline ?? {}, notes);
  const loaded = await loadStageFile(files, path, stage?.name ?? modelName(files, path), stage, opts, 1);
  opts.onProgress?.({ done: 1, total: 1, label: 'loaded' });
  return { target: { kind: 'model', path }, stages: [loaded], all: [loaded], notes };
}

// A Stable Diffusion ONNX pipeline folder as the cost engine, the CLI and the editor see it: which stages
// exist (from diffusers' model_index.json), where their graphs are, what to bind their symbolic inputs to,
// and how many times each runs to make one image. Pure: no file access.
import type { ShapeBindings } from '../shapes/types';

export type StageName = 'text_encoder' | 'unet' | 'vae_decoder';

export class ModelIndexError extends Error {
  constructor(file: string, message: string) {
    super(`${file}: ${message}`);
    this.name = 'ModelIndexError';
  }
}

export interface ModelIndex {
  className: string;
  /** Component name -> [library, class]; [null, null] marks a component the pipeline was saved without. */
  components: Record<string, [string | null, string | null]>;
}

export function parseModelIndex(text: string, file = 'model_index.json'): ModelIndex {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ModelIndexError(file, `not valid JSON (${(e as Error).message})`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new ModelIndexError(file, 'expected a JSON object');
  const obj = json as Record<string, unknown>;
  const components: ModelIndex['components'] = {};
  for (const key of Object.keys(obj)) {
    if (key.startsWith('_')) continue;
    const v = obj[key];
    const ok = Array.isArray(v) && v.length === 2 && v.every((x) => x === null || typeof x === 'string');
    if (!ok) throw new ModelIndexError(file, `component "${key}" must be [library, class]`);
    components[key] = v as [string | null, string | null];
  }
  return { className: typeof obj._class_name === 'string' ? obj._class_name : '', components };
}

export interface PipelineOptions {
  /** Denoising steps (diffusers' default num_inference_steps = 50). */
  steps?: number;
  /** Classifier-free guidance: a conditional and an unconditional UNet evaluation per step (default true). */
  guidance?: boolean;
  /**
   * 'batch1' (default): each guidance evaluation is its own batch-1 UNet run (2 × steps runs).
   * 'batch2': the diffusers way, one batch-2 run per step (steps runs of twice the size).
   */
  guidanceMode?: 'batch1' | 'batch2';
  imageHeight?: number;
  imageWidth?: number;
  /** Pixels per latent cell: 2^(number of VAE up blocks − 1) = 8 for SD. */
  vaeScaleFactor?: number;
  /** Text tokens (CLIP max_position_embeddings = 77). */
  sequence?: number;
  /** UNet input channels: 4, or 9 for the inpainting UNet. */
  unetInChannels?: number;
  latentChannels?: number;
  /** Text hidden size = UNet cross_attention_dim (768 for SD 1.x). */
  textHiddenSize?: number;
}

export interface PipelineStage {
  name: StageName;
  /** Relative to the pipeline folder, '/'-separated. */
  modelPath: string;
  bindings: ShapeBindings;
  runsPerImage: number;
  /** What one run is, for display ("UNet, batch 1, 64×64 latent"). */
  description: string;
}

const STAGE_ORDER: StageName[] = ['text_encoder', 'unet', 'vae_decoder'];

function positiveInt(name: string, v: number): number {
  if (!Number.isInteger(v) || v <= 0) throw new RangeError(`${name} must be a positive integer, got ${v}`);
  return v;
}

/** Stages present in the folder's model_index.json, in execution order, with default bindings and run counts. */
export function pipelineStages(index: ModelIndex, opts: PipelineOptions = {}): PipelineStage[] {
  const steps = positiveInt('steps', opts.steps ?? 50);
  const guidance = opts.guidance ?? true;
  const mode = opts.guidanceMode ?? 'batch1';
  const scale = positiveInt('vaeScaleFactor', opts.vaeScaleFactor ?? 8);
  const imageH = positiveInt('imageHeight', opts.imageHeight ?? 512);
  const imageW = positiveInt('imageWidth', opts.imageWidth ?? 512);
  if (imageH % scale !== 0 || imageW % scale !== 0) throw new RangeError(`image size must be a multiple of ${scale}`);
  const h = imageH / scale;
  const w = imageW / scale;
  const seq = positiveInt('sequence', opts.sequence ?? 77);
  const inCh = positiveInt('unetInChannels', opts.unetInChannels ?? 4);
  const latentCh = positiveInt('latentChannels', opts.latentChannels ?? 4);
  const hidden = positiveInt('textHiddenSize', opts.textHiddenSize ?? 768);
  // With guidance the prompt and the negative prompt each need a text encoding and a UNet evaluation per step.
  // batch2 packs the pair into one run of twice the size; batch1 (the default, and what per-evaluation
  // figures such as "9.24 UNet evals/s" mean) runs them separately.
  const pair = guidance ? 2 : 1;
  const batch = mode === 'batch2' ? pair : 1;
  const runsPerPass = mode === 'batch2' ? 1 : pair;

  const stages: PipelineStage[] = [];
  for (const name of STAGE_ORDER) {
    const comp = index.components[name];
    if (!comp || comp[0] === null) continue;
    const modelPath = `${name}/model.onnx`;
    if (name === 'text_encoder') {
      stages.push({
        name,
        modelPath,
        bindings: { dims: { batch, sequence: seq }, inputs: { input_ids: [batch, seq] } },
        runsPerImage: runsPerPass,
        description: `text encoder, batch ${batch}, ${seq} tokens`,
      });
    } else if (name === 'unet') {
      stages.push({
        name,
        modelPath,
        bindings: {
          dims: { batch, channels: inCh, height: h, width: w, sequence: seq },
          inputs: { sample: [batch, inCh, h, w], timestep: [batch], encoder_hidden_states: [batch, seq, hidden] },
        },
        runsPerImage: steps * runsPerPass,
        description: `UNet, batch ${batch}, ${h}×${w} latent, ${steps} steps${guidance ? ' with guidance' : ''}`,
      });
    } else {
      stages.push({
        name,
        modelPath,
        bindings: { dims: { batch: 1, channels: latentCh, height: h, width: w }, inputs: { latent_sample: [1, latentCh, h, w] } },
        runsPerImage: 1,
        description: `VAE decoder, ${h}×${w} latent → ${imageH}×${imageW} image`,
      });
    }
  }
  return stages;
}

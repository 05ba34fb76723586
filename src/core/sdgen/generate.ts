// Writes a diffusers ONNX pipeline folder (model_index.json, text_encoder/, unet/, vae_decoder/) in memory.
// Deterministic: the same config and options give byte-identical files.
import { onnx } from 'onnx-proto';
import { buildClipTextEncoder } from './clip';
import { parseClipTextConfig, parseUNetConfig, parseVaeConfig } from './config';
import { SD_CONFIGS, type SdConfigName, type SdConfigSet } from './configs';
import type { GraphBuilder, WeightMode } from './onnxBuilder';
import { buildUNet } from './unet';
import { buildVaeDecoder } from './vae';
import type { StageName } from '../sd/pipeline';

export interface GeneratedFile {
  /** Path relative to the pipeline folder, '/'-separated. */
  path: string;
  bytes: Uint8Array;
}

export interface GenerateOptions {
  weights?: WeightMode;
  /** Build-time batch for the shapes the builder records (the graphs themselves have a symbolic batch). */
  batch?: number;
}

export const STAGE_FILES: Record<StageName, string> = {
  text_encoder: 'text_encoder/model.onnx',
  unet: 'unet/model.onnx',
  vae_decoder: 'vae_decoder/model.onnx',
};

const GENERATOR = 'onnx-npu-profiler src/core/sd (npm run samples)';

/** A bundled config by name, or a config set read from a diffusers checkpoint folder. */
export type SdConfigSource = SdConfigName | SdConfigSet;

function configSet(config: SdConfigSource): SdConfigSet {
  return typeof config === 'string' ? SD_CONFIGS[config] : config;
}

/** Build one stage's graph; the builder keeps every tensor's shape under the build-time bindings. */
export function buildStage(config: SdConfigSource, stage: StageName, opts: GenerateOptions = {}): GraphBuilder {
  const set = configSet(config);
  const name = set.name;
  const weights = opts.weights ?? 'omitted';
  const batch = opts.batch ?? 1;
  const unet = parseUNetConfig(set.unet, `${name}/unet/config.json`);
  const text = parseClipTextConfig(set.textEncoder, `${name}/text_encoder/config.json`);
  const latent = unet.sampleSize;
  switch (stage) {
    case 'unet':
      return buildUNet(unet, weights, { batch, height: latent, width: latent, sequence: text.maxPositions });
    case 'vae_decoder':
      return buildVaeDecoder(parseVaeConfig(set.vae, `${name}/vae/config.json`), weights, { batch, height: latent, width: latent });
    case 'text_encoder':
      return buildClipTextEncoder(text, weights, { batch, sequence: text.maxPositions });
  }
}

export function encodeStage(config: SdConfigSource, stage: StageName, g: GraphBuilder): Uint8Array {
  const { name, title } = configSet(config);
  const omitted = g.weights === 'omitted';
  const model = g.toModel({
    graphName: 'torch_jit',
    metadata: {
      weights: omitted ? 'omitted' : 'zeros',
      weights_note: omitted
        ? 'Initializers carry dtype and dims but no data: this graph is generated from the diffusers config to match the ' +
          'torch.onnx (opset 14) export architecture, node names and op decomposition. Shapes, parameters and MACs are ' +
          'exact; the model cannot be run.'
        : 'Initializers are zero-filled: the graph runs (for tests) but computes nothing meaningful.',
      generator: GENERATOR,
      source_config: `${name} (${title}), stage ${stage}`,
    },
  });
  return onnx.ModelProto.encode(model).finish();
}

function modelIndex(set: SdConfigSet): string {
  const none = [null, null];
  const index = {
    _class_name: 'OnnxStableDiffusionPipeline',
    _diffusers_version: '0.6.0',
    feature_extractor: none,
    safety_checker: none,
    scheduler: set.scheduler ? ['diffusers', 'PNDMScheduler'] : none,
    text_encoder: ['diffusers', 'OnnxRuntimeModel'],
    tokenizer: none,
    unet: ['diffusers', 'OnnxRuntimeModel'],
    vae_decoder: ['diffusers', 'OnnxRuntimeModel'],
    vae_encoder: none,
  };
  return JSON.stringify(index, null, 2) + '\n';
}

export function generateSdPipeline(config: SdConfigSource, opts: GenerateOptions = {}): GeneratedFile[] {
  const set = configSet(config);
  const enc = new TextEncoder();
  const files: GeneratedFile[] = [{ path: 'model_index.json', bytes: enc.encode(modelIndex(set)) }];
  const scheduler = set.scheduler;
  if (scheduler) files.push({ path: 'scheduler/scheduler_config.json', bytes: enc.encode(JSON.stringify(scheduler, null, 2) + '\n') });
  for (const stage of ['text_encoder', 'unet', 'vae_decoder'] as const) {
    files.push({ path: STAGE_FILES[stage], bytes: encodeStage(set, stage, buildStage(set, stage, opts)) });
  }
  return files;
}

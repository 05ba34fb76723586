// Typed views of the diffusers / transformers config.json files the generator reads, with the
// defaults those libraries apply when an (older) config leaves a key out.

export class SdConfigError extends Error {
  constructor(file: string, message: string) {
    super(`${file}: ${message}`);
    this.name = 'SdConfigError';
  }
}

export interface UNetConfig {
  inChannels: number;
  outChannels: number;
  sampleSize: number;
  blockOutChannels: number[];
  layersPerBlock: number;
  downBlockTypes: string[];
  upBlockTypes: string[];
  /** In diffusers SD 1.x "attention_head_dim" is really the number of heads. */
  heads: number;
  crossAttentionDim: number;
  normNumGroups: number;
  normEps: number;
  flipSinToCos: boolean;
  freqShift: number;
  downsamplePadding: number;
}

export interface VaeConfig {
  latentChannels: number;
  outChannels: number;
  blockOutChannels: number[];
  layersPerBlock: number;
  normNumGroups: number;
  sampleSize: number;
  upBlockTypes: string[];
}

export interface ClipTextConfig {
  hiddenSize: number;
  intermediateSize: number;
  numLayers: number;
  numHeads: number;
  maxPositions: number;
  vocabSize: number;
  layerNormEps: number;
  hiddenAct: string;
}

type Json = Record<string, unknown>;

function num(cfg: Json, file: string, key: string, dflt?: number): number {
  const v = cfg[key] ?? dflt;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new SdConfigError(file, `"${key}" must be a number`);
  return v;
}

function nums(cfg: Json, file: string, key: string): number[] {
  const v = cfg[key];
  if (!Array.isArray(v) || v.length === 0 || !v.every((x) => Number.isInteger(x) && x > 0)) {
    throw new SdConfigError(file, `"${key}" must be a non-empty list of positive integers`);
  }
  return v as number[];
}

function strs(cfg: Json, file: string, key: string, allowed: string[]): string[] {
  const v = cfg[key];
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string' && allowed.includes(x))) {
    throw new SdConfigError(file, `"${key}" must list block types among ${allowed.join(', ')}`);
  }
  return v as string[];
}

export function parseUNetConfig(cfg: Json, file = 'unet/config.json'): UNetConfig {
  const blockOutChannels = nums(cfg, file, 'block_out_channels');
  const down = strs(cfg, file, 'down_block_types', ['CrossAttnDownBlock2D', 'DownBlock2D']);
  const up = strs(cfg, file, 'up_block_types', ['CrossAttnUpBlock2D', 'UpBlock2D']);
  if (down.length !== blockOutChannels.length || up.length !== blockOutChannels.length) {
    throw new SdConfigError(file, 'down/up block lists must have one entry per block_out_channels');
  }
  const heads = cfg.attention_head_dim ?? 8;
  if (typeof heads !== 'number') throw new SdConfigError(file, 'per-block attention_head_dim lists are not supported');
  if (cfg.use_linear_projection === true) throw new SdConfigError(file, 'use_linear_projection (SD 2.x) is not supported');
  const c = {
    inChannels: num(cfg, file, 'in_channels', 4),
    outChannels: num(cfg, file, 'out_channels', 4),
    sampleSize: num(cfg, file, 'sample_size', 64),
    blockOutChannels,
    layersPerBlock: num(cfg, file, 'layers_per_block', 2),
    downBlockTypes: down,
    upBlockTypes: up,
    heads,
    crossAttentionDim: num(cfg, file, 'cross_attention_dim', 1280),
    normNumGroups: num(cfg, file, 'norm_num_groups', 32),
    normEps: num(cfg, file, 'norm_eps', 1e-5),
    flipSinToCos: cfg.flip_sin_to_cos !== false,
    freqShift: num(cfg, file, 'freq_shift', 0),
    downsamplePadding: num(cfg, file, 'downsample_padding', 1),
  };
  for (const ch of blockOutChannels) {
    if (ch % c.normNumGroups !== 0) throw new SdConfigError(file, `channels ${ch} not divisible by norm_num_groups`);
    if (ch % c.heads !== 0) throw new SdConfigError(file, `channels ${ch} not divisible by ${c.heads} heads`);
  }
  return c;
}

export function parseVaeConfig(cfg: Json, file = 'vae/config.json'): VaeConfig {
  return {
    latentChannels: num(cfg, file, 'latent_channels', 4),
    outChannels: num(cfg, file, 'out_channels', 3),
    blockOutChannels: nums(cfg, file, 'block_out_channels'),
    layersPerBlock: num(cfg, file, 'layers_per_block', 1),
    normNumGroups: num(cfg, file, 'norm_num_groups', 32),
    sampleSize: num(cfg, file, 'sample_size', 512),
    upBlockTypes: strs(cfg, file, 'up_block_types', ['UpDecoderBlock2D']),
  };
}

export function parseClipTextConfig(cfg: Json, file = 'text_encoder/config.json'): ClipTextConfig {
  const hiddenAct = typeof cfg.hidden_act === 'string' ? cfg.hidden_act : 'quick_gelu';
  if (hiddenAct !== 'quick_gelu' && hiddenAct !== 'gelu') throw new SdConfigError(file, `hidden_act "${hiddenAct}" not supported`);
  const c = {
    hiddenSize: num(cfg, file, 'hidden_size', 512),
    intermediateSize: num(cfg, file, 'intermediate_size', 2048),
    numLayers: num(cfg, file, 'num_hidden_layers', 12),
    numHeads: num(cfg, file, 'num_attention_heads', 8),
    maxPositions: num(cfg, file, 'max_position_embeddings', 77),
    vocabSize: num(cfg, file, 'vocab_size', 49408),
    layerNormEps: num(cfg, file, 'layer_norm_eps', 1e-5),
    hiddenAct,
  };
  if (c.hiddenSize % c.numHeads !== 0) throw new SdConfigError(file, 'hidden_size not divisible by num_attention_heads');
  return c;
}

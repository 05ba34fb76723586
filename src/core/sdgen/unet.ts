// UNet2DConditionModel as the diffusers ONNX exporter (torch.onnx, opset 14) writes it:
// inputs sample [batch, channels, height, width], timestep int64 [batch], encoder_hidden_states
// [batch, sequence, cross_attention_dim]; output out_sample.
import type { UNetConfig } from './config';
import { GraphBuilder, type Tensor, type WeightMode } from './onnxBuilder';
import { cast, concat, dimOf, expand, mul, shapeVector, silu, slice, unary, unsqueeze } from './ops';
import { conv2d, groupNorm, linear2d } from './blocks/layers';
import { downsample, resnetBlock, upsample } from './blocks/resnet';
import { transformer2d } from './blocks/transformer';
import { INT64_MAX } from './onnxBuilder';

export interface UNetBuildDims {
  batch: number;
  height: number;
  width: number;
  sequence: number;
}

/** diffusers get_timestep_embedding: t[:, None] · exp(-ln(10000)·i/(half − shift)), [sin, cos], flipped to [cos, sin]. */
function timeProj(g: GraphBuilder, t: Tensor, dim: number, flip: boolean, shift: number): Tensor {
  return g.in('time_proj', () => {
    const half = Math.floor(dim / 2);
    const freqs: number[] = [];
    for (let i = 0; i < half; i++) freqs.push(Math.exp((-Math.log(10000) * i) / (half - shift)));
    const tf = cast(g, unsqueeze(g, t, [1]), 'float32', 1);
    let emb = mul(g, tf, g.constant('float32', freqs, [1, half]));
    emb = mul(g, emb, g.float(1)); // scale * emb, scale = 1
    emb = concat(g, [unary(g, 'Sin', emb), unary(g, 'Cos', emb)], -1);
    if (flip) {
      const hi = slice(g, emb, g.int64([half]), g.int64([INT64_MAX]), g.int64([1]), g.int64([1]));
      const lo = slice(g, emb, g.int64([0]), g.int64([half]), g.int64([1]), g.int64([1]));
      emb = concat(g, [hi, lo], -1);
    }
    return emb;
  });
}

export function buildUNet(cfg: UNetConfig, weights: WeightMode, dims: UNetBuildDims): GraphBuilder {
  const g = new GraphBuilder(weights, 8000);
  const { batch, height, width, sequence } = dims;
  const sample = g.input({
    name: 'sample',
    dtype: 'float32',
    shape: [batch, cfg.inChannels, height, width],
    dims: ['batch', 'channels', 'height', 'width'],
  });
  const timestep = g.input({ name: 'timestep', dtype: 'int64', shape: [batch], dims: ['batch'] });
  const context = g.input({
    name: 'encoder_hidden_states',
    dtype: 'float32',
    shape: [batch, sequence, cfg.crossAttentionDim],
    dims: ['batch', 'sequence', cfg.crossAttentionDim],
  });
  const ch0 = cfg.blockOutChannels[0];
  const groups = cfg.normNumGroups;
  const eps = cfg.normEps;
  const heads = cfg.heads;

  // 1. time: timesteps.expand(sample.shape[0]), sinusoidal projection, TimestepEmbedding MLP
  const ts = expand(g, timestep, shapeVector(g, [dimOf(g, sample, 0)]));
  const tEmb = timeProj(g, ts, ch0, cfg.flipSinToCos, cfg.freqShift);
  const temb = g.in('time_embedding', () => {
    const h = linear2d(g, 'linear_1', tEmb, ch0 * 4);
    return linear2d(g, 'linear_2', g.in('act', () => silu(g, h)), ch0 * 4);
  });

  // 2. pre-process
  let x = conv2d(g, 'conv_in', sample, ch0, 3);

  // 3. down
  const skips: Tensor[] = [x];
  cfg.downBlockTypes.forEach((type, i) => {
    const outCh = cfg.blockOutChannels[i];
    const isFinal = i === cfg.blockOutChannels.length - 1;
    g.in(`down_blocks.${i}`, () => {
      for (let j = 0; j < cfg.layersPerBlock; j++) {
        x = resnetBlock(g, `resnets.${j}`, x, { outCh, groups, eps, temb });
        if (type === 'CrossAttnDownBlock2D') x = transformer2d(g, `attentions.${j}`, x, context, { heads, groups });
        skips.push(x);
      }
      if (!isFinal) {
        x = downsample(g, 'downsamplers.0', x, cfg.downsamplePadding);
        skips.push(x);
      }
    });
  });

  // 4. mid
  const midCh = cfg.blockOutChannels[cfg.blockOutChannels.length - 1];
  g.in('mid_block', () => {
    x = resnetBlock(g, 'resnets.0', x, { outCh: midCh, groups, eps, temb });
    x = transformer2d(g, 'attentions.0', x, context, { heads, groups });
    x = resnetBlock(g, 'resnets.1', x, { outCh: midCh, groups, eps, temb });
  });

  // 5. up: each resnet takes torch.cat([hidden, skip], dim=1)
  const reversed = [...cfg.blockOutChannels].reverse();
  cfg.upBlockTypes.forEach((type, i) => {
    const outCh = reversed[i];
    const isFinal = i === reversed.length - 1;
    g.in(`up_blocks.${i}`, () => {
      for (let j = 0; j <= cfg.layersPerBlock; j++) {
        const skip = skips.pop();
        if (!skip) throw new Error(`up_blocks.${i}: ran out of skip connections`);
        x = concat(g, [x, skip], 1);
        x = resnetBlock(g, `resnets.${j}`, x, { outCh, groups, eps, temb });
        if (type === 'CrossAttnUpBlock2D') x = transformer2d(g, `attentions.${j}`, x, context, { heads, groups });
      }
      if (!isFinal) x = upsample(g, 'upsamplers.0', x);
    });
  });

  // 6. post-process
  x = groupNorm(g, 'conv_norm_out', x, groups, eps);
  x = g.in('conv_act', () => silu(g, x));
  x = conv2d(g, 'conv_out', x, cfg.outChannels, 3);
  const out = g.renameTensor(x, 'out_sample');
  // torch leaves the spatial output dims unnamed: they are derived (height/8 … ×8), not bound to the input's symbols
  g.output(out, ['batch', cfg.outChannels, null, null]);
  return g;
}

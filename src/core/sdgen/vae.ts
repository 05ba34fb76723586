// AutoencoderKL decoder as diffusers exports it (vae.forward = vae.decode): post_quant_conv, then the
// Decoder (conv_in, mid block with one attention, UpDecoderBlock2D ×N, GroupNorm, SiLU, conv_out).
// Input latent_sample [batch, channels, height, width] → sample.
import type { VaeConfig } from './config';
import { GraphBuilder, type WeightMode } from './onnxBuilder';
import { silu } from './ops';
import { conv2d, groupNorm } from './blocks/layers';
import { resnetBlock, upsample } from './blocks/resnet';
import { vaeAttentionBlock } from './blocks/vaeAttention';

export function buildVaeDecoder(cfg: VaeConfig, weights: WeightMode, dims: { batch: number; height: number; width: number }): GraphBuilder {
  const g = new GraphBuilder(weights, 500);
  const latent = g.input({
    name: 'latent_sample',
    dtype: 'float32',
    shape: [dims.batch, cfg.latentChannels, dims.height, dims.width],
    dims: ['batch', 'channels', 'height', 'width'],
  });
  const groups = cfg.normNumGroups;
  const eps = 1e-6; // the VAE's resnets and norms use 1e-6
  let x = conv2d(g, 'post_quant_conv', latent, cfg.latentChannels, 1, 1, 0);
  g.in('decoder', () => {
    const reversed = [...cfg.blockOutChannels].reverse();
    x = conv2d(g, 'conv_in', x, reversed[0], 3);
    g.in('mid_block', () => {
      x = resnetBlock(g, 'resnets.0', x, { outCh: reversed[0], groups, eps, temb: null });
      x = vaeAttentionBlock(g, 'attentions.0', x, { groups, heads: 1 });
      x = resnetBlock(g, 'resnets.1', x, { outCh: reversed[0], groups, eps, temb: null });
    });
    reversed.forEach((outCh, i) => {
      g.in(`up_blocks.${i}`, () => {
        for (let j = 0; j <= cfg.layersPerBlock; j++) x = resnetBlock(g, `resnets.${j}`, x, { outCh, groups, eps, temb: null });
        if (i !== reversed.length - 1) x = upsample(g, 'upsamplers.0', x);
      });
    });
    x = groupNorm(g, 'conv_norm_out', x, groups, eps);
    x = g.in('conv_act', () => silu(g, x));
    x = conv2d(g, 'conv_out', x, cfg.outChannels, 3);
  });
  const out = g.renameTensor(x, 'sample');
  g.output(out, ['batch', cfg.outChannels, null, null]);
  return g;
}

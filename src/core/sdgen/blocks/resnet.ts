// diffusers ResnetBlock2D, Downsample2D and Upsample2D (F.silu is functional, so its Sigmoid/Mul sit in the resnet's scope).
import type { GraphBuilder, Tensor } from '../onnxBuilder';
import { add, div, silu, unsqueeze } from '../ops';
import { conv2d, groupNorm, linear2d } from './layers';

export interface ResnetOptions {
  outCh: number;
  groups: number;
  eps: number;
  /** Time embedding (UNet); null in the VAE, whose resnets have no time_emb_proj. */
  temb: Tensor | null;
}

export function resnetBlock(g: GraphBuilder, scope: string, x: Tensor, o: ResnetOptions): Tensor {
  return g.in(scope, () => {
    let h = groupNorm(g, 'norm1', x, o.groups, o.eps);
    h = silu(g, h);
    h = conv2d(g, 'conv1', h, o.outCh, 3);
    if (o.temb) {
      // temb = time_emb_proj(silu(temb))[:, :, None, None]
      let t = linear2d(g, 'time_emb_proj', silu(g, o.temb), o.outCh);
      t = unsqueeze(g, unsqueeze(g, t, [2]), [3]);
      h = add(g, h, t);
    }
    h = groupNorm(g, 'norm2', h, o.groups, o.eps);
    h = silu(g, h);
    h = conv2d(g, 'conv2', h, o.outCh, 3);
    const shortcut = x.shape[1] !== o.outCh ? conv2d(g, 'conv_shortcut', x, o.outCh, 1, 1, 0) : x;
    // (input + hidden) / output_scale_factor, with output_scale_factor = 1.0 kept by the exporter
    return div(g, add(g, shortcut, h), g.float(1));
  });
}

/** Downsample2D with use_conv: a 3×3 stride-2 conv (padding 1). */
export function downsample(g: GraphBuilder, scope: string, x: Tensor, padding: number): Tensor {
  return g.in(scope, () => conv2d(g, 'conv', x, x.shape[1], 3, 2, padding));
}

/** Upsample2D: F.interpolate(scale_factor=2, mode="nearest") → Resize, then a 3×3 conv. */
export function upsample(g: GraphBuilder, scope: string, x: Tensor): Tensor {
  return g.in(scope, () => {
    const roi = g.constant('float32', [], [0]);
    const scales = g.constant('float32', [1, 1, 2, 2], [4]);
    const [n, c, h, w] = x.shape;
    const up = g.node('Resize', [x, roi, scales], [{ dtype: x.dtype, shape: [n, c, h * 2, w * 2] }], {
      coordinate_transformation_mode: 'asymmetric',
      cubic_coeff_a: { float: -0.75 },
      mode: 'nearest',
      nearest_mode: 'floor',
    })[0];
    return conv2d(g, 'conv', up, c, 3);
  });
}

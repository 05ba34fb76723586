// diffusers AttentionBlock (VAE mid-block self-attention over H·W positions, SD 1.x: one head of C channels).
import type { GraphBuilder, Tensor } from '../onnxBuilder';
import { add, concat, dimOf, div, matmul, mul, reshape, shapeOf, shapeVector, slice, softmax, transpose } from '../ops';
import { groupNorm, linear } from './layers';

/**
 * projection.view(projection.size()[:-1] + (heads, -1)).permute(0, 2, 1, 3). `perm` lets the key path apply
 * its later transpose(-1, -2) in the same node, as torch's peephole pass merges consecutive Transposes.
 */
function transposeForScores(g: GraphBuilder, p: Tensor, heads: number, perm = [0, 2, 1, 3]): Tensor {
  const lead = slice(g, shapeOf(g, p), g.int64([0]), g.int64([-1]), g.int64([0]));
  const target = concat(g, [lead, g.int64([heads, -1])], 0);
  return transpose(g, reshape(g, p, target), perm);
}

export function vaeAttentionBlock(g: GraphBuilder, scope: string, x: Tensor, o: { groups: number; heads: number }): Tensor {
  return g.in(scope, () => {
    const ch = x.shape[1];
    const b = dimOf(g, x, 0);
    const c = dimOf(g, x, 1);
    const h = dimOf(g, x, 2);
    const w = dimOf(g, x, 3);
    let t = groupNorm(g, 'group_norm', x, o.groups, 1e-6);
    t = transpose(g, reshape(g, t, shapeVector(g, [b, c, mul(g, h, w)])), [0, 2, 1]);
    const q = transposeForScores(g, linear(g, 'query', t, ch), o.heads);
    // key.permute(0, 2, 1, 3).transpose(-1, -2) = one Transpose with perm [0, 2, 3, 1]
    const kT = transposeForScores(g, linear(g, 'key', t, ch), o.heads, [0, 2, 3, 1]);
    const v = transposeForScores(g, linear(g, 'value', t, ch), o.heads);
    // scale = 1 / sqrt(sqrt(C / heads)), applied to both Q and Kᵀ
    const scale = 1 / Math.sqrt(Math.sqrt(ch / o.heads));
    const scores = matmul(g, mul(g, q, g.float(scale)), mul(g, kT, g.float(scale)));
    let out = matmul(g, softmax(g, scores, -1), v);
    out = transpose(g, out, [0, 2, 1, 3]);
    // view(size()[:-2] + (channels,))
    const lead = slice(g, shapeOf(g, out), g.int64([0]), g.int64([-2]), g.int64([0]));
    out = reshape(g, out, concat(g, [lead, g.int64([ch])], 0));
    out = linear(g, 'proj_attn', out, ch);
    out = reshape(g, transpose(g, out, [0, 2, 1]), shapeVector(g, [b, c, h, w]));
    // (hidden + residual) / rescale_output_factor (1.0)
    return div(g, add(g, out, x), g.float(1));
  });
}

// diffusers (0.6–0.11 era, the code the SD 1.x ONNX exports came from) CrossAttention, GEGLU FeedForward,
// BasicTransformerBlock and the spatial transformer (Transformer2DModel without linear projection).
import type { GraphBuilder, Tensor } from '../onnxBuilder';
import { add, dimOf, div, gather, matmul, mul, reshape, shapeOf, shapeVector, slice, softmax, transpose, unary } from '../ops';
import { conv2d, groupNorm, layerNorm, linear } from './layers';

/** reshape_heads_to_batch_dim: [B, S, D] → [B·heads, S, D/heads]. */
function headsToBatch(g: GraphBuilder, t: Tensor, heads: number): Tensor {
  const b = dimOf(g, t, 0);
  const s = dimOf(g, t, 1);
  const d = dimOf(g, t, 2);
  const headDim = div(g, d, g.int64(heads));
  const split = reshape(g, t, shapeVector(g, [b, s, heads, headDim]));
  const perm = transpose(g, split, [0, 2, 1, 3]);
  return reshape(g, perm, shapeVector(g, [mul(g, b, g.int64(heads)), s, headDim]));
}

/** reshape_batch_dim_to_heads: [B·heads, S, d] → [B, S, heads·d]. */
function batchToHeads(g: GraphBuilder, t: Tensor, heads: number): Tensor {
  const b = dimOf(g, t, 0);
  const s = dimOf(g, t, 1);
  const d = dimOf(g, t, 2);
  const bh = div(g, b, g.int64(heads));
  const split = reshape(g, t, shapeVector(g, [bh, heads, s, d]));
  const perm = transpose(g, split, [0, 2, 1, 3]);
  return reshape(g, perm, shapeVector(g, [div(g, b, g.int64(heads)), s, mul(g, d, g.int64(heads))]));
}

/** CrossAttention: to_q/to_k/to_v (no bias), scores = Q·Kᵀ · scale, Softmax, ·V, to_out.0. */
export function crossAttention(g: GraphBuilder, scope: string, x: Tensor, context: Tensor | null, heads: number): Tensor {
  return g.in(scope, () => {
    const inner = x.shape[2];
    const scale = Math.pow(inner / heads, -0.5);
    const q = linear(g, 'to_q', x, inner, false);
    const ctx = context ?? x;
    const k = linear(g, 'to_k', ctx, inner, false);
    const v = linear(g, 'to_v', ctx, inner, false);
    const qh = headsToBatch(g, q, heads);
    const kh = headsToBatch(g, k, heads);
    const vh = headsToBatch(g, v, heads);
    const scores = mul(g, matmul(g, qh, transpose(g, kh, [0, 2, 1])), g.float(scale));
    const probs = softmax(g, scores, -1);
    const out = batchToHeads(g, matmul(g, probs, vh), heads);
    return linear(g, 'to_out.0', out, inner, true);
  });
}

/** Exact GELU at opset < 20: x · (erf(x / √2) + 1) · 0.5. */
export function gelu(g: GraphBuilder, x: Tensor): Tensor {
  const e = unary(g, 'Erf', div(g, x, g.float(Math.SQRT2)));
  return mul(g, mul(g, x, add(g, e, g.float(1))), g.float(0.5));
}

/**
 * GEGLU: proj to 2·inner, chunk(2, dim=-1) (torch's dynamic chunk: Shape→Gather→Add→Div, Slice ×2),
 * hidden · gelu(gate).
 */
function geglu(g: GraphBuilder, scope: string, x: Tensor, inner: number): Tensor {
  return g.in(scope, () => {
    const p = linear(g, 'proj', x, inner * 2);
    const last = gather(g, shapeOf(g, p), g.int64([-1]));
    const chunk = div(g, add(g, last, g.int64([1])), g.int64([2]));
    // Split points as onnxruntime's BiasSplitGelu fusion expects them in real exports: [0, c) and [c, 2c).
    const hidden = slice(g, p, g.int64([0]), chunk, g.int64([-1]));
    const gate = slice(g, p, chunk, mul(g, chunk, g.int64([2])), g.int64([-1]));
    return mul(g, hidden, gelu(g, gate));
  });
}

function feedForward(g: GraphBuilder, scope: string, x: Tensor): Tensor {
  return g.in(scope, () => {
    const dim = x.shape[2];
    const h = geglu(g, 'net.0', x, dim * 4);
    return linear(g, 'net.2', h, dim);
  });
}

function basicTransformerBlock(g: GraphBuilder, scope: string, x: Tensor, context: Tensor, heads: number): Tensor {
  return g.in(scope, () => {
    let h = add(g, crossAttention(g, 'attn1', layerNorm(g, 'norm1', x, 1e-5), null, heads), x);
    h = add(g, crossAttention(g, 'attn2', layerNorm(g, 'norm2', h, 1e-5), context, heads), h);
    return add(g, feedForward(g, 'ff', layerNorm(g, 'norm3', h, 1e-5)), h);
  });
}

/** Spatial transformer: GroupNorm(eps 1e-6), 1×1 proj_in, NCHW → [B, H·W, C], blocks, back, 1×1 proj_out, + residual. */
export function transformer2d(
  g: GraphBuilder,
  scope: string,
  x: Tensor,
  context: Tensor,
  o: { heads: number; groups: number; depth?: number },
): Tensor {
  return g.in(scope, () => {
    const b = dimOf(g, x, 0);
    const c = dimOf(g, x, 1);
    const h = dimOf(g, x, 2);
    const w = dimOf(g, x, 3);
    const ch = x.shape[1];
    let t = groupNorm(g, 'norm', x, o.groups, 1e-6);
    t = conv2d(g, 'proj_in', t, ch, 1, 1, 0);
    t = transpose(g, t, [0, 2, 3, 1]);
    t = reshape(g, t, shapeVector(g, [b, mul(g, h, w), c]));
    for (let i = 0; i < (o.depth ?? 1); i++) t = basicTransformerBlock(g, `transformer_blocks.${i}`, t, context, o.heads);
    t = reshape(g, t, shapeVector(g, [b, h, w, c]));
    t = transpose(g, t, [0, 3, 1, 2]);
    t = conv2d(g, 'proj_out', t, ch, 1, 1, 0);
    return add(g, t, x);
  });
}

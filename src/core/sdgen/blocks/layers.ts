// torch.nn layers as torch.onnx (opset 14) decomposes them.
import type { GraphBuilder, Tensor } from '../onnxBuilder';
import { add, conv, div, gemmTransB, matmul, mul, reduceMean, reshape, shapeOf, sub, unary } from '../ops';

/** nn.Conv2d (weight and bias keep their parameter names). */
export function conv2d(g: GraphBuilder, scope: string, x: Tensor, outCh: number, k: number, stride = 1, pad = (k - 1) / 2): Tensor {
  return g.in(scope, () => {
    const w = g.param('weight', [outCh, x.shape[1], k, k]);
    const b = g.param('bias', [outCh]);
    return conv(g, x, w, b, stride, pad);
  });
}

/** nn.Linear on a 3-D input: MatMul with the folded transposed weight ("onnx::MatMul_N"), then Add(bias, ·). */
export function linear(g: GraphBuilder, scope: string, x: Tensor, outF: number, bias = true): Tensor {
  return g.in(scope, () => {
    const w = g.anonParam('MatMul', [x.shape[x.shape.length - 1], outF]);
    const y = matmul(g, x, w);
    return bias ? add(g, g.param('bias', [outF]), y) : y;
  });
}

/** nn.Linear on a 2-D input exports as Gemm(transB=1) with the named [out, in] weight. */
export function linear2d(g: GraphBuilder, scope: string, x: Tensor, outF: number): Tensor {
  return g.in(scope, () => gemmTransB(g, x, g.param('weight', [outF, x.shape[1]]), g.param('bias', [outF])));
}

/**
 * nn.GroupNorm at opset < 18 (torch's group_norm symbolic): Reshape to [N, G, -1], InstanceNormalization with
 * unit scale / zero bias constants, Reshape back to Shape(x), then Mul/Add by the affine weights, whose
 * Unsqueeze to [C, 1, 1] constant folding turns into anonymous initializers.
 */
export function groupNorm(g: GraphBuilder, scope: string, x: Tensor, groups: number, eps: number): Tensor {
  return g.in(scope, () => {
    const c = x.shape[1];
    const grouped = reshape(g, x, g.constant('int64', [0, groups, -1], [3]));
    const ones = g.constant('float32', new Array<number>(groups).fill(1), [groups]);
    const zeros = g.constant('float32', new Array<number>(groups).fill(0), [groups]);
    const inorm = g.node('InstanceNormalization', [grouped, ones, zeros], [{ dtype: x.dtype, shape: grouped.shape }], {
      epsilon: { float: eps },
    })[0];
    const back = reshape(g, inorm, shapeOf(g, x));
    const spatial = new Array<number>(x.shape.length - 2).fill(1);
    const scaled = mul(g, back, g.anonParam('Mul', [c, ...spatial]));
    return add(g, scaled, g.anonParam('Add', [c, ...spatial]));
  });
}

/** nn.LayerNorm at opset < 17: ReduceMean, Sub, Pow 2, ReduceMean, Add eps, Sqrt, Div, Mul weight, Add bias. */
export function layerNorm(g: GraphBuilder, scope: string, x: Tensor, eps: number): Tensor {
  return g.in(scope, () => {
    const d = x.shape[x.shape.length - 1];
    const mean = reduceMean(g, x, [-1]);
    const centered = sub(g, x, mean);
    const sq = g.node('Pow', [centered, g.float(2)], [{ dtype: x.dtype, shape: centered.shape }])[0];
    const variance = reduceMean(g, sq, [-1]);
    const std = unary(g, 'Sqrt', add(g, variance, g.float(eps)));
    const normed = div(g, centered, std);
    return add(g, mul(g, normed, g.param('weight', [d])), g.param('bias', [d]));
  });
}

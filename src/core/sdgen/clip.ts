// CLIPTextModel (transformers 4.2x) as the diffusers exporter writes it: input_ids int32 [batch, sequence]
// → last_hidden_state [batch, sequence, hidden], pooler_output [batch, hidden] (the EOS token's state,
// found by ArgMax over the ids). Pre-LN encoder layers with an additive causal mask built in the graph.
import type { ClipTextConfig } from './config';
import { GraphBuilder, type Tensor, type WeightMode } from './onnxBuilder';
import { add, dimOf, gather, matmul, mul, reshape, shapeVector, slice, softmax, transpose, unary, unsqueeze } from './ops';
import { layerNorm, linear } from './blocks/layers';
import { gelu } from './blocks/transformer';
import { tensorProto } from './onnxBuilder';

const FLOAT32_LOWEST = -3.4028234663852886e38;

function selfAttention(g: GraphBuilder, x: Tensor, mask: Tensor, heads: number): Tensor {
  return g.in('self_attn', () => {
    const dim = x.shape[2];
    const hd = dim / heads;
    const bsz = dimOf(g, x, 0);
    const tgt = dimOf(g, x, 1);
    const embed = dimOf(g, x, 2);
    const q = mul(g, linear(g, 'q_proj', x, dim), g.float(Math.pow(hd, -0.5)));
    // _shape(t, seq, bsz): view(bsz, seq, heads, head_dim).transpose(1, 2)
    const toHeads = (t: Tensor, seq: Tensor | number) => transpose(g, reshape(g, t, shapeVector(g, [bsz, seq, heads, hd])), [0, 2, 1, 3]);
    const k = toHeads(linear(g, 'k_proj', x, dim), -1);
    const v = toHeads(linear(g, 'v_proj', x, dim), -1);
    const projShape = () => shapeVector(g, [mul(g, bsz, g.int64(heads)), -1, hd]);
    const qh = reshape(g, toHeads(q, tgt), projShape());
    const kh = reshape(g, k, projShape());
    const vh = reshape(g, v, projShape());
    const src = dimOf(g, kh, 1);
    let w = matmul(g, qh, transpose(g, kh, [0, 2, 1]));
    w = add(g, reshape(g, w, shapeVector(g, [bsz, heads, tgt, src])), mask);
    w = reshape(g, w, shapeVector(g, [mul(g, bsz, g.int64(heads)), tgt, src]));
    let o = matmul(g, softmax(g, w, -1), vh);
    o = reshape(g, o, shapeVector(g, [bsz, heads, tgt, hd]));
    o = reshape(g, transpose(g, o, [0, 2, 1, 3]), shapeVector(g, [bsz, tgt, embed]));
    return linear(g, 'out_proj', o, dim);
  });
}

function mlp(g: GraphBuilder, x: Tensor, cfg: ClipTextConfig): Tensor {
  return g.in('mlp', () => {
    let h = linear(g, 'fc1', x, cfg.intermediateSize);
    h = g.in('activation_fn', () =>
      // quick_gelu: x · sigmoid(1.702 · x)
      cfg.hiddenAct === 'quick_gelu' ? mul(g, h, unary(g, 'Sigmoid', mul(g, h, g.float(1.702)))) : gelu(g, h),
    );
    return linear(g, 'fc2', h, x.shape[2]);
  });
}

export function buildClipTextEncoder(cfg: ClipTextConfig, weights: WeightMode, dims: { batch: number; sequence: number }): GraphBuilder {
  const g = new GraphBuilder(weights, 1000);
  const ids = g.input({ name: 'input_ids', dtype: 'int32', shape: [dims.batch, dims.sequence], dims: ['batch', 'sequence'] });
  const D = cfg.hiddenSize;
  let last: Tensor | undefined;
  let pooled: Tensor | undefined;
  g.in('text_model', () => {
    // input_ids.view(-1, input_shape[-1])
    const flat = reshape(g, ids, shapeVector(g, [-1, dimOf(g, ids, -1)]));
    const h0 = g.in('embeddings', () => {
      const seq = dimOf(g, flat, -1);
      const posIds = g.param('position_ids', [1, cfg.maxPositions], 'int64');
      const pos = slice(g, posIds, g.int64([0]), unsqueeze(g, seq, [0]), g.int64([1]), g.int64([1]));
      const tok = g.in('token_embedding', () => gather(g, g.param('weight', [cfg.vocabSize, D]), flat));
      const pe = g.in('position_embedding', () => gather(g, g.param('weight', [cfg.maxPositions, D]), pos));
      return add(g, tok, pe);
    });
    // _build_causal_attention_mask: empty(bsz, seq, seq).fill_(lowest).triu_(1).unsqueeze(1)
    const bsz = dimOf(g, ids, 0);
    const seqLen = dimOf(g, ids, 1);
    const maskShape = shapeVector(g, [bsz, seqLen, seqLen]);
    const full = g.node('ConstantOfShape', [maskShape], [{ dtype: 'float32', shape: maskShape.value! }], {
      value: { tensor: tensorProto('', 'float32', [1], [FLOAT32_LOWEST]) },
    })[0];
    const tri = g.node('Trilu', [full, g.int64(1)], [{ dtype: 'float32', shape: full.shape }], { upper: 1 })[0];
    const mask = unsqueeze(g, tri, [1]);

    let h = h0;
    g.in('encoder', () => {
      for (let i = 0; i < cfg.numLayers; i++) {
        h = g.in(`layers.${i}`, () => {
          let r = add(g, h, selfAttention(g, layerNorm(g, 'layer_norm1', h, cfg.layerNormEps), mask, cfg.numHeads));
          r = add(g, r, mlp(g, layerNorm(g, 'layer_norm2', r, cfg.layerNormEps), cfg));
          return r;
        });
      }
    });
    last = layerNorm(g, 'final_layer_norm', h, cfg.layerNormEps);
    // last_hidden_state[arange(batch), input_ids.argmax(-1)]: flattened to rows, index = b·seq + argmax
    const rows = dimOf(g, last, 0);
    const arange = g.node('Range', [g.int64(0), rows, g.int64(1)], [{ dtype: 'int64', shape: [rows.value![0]] }])[0];
    const eos = g.node('ArgMax', [flat], [{ dtype: 'int64', shape: [flat.shape[0]] }], { axis: -1, keepdims: 0, select_last_index: 0 })[0];
    const index = add(g, mul(g, arange, dimOf(g, last, 1)), eos);
    const table = reshape(g, last, shapeVector(g, [-1, dimOf(g, last, 2)]));
    pooled = gather(g, table, index);
  });
  g.output(g.renameTensor(last!, 'last_hidden_state'), ['batch', 'sequence', D]);
  g.output(g.renameTensor(pooled!, 'pooler_output'), ['batch', D]);
  return g;
}

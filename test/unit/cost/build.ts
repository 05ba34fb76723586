// Hand-built Model objects and shape maps for the cost engine's unit tests (no ONNX files needed).
import type { Model, Node, TensorInfo } from '../../../src/core/model/graph';
import type { InferredTensor } from '../../../src/core/shapes/types';

export class Net {
  nodes: Node[] = [];
  inits: TensorInfo[] = [];
  shapes = new Map<string, InferredTensor>();
  inputs: string[] = [];
  outputs: string[] = [];

  input(name: string, shape: number[]): string {
    this.inputs.push(name);
    this.shapes.set(name, { dtype: 'float32', shape });
    return name;
  }

  weight(name: string, dims: number[]): string {
    const elements = dims.reduce((a, b) => a * b, 1);
    this.inits.push({ name, dtype: 'float32', dims, elements, byteSize: elements * 4, data: { kind: 'none' } });
    this.shapes.set(name, { dtype: 'float32', shape: dims });
    return name;
  }

  op(opType: string, inputs: string[], outShape: number[], attrs: Record<string, number | number[]> = {}, name?: string): string {
    const idx = this.nodes.length;
    const out = `${name ?? opType + '_' + idx}_out`;
    const attributes: Node['attributes'] = {};
    for (const [k, v] of Object.entries(attrs)) attributes[k] = Array.isArray(v) ? { type: 'ints', value: v } : { type: 'int', value: v };
    this.nodes.push({ name: name ?? `${opType}_${idx}`, opType, domain: '', inputs, outputs: [out], attributes, index: idx });
    this.shapes.set(out, { dtype: 'float32', shape: outShape });
    return out;
  }

  output(name: string): void {
    this.outputs.push(name);
  }

  model(path = 'test.onnx'): Model {
    return {
      irVersion: 8, opsetImports: { '': 14 }, producerName: 'test', producerVersion: '', domain: '', modelVersion: 0, metadata: {},
      graph: {
        name: 'g', nodes: this.nodes, inputs: this.inputs.map((name) => ({ name })), outputs: this.outputs.map((name) => ({ name })),
        initializers: this.inits, sparseInitializers: [], valueInfo: [],
      },
      functions: [], warnings: [], source: { path, byteLength: 0 }, weightsOmitted: true,
    };
  }
}

/** A single 3x3 conv, NCHW, stride 1, pad 1. */
export function singleConv(ic: number, oc: number, h: number, w: number): Net {
  const n = new Net();
  const x = n.input('x', [1, ic, h, w]);
  const wt = n.weight('w', [oc, ic, 3, 3]);
  n.output(n.op('Conv', [x, wt], [1, oc, h, w], { pads: [1, 1, 1, 1] }, 'conv'));
  return n;
}

/** A single MatMul [m,k] x [k,n] with a constant weight. */
export function singleMatmul(m: number, k: number, nn: number): Net {
  const n = new Net();
  const x = n.input('x', [1, m, k]);
  const wt = n.weight('w', [k, nn]);
  n.output(n.op('MatMul', [x, wt], [1, m, nn], {}, 'mm'));
  return n;
}

/** Self-attention block: to_q/k/v, heads split, Q·Kᵀ, scale, softmax, ·V, merge, to_out. */
export function attentionBlock(seq: number, dim: number, heads: number): Net {
  const n = new Net();
  const d = dim / heads;
  const x = n.input('x', [1, seq, dim]);
  const proj = (nm: string, inp: string) => n.op('MatMul', [inp, n.weight(`${nm}.w`, [dim, dim])], [1, seq, dim], {}, nm);
  const split = (t: string, nm: string) => {
    const r = n.op('Reshape', [t, n.weight(`${nm}.shape`, [4])], [1, seq, heads, d], {}, `${nm}/Reshape`);
    const tr = n.op('Transpose', [r], [1, heads, seq, d], { perm: [0, 2, 1, 3] }, `${nm}/Transpose`);
    return n.op('Reshape', [tr, n.weight(`${nm}.shape2`, [3])], [heads, seq, d], {}, `${nm}/Reshape_1`);
  };
  const q = split(proj('to_q', x), 'q');
  const k = split(proj('to_k', x), 'k');
  const v = split(proj('to_v', x), 'v');
  const kt = n.op('Transpose', [k], [heads, d, seq], { perm: [0, 2, 1] }, 'kT');
  const s = n.op('MatMul', [q, kt], [heads, seq, seq], {}, 'scores');
  const sc = n.op('Mul', [s, n.weight('scale', [])], [heads, seq, seq], {}, 'scale');
  const p = n.op('Softmax', [sc], [heads, seq, seq], { axis: -1 }, 'softmax');
  const o = n.op('MatMul', [p, v], [heads, seq, d], {}, 'pv');
  const m = n.op('Reshape', [o, n.weight('merge.shape', [3])], [1, seq, dim], {}, 'merge');
  n.output(proj('to_out', m));
  return n;
}

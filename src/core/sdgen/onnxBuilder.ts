// Graph-building helpers that write ONNX the way torch.onnx (TorchScript exporter, torch >= 1.13) names things:
// nodes "/<module path>/<OpType>[_N]", outputs "<node>_output_0", named parameters "<dotted path>.weight",
// folded/anonymous weights "onnx::MatMul_NNNN". Every tensor also carries its concrete shape under the
// bindings the graph is built for, and small integer tensors carry their values, so the builder checks
// its own Shape→Gather→Concat→Reshape chains the way shape inference later has to.
import { onnx } from 'onnx-proto';
import type { DType } from '../model/graph';
import { dtypeCode, storageBytes } from '../model/dtype';

export interface Tensor {
  name: string;
  dtype: DType;
  /** Concrete shape under the build-time bindings. */
  shape: number[];
  /** Values of small constant / shape-arithmetic tensors (row-major), when known. */
  value?: number[];
}

export type AttrValue = number | number[] | string | { float: number } | { floats: number[] } | { tensor: onnx.ITensorProto };

export type WeightMode = 'omitted' | 'zeros';

export interface SymbolicInput {
  name: string;
  dtype: DType;
  /** Concrete shape used while building. */
  shape: number[];
  /** Declared dims: a number for static dims, a name (dim_param) for dynamic axes. */
  dims: Array<number | string>;
}

export class BuildError extends Error {
  constructor(node: string, message: string) {
    super(`${node}: ${message}`);
    this.name = 'BuildError';
  }
}

export function numel(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/**
 * torch writes INT64_MAX as the open end of a slice ("x[:, n:]"); numbers cannot hold it exactly: 2^63 is the
 * double nearest to 2^63 - 1, and int64Bytes writes the exact value for it.
 */
export const INT64_MAX = 2 ** 63;

function int64Bytes(values: number[]): Uint8Array {
  const a = new BigInt64Array(values.map((v) => (v >= INT64_MAX ? 9223372036854775807n : BigInt(v))));
  return new Uint8Array(a.buffer);
}

function float32Bytes(values: number[]): Uint8Array {
  return new Uint8Array(new Float32Array(values).buffer);
}

function int32Bytes(values: number[]): Uint8Array {
  return new Uint8Array(new Int32Array(values).buffer);
}

export function tensorProto(name: string, dtype: DType, dims: number[], values: number[]): onnx.ITensorProto {
  const rawData = dtype === 'int64' ? int64Bytes(values) : dtype === 'int32' ? int32Bytes(values) : float32Bytes(values);
  return { name, dataType: dtypeCode(dtype), dims, rawData };
}

function attribute(name: string, v: AttrValue): onnx.IAttributeProto {
  const T = onnx.AttributeProto.AttributeType;
  if (typeof v === 'number') return { name, type: T.INT, i: v };
  if (typeof v === 'string') return { name, type: T.STRING, s: new TextEncoder().encode(v) };
  if (Array.isArray(v)) return { name, type: T.INTS, ints: v };
  if ('float' in v) return { name, type: T.FLOAT, f: v.float };
  if ('floats' in v) return { name, type: T.FLOATS, floats: v.floats };
  return { name, type: T.TENSOR, t: v.tensor };
}

export class GraphBuilder {
  readonly nodes: onnx.INodeProto[] = [];
  readonly initializers: onnx.ITensorProto[] = [];
  readonly inputs: onnx.IValueInfoProto[] = [];
  readonly outputs: onnx.IValueInfoProto[] = [];
  /** Concrete shape and dtype of every tensor, for tests (name -> tensor). */
  readonly tensors = new Map<string, Tensor>();
  private readonly scope: string[] = [];
  private readonly nameCounts = new Map<string, number>();
  private anonCounter: number;

  constructor(readonly weights: WeightMode, anonBase: number) {
    this.anonCounter = anonBase;
  }

  /** Run fn inside a module scope (one path segment such as "down_blocks.0" or "attn1"). */
  in<T>(segment: string, fn: () => T): T {
    this.scope.push(segment);
    try {
      return fn();
    } finally {
      this.scope.pop();
    }
  }

  private nodeName(opType: string): string {
    const base = this.scope.length === 0 ? `/${opType}` : `/${this.scope.join('/')}/${opType}`;
    const n = this.nameCounts.get(base) ?? 0;
    this.nameCounts.set(base, n + 1);
    return n === 0 ? base : `${base}_${n}`;
  }

  private register(t: Tensor): Tensor {
    if (this.tensors.has(t.name)) throw new BuildError(t.name, 'tensor name defined twice');
    this.tensors.set(t.name, t);
    return t;
  }

  input(i: SymbolicInput): Tensor {
    this.inputs.push(valueInfo(i.name, i.dtype, i.dims));
    return this.register({ name: i.name, dtype: i.dtype, shape: i.shape });
  }

  output(t: Tensor, dims: Array<number | string | null>): void {
    this.outputs.push(valueInfo(t.name, t.dtype, dims));
  }

  /** A weight initializer: dims and dtype always; data only when weights are zero-filled. */
  private weight(name: string, dims: number[], dtype: DType = 'float32'): Tensor {
    const proto: onnx.ITensorProto = { name, dataType: dtypeCode(dtype), dims };
    if (this.weights === 'zeros') proto.rawData = new Uint8Array(storageBytes(dtype, numel(dims)));
    this.initializers.push(proto);
    return this.register({ name, dtype, shape: dims });
  }

  /** Named parameter of the current module, e.g. "down_blocks.0.resnets.0.conv1.weight". */
  param(local: string, dims: number[], dtype: DType = 'float32'): Tensor {
    return this.weight([...this.scope, local].join('.'), dims, dtype);
  }

  /** Parameter that constant folding renamed (transposed Linear weights, unsqueezed norm weights). */
  anonParam(consumerOp: string, dims: number[]): Tensor {
    const name = `onnx::${consumerOp}_${this.anonCounter++}`;
    return this.weight(name, dims);
  }

  /** A Constant node in the current scope (torch keeps these as nodes). */
  constant(dtype: 'int64' | 'float32' | 'int32', values: number[], dims: number[]): Tensor {
    if (numel(dims) !== values.length) throw new BuildError('Constant', `values ${values.length} vs dims ${dims}`);
    const name = this.nodeName('Constant');
    const out = `${name}_output_0`;
    this.nodes.push({
      name,
      opType: 'Constant',
      input: [],
      output: [out],
      attribute: [attribute('value', { tensor: tensorProto('', dtype, dims, values) })],
    });
    return this.register({ name: out, dtype, shape: dims, value: values });
  }

  int64(values: number[] | number): Tensor {
    return typeof values === 'number' ? this.constant('int64', [values], []) : this.constant('int64', values, [values.length]);
  }

  float(value: number): Tensor {
    return this.constant('float32', [value], []);
  }

  /** Append a node; outputs are described by the caller (ops.ts computes them). */
  node(
    opType: string,
    inputs: Array<Tensor | null>,
    outputs: Array<Omit<Tensor, 'name'>>,
    attrs: Record<string, AttrValue> = {},
  ): Tensor[] {
    const name = this.nodeName(opType);
    const outs = outputs.map((o, i) => this.register({ ...o, name: `${name}_output_${i}` }));
    this.nodes.push({
      name,
      opType,
      input: inputs.map((t) => (t === null ? '' : t.name)),
      output: outs.map((t) => t.name),
      attribute: Object.keys(attrs)
        .sort()
        .map((k) => attribute(k, attrs[k])),
    });
    return outs;
  }

  /** Rename a node output to a graph-output name (torch renames the producing value to output_names). */
  renameTensor(t: Tensor, name: string): Tensor {
    if (this.tensors.has(name)) throw new BuildError(name, 'tensor name defined twice');
    for (const n of this.nodes) {
      n.input = n.input?.map((x) => (x === t.name ? name : x));
      n.output = n.output?.map((x) => (x === t.name ? name : x));
    }
    this.tensors.delete(t.name);
    return this.register({ ...t, name });
  }

  /** Current scope as torch writes it in node names ("/down_blocks.0/resnets.0"), for messages. */
  get scopePath(): string {
    return this.scope.length === 0 ? '' : `/${this.scope.join('/')}`;
  }

  toModel(opts: { graphName: string; docString?: string; metadata: Record<string, string> }): onnx.ModelProto {
    return onnx.ModelProto.create({
      irVersion: 7, // torch.onnx writes IR 7 for opsets 12–14
      producerName: 'pytorch',
      producerVersion: '1.13.1',
      opsetImport: [{ domain: '', version: 14 }],
      graph: {
        name: opts.graphName,
        node: this.nodes,
        initializer: this.initializers,
        input: this.inputs,
        output: this.outputs,
      },
      docString: opts.docString,
      metadataProps: Object.keys(opts.metadata)
        .sort()
        .map((key) => ({ key, value: opts.metadata[key] })),
    });
  }
}

/** dims: number = dim_value, string = dim_param, null = a dimension with neither (unknown). */
export function valueInfo(name: string, dtype: DType, dims: Array<number | string | null>): onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: dtypeCode(dtype),
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : d === null ? {} : { dimParam: d })) },
      },
    },
  };
}

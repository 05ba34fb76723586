// Hand-built Model objects for unit tests (no file reading involved).
import type { AttributeValue, Dim, DType, Graph, Model, Node, TensorInfo, ValueInfo } from '../../../src/core/model/graph';
import { storageBytes } from '../../../src/core/model/dtype';

type A = AttributeValue;
export const ints = (v: number[]): A => ({ type: 'ints', value: v });
export const int = (v: number): A => ({ type: 'int', value: v });
export const float = (v: number): A => ({ type: 'float', value: v });
export const str = (v: string): A => ({ type: 'string', value: v });
export const graphAttr = (g: Graph): A => ({ type: 'graph', value: g });

let counter = 0;
export function node(opType: string, inputs: string[], outputs: string[], attributes: Record<string, A> = {}, domain = ''): Node {
  return { name: `${opType}_${counter}`, opType, domain, inputs, outputs, attributes, index: counter++ };
}

export function tensor(name: string, dtype: DType, dims: number[], values?: number[]): TensorInfo {
  const elements = dims.reduce((p, q) => p * q, 1);
  return { name, dtype, dims, elements, byteSize: storageBytes(dtype, elements), data: { kind: 'none' }, values };
}

export function vi(name: string, dtype?: DType, shape?: Dim[]): ValueInfo {
  return dtype === undefined && shape === undefined ? { name } : { name, type: { kind: 'tensor', dtype, shape } };
}

export function graph(nodes: Node[], inputs: ValueInfo[], outputs: ValueInfo[], initializers: TensorInfo[] = [], valueInfo: ValueInfo[] = []): Graph {
  nodes.forEach((n, i) => (n.index = i));
  return { name: 'g', nodes, inputs, outputs, initializers, sparseInitializers: [], valueInfo };
}

export function model(g: Graph, opset = 17, extra: Record<string, number> = {}): Model {
  return {
    irVersion: 8, opsetImports: { '': opset, ...extra }, producerName: 'test', producerVersion: '', domain: '', modelVersion: 0,
    metadata: {}, graph: g, functions: [], warnings: [], source: { path: 'mem', byteLength: 0 }, weightsOmitted: false,
  };
}

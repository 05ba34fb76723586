// The core's in-memory view of an ONNX model. Produced by the lazy reader (src/core/onnx),
// consumed by shape inference, the cost engine, the CLI and the editor. Weights are never
// held here: an initializer records where its bytes live, not the bytes (except small
// tensors, whose values shape inference needs for constant folding).

/** ONNX TensorProto.DataType names, lower-case, as printed by the CLI ("float32", "int64", "float8e4m3fn"...). */
export type DType =
  | 'undefined'
  | 'float32' | 'uint8' | 'int8' | 'uint16' | 'int16' | 'int32' | 'int64' | 'string' | 'bool'
  | 'float16' | 'float64' | 'uint32' | 'uint64' | 'complex64' | 'complex128' | 'bfloat16'
  | 'float8e4m3fn' | 'float8e4m3fnuz' | 'float8e5m2' | 'float8e5m2fnuz'
  | 'uint4' | 'int4' | 'float4e2m1' | 'float8e8m0' | 'uint2' | 'int2';

/** A dimension: a number, a named symbol ("batch", "h/8"), or null when nothing is known. */
export type Dim = number | string | null;

/** Shape of a tensor; `undefined` where the rank itself is unknown. */
export type Shape = Dim[];

export interface TypeInfo {
  /** 'tensor' for the usual case; other kinds carry the element type where there is one. */
  kind: 'tensor' | 'sparse_tensor' | 'sequence' | 'map' | 'optional' | 'opaque' | 'unknown';
  dtype?: DType;
  /** undefined = rank unknown. */
  shape?: Shape;
  /** For sequence/optional: the element type. */
  elem?: TypeInfo;
}

export interface ValueInfo {
  name: string;
  type?: TypeInfo;
  docString?: string;
}

/** Where the bytes of a tensor live. Offsets are absolute byte offsets in that file. */
export type DataLocation =
  | { kind: 'inline'; field: string; offset: number; length: number }
  | {
      kind: 'external';
      location: string;
      offset: number;
      /** undefined = "to end of file" as the ONNX spec allows. */
      length?: number;
      /** Resolved path (model folder + location) when inside the model's folder. */
      resolvedPath?: string;
      /** Set when the file is missing, outside the folder, or too short. */
      problem?: string;
    }
  | { kind: 'none' };

export interface TensorInfo {
  name: string;
  dtype: DType;
  dims: number[];
  /** Product of dims (1 for a scalar). */
  elements: number;
  /** Size of the data in bytes, from dtype and dims (sub-byte types rounded up), whether or not the data is present. */
  byteSize: number;
  data: DataLocation;
  /**
   * Decoded values, only for small tensors (<= SMALL_TENSOR_MAX_ELEMENTS elements) of numeric or bool dtype
   * whose data is inline. int64/uint64 values outside the safe-integer range are kept as bigint.
   */
  values?: Array<number | bigint>;
  docString?: string;
}

export const SMALL_TENSOR_MAX_ELEMENTS = 1024;

export interface SparseTensorInfo {
  name: string;
  values: TensorInfo;
  indices: TensorInfo;
  dims: number[];
}

export type AttributeValue =
  | { type: 'float'; value: number }
  | { type: 'int'; value: number | bigint }
  | { type: 'string'; value: string }
  | { type: 'tensor'; value: TensorInfo }
  | { type: 'graph'; value: Graph }
  | { type: 'sparse_tensor'; value: SparseTensorInfo }
  | { type: 'type_proto'; value: TypeInfo }
  | { type: 'floats'; value: number[] }
  | { type: 'ints'; value: Array<number | bigint> }
  | { type: 'strings'; value: string[] }
  | { type: 'tensors'; value: TensorInfo[] }
  | { type: 'graphs'; value: Graph[] }
  | { type: 'sparse_tensors'; value: SparseTensorInfo[] }
  | { type: 'type_protos'; value: TypeInfo[] }
  /** A reference to an attribute of the enclosing function (AttributeProto.ref_attr_name). */
  | { type: 'ref'; value: string };

export interface Node {
  /** May be empty in the file; the reader keeps it as-is. Use nodeLabel() for display. */
  name: string;
  opType: string;
  /** '' and 'ai.onnx' both mean the default domain; the reader normalises to ''. */
  domain: string;
  /** Empty string = an omitted optional input/output, as in the file. */
  inputs: string[];
  outputs: string[];
  attributes: Record<string, AttributeValue>;
  docString?: string;
  /** Index of the node in its graph, stable identifier when names are missing or repeated. */
  index: number;
}

export interface Graph {
  name: string;
  nodes: Node[];
  inputs: ValueInfo[];
  outputs: ValueInfo[];
  initializers: TensorInfo[];
  sparseInitializers: SparseTensorInfo[];
  valueInfo: ValueInfo[];
  docString?: string;
}

export interface FunctionDef {
  name: string;
  domain: string;
  overload?: string;
  inputs: string[];
  outputs: string[];
  attributes: string[];
  nodes: Node[];
  opsetImports: Record<string, number>;
  docString?: string;
}

export interface Model {
  irVersion: number;
  /** Domain ('' for ai.onnx) -> version. Empty when the model has no opset_import (IR v1/v2). */
  opsetImports: Record<string, number>;
  producerName: string;
  producerVersion: string;
  domain: string;
  modelVersion: number;
  docString?: string;
  metadata: Record<string, string>;
  graph: Graph;
  functions: FunctionDef[];
  /** Non-fatal problems found while reading (missing external files, unknown fields skipped...). */
  warnings: string[];
  /** Where the model came from, for messages. */
  source: { path: string; byteLength: number };
  /** True when metadata says weights were deliberately left out (our SD samples: metadata "weights" = "omitted"). */
  weightsOmitted: boolean;
}

/** Display name for a node: its name, or `<opType>_<index>` when unnamed. */
export function nodeLabel(node: Node): string {
  return node.name !== '' ? node.name : `${node.opType}_${node.index}`;
}

/** Normalise an operator domain: 'ai.onnx' and '' are the same. */
export function normalizeDomain(domain: string | undefined): string {
  return domain === undefined || domain === 'ai.onnx' ? '' : domain;
}

/** Histogram key for an op: bare for the default domain, `domain::op` otherwise. */
export function opKey(domain: string, opType: string): string {
  const d = normalizeDomain(domain);
  return d === '' ? opType : `${d}::${opType}`;
}

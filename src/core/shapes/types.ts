// Contract between shape inference and its consumers (cost engine, CLI, editor).
import type { DType, Dim, Shape } from '../model/graph';

export interface InferredTensor {
  dtype?: DType;
  /** undefined = rank unknown; null entries = unknown dims; strings = symbolic dims ("batch", "2*batch", "height/8"). */
  shape?: Shape;
  /** Constant-folded values (small integer/bool/float tensors only: shape arithmetic). */
  value?: Array<number | bigint>;
  /** Folded values with symbolic entries ("batch", "seq+past"), when some are not numbers. (added by shapes) */
  symbolicValue?: Dim[];
  /** Set for non-tensor values: a sequence or optional of `elem`. (added by shapes) */
  kind?: 'sequence' | 'optional' | 'map' | 'opaque';
  elem?: InferredTensor;
}

export interface UnknownTensor {
  tensor: string;
  /** Label of the node that produces it (nodeLabel). */
  node: string;
  opType: string;
  reason: string;
}

export interface ShapeConflict {
  tensor: string;
  node: string;
  declared: string;
  inferred: string;
}

export interface ShapeBindings {
  /** Symbol -> value, e.g. { batch: 2 }. */
  dims?: Record<string, number>;
  /** Graph input -> full shape, e.g. { sample: [2, 4, 64, 64] }. */
  inputs?: Record<string, number[]>;
  /** Graph input -> known values (e.g. a shape tensor fed at run time), used by constant folding. (added by shapes) */
  values?: Record<string, Array<number | bigint>>;
}

export interface ShapeResult {
  /** Every tensor name seen in the main graph (inputs, initializers, node outputs) and in subgraphs (subgraph names prefixed are not needed: names are global in ONNX SSA). */
  tensors: Map<string, InferredTensor>;
  unknown: UnknownTensor[];
  conflicts: ShapeConflict[];
  /** Op types (domain::op keys) that have no inference function. */
  unsupportedOps: string[];
}

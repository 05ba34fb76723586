// Shape and dtype inference for every tensor of a model. Synchronous and pure: the cost engine
// and the editor call it (the editor again whenever the user re-binds a symbolic dim).
import type { Model } from '../model/graph';
import { runInference } from './infer';
import type { ShapeBindings, ShapeResult } from './types';

export function inferShapes(model: Model, bindings: ShapeBindings = {}): ShapeResult {
  return runInference(model, bindings);
}

export { formatShape, formatTensorType } from './format';
export { parseDimBinding, parseInputBinding, bindingsFrom, BindingError } from './bindings';
export { registeredOps } from './registry';
export type { InferredTensor, ShapeBindings, ShapeResult, ShapeConflict, UnknownTensor } from './types';
export { unboundDims, cliFlagsFor, type UnboundDim, type ProposalSource } from './unbound';
export { ShapeInternalError } from './errors';
export { ModelError, ModelLimitError, ModelStructureError, MAX_TENSOR_ELEMENTS } from '../model/errors';

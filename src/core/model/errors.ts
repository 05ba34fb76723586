// Typed errors for models that are well-formed protobuf but not a valid graph (cycles, recursive functions,
// impossible dims), and the documented limits they enforce. Front ends treat every ModelError as bad input
// (the CLI exits 2 with the message; the editor shows an error view), never as a crash.

/**
 * Largest element count accepted for one tensor: 2^40 (about 1.1e12 elements, 4.4 TB at float32).
 * The largest real tensors (LLM embeddings, KV caches) are around 1e10; anything beyond this is a corrupt or
 * hostile dim, and figures computed from it (MACs, bytes, latency) would be nonsense, so it is refused.
 */
export const MAX_TENSOR_ELEMENTS = 2 ** 40;

/** Largest rank accepted for one tensor (onnxruntime and real exports stay far below; bounds per-dim arrays). */
export const MAX_TENSOR_RANK = 64;

/**
 * Budget on nodes visited while expanding model-local function calls (memoised per call signature, so
 * a real model never comes near it): stops exponential call trees with an error naming the function.
 */
export const MAX_FUNCTION_EXPANSION_NODES = 200_000;

/** Base class: the model is invalid input. `names` are the tensors, nodes or functions the error is about. */
export class ModelError extends Error {
  override readonly name: string = 'ModelError';
  constructor(
    message: string,
    readonly kind: 'cycle' | 'function-recursion' | 'function-expansion' | 'negative-dim' | 'too-many-elements' | 'too-many-dims',
    readonly names: string[],
  ) {
    super(message);
  }
}

/** The graph is not a DAG, or a function calls itself: names the nodes / functions on the cycle. */
export class ModelStructureError extends ModelError {
  override readonly name = 'ModelStructureError';
}

/** A dim or element count outside the documented limits (negative dims, > MAX_TENSOR_ELEMENTS): names the tensor. */
export class ModelLimitError extends ModelError {
  override readonly name = 'ModelLimitError';
}

/** Element count of numeric dims (symbols and unknowns skipped); Infinity-safe (stops once past the limit). */
export function knownElements(dims: ReadonlyArray<number | string | null>): number {
  let n = 1;
  for (const d of dims) if (typeof d === 'number') n *= d;
  return n;
}

/**
 * Why a shape is refused (undefined when fine): a negative dim (declared shapes may use -1, the TensorRT-style
 * "dynamic" marker that shape inference reads as unknown), more than MAX_TENSOR_RANK dims, or too many elements. */
export function dimsProblem(dims: ReadonlyArray<number | string | null>, allowMinusOne = false): { kind: ModelError['kind']; text: string } | undefined {
  if (dims.length > MAX_TENSOR_RANK) return { kind: 'too-many-dims', text: `has ${dims.length} dims, more than the limit of ${MAX_TENSOR_RANK}` };
  for (const d of dims)
    if (typeof d === 'number' && (d < 0 || !Number.isSafeInteger(d)) && !(allowMinusOne && d === -1)) return { kind: 'negative-dim', text: `has an invalid dim ${d} in [${dims.map(fmtDim).join(',')}]` };
  const n = knownElements(dims);
  if (n > MAX_TENSOR_ELEMENTS)
    return { kind: 'too-many-elements', text: `has ${n.toExponential(2)} elements ([${dims.map(fmtDim).join(',')}]), more than the limit of 2^40 per tensor` };
  return undefined;
}

function fmtDim(d: number | string | null): string {
  return d === null ? '?' : String(d);
}

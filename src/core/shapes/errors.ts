// Shape inference's own failure: an exception that is not an InferError (a reason the node's outputs are
// unknown) is a bug in an inference function. It is reported with the node, not folded into a warning,
// so the CLI exits 2 and the editor shows an error instead of a half-inferred model.

export class ShapeInternalError extends Error {
  override readonly name = 'ShapeInternalError';
  constructor(
    /** Label of the node being inferred (nodeLabel). */
    readonly node: string,
    readonly opType: string,
    override readonly cause: unknown,
  ) {
    super(`internal error in shape inference at node '${node}' (${opType}): ${cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause)}; please report this model`);
  }
}

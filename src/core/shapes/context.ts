// What an op's inference function sees (its inputs' types and folded values, its attributes,
// the opset) and what it returns. Kept separate from the graph walk so op files stay small.
import type { AttributeValue, DType, Dim, Graph, Node, TensorInfo } from '../model/graph';
import { MAX_TENSOR_RANK } from '../model/errors';

/** Internal type of a value: tensor (default), sequence or optional with an element type. */
export interface TVal {
  kind?: 'tensor' | 'sequence' | 'optional' | 'map' | 'opaque';
  dtype?: DType;
  shape?: Dim[];
  /** Folded values (row-major), entries may be symbolic dims or null (unknown element). */
  value?: Dim[];
  /** Element type for sequence/optional. */
  elem?: TVal;
  /** For sequences whose length and elements are known (SequenceConstruct, Insert...). */
  items?: TVal[];
}

/** Thrown by inference functions: the node's outputs become unknown with this reason. */
export class InferError extends Error {}

export function fail(reason: string): never {
  throw new InferError(reason);
}

/** A shape-determining input's values are not known (data-dependent): a rank-only fallback may apply. */
export class ValueUnknownError extends InferError {}

/** Infers subgraph bodies in a given outer scope (implemented by the graph walk). */
export interface SubgraphRunner {
  runGraph(graph: Graph, inputs: Array<TVal | undefined>, scope: unknown): Array<TVal | undefined>;
}

function intOf(v: number | bigint): number {
  return typeof v === 'bigint' ? Number(v) : v;
}

export class OpContext {
  constructor(
    readonly node: Node,
    readonly inputs: Array<TVal | undefined>,
    readonly opset: number,
    private readonly runner: SubgraphRunner,
    private readonly scope: unknown,
  ) {}

  /** Infer a subgraph body with given input types, the node's scope as outer scope; returns output types. */
  runSubgraph(graph: Graph, inputs: Array<TVal | undefined>): Array<TVal | undefined> {
    return this.runner.runGraph(graph, inputs, this.scope);
  }

  get numOutputs(): number {
    return this.node.outputs.length;
  }

  /** Input i, or undefined when omitted (empty name) or absent. */
  in(i: number): TVal | undefined {
    return this.inputs[i];
  }

  has(i: number): boolean {
    return i < this.node.inputs.length && this.node.inputs[i] !== '';
  }

  /** Input i's type, failing with a reason when it is not known. */
  req(i: number): TVal {
    const t = this.inputs[i];
    if (!t) fail(this.has(i) ? `input ${i} (${this.node.inputs[i]}) has unknown type` : `input ${i} is missing`);
    return t;
  }

  /** Input i's shape, failing when the rank is unknown. */
  shape(i: number): Dim[] {
    const t = this.req(i);
    if (!t.shape) fail(`rank of input ${i} (${this.node.inputs[i]}) is unknown`);
    return t.shape;
  }

  dtype(i: number): DType | undefined {
    return this.inputs[i]?.dtype;
  }

  /** Folded values of input i, failing when they are not known (data-dependent). */
  values(i: number, what = 'values'): Dim[] {
    const t = this.inputs[i];
    if (!t || !t.value) throw new ValueUnknownError(`${what} (input ${i}, ${this.node.inputs[i] ?? '?'}) is not a constant`);
    return t.value;
  }

  /** Folded values of input i as plain integers (failing on symbols/unknowns). */
  ints(i: number, what = 'values'): number[] {
    const v = this.values(i, what);
    return v.map((x) => {
      if (typeof x !== 'number') throw new ValueUnknownError(`${what} (input ${i}) is not fully constant`);
      return x;
    });
  }

  attr(name: string): AttributeValue | undefined {
    return this.node.attributes[name];
  }

  int(name: string, def: number): number;
  int(name: string): number | undefined;
  int(name: string, def?: number): number | undefined {
    const a = this.node.attributes[name];
    if (!a) return def;
    if (a.type === 'int') return intOf(a.value);
    if (a.type === 'float') return a.value;
    return def;
  }

  float(name: string, def: number): number {
    const a = this.node.attributes[name];
    if (a?.type === 'float') return a.value;
    if (a?.type === 'int') return intOf(a.value);
    return def;
  }

  intList(name: string): number[] | undefined {
    const a = this.node.attributes[name];
    if (!a) return undefined;
    if (a.type === 'ints') return a.value.map(intOf);
    if (a.type === 'int') return [intOf(a.value)];
    return undefined;
  }

  floatList(name: string): number[] | undefined {
    const a = this.node.attributes[name];
    if (a?.type === 'floats') return a.value;
    if (a?.type === 'ints') return a.value.map(intOf);
    return undefined;
  }

  str(name: string, def: string): string {
    const a = this.node.attributes[name];
    return a?.type === 'string' ? a.value : def;
  }

  tensor(name: string): TensorInfo | undefined {
    const a = this.node.attributes[name];
    return a?.type === 'tensor' ? a.value : undefined;
  }

  graph(name: string): Graph | undefined {
    const a = this.node.attributes[name];
    return a?.type === 'graph' ? a.value : undefined;
  }
}

/** Result of an op function: one entry per output (undefined = leave unknown). */
export type InferFn = (ctx: OpContext) => Array<TVal | undefined>;

/** Normalise a possibly negative axis against a rank, failing when out of range. */
export function normAxis(axis: number, rank: number): number {
  const a = axis < 0 ? axis + rank : axis;
  if (a < 0 || a >= rank) fail(`axis ${axis} out of range for rank ${rank}`);
  return a;
}

export function tensorOf(dtype: DType | undefined, shape: Dim[] | undefined, value?: Dim[]): TVal {
  return value ? { dtype, shape, value } : { dtype, shape };
}

/** Values from a TensorInfo as dims (bigint -> number). */
export function valuesOfTensor(t: TensorInfo): Dim[] | undefined {
  if (!t.values) return undefined;
  return t.values.map((v) => (typeof v === 'bigint' ? Number(v) : v));
}

/** `n` unknown dims, for an output whose rank is a tensor's length; fails beyond MAX_TENSOR_RANK (no huge arrays). */
export function unknownDims(n: number): Dim[] {
  if (!Number.isSafeInteger(n) || n < 0 || n > MAX_TENSOR_RANK) fail(`output rank ${n} is beyond the limit of ${MAX_TENSOR_RANK} dims`);
  return new Array<Dim>(n).fill(null);
}

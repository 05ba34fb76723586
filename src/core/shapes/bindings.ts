// Parsing of user bindings: `--dim batch=2` and `--input sample=2x4x64x64` (also editor settings).
import type { ShapeBindings } from './types';

export class BindingError extends Error {}

/** 'batch=2' -> ['batch', 2]. */
export function parseDimBinding(text: string): [string, number] {
  const m = /^\s*([^=\s]+)\s*=\s*(\d+)\s*$/.exec(text);
  if (!m) throw new BindingError(`bad dim binding '${text}': expected SYMBOL=N, e.g. batch=2`);
  return [m[1], Number(m[2])];
}

/** 'sample=2x4x64x64' -> ['sample', [2,4,64,64]]; 'scalar=' is a rank-0 input. */
export function parseInputBinding(text: string): [string, number[]] {
  const eq = text.lastIndexOf('=');
  if (eq <= 0) throw new BindingError(`bad input binding '${text}': expected NAME=AxBxC, e.g. sample=2x4x64x64`);
  const name = text.slice(0, eq).trim();
  const spec = text.slice(eq + 1).trim();
  if (spec === '') return [name, []];
  const dims = spec.split(/[x,×]/).map((s) => s.trim());
  if (dims.some((d) => !/^\d+$/.test(d))) throw new BindingError(`bad input binding '${text}': dims must be non-negative integers separated by 'x'`);
  return [name, dims.map(Number)];
}

/** Build bindings from lists of `--dim` and `--input` strings. */
export function bindingsFrom(dims: string[], inputs: string[]): ShapeBindings {
  const b: ShapeBindings = {};
  if (dims.length) b.dims = Object.fromEntries(dims.map(parseDimBinding));
  if (inputs.length) b.inputs = Object.fromEntries(inputs.map(parseInputBinding));
  return b;
}

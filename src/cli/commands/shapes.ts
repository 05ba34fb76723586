// `onnx-npu-profile shapes PATH [--json] [--dim SYM=N]... [--input NAME=AxBxC]...`
// Prints every tensor's dtype and shape after inference (graph inputs, node outputs, initializers).
import { loadModelFile } from '../../node/loadModelFile';
import { inferShapes, formatTensorType, bindingsFrom, BindingError } from '../../core/shapes';
import type { InferredTensor, ShapeResult } from '../../core/shapes/types';
import type { Model } from '../../core/model/graph';

const USAGE = 'usage: onnx-npu-profile shapes PATH [--json] [--dim SYM=N]... [--input NAME=AxBxC]...';

interface ShapesArgs {
  path: string;
  json: boolean;
  dims: string[];
  inputs: string[];
}

function parseArgs(args: string[]): ShapesArgs | string {
  const out: ShapesArgs = { path: '', json: false, dims: [], inputs: [] };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = (flag: string): string | undefined => {
      if (a.startsWith(flag + '=')) return a.slice(flag.length + 1);
      return args[++i];
    };
    if (a === '--json') out.json = true;
    else if (a === '--dim' || a.startsWith('--dim=')) {
      const v = value('--dim');
      if (v === undefined) return '--dim needs SYM=N';
      out.dims.push(v);
    } else if (a === '--input' || a.startsWith('--input=')) {
      const v = value('--input');
      if (v === undefined) return '--input needs NAME=AxBxC';
      out.inputs.push(v);
    } else if (a === '--help' || a === '-h') return 'help';
    else if (a.startsWith('-')) return `unknown option '${a}'`;
    else if (out.path === '') out.path = a;
    else return `unexpected argument '${a}'`;
  }
  if (out.path === '') return 'missing model PATH';
  return out;
}

/** Tensor names in display order: graph inputs, node outputs in node order, then initializers. */
function orderedNames(model: Model, result: ShapeResult): string[] {
  const seen = new Set<string>();
  const names: string[] = [];
  const add = (n: string) => {
    if (n && !seen.has(n) && result.tensors.has(n)) {
      seen.add(n);
      names.push(n);
    }
  };
  model.graph.inputs.forEach((i) => add(i.name));
  model.graph.nodes.forEach((n) => n.outputs.forEach(add));
  model.graph.initializers.forEach((t) => add(t.name));
  for (const n of result.tensors.keys()) add(n); // subgraph tensors
  return names;
}

function jsonTensor(t: InferredTensor): unknown {
  if (t.kind) return { kind: t.kind, ...(t.elem ? { elem: jsonTensor(t.elem) } : {}) };
  return { dtype: t.dtype ?? null, shape: t.shape ?? null };
}

export async function runShapes(args: string[]): Promise<number> {
  const parsed = parseArgs(args);
  if (typeof parsed === 'string') {
    if (parsed === 'help') {
      console.log(USAGE);
      return 0;
    }
    console.error(`onnx-npu-profile shapes: ${parsed}\n${USAGE}`);
    return 2;
  }
  let bindings;
  try {
    bindings = bindingsFrom(parsed.dims, parsed.inputs);
  } catch (e) {
    if (e instanceof BindingError) {
      console.error(`onnx-npu-profile shapes: ${e.message}`);
      return 2;
    }
    throw e;
  }
  const model = await loadModelFile(parsed.path);
  for (const name of Object.keys(bindings.inputs ?? {}))
    if (!model.graph.inputs.some((i) => i.name === name)) {
      console.error(`onnx-npu-profile shapes: --input ${name}: the model has no graph input named '${name}' (inputs: ${model.graph.inputs.map((i) => i.name).join(', ')})`);
      return 2;
    }
  const result = inferShapes(model, bindings);
  const names = orderedNames(model, result);
  if (parsed.json) {
    // One tensor per line: readable and still valid JSON.
    const lines = names.map((n) => `  ${JSON.stringify(n)}: ${JSON.stringify(jsonTensor(result.tensors.get(n)!))}`);
    const rest = (k: string, v: unknown) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`;
    console.log(`{"tensors": {\n${lines.join(',\n')}\n },\n ${rest('unknown', result.unknown)},\n ${rest('conflicts', result.conflicts)},\n ${rest('unsupportedOps', result.unsupportedOps)}\n}`);
    return 0;
  }
  const width = Math.min(60, Math.max(8, ...names.map((n) => n.length)));
  for (const n of names) console.log(`${n.padEnd(width)}  ${formatTensorType(result.tensors.get(n))}`);
  console.log('');
  console.log(`${names.length} tensors, ${result.unknown.length} not fully known, ${result.conflicts.length} conflicts with declared types`);
  for (const u of result.unknown.slice(0, 20)) console.log(`  unknown ${u.tensor} (${u.opType} ${u.node}): ${u.reason}`);
  if (result.unknown.length > 20) console.log(`  ... ${result.unknown.length - 20} more (use --json)`);
  for (const c of result.conflicts) console.log(`  conflict ${c.tensor} (${c.node}): declared ${c.declared}, inferred ${c.inferred}`);
  if (result.unsupportedOps.length) console.log(`  ops without shape inference: ${result.unsupportedOps.join(', ')}`);
  return 0;
}

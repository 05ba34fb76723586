// `onnx-npu-profile shapes PATH [--json] [--dim SYM=N]... [--input NAME=AxBxC]...`
// Prints every tensor's dtype and shape after inference (graph inputs, node outputs, initializers).
import { loadModelFile } from '../../node/loadModelFile';
import { inferShapes, formatTensorType } from '../../core/shapes';
import { externalRoots, flag, onePath, parse, userBindings } from '../args';
import { guarded, stdio, type Command } from '../command';
import { ArgError, EXIT_OK } from '../errors';
import type { InferredTensor, ShapeResult } from '../../core/shapes/types';
import type { Model } from '../../core/model/graph';

const USAGE = 'usage: onnx-npu-profile shapes PATH [--json] [--dim SYM=N]... [--input NAME=AxBxC]... [--allow-external-outside DIR]...';

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

export const runShapes: Command = async (args, io = stdio()) =>
  guarded('shapes', io, USAGE, async () => {
    const p = parse(args, { json: { type: 'boolean' }, dim: { type: 'string', multiple: true }, input: { type: 'string', multiple: true }, 'allow-external-outside': { type: 'string', multiple: true } });
    if (flag(p, 'help')) {
      await io.out(USAGE + '\n');
      return EXIT_OK;
    }
    const path = onePath(p, 'model PATH');
    if (path === undefined) throw new ArgError('missing model PATH');
    const bindings = userBindings(p);
    const model = await loadModelFile(path, { syncReads: true, allowExternalOutside: externalRoots(p) });
    for (const name of Object.keys(bindings.inputs ?? {}))
      if (!model.graph.inputs.some((i) => i.name === name))
        throw new ArgError(`--input ${name}: the model has no graph input named '${name}' (inputs: ${model.graph.inputs.map((i) => i.name).join(', ')})`);
    const result = inferShapes(model, bindings);
    await io.out(flag(p, 'json') ? jsonText(model, result) : text(model, result));
    return EXIT_OK;
  });

function jsonText(model: Model, result: ShapeResult): string {
  const names = orderedNames(model, result);
  // One tensor per line: readable and still valid JSON.
  const lines = names.map((n) => `  ${JSON.stringify(n)}: ${JSON.stringify(jsonTensor(result.tensors.get(n)!))}`);
  const rest = (k: string, v: unknown) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`;
  return `{"tensors": {\n${lines.join(',\n')}\n },\n ${rest('unknown', result.unknown)},\n ${rest('conflicts', result.conflicts)},\n ${rest('unsupportedOps', result.unsupportedOps)}\n}\n`;
}

function text(model: Model, result: ShapeResult): string {
  const names = orderedNames(model, result);
  const out: string[] = [];
  const width = Math.min(60, Math.max(8, ...names.map((n) => n.length)));
  for (const n of names) out.push(`${n.padEnd(width)}  ${formatTensorType(result.tensors.get(n))}`);
  out.push('');
  out.push(`${names.length} tensors, ${result.unknown.length} not fully known, ${result.conflicts.length} conflicts with declared types`);
  for (const u of result.unknown.slice(0, 20)) out.push(`  unknown ${u.tensor} (${u.opType} ${u.node}): ${u.reason}`);
  if (result.unknown.length > 20) out.push(`  ... ${result.unknown.length - 20} more (use --json)`);
  for (const c of result.conflicts) out.push(`  conflict ${c.tensor} (${c.node}): declared ${c.declared}, inferred ${c.inferred}`);
  if (result.unsupportedOps.length) out.push(`  ops without shape inference: ${result.unsupportedOps.join(', ')}`);
  return out.join('\n') + '\n';
}

// Model + inferred shapes -> the compact graph the editor webview receives (names, ops, scopes,
// typed tensor refs, edges by index). Weights, attributes and doc strings are left out on purpose:
// the payload stays small for a 5,000-node UNet and carries fewer stranger-controlled strings.
import type { Model, TypeInfo } from '../model/graph';
import { nodeLabel } from '../model/graph';
import type { InferredTensor, ShapeResult } from '../shapes/types';
import { formatTensorType } from '../shapes/format';
import { assignScopes } from './hierarchy';
import type { CompactGraph, ViewEdge, ViewTensorRef } from './protocol';

export function buildCompactGraph(model: Model, shapes?: ShapeResult): CompactGraph {
  const g = model.graph;
  const unknownReason = new Map<string, string>();
  for (const u of shapes?.unknown ?? []) if (!unknownReason.has(u.tensor)) unknownReason.set(u.tensor, u.reason);
  const declared = new Map<string, TypeInfo | undefined>();
  for (const v of [...g.inputs, ...g.outputs, ...g.valueInfo]) declared.set(v.name, v.type);
  for (const t of g.initializers) declared.set(t.name, { kind: 'tensor', dtype: t.dtype, shape: t.dims });

  const typeOf = (name: string): string => {
    const inferred = shapes?.tensors.get(name);
    if (inferred && (inferred.dtype !== undefined || inferred.shape !== undefined || inferred.kind !== undefined)) return formatTensorType(inferred);
    const d = declared.get(name);
    if (d) return formatTypeInfo(d);
    const why = unknownReason.get(name);
    return why ? `? (${why})` : '?';
  };
  // A tensor is referenced by its producer and every consumer: format its type once.
  const refs = new Map<string, ViewTensorRef>();
  const ref = (name: string): ViewTensorRef => {
    let r = refs.get(name);
    if (!r) refs.set(name, (r = { name, type: typeOf(name) }));
    return r;
  };

  const producer = new Map<string, number>();
  g.nodes.forEach((n, i) => n.outputs.forEach((o) => o !== '' && producer.set(o, i)));
  const edges: ViewEdge[] = [];
  g.nodes.forEach((n, i) => {
    const seen = new Set<string>();
    for (const input of n.inputs) {
      const p = input === '' ? undefined : producer.get(input);
      // One edge per producer/consumer pair and tensor; a node reading the same tensor twice gets one.
      const key = `${p}\u0000${input}`;
      if (p !== undefined && p !== i && !seen.has(key)) {
        seen.add(key);
        edges.push({ from: p, to: i, tensor: input });
      }
    }
  });
  const labels = g.nodes.map(nodeLabel);
  const opTypes = g.nodes.map((n) => (n.domain === '' ? n.opType : `${n.domain}::${n.opType}`));
  const scopes = assignScopes(labels, edges, undefined, { types: g.nodes.map((n) => (n.outputs[0] ? typeOf(n.outputs[0]) : '')), ops: opTypes });
  const nodes = g.nodes.map((n, i) => ({
    name: labels[i],
    opType: opTypes[i],
    scope: scopes[i],
    inputs: n.inputs.filter((x) => x !== '').map(ref),
    outputs: n.outputs.filter((x) => x !== '').map(ref),
  }));

  const notes: string[] = [];
  if (model.weightsOmitted) notes.push('Weights omitted in this file (metadata weights=omitted): costs use the declared tensor sizes.');
  for (const w of model.warnings.slice(0, 20)) notes.push(w);
  if (model.warnings.length > 20) notes.push(`…and ${model.warnings.length - 20} more warnings`);
  if (shapes && shapes.unknown.length > 0) notes.push(`${shapes.unknown.length} tensor shape(s) unknown: their layers are costed as free. Bind symbolic dims (setting onnxNpuProfiler.dimBindings, CLI --dim).`);

  const base = model.source.path.split(/[\\/]/).pop() ?? '';
  return {
    title: g.name !== '' ? `${base} — ${g.name}` : base,
    notes,
    nodes,
    edges,
    inputs: g.inputs.filter((v) => !g.initializers.some((t) => t.name === v.name)).map((v) => ref(v.name)),
    outputs: g.outputs.map((v) => ref(v.name)),
  };
}

// Same display as shapes' formatTensorType ("float16 [2,320,64,64]", "? [batch,77]", "float32 [?]").
export function formatInferred(t: InferredTensor): string {
  return formatTensorType(t);
}

/** Declared types (value_info, graph inputs) in the same format as inferred ones. */
export function formatTypeInfo(t: TypeInfo): string {
  switch (t.kind) {
    case 'tensor':
    case 'sparse_tensor':
      return (t.kind === 'sparse_tensor' ? 'sparse ' : '') + formatInferred({ dtype: t.dtype, shape: t.shape });
    case 'sequence':
    case 'optional':
      return `${t.kind}<${t.elem ? formatTypeInfo(t.elem) : '?'}>`;
    default:
      return t.kind;
  }
}

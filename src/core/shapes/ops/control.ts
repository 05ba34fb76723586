// Control flow: If/Loop/Scan bodies are inferred with the outer scope visible.
import type { Dim, Graph } from '../../model/graph';
import { register } from '../registry';
import { fail, normAxis, type TVal } from '../context';

/**
 * The type of an If output whose branch is not known: per the ONNX spec, same rank → per-dim merge (unknown where
 * the branches disagree), different rank → unknown rank. A branch whose output is unknown makes the merge unknown
 * (keeping the other's dtype), never the other branch's shape.
 */
export function merge(a: TVal | undefined, b: TVal | undefined): TVal | undefined {
  if (!a || !b) {
    const dtype = (a ?? b)?.dtype;
    return dtype ? { dtype } : undefined;
  }
  if (a.kind === 'sequence' || a.kind === 'optional') return { kind: a.kind, elem: merge(a.elem, b.elem) };
  const shape = a.shape && b.shape && a.shape.length === b.shape.length ? a.shape.map((d, i) => (d === b.shape![i] ? d : null)) : undefined;
  return { dtype: a.dtype ?? b.dtype, shape };
}

register('', 'If', (ctx) => {
  const thenG = ctx.graph('then_branch') ?? fail('If: then_branch missing');
  const elseG = ctx.graph('else_branch') ?? fail('If: else_branch missing');
  const cond = ctx.in(0)?.value?.[0];
  const t = ctx.runSubgraph(thenG, []);
  const e = ctx.runSubgraph(elseG, []);
  if (cond === 1) return t;
  if (cond === 0) return e;
  return t.map((x, i) => merge(x, e[i]));
});

function withoutValue(t: TVal | undefined): TVal | undefined {
  return t ? { ...t, value: undefined } : undefined;
}

register('', 'Loop', (ctx) => {
  const body: Graph = ctx.graph('body') ?? fail('Loop: body missing');
  const nCarried = ctx.node.inputs.length - 2;
  const trip = ctx.has(0) ? ctx.in(0)?.value?.[0] ?? null : null;
  const carried = ctx.node.inputs.slice(2).map((_, i) => withoutValue(ctx.in(i + 2)));
  const bodyIn: Array<TVal | undefined> = [{ dtype: 'int64', shape: [] }, { dtype: 'bool', shape: [] }, ...carried];
  const out = ctx.runSubgraph(body, bodyIn);
  const res: Array<TVal | undefined> = [];
  for (let i = 0; i < nCarried; i++) {
    // A carried value's shape may change between iterations: keep only what body and init agree on.
    res.push(mergeCarried(carried[i], out[i + 1]));
  }
  const condIsConstTrue = !ctx.has(1) || ctx.in(1)?.value?.[0] === 1;
  const iterations: Dim = typeof trip === 'number' && condIsConstTrue && !bodyMayStop(body) ? trip : null;
  for (let i = 1 + nCarried; i < out.length; i++) {
    const o = out[i];
    res.push(o?.shape ? { dtype: o.dtype, shape: [iterations, ...o.shape] } : { dtype: o?.dtype });
  }
  return res;
});

function mergeCarried(init: TVal | undefined, fromBody: TVal | undefined): TVal | undefined {
  if (!fromBody) return init;
  if (!init) return fromBody;
  return merge(init, fromBody);
}

/** The loop may stop early if its condition output is computed rather than passed through. */
function bodyMayStop(body: Graph): boolean {
  const condOut = body.outputs[0]?.name;
  const condIn = body.inputs[1]?.name;
  if (condOut === condIn) return false;
  const producer = body.nodes.find((n) => n.outputs.includes(condOut));
  return !(producer && producer.opType === 'Identity' && producer.inputs[0] === condIn);
}

register('', 'Scan', (ctx) => {
  const body: Graph = ctx.graph('body') ?? fail('Scan: body missing');
  const m = ctx.int('num_scan_inputs') ?? fail('Scan: num_scan_inputs missing');
  const opset8 = ctx.opset < 9;
  const inputs = ctx.node.inputs.map((_, i) => ctx.in(i));
  const first = opset8 ? 1 : 0; // opset 8 has an optional sequence_lens first input
  const stateIn = inputs.slice(first, inputs.length - m);
  const scanIn = inputs.slice(inputs.length - m);
  const n = stateIn.length;
  const inAxes = ctx.intList('scan_input_axes') ?? new Array<number>(m).fill(0);
  let seqLen: Dim = null;
  const bodyScan = scanIn.map((t, j) => {
    if (!t?.shape) return t;
    const axis = opset8 ? 1 : normAxis(inAxes[j], t.shape.length);
    if (seqLen === null) seqLen = t.shape[axis];
    const shape = t.shape.filter((_, k) => k !== axis);
    return { dtype: t.dtype, shape: opset8 ? shape.slice(1) : shape };
  });
  const batch = opset8 ? scanIn[0]?.shape?.[0] ?? null : undefined;
  const bodyState = opset8 ? stateIn.map((t) => (t?.shape ? { dtype: t.dtype, shape: t.shape.slice(1) } : t)) : stateIn;
  const out = ctx.runSubgraph(body, [...bodyState.map(withoutValue), ...bodyScan]);
  const outAxes = ctx.intList('scan_output_axes') ?? new Array<number>(out.length - n).fill(0);
  const res: Array<TVal | undefined> = [];
  for (let i = 0; i < out.length; i++) {
    const o = out[i];
    if (i < n) {
      res.push(opset8 ? (o?.shape ? { dtype: o.dtype, shape: [batch ?? null, ...o.shape] } : o) : o);
      continue;
    }
    if (!o?.shape) {
      res.push(o ? { dtype: o.dtype } : undefined);
      continue;
    }
    const shape = [...o.shape];
    if (opset8) res.push({ dtype: o.dtype, shape: [batch ?? null, seqLen, ...shape] });
    else {
      const axis = normAxis(outAxes[i - n], shape.length + 1);
      shape.splice(axis, 0, seqLen);
      res.push({ dtype: o.dtype, shape });
    }
  }
  return res;
});

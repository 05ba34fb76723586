// `onnx-npu-profile inspect PATH [--json]`: what is in an ONNX file, read lazily (weights are never loaded).
import { formatBytes } from '../../core/cost/units';
import { inspectModel, type InspectIO, type InspectReport } from '../../core/onnx/inspect';
import { loadModelFile } from '../../node/loadModelFile';
import { externalRoots, flag, onePath, parse } from '../args';
import { guarded, stdio, type Command } from '../command';
import { ArgError, EXIT_OK } from '../errors';

const USAGE = 'usage: onnx-npu-profile inspect PATH [--json] [--allow-external-outside DIR]...';

export const runInspect: Command = async (args, io = stdio()) =>
  guarded('inspect', io, USAGE, async () => {
    const p = parse(args, { json: { type: 'boolean' }, 'allow-external-outside': { type: 'string', multiple: true } });
    if (flag(p, 'help')) {
      await io.out(USAGE + '\n');
      return EXIT_OK;
    }
    const path = onePath(p, 'model path');
    if (path === undefined) throw new ArgError('expected one model path');
    const report = inspectModel(await loadModelFile(path, { syncReads: true, allowExternalOutside: externalRoots(p) }));
    await io.out((flag(p, 'json') ? JSON.stringify(report, null, 2) : formatReport(report)) + '\n');
    return EXIT_OK;
  });

function fmtBytes(n: number): string {
  return formatBytes(n);
}

function fmtIO(v: InspectIO): string {
  const shape = v.shape === null ? '?' : `[${v.shape.map((d) => (d === null ? '?' : String(d))).join(', ')}]`;
  return `  ${v.name}: ${v.dtype ?? '?'} ${shape}`;
}

function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => '  ' + r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  '));
}

export function formatReport(r: InspectReport): string {
  const out: string[] = [];
  out.push(`${r.file} (${fmtBytes(r.fileBytes)})`);
  out.push(`IR version ${r.irVersion}   producer: ${r.producer || '(none)'}`);
  const ops = Object.entries(r.opsets).map(([d, v]) => `${d === '' ? 'ai.onnx' : d} ${v}`);
  out.push(`opsets: ${ops.length ? ops.join(', ') : '(none declared)'}`);
  out.push(`nodes: ${r.nodeCount} in the main graph` + (r.subgraphs ? `, ${r.subgraphs} subgraphs` : '') + (r.functions ? `, ${r.functions} local functions` : ''));
  out.push('', 'op histogram (all graphs and functions):');
  const hist = Object.entries(r.opHistogram).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  if (hist.length) out.push(...table(hist.map(([k, v]) => [k, String(v)])));
  out.push('', `initializers: ${r.initializers.count}, ${r.initializers.elements.toLocaleString('en-US')} elements, ${fmtBytes(r.initializers.bytes)}` + (r.weightsOmitted ? ' (weights omitted in this file)' : ''));
  const c = r.weights.fromConstants;
  out.push(`weights: ${r.weights.count} tensors, ${r.weights.elements.toLocaleString('en-US')} elements, ${fmtBytes(r.weights.bytes)}` + (c.count ? ` (${c.count} held in Constant nodes, ${fmtBytes(c.bytes)})` : ''));
  const dt = Object.entries(r.initializers.byDtype).sort((a, b) => b[1].bytes - a[1].bytes);
  if (dt.length) out.push(...table([['dtype', 'count', 'elements', 'bytes'], ...dt.map(([k, v]) => [k, String(v.count), v.elements.toLocaleString('en-US'), fmtBytes(v.bytes)])]));
  out.push('', 'inputs:', ...r.inputs.map(fmtIO), 'outputs:', ...r.outputs.map(fmtIO));
  if (r.externalFiles.length) {
    out.push('', 'external data files:');
    for (const e of r.externalFiles) out.push(`  ${e.location}: ${e.tensors} tensors, ${fmtBytes(e.bytes)}` + (e.problem ? `  !! ${e.problem}` : ''));
  }
  if (r.warnings.length) out.push('', 'warnings:', ...r.warnings.map((w) => `  - ${w}`));
  return out.join('\n');
}

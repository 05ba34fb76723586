// `onnx-npu-profile profile [PATH] [options]`: NPU cost per layer and stage of a model or a diffusers pipeline.
// PATH: a diffusers pipeline folder (with model_index.json) or one .onnx file; default: the bundled samples/sd15.
import { resolve } from 'node:path';
import { costPrepared } from '../../core/cost/engine';
import { ablate, type AblationRow } from '../../core/cost/ablation';
import type { HardwareConfig } from '../../core/cost/hardware';
import { formatBytes } from '../../core/cost/units';
import { DEFAULT_SWEEP, logSizes, profile, sweepSram, type LoadedTarget, type Profile, type SweepResult } from '../../core/profile';
import { HARDWARE_HELP, HARDWARE_OPTIONS, TARGET_HELP, TARGET_OPTIONS, choice, flag, nonNegNumber, onePath, parse, posInt, str, type Parsed } from '../args';
import { guarded, stdio, type Command } from '../command';
import { EXIT_GATE, EXIT_OK } from '../errors';
import { profileTable, type AttentionNote } from '../format/profileText';
import { checkGates } from '../gates';
import type { CliIO } from '../io';
import { progressBar } from '../progress';
import { formatFromFile, renderProfile } from '../reports';
import { loadFromArgs, oneHardware } from '../target';

export const PROFILE_USAGE = [
  'usage: onnx-npu-profile profile [PATH] [options]',
  '  PATH                 diffusers folder with model_index.json, or a .onnx file (default: bundled samples/sd15);',
  '                       a stage file (<folder>/unet/model.onnx) is bound as its pipeline runs it',
  ...HARDWARE_HELP,
  ...TARGET_HELP,
  '  --format FMT         table | json | csv | md | html (default table); --json = --format json',
  '  --out FILE           write the output to FILE instead of stdout',
  '  --report FILE        also write a report (.html, .md, .csv or .json by the file name) and say where',
  '  --top N              layers listed in the table (default 15)',
  '  --no-sweep           html/md reports: leave out the SRAM sweep (default: 16 sizes, 0.5MB..64MB)',
  '  --cfg-batch          classifier-free guidance as batch 2: guided stages run once per pair, one weight stream',
  '  --ablate             per stage, latency and DDR bytes with each mechanism off and on (JSON: "ablation")',
  '  --fail-if-latency-ms N   exit 1 when latency exceeds N ms (a pipeline: per image; a model: per run)',
  '  --fail-if-spills N       exit 1 when more than N layers spill to DDR',
].join('\n');

const FORMATS = ['table', 'json', 'csv', 'md', 'html'] as const;

export const PROFILE_OPTIONS = {
  ...HARDWARE_OPTIONS,
  ...TARGET_OPTIONS,
  format: { type: 'string' },
  json: { type: 'boolean' },
  out: { type: 'string' },
  report: { type: 'string' },
  top: { type: 'string' },
  'no-sweep': { type: 'boolean' },
  'cfg-batch': { type: 'boolean' },
  ablate: { type: 'boolean' },
  'fail-if-latency-ms': { type: 'string' },
  'fail-if-spills': { type: 'string' },
} as const;

/** The same stages with the other attention mode, for stages that have attention (the table shows the difference). */
function compareAttention(loaded: LoadedTarget, p: Profile, hw: HardwareConfig): AttentionNote[] {
  const other = hw.attention === 'flash' ? 'materialized' : 'flash';
  const out: AttentionNote[] = [];
  loaded.stages.forEach((s, i) => {
    if (!p.layers.some((l) => l.stage === s.name && l.macClass === 'attention')) return;
    const alt = costPrepared(s.prepared, { ...hw, attention: other });
    out.push({ stage: s.name, mode: hw.attention, latencyMs: p.stages[i].latencyMs, otherMode: other, otherLatencyMs: alt.totals.latencyMs });
  });
  return out;
}

/** "mechanism  stage  off → on ms  off → on DDR" lines for --ablate in the table format. */
function ablationTable(rows: AblationRow[]): string {
  const lines = ['', 'ablation (each mechanism off -> on, everything else as configured; cfgBatch: two batch-1 runs -> one batch-2 run):'];
  lines.push(`${'mechanism'.padEnd(24)}${'stage'.padEnd(14)}${'ms/run off -> on'.padStart(22)}${'DDR off -> on'.padStart(26)}`);
  for (const r of rows)
    for (const s of r.stages)
      lines.push(`${r.mechanism.padEnd(24)}${s.name.padEnd(14)}${`${s.latencyMsOff.toFixed(1)} -> ${s.latencyMsOn.toFixed(1)}`.padStart(22)}${`${formatBytes(s.ddrBytesOff)} -> ${formatBytes(s.ddrBytesOn)}`.padStart(26)}`);
  return lines.join('\n') + '\n';
}

export async function writeOutput(io: CliIO, text: string, out: string | undefined): Promise<void> {
  if (out === undefined) return void (await io.out(text));
  await io.writeFile(out, text);
  await io.out(`wrote ${out} (${formatBytes(Buffer.byteLength(text))})\n`);
}

async function run(p: Parsed, io: CliIO): Promise<number> {
  const format = flag(p, 'json') ? 'json' : choice(p, 'format', FORMATS, 'table');
  const top = posInt(p, 'top', 15);
  const gates = { latencyMs: nonNegNumber(p, 'fail-if-latency-ms'), spills: nonNegNumber(p, 'fail-if-spills') };
  const report = str(p, 'report');
  const reportFormat = report !== undefined ? formatFromFile(report) : undefined;
  const hw = await oneHardware(p);
  const progress = progressBar(io);
  let result: Profile;
  let loaded: LoadedTarget;
  try {
    loaded = await loadFromArgs(p, onePath(p), progress);
    progress.update(1, 1, 'costing');
    result = profile(loaded, hw, { cfgBatch: flag(p, 'cfg-batch') });
  } finally {
    await progress.end();
  }
  // The html and md reports show an SRAM sweep around the profile (costed on the same prepared graphs).
  const wantsSweep = (f: string | undefined) => (f === 'html' || f === 'md') && !flag(p, 'no-sweep');
  let sweep: SweepResult | undefined;
  if (wantsSweep(format) || wantsSweep(reportFormat)) {
    sweep = sweepSram(loaded, hw, logSizes(DEFAULT_SWEEP.lo, DEFAULT_SWEEP.hi, DEFAULT_SWEEP.points), (d, t) => progress.update(d, t, 'SRAM sweep for the report'));
    await progress.end();
  }
  let text = format === 'table' ? profileTable(result, top, compareAttention(loaded, result, hw)) : renderProfile(result, format, { sweep, top });
  if (flag(p, 'ablate')) {
    const rows = ablate(loaded.stages.map((s) => ({ name: s.name, prepared: s.prepared, runsPerImage: s.runsPerImage })), hw);
    if (format === 'json') text = JSON.stringify({ ...JSON.parse(text), ablation: rows }, null, 2) + '\n';
    else if (format === 'table') text += ablationTable(rows);
  }
  await writeOutput(io, text, str(p, 'out'));
  if (report !== undefined && reportFormat !== undefined) {
    const body = renderProfile(result, reportFormat, { sweep, top });
    await io.writeFile(report, body);
    await io.out(`report: ${resolve(report)} (${formatBytes(Buffer.byteLength(body))})\n`);
  }
  const gate = checkGates(result, gates);
  if (gate) {
    await io.err(`onnx-npu-profile profile: ${gate}\n`);
    return EXIT_GATE;
  }
  return EXIT_OK;
}

export const runProfile: Command = async (args, io = stdio()) =>
  guarded('profile', io, PROFILE_USAGE, async () => {
    const p = parse(args, PROFILE_OPTIONS);
    if (flag(p, 'help')) {
      await io.out(PROFILE_USAGE + '\n');
      return EXIT_OK;
    }
    return run(p, io);
  });

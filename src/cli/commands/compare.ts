// `onnx-npu-profile compare PATH --hw A --hw B`: two hardware configurations side by side (ratio = b / a of latency).
import { readFile } from 'node:fs/promises';
import { compareHardware, resolveHardware } from '../../core/profile';
import { HARDWARE_HELP, HARDWARE_OPTIONS, TARGET_HELP, TARGET_OPTIONS, choice, flag, hardwareOverrides, onePath, parse, posInt, str, type Parsed } from '../args';
import { guarded, stdio, type Command } from '../command';
import { ArgError, EXIT_OK } from '../errors';
import { compareTable } from '../format/compareText';
import type { CliIO } from '../io';
import { progressBar } from '../progress';
import { renderCompare } from '../reports';
import { hardwareSpecs, loadFromArgs } from '../target';
import { writeOutput } from './profile';

export const COMPARE_USAGE = [
  'usage: onnx-npu-profile compare PATH --hw A --hw B [options]',
  '  PATH                 diffusers folder or .onnx file (default: bundled samples/sd15)',
  '  --hw A --hw B        two presets or *.npuhw.json files (the overrides below apply to both)',
  '  --format FMT         table | json | md | html (default table)',
  '  --out FILE           write the output to FILE instead of stdout',
  '  --top N              layers listed (default 15)',
  ...HARDWARE_HELP.filter((l) => !l.includes('--hw')),
  ...TARGET_HELP,
].join('\n');

const FORMATS = ['table', 'json', 'md', 'html'] as const;

async function run(p: Parsed, io: CliIO): Promise<number> {
  const format = choice(p, 'format', FORMATS, 'table');
  const top = posInt(p, 'top', 15);
  const specs = hardwareSpecs(p);
  if (specs.length !== 2) throw new ArgError(`--hw must be given exactly twice (A and B), got ${specs.length}`);
  const overrides = hardwareOverrides(p);
  const [a, b] = await Promise.all(specs.map((s) => resolveHardware(s, (f) => readFile(f, 'utf8'), overrides)));
  const progress = progressBar(io);
  let text: string;
  try {
    const loaded = await loadFromArgs(p, onePath(p), progress);
    progress.update(1, 1, 'costing on both');
    const result = compareHardware(loaded, a, b, top);
    text = format === 'table' ? compareTable(result) : renderCompare(result, format);
  } finally {
    await progress.end();
  }
  await writeOutput(io, text, str(p, 'out'));
  return EXIT_OK;
}

export const runCompare: Command = async (args, io = stdio()) =>
  guarded('compare', io, COMPARE_USAGE, async () => {
    const p = parse(args, { ...HARDWARE_OPTIONS, ...TARGET_OPTIONS, top: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' } });
    if (flag(p, 'help')) {
      await io.out(COMPARE_USAGE + '\n');
      return EXIT_OK;
    }
    return run(p, io);
  });

// `onnx-npu-profile sweep PATH --sram A..B [--points N]`: latency, DDR traffic and spills against SRAM size, and the knee.
import { logSizes, parseSramRange, sweepSram } from '../../core/profile';
import { HARDWARE_HELP, HARDWARE_OPTIONS, TARGET_HELP, TARGET_OPTIONS, choice, flag, onePath, parse, posInt, str, type Parsed } from '../args';
import { guarded, stdio, type Command } from '../command';
import { ArgError, EXIT_OK } from '../errors';
import { sweepTable } from '../format/sweepText';
import type { CliIO } from '../io';
import { progressBar } from '../progress';
import { renderSweep } from '../reports';
import { loadFromArgs, oneHardware } from '../target';
import { writeOutput } from './profile';

export const SWEEP_USAGE = [
  'usage: onnx-npu-profile sweep PATH --sram A..B [options]',
  '  PATH                 diffusers folder or .onnx file (default: bundled samples/sd15)',
  '  --sram A..B          SRAM range, e.g. 0.5MB..64MB (log-spaced points, both ends included)',
  '  --points N           number of sizes (default 16)',
  '  --format FMT         table | json | csv | html (default table)',
  '  --out FILE           write the output to FILE instead of stdout',
  ...HARDWARE_HELP.filter((l) => !l.includes('--sram')),
  ...TARGET_HELP,
  'knee: the smallest SRAM size past which latency per image improves by less than 5% up to the end of the range',
].join('\n');

const FORMATS = ['table', 'json', 'csv', 'html'] as const;

async function run(p: Parsed, io: CliIO): Promise<number> {
  const format = choice(p, 'format', FORMATS, 'table');
  const range = str(p, 'sram');
  if (range === undefined) throw new ArgError('--sram A..B is required, e.g. --sram 0.5MB..64MB');
  const [lo, hi] = parseSramRange(range);
  const sizes = logSizes(lo, hi, posInt(p, 'points', 16));
  const hw = await oneHardware(p, true);
  const progress = progressBar(io);
  let text: string;
  try {
    const loaded = await loadFromArgs(p, onePath(p), progress);
    const result = sweepSram(loaded, hw, sizes, (done, total) => progress.update(done, total, `SRAM point ${done}/${total}`));
    await progress.end();
    text = format === 'table' ? sweepTable(result) : renderSweep(result, format);
  } finally {
    await progress.end();
  }
  await writeOutput(io, text, str(p, 'out'));
  return EXIT_OK;
}

export const runSweep: Command = async (args, io = stdio()) =>
  guarded('sweep', io, SWEEP_USAGE, async () => {
    const p = parse(args, { ...HARDWARE_OPTIONS, ...TARGET_OPTIONS, points: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' } });
    if (flag(p, 'help')) {
      await io.out(SWEEP_USAGE + '\n');
      return EXIT_OK;
    }
    return run(p, io);
  });

// The frame every subcommand runs in: parse, run, and turn any failure into one stderr line with exit 2.
import { EXIT_BAD_INPUT, errorLine } from './errors';
import { stdio, type CliIO } from './io';

export type Command = (args: string[], io?: CliIO) => Promise<number>;

/** Runs `body`; an exception becomes "onnx-npu-profile NAME: <one line>" on stderr and exit 2. */
export async function guarded(name: string, io: CliIO, usage: string, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (e) {
    const hint = e instanceof Error && e.name === 'ArgError' ? ` (usage: ${usage.split('\n')[0].replace(/^usage: /, '')})` : '';
    await io.err(`onnx-npu-profile ${name}: ${errorLine(e)}${hint}\n`);
    return EXIT_BAD_INPUT;
  }
}

export { stdio };

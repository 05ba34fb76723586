// Runs a CLI subcommand in-process and captures what it writes (stdout, stderr, files given to --out/--report).
import { writeFile } from 'node:fs/promises';
import type { CliIO } from '../../src/cli/io';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

export interface CaptureOptions {
  /** Pretend stderr is a terminal (progress bar drawn). */
  tty?: boolean;
}

export async function captureCli(run: (args: string[], io?: CliIO) => Promise<number>, args: string[], opts: CaptureOptions = {}): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = {
    out: (t) => void out.push(t),
    err: (t) => void err.push(t),
    errIsTTY: opts.tty ?? false,
    writeFile: (path, text) => writeFile(path, text),
  };
  const code = await run(args, io);
  return { code, out: out.join(''), err: err.join('') };
}

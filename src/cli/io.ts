// Where a subcommand's output goes. The dispatcher passes the process's streams; tests pass their own.
import { writeFile } from 'node:fs/promises';

export interface CliIO {
  out(text: string): void | Promise<void>;
  err(text: string): void | Promise<void>;
  /** True when stderr is a terminal: only then is a progress bar drawn. */
  readonly errIsTTY: boolean;
  writeFile(path: string, text: string): Promise<void>;
}

// Resolve once the text is flushed, so nothing is cut off when the process ends with a large piped JSON.
const write = (stream: NodeJS.WriteStream, text: string) => new Promise<void>((res) => stream.write(text, () => res()));

export function stdio(): CliIO {
  return {
    out: (t) => write(process.stdout, t),
    err: (t) => write(process.stderr, t),
    errIsTTY: process.stderr.isTTY === true,
    writeFile: (path, text) => writeFile(path, text),
  };
}

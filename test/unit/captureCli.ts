// Runs a CLI subcommand in-process and captures what it prints (console.log / console.error).
export interface CliRun {
  code: number;
  out: string;
  err: string;
}

export async function captureCli(run: (args: string[]) => Promise<number>, args: string[]): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const log = console.log;
  const error = console.error;
  console.log = (...a: unknown[]) => void out.push(a.join(' '));
  console.error = (...a: unknown[]) => void err.push(a.join(' '));
  try {
    const code = await run(args);
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    console.log = log;
    console.error = error;
  }
}

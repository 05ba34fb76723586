#!/usr/bin/env node
// onnx-npu-profile: the core from a terminal. Each subcommand lives in ./commands/<name>.ts.
import { runInspect } from './commands/inspect';
import { runShapes } from './commands/shapes';
import { runProfile } from './commands/profile';

type Command = (args: string[]) => Promise<number>;

const commands: Record<string, { run: Command; summary: string }> = {
  inspect: { run: runInspect, summary: 'inspect PATH [--json]            model summary: IR, opsets, ops, initializers, I/O' },
  shapes: { run: runShapes, summary: 'shapes PATH [--json] [--dim S=N] [--input NAME=AxB]   every tensor dtype and shape' },
  profile: { run: runProfile, summary: 'profile [PATH] [--hw PRESET] [--format json|table]   NPU cost per layer and stage' },
};

function usage(): string {
  return ['usage: onnx-npu-profile <command> [options]', '', ...Object.values(commands).map((c) => '  ' + c.summary)].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h') {
    console.log(usage());
    return name === undefined ? 2 : 0;
  }
  const cmd = commands[name];
  if (!cmd) {
    console.error(`onnx-npu-profile: unknown command '${name}'\n${usage()}`);
    return 2;
  }
  return cmd.run(rest);
}

// exitCode rather than process.exit(): exiting at once would cut off output still
// queued for a pipe (large --json reports are well over the 64 KB pipe buffer).
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(`onnx-npu-profile: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 2;
  },
);

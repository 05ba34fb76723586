#!/usr/bin/env node
// onnx-npu-profile: the core from a terminal. Each subcommand lives in ./commands/<name>.ts.
// Exit codes: 0 success; 1 a --fail-if-* gate tripped; 2 bad input (one stderr line naming the file or argument).
import type { Command } from './command';
import { errorLine } from './errors';
import { runCompare } from './commands/compare';
import { runGenerate } from './commands/generate';
import { runInspect } from './commands/inspect';
import { runPresets } from './commands/presets';
import { runProfile } from './commands/profile';
import { runShapes } from './commands/shapes';
import { runSweep } from './commands/sweep';

const commands: Record<string, { run: Command; summary: string }> = {
  inspect: { run: runInspect, summary: 'inspect PATH [--json]                     model summary: IR, opsets, ops, initializers, I/O' },
  shapes: { run: runShapes, summary: 'shapes PATH [--json] [--dim S=N] [--input NAME=AxB]   every tensor dtype and shape' },
  profile: { run: runProfile, summary: 'profile [PATH] [--hw P] [--format table|json|csv|md|html] [--out F] [--fail-if-…]   NPU cost per layer and stage' },
  sweep: { run: runSweep, summary: 'sweep [PATH] --sram A..B [--points N] [--format table|json|csv|html]   latency vs SRAM size, knee' },
  compare: { run: runCompare, summary: 'compare [PATH] --hw A --hw B [--format table|json|md|html]   two NPUs side by side' },
  presets: { run: runPresets, summary: 'presets [--json]                          hardware presets with their sources' },
  generate: { run: runGenerate, summary: 'generate [--config sd15|sd14|sd15-inpainting|tiny|DIR] --out DIR   architecture-exact SD ONNX folder, no weights' },
};

function usage(): string {
  return [
    'usage: onnx-npu-profile <command> [options]   (<command> --help for its options)',
    '',
    ...Object.values(commands).map((c) => '  ' + c.summary),
    '',
    'exit codes: 0 ok, 1 a --fail-if-* gate tripped, 2 bad input',
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h') {
    (name === undefined ? console.error : console.log)(usage());
    return name === undefined ? 2 : 0;
  }
  const cmd = commands[name];
  if (!cmd) {
    console.error(`onnx-npu-profile: unknown command '${name}' (commands: ${Object.keys(commands).join(', ')})`);
    return 2;
  }
  return cmd.run(rest);
}

// exitCode rather than process.exit(): exiting at once would cut off output still
// queued for a pipe (large JSON reports are well over the 64 KB pipe buffer).
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(`onnx-npu-profile: ${errorLine(err)}`);
    process.exitCode = 2;
  },
);

// The dispatcher as a process: exit codes for no command, an unknown command, --help, and a subcommand's code passed on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './helpers';

const cli = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'cli', 'main.ts'), ...args], { cwd: ROOT, encoding: 'utf8' });

test('onnx-npu-profile: usage, unknown command, subcommand exit codes', () => {
  const none = cli();
  assert.equal(none.status, 2);
  assert.match(none.stderr, /usage: onnx-npu-profile <command>/);
  const help = cli('--help');
  assert.equal(help.status, 0);
  for (const c of ['inspect', 'shapes', 'profile', 'sweep', 'compare', 'presets']) assert.match(help.stdout, new RegExp(`^  ${c} `, 'm'));
  const bad = cli('frobnicate');
  assert.equal(bad.status, 2);
  assert.match(bad.stderr.trimEnd(), /^onnx-npu-profile: unknown command 'frobnicate' \(commands: [a-z, ]*profile[a-z, ]*\)$/);
  const missing = cli('profile', '/no/such.onnx');
  assert.equal(missing.status, 2);
  assert.equal(missing.stderr.trimEnd(), 'onnx-npu-profile profile: /no/such.onnx: no such file or folder');
  assert.equal(cli('presets').status, 0);
});

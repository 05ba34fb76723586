// What profile, sweep and compare share: the default target (the bundled SD 1.5 pipeline), hardware from --hw, and
// loading through the core entry point with a progress bar.
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { HardwareConfig } from '../core/cost/hardware';
import { loadTarget, resolveHardware, type LoadedTarget } from '../core/profile';
import { nodeProfileFiles } from '../node/profileFiles';
import { externalRoots, hardwareOverrides, list, pipelineOptions, str, userBindings, type Parsed } from './args';
import { ArgError } from './errors';
import type { Progress } from './progress';

export const DEFAULT_PRESET = 'expedera-8k';

/** The package root (holds package.json and samples/), found from this file's location: works from src/ and dist/. */
export function packageRoot(): string {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const pj = join(dir, 'package.json');
    if (existsSync(pj)) {
      try {
        if ((JSON.parse(readFileSync(pj, 'utf8')) as { name?: unknown }).name === 'onnx-npu-profiler') return dir;
      } catch {
        /* keep walking */
      }
    }
    dir = dirname(dir);
  }
  return process.cwd();
}

export function defaultTargetPath(): string {
  return join(packageRoot(), 'samples', 'sd15');
}

/** The --hw values (and the older --hw-file), in order. */
export function hardwareSpecs(p: Parsed): string[] {
  const specs = list(p, 'hw');
  const file = str(p, 'hw-file');
  if (file !== undefined) specs.push(file);
  return specs;
}

/** One hardware config: --hw (a preset or a file; default expedera-8k) with the command-line overrides. */
export async function oneHardware(p: Parsed, skipSram = false): Promise<HardwareConfig> {
  const specs = hardwareSpecs(p);
  if (specs.length > 1) throw new ArgError(`--hw given ${specs.length} times; this command takes one (compare takes two)`);
  return resolveHardware(specs[0] ?? DEFAULT_PRESET, (f) => readFile(f, 'utf8'), hardwareOverrides(p, skipSram));
}

export async function loadFromArgs(p: Parsed, path: string | undefined, progress: Progress): Promise<LoadedTarget> {
  const files = nodeProfileFiles({ syncReads: true, allowExternalOutside: externalRoots(p) });
  return loadTarget(files, path ?? defaultTargetPath(), {
    bindings: userBindings(p),
    pipeline: pipelineOptions(p),
    onProgress: (s) => progress.update(s.done, s.total, s.label),
  });
}

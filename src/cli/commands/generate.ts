// `onnx-npu-profile generate [--config sd15|sd14|sd15-inpainting|tiny|DIR] --out DIR [--weights omitted|zeros] [--force]`
// Writes an architecture-exact diffusers ONNX pipeline folder (model_index.json, text_encoder/, unet/, vae_decoder/)
// for a Stable Diffusion config: one of the bundled ones, or the configs of a diffusers checkpoint folder (DIR with
// unet/, vae/, text_encoder/ config.json). For an architect without an export: the graphs match the torch.onnx
// export's nodes, shapes, parameters and MACs; the weights are omitted (dtype and dims only), so the folder
// profiles but does not run.
import { access, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { formatBytes } from '../../core/cost/units';
import { SdConfigError } from '../../core/sdgen/config';
import { SD_CONFIG_NAMES, SD_CONFIGS, isSdConfigName, type SdConfigSet } from '../../core/sdgen/configs';
import { generateSdPipeline, type GeneratedFile } from '../../core/sdgen/generate';
import { readSdConfigFolder } from '../../node/sdConfigFolder';
import { choice, flag, parse, str } from '../args';
import { guarded, stdio, type Command } from '../command';
import { ArgError, EXIT_OK } from '../errors';

const USAGE = [
  `usage: onnx-npu-profile generate [--config ${SD_CONFIG_NAMES.join('|')}|DIR] --out DIR [--weights omitted|zeros] [--force]`,
  '  --config   a bundled Stable Diffusion config (default sd15), or a diffusers checkpoint folder whose',
  '             unet/, vae/ and text_encoder/ config.json are read (weights are never read)',
  '  --out      the pipeline folder to write (created if missing)',
  '  --weights  omitted (default): initializers carry dtype and dims only; zeros: zero-filled, runnable, large',
  '  --force    overwrite model files already in --out',
].join('\n');

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

async function configFrom(arg: string): Promise<SdConfigSet> {
  if (isSdConfigName(arg)) return SD_CONFIGS[arg];
  if (!(await exists(arg))) throw new ArgError(`--config ${arg}: neither a bundled config (${SD_CONFIG_NAMES.join(', ')}) nor a folder`);
  return readSdConfigFolder(arg);
}

export const runGenerate: Command = async (args, io = stdio()) =>
  guarded('generate', io, USAGE, async () => {
    const p = parse(args, { config: { type: 'string' }, out: { type: 'string' }, weights: { type: 'string' }, force: { type: 'boolean' } });
    if (flag(p, 'help')) {
      await io.out(USAGE + '\n');
      return EXIT_OK;
    }
    if (p.positionals.length) throw new ArgError(`unexpected argument '${p.positionals[0]}' (the folder to write is --out DIR)`);
    const out = str(p, 'out');
    if (!out) throw new ArgError('missing --out DIR');
    const weights = choice(p, 'weights', ['omitted', 'zeros'] as const, 'omitted');
    let set: SdConfigSet;
    let files: GeneratedFile[];
    try {
      set = await configFrom(str(p, 'config') ?? 'sd15');
      files = generateSdPipeline(set, { weights });
    } catch (e) {
      // A checkpoint folder's config missing, unreadable or not buildable: bad input, named by file and key.
      if (e instanceof SdConfigError) throw new ArgError(e.message);
      throw e;
    }
    const dir = resolve(out);
    if (!flag(p, 'force')) {
      const taken: string[] = [];
      for (const f of files) if (f.path.endsWith('.onnx') && (await exists(join(dir, f.path)))) taken.push(f.path);
      if (taken.length) throw new ArgError(`--out ${out}: already holds ${taken.join(', ')} (--force overwrites)`);
    }
    let total = 0;
    for (const f of files) {
      const path = join(dir, f.path);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, f.bytes);
      total += f.bytes.length;
      await io.out(`${path}  ${formatBytes(f.bytes.length)}\n`);
    }
    const note = weights === 'omitted' ? 'weights omitted: profile it, do not run it' : 'weights zero-filled: runs, computes nothing meaningful';
    await io.out(`${set.name} (${set.title}): ${files.length} files, ${formatBytes(total)} in ${dir}; ${note}\n`);
    return EXIT_OK;
  });

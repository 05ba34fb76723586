// Node-only: a diffusers checkpoint folder's configs (unet/, vae/, text_encoder/ config.json, optional
// scheduler/scheduler_config.json) as a generator config set. Only the small JSON files are read, never weights.
import { readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { SdConfigError } from '../core/sdgen/config';
import type { Json, SdConfigSet } from '../core/sdgen/configs';

async function readJson(dir: string, rel: string, required: boolean): Promise<Json | undefined> {
  const file = join(dir, rel);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (!required && code === 'ENOENT') return undefined;
    throw new SdConfigError(file, code === 'ENOENT' ? 'not found (a diffusers checkpoint folder has unet/, vae/ and text_encoder/ configs)' : `cannot read: ${code ?? String(e)}`);
  }
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new SdConfigError(file, `not JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new SdConfigError(file, 'must be a JSON object');
  return v as Json;
}

export async function readSdConfigFolder(dir: string): Promise<SdConfigSet> {
  const abs = resolve(dir);
  const [unet, vae, textEncoder, scheduler] = await Promise.all([
    readJson(abs, join('unet', 'config.json'), true),
    readJson(abs, join('vae', 'config.json'), true),
    readJson(abs, join('text_encoder', 'config.json'), true),
    readJson(abs, join('scheduler', 'scheduler_config.json'), false),
  ]);
  return { name: basename(abs), title: `configs from ${abs}`, unet: unet!, vae: vae!, textEncoder: textEncoder!, ...(scheduler ? { scheduler } : {}) };
}

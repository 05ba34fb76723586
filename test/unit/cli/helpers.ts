// Small models and a temp folder for the CLI tests (written with onnx-proto, so they exist without ../shared).
import { after } from 'node:test';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tinyCnn, wideConv } from '../../web/fixtures';

export const ROOT = join(__dirname, '..', '..', '..');
export const SD = join(ROOT, 'samples', 'sd15');
export const UNET = join(SD, 'unet', 'model.onnx');
export const TEXT = join(SD, 'text_encoder', 'model.onnx');

export function haveSd(): boolean {
  return existsSync(join(SD, 'model_index.json')) && existsSync(UNET);
}

export interface Scratch {
  dir: string;
  /** tiny CNN with a symbolic batch: input [batch,3,32,32]. */
  tiny: string;
  /** Two wide convs with fixed shapes (spills on small SRAM). */
  wide: string;
  /** Bytes that are not a model. */
  corrupt: string;
  /**
   * A small diffusers-style pipeline folder (model_index.json; text_encoder and vae_decoder = the tiny CNN with its
   * symbolic batch, unet = the wide convs), so pipeline behaviour is tested in milliseconds.
   */
  pipeline: string;
  file(name: string, text: string | Uint8Array): string;
}

export function scratch(): Scratch {
  const dir = mkdtempSync(join(tmpdir(), 'onnx-npu-cli-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string | Uint8Array) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };
  return {
    dir,
    tiny: file('tiny_cnn.onnx', tinyCnn()),
    wide: file('wide_conv.onnx', wideConv()),
    corrupt: file('corrupt.onnx', new Uint8Array([0x08, 0x07, 0x3a, 0xff, 0x01])),
    pipeline: smallPipeline(dir),
    file,
  };
}

function smallPipeline(dir: string): string {
  const root = join(dir, 'pipe');
  const component = ['diffusers', 'OnnxRuntimeModel'];
  const models: Record<string, Uint8Array> = { text_encoder: tinyCnn(), unet: wideConv(), vae_decoder: tinyCnn() };
  for (const [name, bytes] of Object.entries(models)) {
    mkdirSync(join(root, name), { recursive: true });
    writeFileSync(join(root, name, 'model.onnx'), bytes);
  }
  const index = { _class_name: 'OnnxStableDiffusionPipeline', text_encoder: component, unet: component, vae_decoder: component, safety_checker: [null, null] };
  writeFileSync(join(root, 'model_index.json'), JSON.stringify(index));
  return root;
}

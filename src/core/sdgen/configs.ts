// The diffusers configs bundled with the extension (copied from ../shared/reference/sd15/configs, see configs/README.md),
// so that generating and profiling never needs the shared folder.
import sd15Unet from './configs/sd15/unet/config.json';
import sd15Vae from './configs/sd15/vae/config.json';
import sd15Text from './configs/sd15/text_encoder/config.json';
import sd15Scheduler from './configs/sd15/scheduler/scheduler_config.json';
import sd14Unet from './configs/sd14/unet/config.json';
import sd14Vae from './configs/sd14/vae/config.json';
import sd14Text from './configs/sd14/text_encoder/config.json';
import inpaintUnet from './configs/sd15-inpainting/unet/config.json';
import tinyUnet from './configs/tiny/unet/config.json';
import tinyVae from './configs/tiny/vae/config.json';
import tinyText from './configs/tiny/text_encoder/config.json';

export type Json = Record<string, unknown>;

export interface SdConfigSet {
  /** A bundled config's name, or the checkpoint folder's for one read from disk (it names the config in errors). */
  name: string;
  title: string;
  unet: Json;
  vae: Json;
  textEncoder: Json;
  scheduler?: Json;
}

export const SD_CONFIG_NAMES = ['sd15', 'sd14', 'sd15-inpainting', 'tiny'] as const;
export type SdConfigName = (typeof SD_CONFIG_NAMES)[number];

export const SD_CONFIGS: Record<SdConfigName, SdConfigSet> = {
  sd15: { name: 'sd15', title: 'Stable Diffusion 1.5 (runwayml)', unet: sd15Unet, vae: sd15Vae, textEncoder: sd15Text, scheduler: sd15Scheduler },
  sd14: { name: 'sd14', title: 'Stable Diffusion 1.4 (CompVis)', unet: sd14Unet, vae: sd14Vae, textEncoder: sd14Text },
  // The inpainting checkpoint differs from 1.5 only in its UNet (9 input channels); VAE and text encoder are 1.5's.
  'sd15-inpainting': { name: 'sd15-inpainting', title: 'Stable Diffusion 1.5 inpainting', unet: inpaintUnet, vae: sd15Vae, textEncoder: sd15Text },
  tiny: { name: 'tiny', title: 'tiny SD (hf-internal-testing)', unet: tinyUnet, vae: tinyVae, textEncoder: tinyText },
};

export function isSdConfigName(s: string): s is SdConfigName {
  return (SD_CONFIG_NAMES as readonly string[]).includes(s);
}

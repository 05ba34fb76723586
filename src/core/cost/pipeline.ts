// A whole pipeline (e.g. SD: text encoder, UNet x steps x guidance, VAE decoder) -> seconds per image and per-stage throughput.
import type { HardwareConfig } from './hardware';
import { describeHardware } from './hardware';
import { costPrepared, type PreparedGraph } from './engine';
import type { PipelineCost, StageCost } from './types';

export interface PipelineStageInput {
  /** diffusers folder name: text_encoder | unet | vae_decoder */
  name: string;
  prepared: PreparedGraph;
  runsPerImage: number;
}

export function costPipeline(stages: PipelineStageInput[], hw: HardwareConfig): PipelineCost {
  const out: StageCost[] = stages.map((s) => {
    const cost = costPrepared(s.prepared, hw, { name: s.name });
    const latencyMs = cost.totals.latencyMs;
    return { name: s.name, latencyMs, throughputPerS: latencyMs > 0 ? 1000 / latencyMs : 0, runsPerImage: s.runsPerImage, cost };
  });
  const secondsPerImage = out.reduce((sum, s) => sum + (s.latencyMs * s.runsPerImage) / 1000, 0);
  return { hardware: `${hw.name} (${describeHardware(hw)})`, stages: out, secondsPerImage };
}

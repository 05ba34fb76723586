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

export interface PipelineOptions {
  /**
   * Classifier-free guidance as batch 2: the guided stages (the UNet and the text encoder, which run in conditional /
   * unconditional pairs) run once per pair at batch 2, sharing one weight stream, instead of twice at batch 1.
   * Applies to stages in `guidedStages` whose runs per image are even. Default false.
   */
  cfgBatch?: boolean;
  /** Stages that run in guidance pairs. Default ['unet', 'text_encoder']. */
  guidedStages?: string[];
}

export const GUIDED_STAGES = ['unet', 'text_encoder'];

export function costPipeline(stages: PipelineStageInput[], hw: HardwareConfig, opts: PipelineOptions = {}): PipelineCost {
  const guided = new Set(opts.guidedStages ?? GUIDED_STAGES);
  const out: StageCost[] = stages.map((s) => {
    const pair = opts.cfgBatch === true && guided.has(s.name) && s.runsPerImage % 2 === 0 && s.runsPerImage > 0;
    const batch = pair ? 2 : 1;
    const cost = costPrepared(s.prepared, hw, { name: s.name, batch });
    const latencyMs = cost.totals.latencyMs;
    const stage: StageCost = { name: s.name, latencyMs, throughputPerS: latencyMs > 0 ? 1000 / latencyMs : 0, runsPerImage: pair ? s.runsPerImage / 2 : s.runsPerImage, cost };
    if (pair) stage.batch = 2;
    return stage;
  });
  const secondsPerImage = out.reduce((sum, s) => sum + (s.latencyMs * s.runsPerImage) / 1000, 0);
  return { hardware: `${hw.name} (${describeHardware(hw)})`, stages: out, secondsPerImage };
}

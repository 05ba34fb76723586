// Costing a loaded target on one hardware configuration: the figures every front end shows.
import type { HardwareConfig } from '../cost/hardware';
import { costPrepared } from '../cost/engine';
import { GUIDED_STAGES } from '../cost/pipeline';
import type { ModelCost } from '../cost/types';
import type { LoadedStage, LoadedTarget } from './load';
import { profileHardware } from './hardware';
import { findUnboundDims } from './unbound';
import type { Profile, ProfileLayer, ProfileStage } from './types';

export interface CostedStage {
  stage: ProfileStage;
  cost: ModelCost;
}

/** Runs per second, or null when the figure would mislead: layers not costed, or no latency at all. */
export function throughputOf(latencyMs: number, uncosted: number): number | null {
  return uncosted > 0 || !(latencyMs > 0) ? null : 1000 / latencyMs;
}

/** One stage on one hardware: its ModelCost (for the editor's overlay) and its row of the profile. */
export function costStage(s: LoadedStage, hw: HardwareConfig, opts: ProfileOptions = {}): CostedStage {
  // cfgBatch: a guided stage (UNet, text encoder) runs once per guidance pair at batch 2, sharing one weight stream.
  const pair = opts.cfgBatch === true && GUIDED_STAGES.includes(s.name) && s.runsPerImage > 0 && s.runsPerImage % 2 === 0;
  const cost = costPrepared(s.prepared, hw, { name: s.name, batch: pair ? 2 : 1 });
  const uncostedLayers = cost.uncostedLayers ?? [];
  const latencyMs = cost.totals.latencyMs;
  return {
    cost,
    stage: {
      name: s.name,
      runsPerImage: pair ? s.runsPerImage / 2 : s.runsPerImage,
      ...(pair ? { batch: 2 } : {}),
      latencyMs,
      throughputPerS: throughputOf(latencyMs, uncostedLayers.length),
      totals: cost.totals,
      uncostedLayers,
      layerCount: cost.layers.length,
      warnings: cost.warnings,
      ...(s.bindingNote ? { bindingNote: s.bindingNote } : {}),
    },
  };
}

/** Σ latency × runs per image over the stages. Unit: ms. */
export function imageLatencyMs(stages: Array<{ latencyMs: number; runsPerImage: number }>): number {
  return stages.reduce((sum, s) => sum + s.latencyMs * s.runsPerImage, 0);
}

/** What the reader and the loader noticed, prefixed with the stage name in a pipeline. */
export function readerWarnings(loaded: LoadedTarget): string[] {
  const pipeline = loaded.target.kind === 'pipeline';
  const out = [...loaded.notes];
  for (const s of loaded.stages) for (const w of s.model.warnings) out.push(pipeline ? `${s.name}: ${w}` : w);
  for (const s of loaded.all) if (!s.ok) out.push(`${s.name}: ${s.problem}`);
  return out;
}

export interface ProfileRun {
  profile: Profile;
  /** The engine's result per stage (same order as profile.stages), for views that need more than the profile. */
  costs: ModelCost[];
}

export interface ProfileOptions {
  /** Classifier-free guidance as batch 2 (cost/pipeline.ts cfgBatch). */
  cfgBatch?: boolean;
}

export function profileRun(loaded: LoadedTarget, hw: HardwareConfig, opts: ProfileOptions = {}): ProfileRun {
  const costed = loaded.stages.map((s) => costStage(s, hw, opts));
  const stages = costed.map((c) => c.stage);
  const layers: ProfileLayer[] = [];
  costed.forEach(({ cost, stage }) => {
    for (const l of cost.layers) layers.push({ stage: stage.name, ...l, msPerImage: l.latencyMs * stage.runsPerImage });
  });
  const profile: Profile = { target: loaded.target, hardware: profileHardware(hw), stages, layers };
  if (loaded.target.kind === 'pipeline') {
    const latencyMs = imageLatencyMs(stages);
    profile.image = { latencyMs, secondsPerImage: latencyMs / 1000 };
  }
  const unbound = loaded.stages.flatMap((s) => findUnboundDims(s.name, s.model, s.shapes));
  if (unbound.length) profile.unboundDims = unbound;
  const warnings = readerWarnings(loaded);
  if (warnings.length) profile.readerWarnings = warnings;
  return { profile, costs: costed.map((c) => c.cost) };
}

/** The profile of a loaded target on one hardware configuration. */
export function profile(loaded: LoadedTarget, hw: HardwareConfig, opts: ProfileOptions = {}): Profile {
  return profileRun(loaded, hw, opts).profile;
}

/** Layers ranked by time per image (latency × runs per image), the order the "top layers" tables use. */
export function topLayers(p: Profile, n: number): ProfileLayer[] {
  return [...p.layers].sort((a, b) => b.msPerImage - a.msPerImage).slice(0, n);
}

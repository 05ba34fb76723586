// Cost one prepared graph under many hardware configurations. Lowering, shapes and liveness are shared; tile candidates
// and residency thresholds are shared by every config with the same bit widths, buffering and attention mode, so a
// sweep over SRAM size, bandwidth, clock or MAC count re-runs only the per-layer tile choice.
import type { HardwareConfig } from './hardware';
import { costPrepared, type PreparedGraph } from './engine';
import type { ModelCost } from './types';

export interface SweepPoint {
  hw: HardwareConfig;
  cost: ModelCost;
}

export function sweep(prepared: PreparedGraph, configs: HardwareConfig[]): SweepPoint[] {
  return configs.map((hw) => ({ hw, cost: costPrepared(prepared, hw) }));
}

// Overlay colouring: CSS classes only (colours live in main.css as VS Code theme variables, so light,
// dark and high-contrast themes all apply), never inline colours.
import type { Bound } from '../../src/core/cost/types';

export type OverlayMode = 'heat' | 'bound';
export const HEAT_BUCKETS = 8;

/** Heat bucket of a latency share relative to the largest visible share (square-root scale: a few layers dominate). */
export function heatBucket(share: number, maxShare: number): number {
  if (!(share > 0) || !(maxShare > 0)) return -1;
  return Math.min(HEAT_BUCKETS - 1, Math.floor(Math.sqrt(share / maxShare) * HEAT_BUCKETS));
}

export function heatClass(share: number, maxShare: number): string {
  const b = heatBucket(share, maxShare);
  return b < 0 ? 'heat-none' : `heat-${b}`;
}

export function boundClass(bound: Bound): string {
  return `bound-${bound}`;
}

/** Bound of a group: whichever of compute and DDR cycles dominates its layers. */
export function groupBound(computeCycles: number, dramCycles: number): Bound {
  if (computeCycles === 0 && dramCycles === 0) return 'none';
  return dramCycles > computeCycles ? 'memory' : 'compute';
}

// --fail-if-* gates for CI: a tripped gate exits 1 with one line naming the figure and the limit.
import type { Profile } from '../core/profile';
import { ArgError } from './errors';

export interface Gates {
  latencyMs?: number;
  spills?: number;
}

/** The latency a gate checks: per image for a pipeline (ms), per run for a single model. */
export function gatedLatencyMs(p: Profile): number {
  return p.image ? p.image.latencyMs : (p.stages[0]?.latencyMs ?? 0);
}

export function totalSpills(p: Profile): number {
  return p.stages.reduce((n, s) => n + s.totals.spillCount, 0);
}

/** The line of the first tripped gate, or undefined. A gate on a profile with uncosted layers is refused (exit 2): its figure would be too low. */
export function checkGates(p: Profile, g: Gates): string | undefined {
  if (g.latencyMs === undefined && g.spills === undefined) return undefined;
  const uncosted = p.stages.reduce((n, s) => n + s.uncostedLayers.length, 0);
  if (uncosted > 0) throw new ArgError(`--fail-if-*: ${uncosted} layers are not costed, so the figures are incomplete; bind the dims first (see the table)`);
  const lat = gatedLatencyMs(p);
  const what = p.image ? 'latency per image' : 'latency per run';
  if (g.latencyMs !== undefined && lat > g.latencyMs) return `gate failed: ${what} ${lat.toFixed(1)} ms > --fail-if-latency-ms ${g.latencyMs}`;
  const spills = totalSpills(p);
  if (g.spills !== undefined && spills > g.spills) return `gate failed: spills ${spills} > --fail-if-spills ${g.spills}`;
  return undefined;
}

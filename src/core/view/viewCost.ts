// ModelCost (cost engine) -> the per-node overlay the webview colours nodes with. Re-sent alone on a
// what-if, so the layout never changes when only the hardware does.
import type { LayerCost, ModelCost, TileInfo } from '../cost/types';
import type { ViewCost, ViewNodeCost } from './protocol';

/** `nodeCount` = number of graph nodes; nodes the engine did not report get a zero 'free' entry. */
export function buildViewCost(cost: ModelCost, hwLabel: string, hwSummary: string, nodeCount?: number): ViewCost {
  const total = cost.totals.latencyMs;
  const n = Math.max(nodeCount ?? 0, ...cost.layers.map((l) => l.nodeIndex + 1));
  const nodes: ViewNodeCost[] = Array.from({ length: n }, () => emptyNodeCost());
  for (const l of cost.layers) nodes[l.nodeIndex] = nodeCost(l, total);
  return {
    hardware: hwLabel,
    hardwareSummary: hwSummary,
    totals: {
      latencyMs: total,
      macCount: cost.totals.macCount,
      ddrBytes: cost.totals.ddrReadBytes + cost.totals.ddrWriteBytes,
      spillCount: cost.totals.spillCount,
      // Not a number when layers are uncosted: the webview shows "not known" instead (never a silent figure).
      throughputPerS: total > 0 && !(cost.uncostedLayers && cost.uncostedLayers.length > 0) ? 1000 / total : 0,
    },
    nodes,
    ...(cost.uncostedLayers && cost.uncostedLayers.length > 0
      ? {
          uncosted: {
            count: cost.uncostedLayers.length,
            of: Math.max(n, cost.layers.length),
            examples: cost.uncostedLayers.slice(0, 8).map((u) => ({ nodeIndex: u.nodeIndex, name: u.name, reason: u.reason })),
          },
        }
      : {}),
  };
}

function nodeCost(l: LayerCost, totalMs: number): ViewNodeCost {
  return {
    kind: l.kind,
    latencyMs: l.latencyMs,
    share: totalMs > 0 ? l.latencyMs / totalMs : 0,
    macCount: l.macCount,
    weightBytes: l.weightBytes,
    tile: formatTile(l.tile),
    sramUsageBytes: l.sramUsageBytes,
    ddrReadBytes: l.ddrReadBytes.total,
    ddrWriteBytes: l.ddrWriteBytes,
    computeCycles: l.computeCycles,
    dramAccessCycles: l.dramAccessCycles,
    utilization: l.utilization,
    bound: l.bound,
    spill: l.spill,
    spillReason: l.spillReason,
    ...(l.fusedInto !== undefined ? { fusedInto: l.fusedInto } : {}),
    ...(l.spillKind ? { spillKind: l.spillKind } : {}),
    ...(l.sramToAvoidSpillBytes !== undefined ? { sramToAvoidSpillBytes: l.sramToAvoidSpillBytes } : {}),
    ...(l.ddrBytesSavedIfResident !== undefined ? { ddrBytesSavedIfResident: l.ddrBytesSavedIfResident } : {}),
    ...(l.msSavedIfResident !== undefined ? { msSavedIfResident: l.msSavedIfResident } : {}),
    ...(l.utilizationKind ? { utilizationKind: l.utilizationKind } : {}),
  };
}

function emptyNodeCost(): ViewNodeCost {
  return {
    kind: 'free', latencyMs: 0, share: 0, macCount: 0, weightBytes: 0, tile: '', sramUsageBytes: 0, ddrReadBytes: 0,
    ddrWriteBytes: 0, computeCycles: 0, dramAccessCycles: 0, utilization: 0, bound: 'none', spill: false, spillReason: '',
  };
}

/** "oh16 ow64 oc64 ic320 × 40 tiles (refetch in 1, w 4)" — refetch only when something is fetched more than once. */
export function formatTile(t: TileInfo | undefined): string {
  if (!t) return '';
  const dims = Object.entries(t.dims).map(([k, v]) => `${k}${v}`).join(' ');
  const r = t.refetch;
  const refetch = r.input > 1 || r.weight > 1 || r.output > 1 ? ` (refetch in ${r.input}, w ${r.weight}, out ${r.output})` : '';
  return `${dims} × ${t.count} tile${t.count === 1 ? '' : 's'}${refetch}`;
}

// Per-layer profile reports (Export Profile Report command). Pure: no vscode import, unit-tested in Node.
import type { ModelCost } from '../core/cost/types';
import { formatTile } from '../core/view/viewCost';

export function reportJson(cost: ModelCost): string {
  return JSON.stringify(cost, null, 2) + '\n';
}

const COLUMNS = [
  'nodeIndex', 'name', 'opType', 'kind', 'macCount', 'weightBytes', 'tile', 'sramUsageBytes', 'ddrReadBytes', 'ddrWriteBytes',
  'computeCycles', 'dramAccessCycles', 'opCycles', 'latencyMs', 'utilization', 'bound', 'spill', 'spillReason',
] as const;

/** One row per layer; RFC 4180 quoting. Cells a spreadsheet would run as a formula (=, +, -, @ first) get a leading '. */
export function reportCsv(cost: ModelCost): string {
  const rows = cost.layers.map((l) => [
    l.nodeIndex, l.name, l.opType, l.kind, l.macCount, l.weightBytes, formatTile(l.tile), l.sramUsageBytes, l.ddrReadBytes.total,
    l.ddrWriteBytes, l.computeCycles, l.dramAccessCycles, l.opCycles, l.latencyMs, l.utilization, l.bound, l.spill, l.spillReason,
  ]);
  return [COLUMNS.join(','), ...rows.map((r) => r.map(csvCell).join(','))].join('\r\n') + '\r\n';
}

export function csvCell(v: unknown): string {
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  let s = String(v ?? '');
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

// CSV renderers (RFC 4180: comma-separated, CRLF rows, fields with a comma, quote or line break quoted). One row per
// layer with Vela-like columns (Vela's per-layer report: SRAM Usage, MAC Count, Op Cycles, DRAM AC, Util%). Figures
// are raw numbers in base units (bytes, cycles, ms) so a spreadsheet or csv-parse reads them without unit handling.
import type { CompareResult, Profile, SweepResult } from '../profile/types';
import { adviceText } from './data';

/** One CSV field: quoted when it holds a separator, a quote or a line break; a leading =+-@ is neutralised (formula injection). */
export function csvField(v: string | number | boolean | undefined | null): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  let s = typeof v === 'boolean' ? (v ? 'yes' : 'no') : v;
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function csv(rows: Array<Array<string | number | boolean | undefined | null>>): string {
  return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

export const LAYER_COLUMNS = [
  'stage', 'node_index', 'name', 'op', 'kind', 'fused_into', 'mac_count', 'weight_bytes', 'sram_usage_bytes',
  'ddr_read_bytes', 'ddr_write_bytes', 'prefetched_weight_bytes', 'compute_cycles', 'dram_access_cycles', 'sram_access_cycles', 'op_cycles', 'latency_ms',
  'ms_per_image', 'util_percent', 'util_of', 'bound', 'spill', 'spill_kind', 'spill_reason',
  'sram_to_avoid_spill_bytes', 'ddr_bytes_saved_if_resident', 'ms_saved_if_resident', 'advice',
] as const;

/** Per layer, every stage, in stage then node order. */
export function renderCsv(p: Profile): string {
  const rows = p.layers.map((l) => [
    l.stage, l.nodeIndex, l.name, l.opType, l.kind, l.fusedInto, l.macCount, l.weightBytes, l.sramUsageBytes,
    l.ddrReadBytes.total, l.ddrWriteBytes, l.prefetchedWeightBytes, l.computeCycles, l.dramAccessCycles, l.sramAccessCycles, l.opCycles, l.latencyMs,
    l.msPerImage, Number((l.utilization * 100).toFixed(2)), l.utilizationKind, l.bound, l.spill, l.spillKind, l.spillReason,
    l.sramToAvoidSpillBytes, l.ddrBytesSavedIfResident, l.msSavedIfResident, adviceText(l),
  ]);
  return csv([[...LAYER_COLUMNS], ...rows]);
}

/** One row per (SRAM size, stage), plus the image latency of the point. */
export function renderSweepCsv(s: SweepResult): string {
  const rows = s.points.flatMap((p) => p.stages.map((st) => [p.sramBytes, st.name, st.latencyMs, st.ddrBytes, st.spillCount, p.image.latencyMs, p.sramBytes === s.knee.sramBytes]));
  return csv([['sram_bytes', 'stage', 'latency_ms', 'ddr_bytes', 'spill_count', 'image_latency_ms', 'knee'], ...rows]);
}

/** Stages, the image, and the top layers on both hardware (a = first, b = second; ratio = b / a of latency). */
export function renderCompareCsv(c: CompareResult): string {
  const [a, b] = c.hardware.map((h) => h.name);
  const head = ['section', 'stage', 'name', 'op', `latency_ms_${a}`, `latency_ms_${b}`, `ms_per_image_${a}`, `ms_per_image_${b}`, `ddr_bytes_${a}`, `ddr_bytes_${b}`, `spills_${a}`, `spills_${b}`, 'ratio'];
  const stages = c.stages.map((s) => ['stage', s.name, '', '', s.latencyMs[0], s.latencyMs[1], s.latencyMs[0] * s.runsPerImage, s.latencyMs[1] * s.runsPerImage, s.ddrBytes[0], s.ddrBytes[1], s.spillCount[0], s.spillCount[1], s.ratio]);
  const image = ['image', '', '', '', c.image.latencyMs[0], c.image.latencyMs[1], c.image.latencyMs[0], c.image.latencyMs[1], '', '', '', '', c.image.ratio];
  const layers = c.layers.map((l) => ['layer', l.stage, l.name, l.opType, l.latencyMs[0], l.latencyMs[1], l.msPerImage[0], l.msPerImage[1], '', '', l.spill[0], l.spill[1], l.ratio]);
  return csv([head, ...stages, image, ...layers]);
}

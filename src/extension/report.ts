// Profile reports (Export Profile Report command): JSON (the core Profile), CSV (one row per layer, Vela-like columns),
// Markdown and a self-contained HTML report, all rendered by src/core/report so the CLI writes the same bytes.
// Pure: no vscode import, unit-tested in Node. reportJson/reportCsv (one ModelCost) stay for older callers.
import type { ModelCost } from '../core/cost/types';
import type { Profile, SweepResult } from '../core/profile';
import { renderCsv } from '../core/report/csv';
import { renderMarkdown } from '../core/report/markdown';
import { renderHtmlReport } from '../core/report/html';
import { formatTile } from '../core/view/viewCost';

export const REPORT_FORMATS = ['html', 'md', 'csv', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const REPORT_LABELS: Record<ReportFormat, string> = {
  html: 'HTML report (self-contained: charts, tables; opens offline)',
  md: 'Markdown',
  csv: 'CSV (one row per layer)',
  json: 'JSON (the full profile)',
};

export interface ReportInputs {
  profile: Profile;
  sweep?: SweepResult;
}

type Renderer = (r: ReportInputs) => string;

const renderers: Partial<Record<ReportFormat, Renderer>> = {
  json: (r) => JSON.stringify(r.profile, null, 2) + '\n',
  csv: (r) => renderCsv(r.profile),
  md: (r) => renderMarkdown(r.profile, { sweep: r.sweep }),
  html: (r) => renderHtmlReport(r.profile, { sweep: r.sweep }),
};

/** Formats whose report shows an SRAM sweep (the command runs one with the default range for them). */
export const FORMATS_WITH_SWEEP: readonly ReportFormat[] = ['html', 'md'];

export function availableFormats(): ReportFormat[] {
  return REPORT_FORMATS.filter((f) => renderers[f]);
}

export function renderReport(format: ReportFormat, inputs: ReportInputs): string {
  const render = renderers[format];
  if (!render) throw new Error(`no renderer for report format '${format}'`);
  return render(inputs);
}

export function reportJson(cost: ModelCost): string {
  return JSON.stringify(cost, null, 2) + '\n';
}

const COLUMNS = [
  'nodeIndex', 'name', 'opType', 'kind', 'macCount', 'weightBytes', 'tile', 'sramUsageBytes', 'ddrReadBytes', 'ddrWriteBytes',
  'computeCycles', 'dramAccessCycles', 'opCycles', 'latencyMs', 'utilization', 'bound', 'spill', 'spillReason',
] as const;

/** One row per layer of one ModelCost; RFC 4180 quoting. Cells a spreadsheet would run as a formula get a leading '. */
export function reportCsv(cost: ModelCost): string {
  const rows = cost.layers.map((l) => [
    l.nodeIndex, l.name, l.opType, l.kind, l.macCount, l.weightBytes, formatTile(l.tile), l.sramUsageBytes, l.ddrReadBytes.total,
    l.ddrWriteBytes, l.computeCycles, l.dramAccessCycles, l.opCycles, l.latencyMs, l.utilization, l.bound, l.spill, l.spillReason,
  ]);
  return [COLUMNS.join(','), ...rows.map((r) => r.map(csvCell).join(','))].join('\r\n') + '\r\n';
}

export function csvCell(v: unknown): string {
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  let s = typeof v === 'string' ? v : v === null || v === undefined ? '' : JSON.stringify(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

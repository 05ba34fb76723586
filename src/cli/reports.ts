// csv / md / html output of profile, sweep and compare, rendered by the report module (src/core/report) from the
// core's result types; json is the result itself.
import type { CompareResult, Profile, SweepResult } from '../core/profile';
import {
  renderCompareCsv,
  renderCompareHtml,
  renderCompareMarkdown,
  renderCsv,
  renderHtmlReport,
  renderMarkdown,
  renderSweepCsv,
  renderSweepHtml,
  renderSweepMarkdown,
  type ReportOptions,
} from '../core/report';
import { ArgError } from './errors';

export type ReportFormat = 'json' | 'csv' | 'md' | 'html';

export function renderProfile(p: Profile, format: ReportFormat, opts: ReportOptions = {}): string {
  if (format === 'json') return JSON.stringify(p) + '\n';
  if (format === 'csv') return renderCsv(p);
  if (format === 'md') return renderMarkdown(p, opts);
  return renderHtmlReport(p, opts);
}

export function renderSweep(s: SweepResult, format: ReportFormat): string {
  if (format === 'json') return JSON.stringify(s) + '\n';
  if (format === 'csv') return renderSweepCsv(s);
  if (format === 'md') return renderSweepMarkdown(s);
  return renderSweepHtml(s);
}

export function renderCompare(c: CompareResult, format: ReportFormat): string {
  if (format === 'json') return JSON.stringify(c) + '\n';
  if (format === 'csv') return renderCompareCsv(c);
  if (format === 'md') return renderCompareMarkdown(c);
  return renderCompareHtml(c);
}

/** The format a --report FILE's extension asks for. */
export function formatFromFile(file: string): ReportFormat {
  const ext = /\.([a-z]+)$/i.exec(file)?.[1]?.toLowerCase();
  if (ext === 'html' || ext === 'htm') return 'html';
  if (ext === 'csv' || ext === 'json') return ext;
  if (ext === 'md' || ext === 'markdown') return 'md';
  throw new ArgError(`--report ${file}: the file name must end in .html, .csv, .md or .json`);
}

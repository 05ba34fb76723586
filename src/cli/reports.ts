// csv / md / html output of profile, sweep and compare, rendered by the report module (src/core/report).
import type { CompareResult, Profile, SweepResult } from '../core/profile';
import { ArgError } from './errors';

export type ReportFormat = 'json' | 'csv' | 'md' | 'html';

function notYet(format: string): never {
  throw new ArgError(`--format ${format}: not available yet in this build`);
}

export function renderProfile(p: Profile, format: ReportFormat): string {
  if (format === 'json') return JSON.stringify(p) + '\n';
  return notYet(format);
}

export function renderSweep(s: SweepResult, format: ReportFormat): string {
  if (format === 'json') return JSON.stringify(s) + '\n';
  return notYet(format);
}

export function renderCompare(c: CompareResult, format: ReportFormat): string {
  if (format === 'json') return JSON.stringify(c) + '\n';
  return notYet(format);
}

/** The format a --report FILE's extension asks for. */
export function formatFromFile(file: string): ReportFormat {
  const ext = /\.([a-z]+)$/i.exec(file)?.[1]?.toLowerCase();
  if (ext === 'html' || ext === 'htm') return 'html';
  if (ext === 'csv' || ext === 'json') return ext;
  if (ext === 'md' || ext === 'markdown') return 'md';
  throw new ArgError(`--report ${file}: the file name must end in .html, .csv, .md or .json`);
}

// Pure helpers behind the side panel's inputs (unit-tested under Node): what-if fields and node search.
import type { CompactGraph, WhatIf } from './protocol';
import { formatBytesExact, parseBandwidth, parseBytes } from '../cost/units';

/**
 * What-if text fields, in the CLI's units (src/core/cost/units.ts): SRAM as a byte size (`7MB`, `384KiB`,
 * `7e6`), bandwidth as bytes per second (`12GB/s`), MACs as a count. A bare number for SRAM or bandwidth
 * would be bytes (the CLI's reading), never what anyone means: it is refused with the fix. Empty = the preset's value.
 */
export function parseWhatIf(preset: string, sram: string, bandwidth: string, macs: string): { whatIf: WhatIf; error?: string } {
  const w: WhatIf = { preset };
  const sized = (name: string, text: string, parse: (t: string) => number, example: string): number | string | undefined => {
    const t = text.trim().replace(/_/g, '');
    if (t === '') return undefined;
    if (/^[0-9.e+-]+$/i.test(t) && Number(t) < 1e4) return `${name} needs a unit, e.g. ${t}${example}`;
    try {
      const v = parse(t);
      return Number.isFinite(v) && v > 0 ? v : `${name} must be a positive size`;
    } catch (err) {
      return `${name}: ${err instanceof Error ? err.message : String(err)}`;
    }
  };
  const s = sized('SRAM', sram, parseBytes, 'MB or ' + sram.trim() + 'MiB');
  const b = sized('bandwidth', bandwidth, parseBandwidth, 'GB/s');
  for (const v of [s, b]) if (typeof v === 'string') return { whatIf: w, error: v };
  const m = macs.trim() === '' ? undefined : Number(macs.trim().replace(/_/g, ''));
  if (m !== undefined && !(Number.isFinite(m) && m > 0)) return { whatIf: w, error: 'MACs must be a positive number' };
  if (typeof s === 'number') w.sramBytes = Math.round(s);
  if (typeof b === 'number') w.ddrBytesPerS = b;
  if (m !== undefined) w.macs = Math.round(m);
  return { whatIf: w };
}

/** A what-if value as the field shows it again (same units the field reads). */
export function sramText(bytes: number | undefined): string {
  if (!bytes) return '';
  return formatBytesExact(bytes).replace(' ', '');
}

export function bandwidthText(bytesPerS: number | undefined): string {
  return bytesPerS ? `${bytesPerS / 1e9}GB/s` : '';
}

/** Indices of nodes whose name or op matches `query` as a case-insensitive regex (a literal substring if it is not one). */
export function searchNodes(graph: CompactGraph, query: string): { results: number[]; error?: string } {
  const q = query.trim();
  if (q === '') return { results: [] };
  let re: RegExp;
  let error: string | undefined;
  try {
    re = new RegExp(q, 'i');
  } catch {
    re = new RegExp(q.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
    error = 'not a valid regular expression: matching it as plain text';
  }
  const results: number[] = [];
  graph.nodes.forEach((n, i) => {
    if (re.test(n.name) || re.test(n.opType)) results.push(i);
  });
  return { results, error: error && `${error} (${results.length} matches)` };
}

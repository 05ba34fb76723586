// Pure helpers behind the side panel's inputs (unit-tested under Node): what-if fields and node search.
import type { CompactGraph, WhatIf } from './protocol';

/** What-if text fields: SRAM in MiB, bandwidth in GB/s (1e9), MACs as a count. Empty = the preset's value. */
export function parseWhatIf(preset: string, sramMiB: string, gbps: string, macs: string): { whatIf: WhatIf; error?: string } {
  const w: WhatIf = { preset };
  const num = (s: string) => (s.trim() === '' ? undefined : Number(s.trim().replace(/_/g, '')));
  const sram = num(sramMiB);
  const bw = num(gbps);
  const m = num(macs);
  for (const [name, v] of [['SRAM', sram], ['bandwidth', bw], ['MACs', m]] as const) {
    if (v !== undefined && !(Number.isFinite(v) && v > 0)) return { whatIf: w, error: `${name} must be a positive number` };
  }
  if (sram !== undefined) w.sramBytes = Math.round(sram * 1024 * 1024);
  if (bw !== undefined) w.ddrBytesPerS = bw * 1e9;
  if (m !== undefined) w.macs = Math.round(m);
  return { whatIf: w };
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

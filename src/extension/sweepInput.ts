// The Sweep SRAM Size… input: "A..B" log-spaced, optionally followed by the number of points. Pure (no vscode):
// unit-tested in Node.
import { logSizes, parseSramRange } from '../core/profile';

export const DEFAULT_SWEEP_RANGE = '0.5MB..64MB';
/** At least 16, as issue 11 asks for the default. */
export const DEFAULT_SWEEP_POINTS = 16;

/** "0.5MB..64MB" or "0.5MB..64MB 32" -> SRAM sizes in bytes. Throws with a one-line reason. */
export function parseSweepInput(text: string): number[] {
  const m = /^\s*(\S+?\.\.\S+?)(?:\s+(?:x\s*)?(\d+)(?:\s*points?)?)?\s*$/i.exec(text);
  if (!m) throw new Error(`expected A..B [points], e.g. ${DEFAULT_SWEEP_RANGE} 24`);
  const [lo, hi] = parseSramRange(m[1], 'range');
  return logSizes(lo, hi, m[2] ? Number(m[2]) : DEFAULT_SWEEP_POINTS);
}

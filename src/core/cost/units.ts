// Byte-size and bandwidth text <-> numbers, for CLI overrides ("--sram 4MB") and one-line descriptions.
// Sizes use binary multiples for SRAM-like capacities? No: we follow the article's usage (7 MB, 12 GB/s) and
// treat K/M/G as decimal powers (1 MB = 1e6 bytes), and KiB/MiB/GiB as binary. Documented in README.

export class UnitError extends Error {
  override name = 'UnitError';
}

const MULT: Record<string, number> = {
  '': 1, b: 1,
  k: 1e3, kb: 1e3, m: 1e6, mb: 1e6, g: 1e9, gb: 1e9,
  kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3,
};

/** "4MB" -> 4e6, "384KiB" -> 393216, "1e6" -> 1e6. Throws UnitError naming the text. */
export function parseBytes(text: string): number {
  const m = /^\s*([0-9]*\.?[0-9]+(?:e[+-]?\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const mult = m ? MULT[m[2].toLowerCase()] : undefined;
  if (!m || mult === undefined) throw new UnitError(`cannot read '${text}' as a byte size (examples: 4MB, 384KiB, 7e6)`);
  return Number(m[1]) * mult;
}

/** "12GB/s" or "12GB" -> 12e9 bytes/s. */
export function parseBandwidth(text: string): number {
  return parseBytes(text.replace(/\/s$/i, ''));
}

/** "750MHz" / "1GHz" / "7.5e8" -> Hz. */
export function parseHz(text: string): number {
  const m = /^\s*([0-9]*\.?[0-9]+(?:e[+-]?\d+)?)\s*(hz|khz|mhz|ghz)?\s*$/i.exec(text);
  if (!m) throw new UnitError(`cannot read '${text}' as a clock frequency (examples: 750MHz, 1GHz)`);
  const unit = (m[2] ?? 'hz').toLowerCase();
  return Number(m[1]) * ({ hz: 1, khz: 1e3, mhz: 1e6, ghz: 1e9 } as Record<string, number>)[unit];
}

function trim(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(x >= 10 ? 0 : 1).replace(/\.0$/, '');
}

/** 7e6 -> "7 MB", 393216 -> "393 KB" (decimal, like the article). */
export function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${trim(bytes / 1e9)} GB`;
  if (bytes >= 1e6) return `${trim(bytes / 1e6)} MB`;
  if (bytes >= 1e3) return `${trim(bytes / 1e3)} KB`;
  return `${Math.round(bytes)} B`;
}

/** Always one decimal in MB: used in spill reasons so numbers line up ("5.2 MB"). */
export function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

export function formatHz(hz: number): string {
  if (hz >= 1e9) return `${trim(hz / 1e9)} GHz`;
  if (hz >= 1e6) return `${trim(hz / 1e6)} MHz`;
  return `${trim(hz)} Hz`;
}

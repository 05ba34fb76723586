// Byte-size and bandwidth text <-> numbers: the ONE byte formatter of the project (CLI, webviews, hover cards,
// reports and spill reasons all print sizes through formatBytes, so the same quantity reads the same everywhere).
//
// Parsing: K/M/G (KB/MB/GB) are decimal powers as the article uses them (1 MB = 1e6 bytes, 12 GB/s = 12e9 B/s);
// KiB/MiB/GiB are binary (384 KiB = 393216 bytes). Spaces and a fractional part are allowed: "7MB", "4 MB", "0.5MB".
//
// Printing rule (formatBytes):
//   1. a round decimal size prints in decimal units: 7e6 -> "7 MB", 512000 -> "512 KB", 1.5e6 -> "1.5 MB";
//      "round" = exact at the chosen significant digits (3 by default) in its decimal unit;
//   2. otherwise, an exact whole binary multiple prints in binary units: 393216 -> "384 KiB", 4194304 -> "4 MiB"
//      ("whole" = an integer count of KiB/MiB/GiB/TiB between 1 and 1023 of the largest unit that fits);
//   3. anything else prints decimal to 3 significant digits, trailing zeros dropped: 1.0236e9 -> "1.02 GB",
//      6.68e6 -> "6.68 MB", 1536 -> "1.54 KB". Below 1000 bytes: whole bytes ("512 B").
// So u55's 384 KiB reads "384 KiB", Expedera's 7 MB reads "7 MB", and a measured DDR total such as the UNet's reads
// with the same three digits in the CLI, the editor and the reports.

export class UnitError extends Error {
  override name = 'UnitError';
}

const MULT: Record<string, number> = {
  '': 1, b: 1,
  k: 1e3, kb: 1e3, m: 1e6, mb: 1e6, g: 1e9, gb: 1e9, t: 1e12, tb: 1e12,
  kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3, tib: 1024 ** 4,
};

/** "4MB" -> 4e6, "4 MB" -> 4e6, "0.5MB" -> 5e5, "384KiB" -> 393216, "1e6" -> 1e6. Throws UnitError naming the text. */
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

const DECIMAL_UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];
const BINARY_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

export interface ByteFormatOptions {
  /** Significant digits of a decimal figure (default 3). Spill reasons ask for 4 to tell two close sizes apart. */
  digits?: number;
  /** 'auto' (default): the rule above; 'decimal': never KiB/MiB (e.g. for a column of summed traffic). */
  binary?: 'auto' | 'decimal';
}

/** The one byte formatter: see the rule at the top of this file. Non-finite -> "—". */
export function formatBytes(bytes: number, opts: ByteFormatOptions = {}): string {
  if (!Number.isFinite(bytes)) return '—';
  const sign = bytes < 0 ? '-' : '';
  const a = Math.abs(bytes);
  const digits = opts.digits ?? 3;
  const dec = decimalParts(a, digits);
  if (a >= 1024 && opts.binary !== 'decimal' && !dec.exact) {
    const bin = wholeBinary(a);
    if (bin) return `${sign}${bin}`;
  }
  return `${sign}${dec.text}`;
}

function decimalParts(a: number, digits: number): { text: string; exact: boolean } {
  if (a < 1000) return { text: `${Math.round(a)} B`, exact: Number.isInteger(a) };
  let u = Math.min(DECIMAL_UNITS.length - 1, Math.floor(Math.log10(a) / 3));
  let v = Number((a / 1000 ** u).toPrecision(digits));
  // 999.6 KB rounds to 1000 KB: carry into the next unit.
  if (v >= 1000 && u < DECIMAL_UNITS.length - 1) {
    u++;
    v = Number((a / 1000 ** u).toPrecision(digits));
  }
  return { text: `${v} ${DECIMAL_UNITS[u]}`, exact: Math.abs(v * 1000 ** u - a) < 1e-9 * a };
}

function wholeBinary(a: number): string | undefined {
  if (!Number.isInteger(a)) return undefined;
  let u = 0;
  let v = a;
  while (v >= 1024 && u < BINARY_UNITS.length - 1) {
    v /= 1024;
    u++;
  }
  return Number.isInteger(v) ? `${v} ${BINARY_UNITS[u]}` : undefined;
}

/**
 * A size that reads back to exactly the same bytes (for input fields that show a value the user typed or applied):
 * formatBytes' text when parseBytes gives the bytes back ("7 MB", "384 KiB"), else all the decimal digits needed
 * ("12.345678 MB").
 */
export function formatBytesExact(bytes: number): string {
  const short = formatBytes(bytes);
  if (!Number.isFinite(bytes) || parseBytes(short.replace(/^-/, '')) === Math.abs(bytes)) return short;
  return formatBytes(bytes, { digits: 15, binary: 'decimal' });
}

/** Alias kept for the engine's spill reasons: the same figure as formatBytes. */
export function mb(bytes: number): string {
  return formatBytes(bytes);
}

function trim(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(x >= 10 ? 0 : 1).replace(/\.0$/, '');
}

export function formatHz(hz: number): string {
  if (hz >= 1e9) return `${trim(hz / 1e9)} GHz`;
  if (hz >= 1e6) return `${trim(hz / 1e6)} MHz`;
  return `${trim(hz)} Hz`;
}

/** Bytes per second: 12e9 -> "12 GB/s" (same rule as formatBytes). */
export function formatBandwidth(bytesPerS: number): string {
  return `${formatBytes(bytesPerS)}/s`;
}

// Argument parsing for every subcommand: node:util parseArgs (strict), with its errors turned into ArgError lines
// that name the argument, and the option groups profile, sweep and compare share.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { bindingsFrom } from '../core/shapes/bindings';
import type { ShapeBindings } from '../core/shapes/types';
import { parseBandwidth, parseBytes, parseHz } from '../core/cost/units';
import { ArgError } from './errors';

type Options = NonNullable<ParseArgsConfig['options']>;

export interface Parsed {
  values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  positionals: string[];
}

/** parseArgs with strict checking; its messages rewritten to one line naming the option. */
export function parse(args: string[], options: Options): Parsed {
  try {
    const r = parseArgs({ args, options: { help: { type: 'boolean', short: 'h' }, ...options }, allowPositionals: true, strict: true });
    return { values: r.values, positionals: r.positionals };
  } catch (e) {
    const err = e as Error & { code?: string };
    const opt = /'(-[^' ]+)/.exec(err.message)?.[1];
    if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new ArgError(`unknown option '${opt ?? '?'}'`);
    if (err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      if (/argument missing/.test(err.message)) throw new ArgError(`${opt} needs a value`);
      throw new ArgError(`${opt} takes no value`);
    }
    throw new ArgError(err.message.split('\n')[0]);
  }
}

export function str(p: Parsed, key: string): string | undefined {
  const v = p.values[key];
  return typeof v === 'string' ? v : undefined;
}

export function list(p: Parsed, key: string): string[] {
  const v = p.values[key];
  return Array.isArray(v) ? (v as string[]) : typeof v === 'string' ? [v] : [];
}

export function flag(p: Parsed, key: string): boolean {
  return p.values[key] === true;
}

/** A positive integer option, or `dflt` when absent. */
export function posInt(p: Parsed, key: string, dflt: number): number;
export function posInt(p: Parsed, key: string): number | undefined;
export function posInt(p: Parsed, key: string, dflt?: number): number | undefined {
  const v = str(p, key);
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!/^\s*\d+\s*$/.test(v) || !Number.isSafeInteger(n) || n <= 0) throw new ArgError(`--${key} needs a positive integer, got '${v}'`);
  return n;
}

/** A non-negative number option (a gate limit). */
export function nonNegNumber(p: Parsed, key: string): number | undefined {
  const v = str(p, key);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n < 0) throw new ArgError(`--${key} needs a number >= 0, got '${v}'`);
  return n;
}

export function choice<T extends string>(p: Parsed, key: string, allowed: readonly T[], dflt: T): T {
  const v = str(p, key) ?? dflt;
  if (!(allowed as readonly string[]).includes(v)) throw new ArgError(`--${key} must be one of ${allowed.join('|')}, got '${v}'`);
  return v as T;
}

/** At most one positional; `what` names it in the message. */
export function onePath(p: Parsed, what = 'PATH'): string | undefined {
  if (p.positionals.length > 1) throw new ArgError(`expected one ${what}, got '${p.positionals[1]}' as well`);
  return p.positionals[0];
}

// ---- shared option groups ----

export const HARDWARE_OPTIONS: Options = {
  hw: { type: 'string', multiple: true },
  'hw-file': { type: 'string' },
  sram: { type: 'string' },
  ddr: { type: 'string' },
  clock: { type: 'string' },
  attention: { type: 'string' },
};

export const TARGET_OPTIONS: Options = {
  'allow-external-outside': { type: 'string', multiple: true },
  dim: { type: 'string', multiple: true },
  input: { type: 'string', multiple: true },
  steps: { type: 'string' },
  'no-guidance': { type: 'boolean' },
};

export const HARDWARE_HELP = [
  '  --hw PRESET|FILE     a preset (see `presets`) or a *.npuhw.json file ({"preset": ..., overrides}); default expedera-8k',
  '  --sram SIZE          override SRAM, e.g. 4MB, 384KiB',
  '  --ddr RATE           override DDR bandwidth, e.g. 12GB/s',
  '  --clock FREQ         override clock, e.g. 750MHz',
  '  --attention MODE     flash | materialized',
];

export const TARGET_HELP = [
  '  --dim SYM=N          bind a symbolic dim (repeatable; wins over a pipeline\'s stage bindings)',
  '  --input NAME=AxB     bind a graph input\'s whole shape (repeatable)',
  '  --steps N            denoising steps of a pipeline (default 50)',
  '  --allow-external-outside DIR   read external data that links to files under DIR (repeatable; default: only the model\'s folder)',
  '  --no-guidance        one UNet run per step instead of two (classifier-free guidance off)',
];

/** The hardware overrides given on the command line, as hardware JSON fields. */
export function hardwareOverrides(p: Parsed, skipSram = false): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  const val = (key: string, f: (t: string) => number) => {
    const v = str(p, key);
    if (v === undefined) return;
    try {
      return f(v);
    } catch (e) {
      throw new ArgError(`--${key}: ${(e as Error).message}`);
    }
  };
  if (!skipSram) {
    const s = val('sram', parseBytes);
    if (s !== undefined) o.sramBytes = s;
  }
  const d = val('ddr', parseBandwidth);
  if (d !== undefined) o.ddrBytesPerS = d;
  const c = val('clock', parseHz);
  if (c !== undefined) o.clockHz = c;
  const a = str(p, 'attention');
  if (a !== undefined) {
    if (a !== 'flash' && a !== 'materialized') throw new ArgError(`--attention must be flash or materialized, got '${a}'`);
    o.attention = a;
  }
  return o;
}

export function userBindings(p: Parsed): ShapeBindings {
  try {
    return bindingsFrom(list(p, 'dim'), list(p, 'input'));
  } catch (e) {
    throw new ArgError((e as Error).message);
  }
}

/** Folders outside the model's own where external data may live (--allow-external-outside DIR, repeatable). */
export function externalRoots(p: Parsed): string[] {
  return list(p, 'allow-external-outside');
}

export function pipelineOptions(p: Parsed): { steps?: number; guidance?: boolean } {
  const o: { steps?: number; guidance?: boolean } = {};
  const steps = posInt(p, 'steps');
  if (steps !== undefined) o.steps = steps;
  if (flag(p, 'no-guidance')) o.guidance = false;
  return o;
}

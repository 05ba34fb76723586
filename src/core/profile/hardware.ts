// Hardware for a profile from what a user types: a preset name ("expedera-8k") or a *.npuhw.json file
// ({"preset": ..., overrides}, validated by the cost engine's schema), plus optional field overrides (--sram ...).
import { PRESETS, describeHardware, validateHardware, type HardwareConfig } from '../cost/hardware';
import { ProfileInputError } from './errors';
import type { ProfileHardware } from './types';

/** True when a --hw value names a file rather than a preset. */
export function isHardwareFile(spec: string): boolean {
  return /\.json$/i.test(spec) || spec.includes('/') || spec.includes('\\');
}

/** A hardware file's text -> validated config. Errors name the file (and the field, from HardwareConfigError). */
export function hardwareFromText(text: string, file: string, overrides: Record<string, unknown> = {}): HardwareConfig {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ProfileInputError(file, `not valid JSON (${(e as Error).message})`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new ProfileInputError(file, 'a hardware file must hold a JSON object');
  try {
    return validateHardware({ ...(json as Record<string, unknown>), ...overrides });
  } catch (e) {
    throw new ProfileInputError(file, (e as Error).message);
  }
}

export function hardwareFromPreset(name: string, overrides: Record<string, unknown> = {}): HardwareConfig {
  if (!PRESETS[name]) throw new ProfileInputError('--hw', `unknown hardware preset '${name}' (known: ${Object.keys(PRESETS).join(', ')})`);
  try {
    return validateHardware({ preset: name, ...overrides });
  } catch (e) {
    throw new ProfileInputError('hardware override', (e as Error).message);
  }
}

/** A preset name or a hardware file path (read through `readText`), with overrides applied on top. */
export async function resolveHardware(
  spec: string,
  readText: (path: string) => Promise<string>,
  overrides: Record<string, unknown> = {},
): Promise<HardwareConfig> {
  if (PRESETS[spec] || !isHardwareFile(spec)) return hardwareFromPreset(spec, overrides);
  let text: string;
  try {
    text = await readText(spec);
  } catch (e) {
    throw new ProfileInputError(spec, `cannot read hardware file (${(e as Error).message})`);
  }
  return hardwareFromText(text, spec, overrides);
}

export function profileHardware(hw: HardwareConfig): ProfileHardware {
  return { name: hw.name, description: describeHardware(hw), config: hw };
}

/** Every preset as `presets` lists it. */
export function presetList(): Array<{ id: string; config: HardwareConfig; description: string; source: string }> {
  return Object.entries(PRESETS).map(([id, p]) => ({ id, config: p.config, description: describeHardware(p.config), source: p.source }));
}

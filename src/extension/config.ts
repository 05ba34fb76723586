// The extension's settings (onnxNpuProfiler.*) turned into what the core needs: a validated hardware
// config, shape bindings, pipeline options. Invalid settings raise SettingsError naming the setting.
import * as vscode from 'vscode';
import { PRESETS, describeHardware, validateHardware, type HardwareConfig } from '../core/cost/hardware';
import type { HardwareChoice, WhatIf } from '../core/view/protocol';
import type { ShapeBindings } from '../core/shapes/types';
import { mergeBindings as coreMergeBindings } from '../core/profile/load';
import { describeHardwareFile, hardwareFileFor, hardwareFileId, hardwareFiles, isHardwareFileId } from './hardwareFiles';

export const SECTION = 'onnxNpuProfiler';
export const DEFAULT_PRESET = 'expedera-8k';

export class SettingsError extends Error {
  override name = 'SettingsError';
  constructor(setting: string, message: string) {
    super(`setting ${SECTION}.${setting}: ${message}`);
  }
}

function settings(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration(SECTION);
}

/**
 * The hardware the editors start from: onnxNpuProfiler.hardwareFile (a workspace *.npuhw.json, as an `npuhw:` id)
 * when set, else onnxNpuProfiler.hardwarePreset.
 */
export function presetSetting(): string {
  const file = settings().get<string>('hardwareFile', '');
  if (file) {
    const f = hardwareFileFor(file);
    // Not found (yet: the first scan may still run): hardwareFor reports it when it is used.
    return f ? hardwareFileId(f.uri) : `npuhw:${file}`;
  }
  return settings().get<string>('hardwarePreset', DEFAULT_PRESET);
}

/** Display name of a preset id or hardware file id ("expedera-8k", "my-npu"). */
export function hardwareLabel(id: string): string {
  if (!isHardwareFileId(id)) return id;
  const f = hardwareFileFor(id);
  return f?.config?.name ?? (f ? f.uri.path.slice(f.uri.path.lastIndexOf('/') + 1) : id);
}

/** Every preset, then every workspace hardware file, as the webview's hardware picker and the quick pick show them. */
export function presetChoices(): HardwareChoice[] {
  const presets = Object.entries(PRESETS).map(([id, p]) => ({ id, label: id, detail: describeHardware(p.config) }));
  const files = hardwareFiles().map((f) => ({ id: hardwareFileId(f.uri), label: vscode.workspace.asRelativePath(f.uri), detail: describeHardwareFile(f) }));
  return [...presets, ...files];
}

/** The webview's starting what-if: the preset setting, no overrides. */
export function defaultWhatIf(): WhatIf {
  return { preset: presetSetting() };
}

/**
 * Hardware for a what-if: its preset (or the setting's), then onnxNpuProfiler.hardwareOverrides, then the
 * what-if's own numbers. Validated by the cost engine's schema.
 */
export function hardwareFor(whatIf: WhatIf = defaultWhatIf()): HardwareConfig {
  const overrides = settings().get<unknown>('hardwareOverrides', {});
  if (typeof overrides !== 'object' || overrides === null || Array.isArray(overrides)) {
    throw new SettingsError('hardwareOverrides', 'must be an object of hardware fields, e.g. { "sramBytes": 4000000 }');
  }
  const preset = whatIf.preset || presetSetting();
  let base: Record<string, unknown>;
  if (isHardwareFileId(preset)) {
    const f = hardwareFileFor(preset);
    if (!f) throw new SettingsError('hardwareFile', `no hardware file '${preset.slice('npuhw:'.length)}' in the workspace (expected a *.npuhw.json)`);
    if (!f.json || f.problem) throw new SettingsError('hardwareFile', `${vscode.workspace.asRelativePath(f.uri)}: ${f.problem}`);
    base = { ...f.json, name: f.config?.name ?? f.json.name };
    delete base.$schema;
  } else {
    if (!PRESETS[preset]) throw new SettingsError('hardwarePreset', `unknown preset '${preset}' (known: ${Object.keys(PRESETS).join(', ')})`);
    base = { preset };
  }
  const json: Record<string, unknown> = { ...base, ...(overrides as Record<string, unknown>) };
  if (whatIf.sramBytes !== undefined) json.sramBytes = whatIf.sramBytes;
  if (whatIf.ddrBytesPerS !== undefined) json.ddrBytesPerS = whatIf.ddrBytesPerS;
  if (whatIf.macs !== undefined) json.macs = whatIf.macs;
  return validateHardware(json);
}

/** onnxNpuProfiler.dimBindings, e.g. { "batch": 1, "sequence": 77 }. */
export function dimBindings(): Record<string, number> {
  const raw = settings().get<unknown>('dimBindings', {});
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new SettingsError('dimBindings', 'must be an object { "symbol": size }');
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) throw new SettingsError('dimBindings', `"${k}" must be a positive integer, got ${JSON.stringify(v)}`);
    out[k] = v;
  }
  return out;
}

/** Bindings for one model: the pipeline's (when the model is a pipeline stage) overridden by the setting. */
export function mergeBindings(base: ShapeBindings | undefined, dims: Record<string, number>): ShapeBindings {
  // One rule for every front end (src/core/profile/load.ts): a dim the user binds wins over the pipeline's.
  return coreMergeBindings(base, { dims });
}

export function pipelineOptions(): { steps: number; guidance: boolean; cfgBatch: boolean } {
  const steps = settings().get<number>('pipeline.steps', 50);
  if (!Number.isInteger(steps) || steps <= 0) throw new SettingsError('pipeline.steps', `must be a positive integer, got ${steps}`);
  const cfgBatch = settings().get<unknown>('pipeline.cfgBatch', false);
  if (typeof cfgBatch !== 'boolean') throw new SettingsError('pipeline.cfgBatch', `must be true or false, got ${JSON.stringify(cfgBatch)}`);
  return { steps, guidance: settings().get<boolean>('pipeline.guidance', true), cfgBatch };
}

/** True when a configuration change affects costs (hardware) or shapes (bindings, pipeline). */
export function affects(e: vscode.ConfigurationChangeEvent): { hardware: boolean; shapes: boolean } {
  return {
    hardware:
      e.affectsConfiguration(`${SECTION}.hardwarePreset`) ||
      e.affectsConfiguration(`${SECTION}.hardwareOverrides`) ||
      e.affectsConfiguration(`${SECTION}.hardwareFile`),
    shapes: e.affectsConfiguration(`${SECTION}.dimBindings`) || e.affectsConfiguration(`${SECTION}.pipeline`),
  };
}

// `onnx-npu-profile profile [PATH] [--hw PRESET | --hw-file FILE] [--sram 4MB] [--ddr 12GB/s] [--clock 750MHz]
//    [--attention flash|materialized] [--steps N] [--format json|table] [--top N] [--dim S=N] [--input NAME=AxB]`
// PATH: a diffusers pipeline folder (with model_index.json) or one .onnx file; default: the bundled samples/sd15.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { loadModelFile } from '../../node/loadModelFile';
import { inferShapes, bindingsFrom } from '../../core/shapes';
import { parseModelIndex, pipelineStages } from '../../core/sd/pipeline';
import { prepareGraph, costPrepared } from '../../core/cost/engine';
import { costPipeline, type PipelineStageInput } from '../../core/cost/pipeline';
import { PRESETS, validateHardware, describeHardware, type HardwareConfig } from '../../core/cost/hardware';
import type { LayerCost, PipelineCost } from '../../core/cost/types';
import { parseBandwidth, parseBytes, parseHz, formatBytes } from '../../core/cost/units';

const USAGE = [
  'usage: onnx-npu-profile profile [PATH] [options]',
  '  PATH                 diffusers folder with model_index.json, or a .onnx file (default: bundled samples/sd15)',
  `  --hw PRESET          ${Object.keys(PRESETS).join(' | ')} (default expedera-8k)`,
  '  --hw-file FILE       JSON hardware config (see hardware.schema.json; {"preset": ...} plus overrides)',
  '  --sram SIZE          override SRAM, e.g. 4MB, 384KiB',
  '  --ddr RATE           override DDR bandwidth, e.g. 12GB/s',
  '  --clock FREQ         override clock, e.g. 750MHz',
  '  --attention MODE     flash | materialized',
  '  --steps N            denoising steps for a pipeline (default 50, 2 UNet runs per step with guidance)',
  '  --dim SYM=N, --input NAME=AxB   shape bindings for a single .onnx',
  '  --format json|table  (default table); --json = --format json',
  '  --top N              layers listed in the table (default 15)',
].join('\n');

interface ProfileArgs {
  path?: string;
  hw: string;
  hwFile?: string;
  sram?: string;
  ddr?: string;
  clock?: string;
  attention?: string;
  steps?: number;
  format: 'json' | 'table';
  top: number;
  dims: string[];
  inputs: string[];
}

class ArgError extends Error {}

function parseArgs(args: string[]): ProfileArgs | 'help' {
  const out: ProfileArgs = { hw: 'expedera-8k', format: 'table', top: 15, dims: [], inputs: [] };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const eq = a.indexOf('=');
    const flag = a.startsWith('--') && eq > 0 ? a.slice(0, eq) : a;
    const value = (): string => {
      const v = a.startsWith('--') && eq > 0 ? a.slice(eq + 1) : args[++i];
      if (v === undefined) throw new ArgError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--help': case '-h': return 'help';
      case '--hw': out.hw = value(); break;
      case '--hw-file': out.hwFile = value(); break;
      case '--sram': out.sram = value(); break;
      case '--ddr': case '--bandwidth': out.ddr = value(); break;
      case '--clock': out.clock = value(); break;
      case '--attention': out.attention = value(); break;
      case '--json': out.format = 'json'; break;
      case '--dim': out.dims.push(value()); break;
      case '--input': out.inputs.push(value()); break;
      case '--format': {
        const v = value();
        if (v !== 'json' && v !== 'table') throw new ArgError(`--format must be json or table, got '${v}'`);
        out.format = v;
        break;
      }
      case '--top': case '--steps': {
        const v = Number(value());
        if (!Number.isInteger(v) || v <= 0) throw new ArgError(`${flag} needs a positive integer`);
        if (flag === '--top') out.top = v;
        else out.steps = v;
        break;
      }
      default:
        if (a.startsWith('-')) throw new ArgError(`unknown option '${a}'`);
        if (out.path !== undefined) throw new ArgError(`unexpected argument '${a}'`);
        out.path = a;
    }
  }
  return out;
}

/** The package root (holds package.json and samples/), found from this file's location: works from src/ and dist/. */
export function packageRoot(): string {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const pj = join(dir, 'package.json');
    if (existsSync(pj)) {
      try {
        if (JSON.parse(readFileSync(pj, 'utf8')).name === 'onnx-npu-profiler') return dir;
      } catch {
        /* keep walking */
      }
    }
    dir = dirname(dir);
  }
  return process.cwd();
}

function hardwareFrom(a: ProfileArgs): HardwareConfig {
  let json: Record<string, unknown>;
  if (a.hwFile) {
    let text: string;
    try {
      text = readFileSync(a.hwFile, 'utf8');
    } catch (e) {
      throw new ArgError(`cannot read --hw-file ${a.hwFile}: ${(e as Error).message}`);
    }
    try {
      json = JSON.parse(text);
    } catch (e) {
      throw new ArgError(`${a.hwFile}: not valid JSON (${(e as Error).message})`);
    }
  } else {
    if (!PRESETS[a.hw]) throw new ArgError(`unknown hardware preset '${a.hw}' (known: ${Object.keys(PRESETS).join(', ')})`);
    json = { preset: a.hw };
  }
  if (a.sram) json.sramBytes = parseBytes(a.sram);
  if (a.ddr) json.ddrBytesPerS = parseBandwidth(a.ddr);
  if (a.clock) json.clockHz = parseHz(a.clock);
  if (a.attention) json.attention = a.attention;
  return validateHardware(json);
}

async function stagesFor(path: string, a: ProfileArgs): Promise<PipelineStageInput[]> {
  if (!existsSync(path)) throw new ArgError(`no such file or folder: ${path}`);
  if (statSync(path).isDirectory()) {
    const indexFile = join(path, 'model_index.json');
    if (!existsSync(indexFile)) throw new ArgError(`${path}: a folder must hold a diffusers model_index.json`);
    const stages = pipelineStages(parseModelIndex(readFileSync(indexFile, 'utf8'), indexFile), a.steps ? { steps: a.steps } : {});
    if (stages.length === 0) throw new ArgError(`${indexFile}: no text_encoder, unet or vae_decoder component`);
    const out: PipelineStageInput[] = [];
    for (const s of stages) {
      const file = join(path, s.modelPath);
      if (!existsSync(file)) throw new ArgError(`${file}: missing (listed in model_index.json)`);
      const model = await loadModelFile(file);
      out.push({ name: s.name, prepared: prepareGraph(model, inferShapes(model, s.bindings), s.name), runsPerImage: s.runsPerImage });
    }
    return out;
  }
  const model = await loadModelFile(path);
  const name = basename(path) === 'model.onnx' ? basename(dirname(resolve(path))) : basename(path).replace(/\.onnx$/i, '');
  const shapes = inferShapes(model, bindingsFrom(a.dims, a.inputs));
  return [{ name, prepared: prepareGraph(model, shapes, name), runsPerImage: 1 }];
}

function layerJson(stage: string, l: LayerCost): Record<string, unknown> {
  return { stage, ...l };
}

function pad(s: string, n: number, right = false): string {
  return right ? s.padStart(n) : s.padEnd(n);
}

interface AttentionComparison {
  stage: string;
  mode: string;
  latencyMs: number;
  otherMode: string;
  otherLatencyMs: number;
}

/** The same stages with the other attention mode, for stages that have attention (the report shows the difference). */
function compareAttention(stages: PipelineStageInput[], p: PipelineCost, hw: HardwareConfig): AttentionComparison[] {
  const other = hw.attention === 'flash' ? 'materialized' : 'flash';
  const out: AttentionComparison[] = [];
  stages.forEach((s, i) => {
    if (!p.stages[i].cost.layers.some((l) => l.macClass === 'attention')) return;
    const alt = costPrepared(s.prepared, { ...hw, attention: other });
    out.push({ stage: s.name, mode: hw.attention, latencyMs: p.stages[i].latencyMs, otherMode: other, otherLatencyMs: alt.totals.latencyMs });
  });
  return out;
}

function table(p: PipelineCost, top: number, attention: AttentionComparison[]): string {
  const lines: string[] = [`hardware: ${p.hardware}`, ''];
  lines.push(`${pad('stage', 14)}${pad('runs/img', 9, true)}${pad('ms/run', 10, true)}${pad('runs/s', 9, true)}${pad('GMAC', 9, true)}${pad('weights', 10, true)}${pad('DDR rd+wr', 11, true)}${pad('spills', 8, true)}${pad('s/img', 8, true)}`);
  for (const s of p.stages) {
    const t = s.cost.totals;
    lines.push(
      `${pad(s.name, 14)}${pad(String(s.runsPerImage), 9, true)}${pad(s.latencyMs.toFixed(1), 10, true)}${pad(s.throughputPerS.toFixed(2), 9, true)}` +
        `${pad((t.macCount / 1e9).toFixed(1), 9, true)}${pad(formatBytes(t.weightBytes), 10, true)}${pad(formatBytes(t.ddrReadBytes + t.ddrWriteBytes), 11, true)}` +
        `${pad(String(t.spillCount), 8, true)}${pad(((s.latencyMs * s.runsPerImage) / 1000).toFixed(2), 8, true)}`,
    );
  }
  lines.push('', `seconds per image: ${p.secondsPerImage.toFixed(2)}`, '');
  for (const a of attention)
    lines.push(`attention in ${a.stage}: ${a.mode} ${a.latencyMs.toFixed(1)} ms/run; ${a.otherMode} would be ${a.otherLatencyMs.toFixed(1)} ms/run`);
  if (attention.length) lines.push('');
  const all = p.stages.flatMap((s) => s.cost.layers.map((l) => ({ stage: s.name, l })));
  all.sort((x, y) => y.l.latencyMs - x.l.latencyMs);
  lines.push(`top ${Math.min(top, all.length)} layers by latency:`);
  lines.push(`${pad('stage', 13)}${pad('ms', 8, true)}  ${pad('bound', 8)}${pad('util', 6, true)}  ${pad('op', 22)}name / spill`);
  for (const { stage, l } of all.slice(0, top)) {
    lines.push(`${pad(stage, 13)}${pad(l.latencyMs.toFixed(2), 8, true)}  ${pad(l.bound, 8)}${pad((l.utilization * 100).toFixed(0) + '%', 6, true)}  ${pad(l.opType, 22)}${l.name}`);
    if (l.spill) lines.push(`${' '.repeat(59)}spill: ${l.spillReason}`);
  }
  const warnings = p.stages.flatMap((s) => s.cost.warnings.map((w) => `${s.name}: ${w}`));
  if (warnings.length) lines.push('', `${warnings.length} warning(s):`, ...warnings.slice(0, 10).map((w) => '  ' + w));
  return lines.join('\n');
}

/** Where output goes (tests pass their own). */
export interface ProfileIO {
  out(text: string): void | Promise<void>;
  err(text: string): void | Promise<void>;
}

// Resolve once the text is flushed: the dispatcher calls process.exit right after, which would cut a piped JSON short.
const write = (stream: NodeJS.WriteStream, text: string) => new Promise<void>((res) => stream.write(text, () => res()));
const STDIO: ProfileIO = { out: (t) => write(process.stdout, t), err: (t) => write(process.stderr, t) };

export async function runProfile(args: string[], io: ProfileIO = STDIO): Promise<number> {
  let a: ProfileArgs | 'help';
  try {
    a = parseArgs(args);
  } catch (e) {
    await io.err(`onnx-npu-profile profile: ${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (a === 'help') {
    await io.out(USAGE + '\n');
    return 0;
  }
  try {
    const hw = hardwareFrom(a);
    const path = a.path ?? join(packageRoot(), 'samples', 'sd15');
    const stages = await stagesFor(path, a);
    const result = costPipeline(stages, hw);
    const attention = compareAttention(stages, result, hw);
    if (a.format === 'json') {
      const json = {
        path,
        hardware: result.hardware,
        hardwareConfig: hw,
        description: describeHardware(hw),
        secondsPerImage: result.secondsPerImage,
        stages: result.stages.map((s) => ({ name: s.name, latencyMs: s.latencyMs, throughputPerS: s.throughputPerS, runsPerImage: s.runsPerImage, totals: s.cost.totals, warnings: s.cost.warnings })),
        attention,
        layers: result.stages.flatMap((s) => s.cost.layers.map((l) => layerJson(s.name, l))),
      };
      await io.out(JSON.stringify(json) + '\n');
    } else await io.out(table(result, a.top, attention) + '\n');
    return 0;
  } catch (e) {
    await io.err(`onnx-npu-profile profile: ${(e as Error).message}\n`);
    return e instanceof ArgError ? 2 : 1;
  }
}

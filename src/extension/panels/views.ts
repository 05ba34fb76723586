// Core results (src/core/profile) -> what the profiling panels show. Pure (no vscode import): unit-tested in Node.
import type { CompareResult, SweepResult } from '../../core/profile';
import type { LayerCost } from '../../core/cost/types';
import type { HardwareConfig } from '../../core/cost/hardware';
import { formatBytes } from '../../core/cost/units';
import { formatMs } from '../../core/view/format';
import { compareChartData, rooflineData, sweepChartData } from '../../core/report/data';
import type { CompareRowView, CompareView, RooflineView, SweepView } from './protocol';

export function sweepView(r: SweepResult, label: string, currentSramBytes: number, applicable: boolean, runsPerImage: Record<string, number> = {}): SweepView {
  const d = sweepChartData(r, runsPerImage, currentSramBytes);
  const first = r.points[0]?.sramBytes ?? 0;
  const last = r.points[r.points.length - 1]?.sramBytes ?? 0;
  return {
    title: `SRAM sweep: ${label}`,
    subtitle: `${r.hardware.name} (${r.hardware.description}); ${r.points.length} sizes from ${formatBytes(first)} to ${formatBytes(last)}; latency ${d.unit}, DDR traffic ${d.ddrUnit}.`,
    unit: d.unit ?? 'per run',
    points: d.points,
    kneeSramBytes: r.knee.sramBytes,
    kneeRule: r.knee.rule,
    currentSramBytes,
    applicable,
  };
}

export function rooflineView(label: string, hw: HardwareConfig, stages: Array<{ name?: string; label: string; layers: LayerCost[] }>): RooflineView {
  const peak = hw.macs * hw.clockHz;
  return {
    title: `Roofline: ${label}`,
    subtitle: `${hw.name}: compute roof ${(peak / 1e12).toPrecision(3)} TMAC/s, DDR roof ${formatBytes(hw.ddrBytesPerS * hw.ddrEfficiency)}/s. Hover a point for its layer; click to reveal it in the model editor.`,
    charts: stages.map((s) => ({
      stage: s.name,
      label: s.label,
      data: rooflineData(s.layers.map((l) => ({ ...l, stage: s.name })), hw),
    })),
  };
}

function ratioText(r: number | null): string {
  return r === null ? '—' : `×${r.toPrecision(3)}`;
}

function row(label: string, a: number, b: number, r: number | null, fmt: (v: number) => string): CompareRowView {
  return { label, a: fmt(a), b: fmt(b), ratio: ratioText(r), slower: r !== null && r > 1 };
}

export function compareView(c: CompareResult, label: string): CompareView {
  const pipeline = c.target.kind === 'pipeline';
  const names: [string, string] = [c.hardware[0].name, c.hardware[1].name];
  const headline = c.image.latencyMs.map((ms) => (pipeline ? `${(ms / 1000).toFixed(2)} s per image` : `${formatMs(ms)} per run`)) as [string, string];
  const runs = (s: { runsPerImage: number }) => (pipeline && s.runsPerImage !== 1 ? ` × ${s.runsPerImage}` : '');
  return {
    title: `Compare hardware: ${label}`,
    names,
    descriptions: [c.hardware[0].description, c.hardware[1].description],
    headline,
    headlineRatio: `b / a: ${ratioText(c.image.ratio)} ${pipeline ? 'seconds per image' : 'latency'}`,
    stages: c.stages.map((s) => row(`${s.name}${runs(s)} (per run)`, s.latencyMs[0], s.latencyMs[1], s.ratio, formatMs)),
    layers: c.layers.map((l) => row(`${pipeline ? `${l.stage}: ` : ''}${l.name} (${l.opType})`, l.msPerImage[0], l.msPerImage[1], l.ratio, formatMs)),
    chart: compareChartData(c) as CompareView['chart'],
  };
}

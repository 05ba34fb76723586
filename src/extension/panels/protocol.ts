// Messages between the host and the profiling panels (SRAM sweep, roofline, hardware comparison). No vscode import:
// the webviews (webview/panels/) import these types. Every string may come from a model: rendered as text only.
import type { RooflineData, SweepChartPoint } from '../../core/report/charts';

export interface SweepView {
  title: string;
  /** Hardware and what each point is ("per image" for a pipeline, "per run" for a model). */
  subtitle: string;
  unit: string;
  points: SweepChartPoint[];
  kneeSramBytes: number | null;
  kneeRule: string;
  currentSramBytes: number;
  /** A click applies the point's SRAM as the what-if of an open editor (false when none is open). */
  applicable: boolean;
}

export interface RooflineView {
  title: string;
  subtitle: string;
  /** One chart per stage for a pipeline, one for a model. */
  charts: Array<{ stage?: string; label: string; data: RooflineData }>;
}

export interface CompareRowView {
  label: string;
  a: string;
  b: string;
  ratio: string;
  /** b slower than a (ratio > 1), for the row's class. */
  slower: boolean;
}

export interface CompareView {
  title: string;
  names: [string, string];
  descriptions: [string, string];
  /** "12.31 s per image" / "119 ms per run" on each. */
  headline: [string, string];
  headlineRatio: string;
  stages: CompareRowView[];
  layers: CompareRowView[];
  /** Inputs of compareChart (stage latency per image). */
  chart: { names: [string, string]; rows: Array<{ label: string; values: [number, number] }>; unit: 'ms' };
}

export type HostToPanel =
  | { type: 'sweep'; view: SweepView }
  | { type: 'current'; sramBytes: number; applied: string }
  | { type: 'roofline'; view: RooflineView }
  | { type: 'compare'; view: CompareView }
  | { type: 'error'; message: string };

export type PanelToHost =
  | { type: 'ready' }
  | { type: 'applySram'; sramBytes: number }
  | { type: 'reveal'; nodeIndex: number; stage?: string }
  | { type: 'log'; level: 'info' | 'error'; message: string };

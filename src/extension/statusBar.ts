// The status bar item shown while a model or pipeline editor is active: hardware · latency (a model: per run; a
// pipeline: seconds per image) · spills, e.g. `expedera-8k · 119 ms · 58 spills`. Clicking it runs Select Hardware Preset.
import * as vscode from 'vscode';
import type { ModelCost } from '../core/cost/types';
import type { PipelineView } from '../core/view/protocol';
import { formatMs } from '../core/view/format';
import type { ModelEditorProvider } from './modelEditor/provider';
import type { PipelineEditorProvider } from './pipelineEditor/provider';

const TEXT = {
  name: 'ONNX NPU Profiler',
  tooltip: vscode.l10n.t('ONNX NPU Profiler: estimated on this hardware. Click to select the hardware preset.'),
  spills: (n: number) => (n === 1 ? vscode.l10n.t('{0} spill', n) : vscode.l10n.t('{0} spills', n)),
  perImage: (s: number) => vscode.l10n.t('{0} s/image', s.toFixed(2)),
};

/** The hardware's short name: the part of a cost's hardware text before " (" ("expedera-8k (8,192 MACs …)"). */
export function shortHardware(hardware: string): string {
  const i = hardware.indexOf(' (');
  return i > 0 ? hardware.slice(0, i) : hardware;
}

export function modelStatusText(cost: ModelCost): string {
  return [shortHardware(cost.hardware), formatMs(cost.totals.latencyMs), TEXT.spills(cost.totals.spillCount)].join(' · ');
}

export function pipelineStatusText(view: PipelineView): string | undefined {
  if (view.secondsPerImage === undefined) return undefined;
  const spills = view.stages.reduce((n, s) => n + (s.cost?.spillCount ?? 0), 0);
  return [shortHardware(view.hardware), TEXT.perImage(view.secondsPerImage), TEXT.spills(spills)].join(' · ');
}

export class ProfilerStatusBar implements vscode.Disposable {
  readonly item: vscode.StatusBarItem;
  private readonly subs: vscode.Disposable[] = [];

  constructor(
    private readonly models: ModelEditorProvider,
    private readonly pipelines: PipelineEditorProvider,
    command: string,
  ) {
    this.item = vscode.window.createStatusBarItem('onnxNpuProfiler.status', vscode.StatusBarAlignment.Right, 100);
    this.item.name = TEXT.name;
    this.item.tooltip = TEXT.tooltip;
    this.item.command = command;
    this.subs.push(
      models.onDidChange(() => this.update()),
      pipelines.onDidChange(() => this.update()),
      vscode.window.tabGroups.onDidChangeTabs(() => this.update()),
      vscode.window.tabGroups.onDidChangeTabGroups(() => this.update()),
    );
    this.update();
  }

  /** What the item shows now ('' when hidden): the tests read it. */
  get text(): string {
    return this.visible ? this.item.text : '';
  }

  private visible = false;

  update(): void {
    const text = this.currentText();
    if (text) {
      this.item.text = text;
      this.item.show();
    } else this.item.hide();
    this.visible = !!text;
  }

  /** The active tab decides: a model editor shows its cost, a pipeline editor its seconds per image, anything else hides. */
  private currentText(): string | undefined {
    const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    if (!(input instanceof vscode.TabInputCustom)) return undefined;
    const uri = input.uri.toString();
    const model = this.models.activePanel();
    if (model && model.document.uri.toString() === uri && model.lastCost) return modelStatusText(model.lastCost);
    const pipeline = this.pipelines.activePanel();
    if (pipeline && pipeline.document.uri.toString() === uri && pipeline.lastView) return pipelineStatusText(pipeline.lastView);
    return undefined;
  }

  dispose(): void {
    for (const s of this.subs) s.dispose();
    this.item.dispose();
  }
}

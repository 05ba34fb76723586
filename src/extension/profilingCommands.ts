// The profiling studies of the palette, on the one core entry point (src/core/profile) and the shared chart builders
// (src/core/report): Sweep SRAM Size…, Show Roofline, Compare Hardware…, Profile Model. Each takes optional arguments
// (tests, other extensions) and otherwise asks. Long work runs under a cancellable progress notification.
import * as vscode from 'vscode';
import { compareHardware, findKnee, profileRun, sweepSram, type SweepResult } from '../core/profile';
import { DEFAULT_SWEEP_POINTS, DEFAULT_SWEEP_RANGE, parseSweepInput } from './sweepInput';
import { formatBytes } from '../core/cost/units';
import { formatMs } from '../core/view/format';
import type { HardwareConfig } from '../core/cost/hardware';
import { hardwareFor, hardwareLabel, presetChoices } from './config';
import { log } from './log';
import { MODEL_VIEW_TYPE, errorText, type ModelEditorProvider } from './modelEditor/provider';
import type { PipelineEditorProvider } from './pipelineEditor/provider';
import { ChartPanel } from './panels/chartPanel';
import { compareView, rooflineView, sweepView } from './panels/views';
import { Targets, type ProfilerTarget } from './targets';

export { DEFAULT_SWEEP_RANGE, DEFAULT_SWEEP_POINTS, parseSweepInput } from './sweepInput';

const TEXT = {
  sweepPrompt: vscode.l10n.t('SRAM sizes to cost: A..B, log-spaced, optionally followed by the number of points (default {0}, at least 2), e.g. 0.5MB..64MB 32', DEFAULT_SWEEP_POINTS),
  sweepTitle: (label: string) => vscode.l10n.t('ONNX NPU Profiler: sweep SRAM size of {0}', label),
  sweeping: (label: string) => vscode.l10n.t('ONNX NPU Profiler: sweeping SRAM of {0}', label),
  applied: (size: string, what: string) => vscode.l10n.t('{0} SRAM applied to {1}', size, what),
  noEditor: vscode.l10n.t('Open the model or pipeline in its editor to apply a sweep point.'),
  compareTitle: vscode.l10n.t('ONNX NPU Profiler: compare which two hardware configurations?'),
  compareExactlyTwo: vscode.l10n.t('pick exactly two'),
  profiling: (label: string) => vscode.l10n.t('ONNX NPU Profiler: profiling {0}', label),
};

/** Runs `work` one step at a time under a cancellable progress notification, yielding between steps. */
async function stepped<T>(title: string, total: number, step: (i: number) => T, token?: vscode.CancellationToken): Promise<T[] | undefined> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, cancel) => {
    const out: T[] = [];
    for (let i = 0; i < total; i++) {
      if (cancel.isCancellationRequested || token?.isCancellationRequested) return undefined;
      out.push(step(i));
      progress.report({ increment: 100 / total, message: `${i + 1} of ${total}` });
      await new Promise((r) => setTimeout(r, 0));
    }
    return out;
  });
}

type SweepPoint = SweepResult['points'][number];

/**
 * Sweep points already costed, per loaded target and hardware: a second sweep (or the point costed while the input
 * box was open) is not costed again. Weak on the target, so a closed editor's points go with its analysis.
 */
class SweepPointCache {
  private readonly byTarget = new WeakMap<object, Map<string, SweepPoint>>();

  private map(t: ProfilerTarget): Map<string, SweepPoint> {
    // The first stage's prepared graph is the same object for every command on the same open editor.
    const owner: object = t.loaded.stages[0]?.prepared ?? t.loaded;
    let m = this.byTarget.get(owner);
    if (!m) this.byTarget.set(owner, (m = new Map<string, SweepPoint>()));
    return m;
  }

  point(t: ProfilerTarget, sramBytes: number): SweepPoint {
    const key = `${JSON.stringify(t.hardware)}@${sramBytes}`;
    const m = this.map(t);
    let p = m.get(key);
    if (!p) {
      p = sweepSram(t.loaded, t.hardware, [sramBytes]).points[0];
      m.set(key, p);
    }
    return p;
  }

  /** Costs `sizes` in the background, one per macrotask, until `stop()`: the likely answer while the box is open. */
  prefetch(t: ProfilerTarget, sizes: number[]): { stop(): void } {
    let stopped = false;
    void (async () => {
      for (const size of sizes) {
        await new Promise((r) => setTimeout(r, 0));
        if (stopped) return;
        this.point(t, size);
      }
    })();
    return { stop: () => (stopped = true) };
  }
}

export class ProfilingCommands {
  private readonly sweepPoints = new SweepPointCache();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly models: ModelEditorProvider,
    private readonly pipelines: PipelineEditorProvider,
    private readonly targets: Targets,
  ) {}

  private async target(uri?: vscode.Uri): Promise<ProfilerTarget | undefined> {
    try {
      const t = await this.targets.activeOrPick(uri);
      if (!t) void vscode.window.showInformationMessage(Targets.noTargetMessage);
      return t;
    } catch (err) {
      log.error(errorText(err));
      void vscode.window.showErrorMessage(vscode.l10n.t('ONNX NPU Profiler: {0}', errorText(err)));
      return undefined;
    }
  }

  /**
   * Sweep SRAM Size…: an input box (default 0.5MB..64MB, accepted with Enter), then the chart. `range` skips the box.
   * Resolves with the sweep shown (undefined when cancelled).
   */
  async sweep(range?: string, uri?: vscode.Uri): Promise<SweepResult | undefined> {
    const t = await this.target(uri);
    if (!t) return undefined;
    // While the box is open (the user most often just presses Enter), the default range is costed in the background.
    const prefetch = range === undefined ? this.sweepPoints.prefetch(t, parseSweepInput(DEFAULT_SWEEP_RANGE)) : undefined;
    const text =
      range ??
      (await vscode.window.showInputBox({
        title: TEXT.sweepTitle(t.label),
        value: DEFAULT_SWEEP_RANGE,
        prompt: TEXT.sweepPrompt,
        // A webview taking focus back (an editor still loading) must not cancel the box.
        ignoreFocusOut: true,
        validateInput: (v) => {
          try {
            parseSweepInput(v);
            return undefined;
          } catch (err) {
            return errorText(err);
          }
        },
      }));
    prefetch?.stop();
    if (text === undefined) return undefined;
    const acceptedAt = Date.now();
    const sizes = parseSweepInput(text);
    // The panel's webview loads (its script, the toolkit-free page) while the host costs the points.
    const panel = ChartPanel.show('sweep', `SRAM sweep: ${t.label}`, this.extensionUri);
    // One size per step, so the notification can cancel between points; the knee is found over all of them.
    const points = await stepped(TEXT.sweeping(t.label), sizes.length, (i) => this.sweepPoints.point(t, sizes[i]));
    if (!points) {
      panel.dispose();
      return undefined;
    }
    const base = sweepSram(t.loaded, t.hardware, []);
    const result: SweepResult = { ...base, points, knee: findKnee(points.map((p) => ({ sramBytes: p.sramBytes, latencyMs: p.image.latencyMs }))) };
    const runs = Object.fromEntries(t.loaded.stages.map((s) => [s.name, s.runsPerImage]));
    const applicable = !!(t.modelPanel || t.pipelinePanel);
    panel.setView({ type: 'sweep', view: sweepView(result, t.label, t.hardware.sramBytes, applicable, runs) });
    panel.onMessage = (msg) => (msg.type === 'applySram' ? this.applySram(t, panel, msg.sramBytes) : undefined);
    log.info(`sweep of ${t.label} on ${t.hardware.name}: ${sizes.length} sizes, knee ${result.knee.sramBytes === null ? 'none' : formatBytes(result.knee.sramBytes)} (${Date.now() - acceptedAt} ms)`);
    return result;
  }

  private async applySram(t: ProfilerTarget, panel: ChartPanel, sramBytes: number): Promise<void> {
    const size = formatBytes(sramBytes);
    if (t.modelPanel && !t.modelPanel.disposed) {
      await this.models.applyWhatIf(t.modelPanel, { ...t.modelPanel.whatIf, sramBytes });
      panel.post({ type: 'current', sramBytes, applied: TEXT.applied(size, t.label) });
    } else if (t.pipelinePanel && !t.pipelinePanel.disposed) {
      await this.pipelines.applyWhatIf(t.pipelinePanel, { ...t.pipelinePanel.whatIf, sramBytes });
      panel.post({ type: 'current', sramBytes, applied: TEXT.applied(size, t.label) });
    } else panel.post({ type: 'current', sramBytes, applied: TEXT.noEditor });
  }

  /** Show Roofline: one chart for a model, one per stage for a pipeline. Resolves with the number of points. */
  async roofline(uri?: vscode.Uri): Promise<number | undefined> {
    const t = await this.target(uri);
    if (!t) return undefined;
    const stages =
      t.kind === 'model' && t.modelPanel?.lastCost
        ? [{ label: t.label, layers: t.modelPanel.lastCost.layers }]
        : (() => {
            const run = profileRun(t.loaded, t.hardware);
            return t.loaded.stages.map((s, i) => ({ name: t.kind === 'pipeline' ? s.name : undefined, label: s.name, layers: run.costs[i].layers }));
          })();
    const view = rooflineView(t.label, t.hardware, stages);
    const panel = ChartPanel.show('roofline', `Roofline: ${t.label}`, this.extensionUri);
    panel.setView({ type: 'roofline', view });
    panel.onMessage = (msg) => (msg.type === 'reveal' ? this.reveal(t, msg.nodeIndex, msg.stage) : undefined);
    return view.charts.reduce((n, c) => n + c.data.points.length, 0);
  }

  /** Reveals a layer in the model editor: the target's own panel, or the pipeline stage's model (opened beside). */
  private async reveal(t: ProfilerTarget, nodeIndex: number, stage?: string): Promise<void> {
    if (t.modelPanel && !t.modelPanel.disposed) {
      this.models.reveal(t.modelPanel, nodeIndex);
      return;
    }
    const s = t.loaded.stages.find((x) => x.name === stage) ?? (t.kind === 'model' ? t.loaded.stages[0] : undefined);
    if (!s) return;
    const uri = vscode.Uri.parse(s.path, true);
    await vscode.commands.executeCommand('vscode.openWith', uri, MODEL_VIEW_TYPE, vscode.ViewColumn.One);
    // The editor reveals once it has its graph: wait for its cost (bounded), then send the reveal.
    const deadline = Date.now() + 60_000;
    for (;;) {
      const panel = this.models.openPanels().find((p) => p.document.uri.toString() === uri.toString() && p.lastCost);
      if (panel) return this.models.reveal(panel, nodeIndex);
      if (Date.now() > deadline) throw new Error(`${s.name}: the model editor did not open in time to reveal layer ${nodeIndex}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Compare Hardware…: two presets or hardware files (ids as presetChoices gives them). Resolves with the comparison. */
  async compare(a?: string, b?: string, uri?: vscode.Uri) {
    const t = await this.target(uri);
    if (!t) return undefined;
    let ids = a && b ? [a, b] : undefined;
    if (!ids) {
      const items = presetChoices().map((c) => ({ label: c.label, description: c.detail, id: c.id }));
      const qp = await vscode.window.showQuickPick(items, {
        title: TEXT.compareTitle,
        canPickMany: true,
        placeHolder: TEXT.compareExactlyTwo,
      });
      if (!qp) return undefined;
      if (qp.length !== 2) {
        void vscode.window.showErrorMessage(vscode.l10n.t('ONNX NPU Profiler: {0} (picked {1})', TEXT.compareExactlyTwo, qp.length));
        return undefined;
      }
      ids = qp.map((q) => q.id);
    }
    let hws: [HardwareConfig, HardwareConfig];
    try {
      hws = [hardwareFor({ preset: ids[0] }), hardwareFor({ preset: ids[1] })];
    } catch (err) {
      void vscode.window.showErrorMessage(vscode.l10n.t('ONNX NPU Profiler: {0}', errorText(err)));
      return undefined;
    }
    if (hws[0].name === hws[1].name && ids[0] !== ids[1]) hws[1] = { ...hws[1], name: `${hardwareLabel(ids[1])}` };
    const result = compareHardware(t.loaded, hws[0], hws[1]);
    const panel = ChartPanel.show('compare', `Compare: ${t.label}`, this.extensionUri);
    panel.setView({ type: 'compare', view: compareView(result, t.label) });
    return result;
  }

  /** Profile Model: the active model/pipeline, a picked file or folder; the editor opens it, the log gets a summary. */
  async profileModel(uri?: vscode.Uri): Promise<string | undefined> {
    let t: ProfilerTarget | undefined;
    if (uri) {
      t = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: TEXT.profiling(uri.path.slice(uri.path.lastIndexOf('/') + 1)), cancellable: true },
        (_p, token) => this.targets.fromUri(uri, token).catch((err) => {
          if (!(err instanceof vscode.CancellationError)) void vscode.window.showErrorMessage(vscode.l10n.t('ONNX NPU Profiler: {0}', errorText(err)));
          return undefined;
        }),
      );
    } else t = await this.target();
    if (!t) return undefined;
    const run = profileRun(t.loaded, t.hardware);
    const p = run.profile;
    const lines = [`profile of ${t.label} on ${p.hardware.name} (${p.hardware.description})`];
    for (const s of p.stages) {
      lines.push(`  ${s.name}${s.runsPerImage !== 1 ? ` ×${s.runsPerImage}` : ''}: ${formatMs(s.latencyMs)} per run, ${s.totals.spillCount} spills, ${formatBytes(s.totals.ddrReadBytes + s.totals.ddrWriteBytes)} DDR${s.uncostedLayers.length ? `, ${s.uncostedLayers.length} of ${s.layerCount} layers not costed` : ''}`);
    }
    if (p.image) lines.push(`  ${p.image.secondsPerImage.toFixed(2)} s per image`);
    const top = [...p.layers].sort((x, y) => y.msPerImage - x.msPerImage).slice(0, 5);
    for (const l of top) lines.push(`  top: ${t.kind === 'pipeline' ? `${l.stage}: ` : ''}${l.name} (${l.opType}) ${formatMs(l.msPerImage)} per ${t.kind === 'pipeline' ? 'image' : 'run'}${l.spill ? ', spills' : ''}`);
    for (const w of p.readerWarnings ?? []) lines.push(`  warning: ${w}`);
    const summary = lines.join('\n');
    log.info(summary);
    log.show();
    // Results in the editor: open (or focus) the model or pipeline editor for the target.
    if (!t.modelPanel && !t.pipelinePanel) {
      const viewType = t.kind === 'pipeline' ? 'onnxNpuProfiler.pipeline' : MODEL_VIEW_TYPE;
      const openUri = t.kind === 'pipeline' && !t.uri.path.endsWith('/model_index.json') ? vscode.Uri.joinPath(t.uri, 'model_index.json') : t.uri;
      await vscode.commands.executeCommand('vscode.openWith', openUri, viewType);
    }
    return summary;
  }
}

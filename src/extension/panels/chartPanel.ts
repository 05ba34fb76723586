// One profiling panel (a WebviewPanel beside the editor): the strict-CSP page from webviewHtml.ts with a bundle from
// webview/panels/, its `ready` handshake (the view is re-sent on every reload), log forwarding and, after dispose,
// no message posted. One panel per kind is reused: running the command again replaces its content.
import * as vscode from 'vscode';
import { configureWebview } from '../webviewHtml';
import { log } from '../log';
import type { HostToPanel, PanelToHost } from './protocol';

export type PanelKind = 'sweep' | 'roofline' | 'compare';

export class ChartPanel implements vscode.Disposable {
  private static readonly open = new Map<PanelKind, ChartPanel>();
  readonly panel: vscode.WebviewPanel;
  private view?: HostToPanel;
  private disposed = false;
  private readonly subs: vscode.Disposable[] = [];
  /** Host-side handler for webview messages other than ready/log. */
  onMessage: (msg: PanelToHost) => void | Promise<void> = () => undefined;
  droppedAfterDispose = 0;

  static show(kind: PanelKind, title: string, extensionUri: vscode.Uri): ChartPanel {
    const existing = ChartPanel.open.get(kind);
    if (existing && !existing.disposed) {
      existing.panel.title = title;
      existing.panel.reveal(vscode.ViewColumn.Beside, true);
      return existing;
    }
    const p = new ChartPanel(kind, title, extensionUri);
    ChartPanel.open.set(kind, p);
    return p;
  }

  /** The open panel of a kind (tests). */
  static current(kind: PanelKind): ChartPanel | undefined {
    const p = ChartPanel.open.get(kind);
    return p && !p.disposed ? p : undefined;
  }

  private constructor(readonly kind: PanelKind, title: string, extensionUri: vscode.Uri) {
    this.panel = vscode.window.createWebviewPanel(`onnxNpuProfiler.${kind}`, title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {});
    this.subs.push(
      this.panel.webview.onDidReceiveMessage((msg: PanelToHost) => this.receive(msg)),
      this.panel.onDidDispose(() => this.dispose()),
    );
    configureWebview(this.panel.webview, extensionUri, { script: `panels/${kind}`, title });
  }

  /** Shows `view` now (or at the webview's `ready`). */
  setView(view: HostToPanel): void {
    this.view = view;
    this.post(view);
  }

  post(msg: HostToPanel): void {
    if (this.disposed) {
      this.droppedAfterDispose++;
      return;
    }
    void this.panel.webview.postMessage(msg);
  }

  private async receive(msg: PanelToHost): Promise<void> {
    try {
      if (msg.type === 'ready') {
        if (this.view) this.post(this.view);
      } else if (msg.type === 'log') log.fromWebview(`${this.kind} panel`, msg.level, msg.message);
      else await this.onMessage(msg);
    } catch (err) {
      const text = err instanceof Error ? err.message : String(err);
      log.error(`${this.kind} panel: ${text}`);
      void vscode.window.showErrorMessage(vscode.l10n.t('ONNX NPU Profiler: {0}', text));
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.view = undefined;
    this.onMessage = () => undefined;
    if (ChartPanel.open.get(this.kind) === this) ChartPanel.open.delete(this.kind);
    for (const s of this.subs) s.dispose();
    this.panel.dispose();
  }
}

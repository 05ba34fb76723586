// Read-only custom editor for *.onnx. The document loads (read + analyse) once and is shared by every
// panel showing it; each panel's webview says `ready` whenever it (re)loads, and gets `init` back, so
// state survives hide/show without retainContextWhenHidden.
import * as vscode from 'vscode';
import type { HostToWebview, WebviewToHost } from '../../core/view/protocol';
import { configureWebview } from '../webviewHtml';
import { analyzeModel, type ModelAnalysis } from './analysis';

export const MODEL_VIEW_TYPE = 'onnxNpuProfiler.model';

export class ModelDocument implements vscode.CustomDocument {
  private analysis?: Promise<ModelAnalysis>;
  constructor(
    readonly uri: vscode.Uri,
    private readonly onDispose: () => void = () => undefined,
  ) {}

  /** Reads and analyses the file once; a notification shows progress for slow opens. */
  load(): Promise<ModelAnalysis> {
    this.analysis ??= Promise.resolve(vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Opening ${baseName(this.uri)}` },
      async (progress) => {
        progress.report({ message: 'reading file' });
        const bytes = await vscode.workspace.fs.readFile(this.uri);
        progress.report({ message: 'analysing graph' });
        // Let the progress notification paint before the synchronous parse.
        await new Promise((r) => setTimeout(r, 0));
        return analyzeModel(bytes, baseName(this.uri));
      },
    ));
    return this.analysis;
  }

  dispose(): void {
    this.onDispose();
  }
}

export class ModelEditorProvider implements vscode.CustomReadonlyEditorProvider<ModelDocument> {
  private readonly panels = new Set<{ document: ModelDocument; panel: vscode.WebviewPanel }>();
  private readonly documents = new Map<string, ModelDocument>();

  constructor(private readonly extensionUri: vscode.Uri) {}

  static register(context: vscode.ExtensionContext): ModelEditorProvider {
    const provider = new ModelEditorProvider(context.extensionUri);
    context.subscriptions.push(
      vscode.window.registerCustomEditorProvider(MODEL_VIEW_TYPE, provider, { supportsMultipleEditorsPerDocument: true }),
    );
    return provider;
  }

  openCustomDocument(uri: vscode.Uri): ModelDocument {
    const document = new ModelDocument(uri, () => this.documents.delete(uri.toString()));
    this.documents.set(uri.toString(), document);
    return document;
  }

  /** The open document for uri, if any (commands and tests use it to await its analysis). */
  documentFor(uri: vscode.Uri): ModelDocument | undefined {
    return this.documents.get(uri.toString());
  }

  resolveCustomEditor(document: ModelDocument, panel: vscode.WebviewPanel): void {
    const entry = { document, panel };
    this.panels.add(entry);
    const post = (msg: HostToWebview) => void panel.webview.postMessage(msg);
    // Start reading while the webview loads; a failure is reported once, here, and again to each `ready`.
    document.load().catch((err: unknown) => {
      void vscode.window.showErrorMessage(`ONNX NPU Profiler: ${err instanceof Error ? err.message : String(err)}`);
    });
    const sub = panel.webview.onDidReceiveMessage(async (msg: WebviewToHost) => {
      try {
        if (msg.type === 'ready') {
          const analysis = await document.load();
          post({ type: 'init', graph: analysis.graph, presets: [], whatIf: { preset: '' } });
        } else if (msg.type === 'log') {
          console[msg.level === 'error' ? 'error' : 'log'](`[webview] ${msg.message}`);
        }
      } catch (err) {
        post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
      }
    });
    panel.onDidDispose(() => {
      sub.dispose();
      this.panels.delete(entry);
    });
    configureWebview(panel.webview, this.extensionUri, { script: 'main', title: `ONNX NPU Profiler: ${baseName(document.uri)}` });
  }
}

export function baseName(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}

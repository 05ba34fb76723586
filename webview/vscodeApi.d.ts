// The one declaration of the API VS Code injects into every webview page (each page may call it once).
// Msg is what that page posts to its host: WebviewToHost for the editors, PanelToHost for the profiling panels.
interface VsCodeWebviewApi<Msg> {
  postMessage(msg: Msg): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi<Msg>(): VsCodeWebviewApi<Msg>;

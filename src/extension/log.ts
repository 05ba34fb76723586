// The extension's one log: a LogOutputChannel "ONNX NPU Profiler" (View > Output). Host errors, webview errors,
// CSP violation reports and the Profile Model summary all go here. Created on activation; before that (unit tests
// under plain Node never activate) the calls fall back to the console so nothing is lost.
import * as vscode from 'vscode';

export const LOG_NAME = 'ONNX NPU Profiler';

let channel: vscode.LogOutputChannel | undefined;

export function createLog(context: vscode.ExtensionContext): vscode.LogOutputChannel {
  channel ??= vscode.window.createOutputChannel(LOG_NAME, { log: true });
  context.subscriptions.push(channel, { dispose: () => (channel = undefined) });
  return channel;
}

export const log = {
  info(message: string): void {
    if (channel) channel.info(message);
    else console.log(`[${LOG_NAME}] ${message}`);
  },
  warn(message: string): void {
    if (channel) channel.warn(message);
    else console.warn(`[${LOG_NAME}] ${message}`);
  },
  error(message: string): void {
    if (channel) channel.error(message);
    else console.error(`[${LOG_NAME}] ${message}`);
  },
  /** A webview's `log` message (errors and CSP violation reports): `source` names the panel. */
  fromWebview(source: string, level: 'info' | 'error', message: string): void {
    const line = `[${source}] ${message}`;
    if (level === 'error') log.error(line);
    else log.info(line);
  },
  show(): void {
    channel?.show(true);
  },
};

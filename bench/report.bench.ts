// Profile reports of the bundled SD 1.5 pipeline (~9,000 layers over text encoder, UNet, VAE decoder) on expedera-8k.
//   html report : renderHtmlReport (roofline, 16-point SRAM sweep, breakdown, per-layer table) + writeFile
//   csv / md    : renderCsv, renderMarkdown + writeFile
// Baseline, measured in the same run: JSON.stringify of the same profile + writeFile (today's JSON export).
// Also shown, not part of the target: loading, costing and sweeping the pipeline that feed the report.
// Targets (issue 11): the HTML report written < 3 s and < 3 MB.
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hardwareFromPreset, loadTarget, logSizes, profile, sweepSram } from '../src/core/profile';
import { nodeProfileFiles } from '../src/node/profileFiles';
import { renderCsv, renderHtmlReport, renderMarkdown } from '../src/core/report';

const dir = join(__dirname, '..', 'samples', 'sd15');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Median wall ms of `runs` calls that each render and write one file; returns its size too. */
function measure(file: string, render: () => string, runs = 5): { ms: number; bytes: number } {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    writeFileSync(file, render());
    times.push(performance.now() - t0);
  }
  return { ms: median(times), bytes: statSync(file).size };
}

async function main(): Promise<void> {
  if (!existsSync(join(dir, 'model_index.json'))) {
    console.log('report.bench: samples/sd15 not generated (npm run samples); skipped');
    return;
  }
  const t0 = performance.now();
  const loaded = await loadTarget(nodeProfileFiles(), dir);
  const t1 = performance.now();
  const hw = hardwareFromPreset('expedera-8k');
  const p = profile(loaded, hw);
  const t2 = performance.now();
  const sweep = sweepSram(loaded, hw, logSizes(5e5, 64e6, 16));
  const t3 = performance.now();
  console.log(`inputs: ${p.layers.length} layers; load ${(t1 - t0).toFixed(0)} ms, profile ${(t2 - t1).toFixed(0)} ms, 16-point sweep ${(t3 - t2).toFixed(0)} ms (not part of the target)`);
  const out = mkdtempSync(join(tmpdir(), 'npu-report-bench-'));
  try {
    const json = measure(join(out, 'profile.json'), () => JSON.stringify(p));
    const html = measure(join(out, 'report.html'), () => renderHtmlReport(p, { sweep }));
    const csv = measure(join(out, 'report.csv'), () => renderCsv(p));
    const md = measure(join(out, 'report.md'), () => renderMarkdown(p, { sweep }));
    const row = (name: string, m: { ms: number; bytes: number }) =>
      console.log(`  ${name.padEnd(22)} ${m.ms.toFixed(0).padStart(6)} ms ${(m.bytes / 1e6).toFixed(2).padStart(7)} MB   ${(m.ms / json.ms).toFixed(2)}x time, ${(m.bytes / json.bytes).toFixed(2)}x size of the JSON`);
    console.log('median of 5, render + write:');
    row('JSON (baseline)', json);
    row('HTML report', html);
    row('CSV (per layer)', csv);
    row('Markdown', md);
    const ok = html.ms < 3000 && html.bytes < 3e6;
    console.log(`HTML report target (< 3 s, < 3 MB): ${ok ? 'met' : 'MISSED'}`);
    if (!ok) process.exitCode = 1;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

void main();

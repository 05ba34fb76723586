// Issue 14 "Units": the CLI, the editor and the reports print the same figure for the same quantity. On the SD 1.5
// pipeline, each stage's DDR traffic and weights and the SRAM size read identically in the CLI table, the editor's
// view model (formatted by the webview with src/core/view/format.ts), the HTML report and the Markdown report.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatBytes } from '../../../src/core/cost/units';
import { formatBytes as viewFormatBytes } from '../../../src/core/view/format';
import { buildViewCost } from '../../../src/core/view/viewCost';
import { profileRun } from '../../../src/core/profile';
import { hardwareFromPreset } from '../../../src/core/profile';
import { profileTable } from '../../../src/cli/format/profileText';
import { renderHtmlReport, renderMarkdown } from '../../../src/core/report';
import { sdProfile } from './fixtures';

test('SD 1.5: stage DDR traffic, weights and SRAM read the same in the CLI, the editor and the reports', async (t) => {
  const sd = sdProfile();
  if (!sd) return t.skip('samples/sd15 not generated');
  const { loaded, profile: p } = await sd;
  const { costs } = profileRun(loaded, hardwareFromPreset('expedera-8k'));
  const cli = profileTable(p, 10);
  const html = renderHtmlReport(p);
  const md = renderMarkdown(p);
  p.stages.forEach((s, i) => {
    const ddr = formatBytes(s.totals.ddrReadBytes + s.totals.ddrWriteBytes);
    const weights = formatBytes(s.totals.weightBytes);
    const view = buildViewCost(costs[i], p.hardware.name, p.hardware.description);
    assert.equal(viewFormatBytes(view.totals.ddrBytes), ddr, `${s.name}: editor`);
    for (const [where, text] of [['CLI', cli], ['HTML', html], ['Markdown', md]] as const) {
      assert.ok(text.includes(ddr), `${s.name}: ${where} shows DDR ${ddr}`);
      assert.ok(text.includes(weights), `${s.name}: ${where} shows weights ${weights}`);
    }
  });
  const unet = p.stages.find((s) => s.name === 'unet')!;
  assert.match(formatBytes(unet.totals.ddrReadBytes + unet.totals.ddrWriteBytes), /^\d(\.\d+)? GB$/, 'UNet DDR in decimal GB');
  for (const text of [cli, html, md]) assert.ok(text.includes('7 MB SRAM'), 'the SRAM as the article quotes it');
});

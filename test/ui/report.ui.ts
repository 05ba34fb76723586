// The HTML report of the bundled SD 1.5 pipeline opened from a file in headless Debian chromium, in the light and the
// dark scheme: its three charts (roofline, SRAM sweep, time breakdown) are drawn (SVG and their marks have nonzero
// boxes), the page makes no network request and logs no console error, and the theme changes the colours.
// Needs no build (the report is a string from src/core/report); needs samples/sd15 and /usr/bin/chromium.
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { renderHtmlReport } from '../../src/core/report';
import { sdProfile, SD_DIR } from '../unit/report/fixtures';
import { ensureResultsDir } from './standalonePage';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const missing = !existsSync(join(SD_DIR, 'model_index.json')) ? `${SD_DIR} not present (run npm run samples)` : !existsSync(CHROMIUM) ? `${CHROMIUM} not installed` : undefined;

describe('HTML report of the SD 1.5 pipeline in chromium', { skip: missing }, () => {
  let browser: Browser;
  let dir: string;
  let url: string;
  let layers = 0;

  before(async () => {
    const { profile, sweep } = await sdProfile()!;
    layers = profile.layers.length;
    dir = mkdtempSync(join(tmpdir(), 'npu-report-'));
    const file = join(dir, 'report.html');
    writeFileSync(file, renderHtmlReport(profile, { sweep }));
    url = pathToFileURL(file).href;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  });
  after(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`${scheme}: three charts drawn, no request but the file, no console error`, async () => {
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 }, colorScheme: scheme });
      const requests: string[] = [];
      const errors: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(url, { waitUntil: 'load' });
      const charts = await page.evaluate(() =>
        [...document.querySelectorAll('svg.npc-chart')].map((svg) => {
          const box = svg.getBoundingClientRect();
          const marks = [...svg.querySelectorAll('circle, path.npc-layer, rect.npc-seg, polyline')];
          const drawn = marks.filter((m) => { const b = (m as SVGGraphicsElement).getBBox(); return b.width > 0 || b.height > 0; });
          const text = svg.querySelector('text')!;
          return { cls: svg.getAttribute('class'), w: box.width, h: box.height, marks: marks.length, drawn: drawn.length, textFill: getComputedStyle(text).fill, bg: getComputedStyle(document.body).backgroundColor };
        }),
      );
      await page.screenshot({ path: join(ensureResultsDir(), `report-${scheme}.png`) });
      assert.deepEqual(charts.map((c) => c.cls), ['npc-chart npc-breakdown', 'npc-chart npc-roofline', 'npc-chart npc-sweep']);
      for (const c of charts) {
        assert.ok(c.w > 300 && c.h > 100, `${c.cls} box ${c.w}x${c.h}`);
        assert.ok(c.marks > 2 && c.drawn === c.marks, `${c.cls}: ${c.drawn} of ${c.marks} marks drawn`);
      }
      assert.ok(charts[1].marks > 300, `roofline has ${charts[1].marks} marks (the SD pipeline's MAC layers)`);
      const expectBg = scheme === 'dark' ? 'rgb(13, 17, 23)' : 'rgb(255, 255, 255)';
      assert.equal(charts[0].bg, expectBg);
      assert.equal(charts[0].textFill, scheme === 'dark' ? 'rgb(230, 237, 243)' : 'rgb(31, 35, 40)', 'chart text follows the scheme');
      assert.deepEqual(requests, [url], 'no request except the report itself');
      assert.deepEqual(errors, []);
      const rows = await page.evaluate(() => [...document.querySelectorAll('table.layers tbody tr')].filter((tr) => !tr.querySelector('td.r')).length);
      assert.equal(rows, layers, 'every layer in the per-layer tables');
      await page.close();
    });
  }
});

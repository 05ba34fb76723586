// csv / md / html from the CLI: the CSV parses with a CSV library into one row per layer, the reports carry the
// stages and (html) their charts, --report writes a second output and says where.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { runProfile } from '../../../src/cli/commands/profile';
import { runSweep } from '../../../src/cli/commands/sweep';
import { runCompare } from '../../../src/cli/commands/compare';
import { captureCli } from '../captureCli';
import { scratch } from './helpers';

const s = scratch();

test('profile --format csv: one record per layer, Vela-like columns, numbers in base units', async () => {
  const json = JSON.parse((await captureCli(runProfile, [s.wide, '--format', 'json'])).out);
  const r = await captureCli(runProfile, [s.wide, '--format', 'csv']);
  assert.equal(r.code, 0, r.err);
  const rows: Array<Record<string, string>> = parse(r.out, { columns: true });
  assert.equal(rows.length, json.layers.length);
  rows.forEach((row, i) => {
    assert.equal(row.name, json.layers[i].name);
    assert.equal(Number(row.latency_ms), json.layers[i].latencyMs);
    assert.equal(Number(row.mac_count), json.layers[i].macCount);
    assert.equal(Number(row.sram_usage_bytes), json.layers[i].sramUsageBytes);
  });
});

test('profile --format md and html: stages, hardware; html self-contained with its charts', async () => {
  const md = await captureCli(runProfile, [s.wide, '--format', 'md']);
  assert.equal(md.code, 0, md.err);
  assert.match(md.out, /^# NPU profile: /m);
  assert.match(md.out, /\| wide\\_conv \| 1 \|/, "the stage row (Markdown escapes the underscore)");
  assert.match(md.out, /## SRAM sweep/);
  const html = await captureCli(runProfile, [s.wide, '--format', 'html']);
  assert.equal(html.code, 0, html.err);
  assert.match(html.out, /^<!doctype html>/i);
  assert.ok((html.out.match(/<svg/g) ?? []).length >= 3, 'breakdown, roofline and sweep charts');
  assert.doesNotMatch(html.out, /(src|href)="https?:/, 'no external resources');
  const noSweep = await captureCli(runProfile, [s.wide, '--format', 'md', '--no-sweep']);
  assert.doesNotMatch(noSweep.out, /## SRAM sweep/);
});

test('--report FILE: the table on stdout, the report in FILE, and where it is', async () => {
  const file = join(s.dir, 'profile-report.html');
  const r = await captureCli(runProfile, [s.wide, '--report', file]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^stage\s+ms\/run/m);
  assert.ok(r.out.trimEnd().endsWith(`report: ${file} (${r.out.match(/\(([\d.]+ [kKMG]?B)\)\s*$/)?.[1]})`), r.out.slice(-200));
  assert.match(readFileSync(file, 'utf8'), /<svg/);
});

test('sweep and compare in csv / md / html', async () => {
  const csv = await captureCli(runSweep, [s.wide, '--sram', '1MB..8MB', '--points', '4', '--format', 'csv']);
  assert.equal(csv.code, 0, csv.err);
  const rows: Array<Record<string, string>> = parse(csv.out, { columns: true });
  assert.equal(rows.length, 4, 'one row per size of the one stage');
  assert.deepEqual(rows.map((x) => Number(x.sram_bytes)), [1e6, 2e6, 4e6, 8e6]);
  const html = await captureCli(runSweep, [s.wide, '--sram', '1MB..8MB', '--points', '4', '--format', 'html']);
  assert.match(html.out, /<svg/);
  const md = await captureCli(runCompare, [s.wide, '--hw', 'expedera-8k', '--hw', 'ethos-u55-256', '--format', 'md']);
  assert.equal(md.code, 0, md.err);
  assert.match(md.out, /ethos-u55-256/);
  const ch = await captureCli(runCompare, [s.wide, '--hw', 'expedera-8k', '--hw', 'ethos-u55-256', '--format', 'html']);
  assert.match(ch.out, /<svg/);
});

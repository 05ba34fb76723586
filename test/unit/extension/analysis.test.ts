// The host-side analysis (src/extension/modelEditor/analysis.ts) and reports under plain Node: the same
// code the editor runs in the extension host, minus vscode.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyzeModel, costFor } from '../../../src/extension/modelEditor/analysis';
import { csvCell, reportCsv, reportJson } from '../../../src/extension/report';
import { PRESETS } from '../../../src/core/cost/hardware';
import { tinyCnn, wideConv } from '../../web/fixtures';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openFileSource } from '../../../src/node/nodeFileSource';

describe('extension host analysis', () => {
  it('builds the compact graph with edges along tensors', async () => {
    const a = await analyzeModel(tinyCnn(), 'tiny_cnn.onnx');
    assert.deepEqual(a.graph.nodes.map((n) => n.opType), ['Conv', 'Relu', 'Conv', 'Relu', 'GlobalAveragePool', 'Flatten', 'Gemm']);
    assert.deepEqual(
      a.graph.edges.map((e) => [e.from, e.to]),
      [[0, 1], [1, 2], [2, 3], [3, 4], [4, 5], [5, 6]],
    );
  });

  it('re-costs the prepared graph per hardware without parsing again', async () => {
    const a = await analyzeModel(wideConv(), 'wide_conv.onnx');
    const big = costFor(a, PRESETS['expedera-8k'].config);
    const small = costFor(a, PRESETS['ethos-u55-256'].config);
    assert.equal(big.view.nodes.length, 3);
    assert.equal(big.cost.layers[0].macCount, small.cost.layers[0].macCount, 'MACs do not depend on the hardware');
    assert.ok(small.cost.totals.latencyMs > big.cost.totals.latencyMs, 'fewer, slower MACs take longer');
    assert.equal(big.view.hardware, 'expedera-8k');
    const shares = big.view.nodes.reduce((s, n) => s + n.share, 0);
    assert.ok(Math.abs(shares - 1) < 1e-9, `latency shares sum to 1, got ${shares}`);
  });

  it('reads a local file lazily the way the Node extension host does (same result as from memory)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'onnx-npu-profiler-unit-'));
    try {
      const file = join(dir, 'wide_conv.onnx');
      writeFileSync(file, wideConv());
      const src = await openFileSource(file, { name: 'wide_conv.onnx' });
      const fromFile = await analyzeModel(src, 'wide_conv.onnx').finally(() => src.close());
      const fromMemory = await analyzeModel(wideConv(), 'wide_conv.onnx');
      assert.deepEqual(fromFile.graph, fromMemory.graph);
      const hw = PRESETS['expedera-8k'].config;
      assert.deepEqual(costFor(fromFile, hw).view, costFor(fromMemory, hw).view);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names the file when the bytes are not ONNX', async () => {
    await assert.rejects(analyzeModel(new TextEncoder().encode('{"not": "onnx"}'), 'notes.onnx'), /notes\.onnx/);
    const good = tinyCnn();
    await assert.rejects(analyzeModel(good.subarray(0, good.length >> 1), 'half.onnx'), /half\.onnx/);
  });
});

describe('profile reports', () => {
  it('CSV has a header and one row per layer, JSON round-trips', async () => {
    const a = await analyzeModel(wideConv(), 'wide_conv.onnx');
    const { cost } = costFor(a, PRESETS['expedera-8k'].config);
    const lines = reportCsv(cost).trimEnd().split('\r\n');
    assert.equal(lines.length, cost.layers.length + 1);
    assert.match(lines[0], /^nodeIndex,name,opType,/);
    assert.deepEqual(JSON.parse(reportJson(cost)).layers.length, cost.layers.length);
  });

  it('quotes CSV cells and defuses spreadsheet formulas from model strings', () => {
    assert.equal(csvCell('a,b'), '"a,b"');
    assert.equal(csvCell('say "hi"'), '"say ""hi"""');
    assert.equal(csvCell('=HYPERLINK("x")'), `"'=HYPERLINK(""x"")"`);
    assert.equal(csvCell('@SUM(A1)'), "'@SUM(A1)");
    assert.equal(csvCell(-1.5), '-1.5', 'numbers stay numbers');
  });
});

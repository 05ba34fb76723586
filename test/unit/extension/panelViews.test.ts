// The profiling panels' views (src/extension/panels/views.ts) and the sweep input (src/extension/sweepInput.ts),
// on a real costed model: the core's sweep/compare results turned into what the webviews draw.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { DEFAULT_SWEEP_POINTS, DEFAULT_SWEEP_RANGE, parseSweepInput } from '../../../src/extension/sweepInput';
import { compareView, rooflineView, sweepView } from '../../../src/extension/panels/views';
import { analyzeModel } from '../../../src/extension/modelEditor/analysis';
import { compareHardware, sweepSram, type LoadedTarget } from '../../../src/core/profile';
import { costPrepared } from '../../../src/core/cost/engine';
import { PRESETS } from '../../../src/core/cost/hardware';
import { sweepChart, rooflineChart } from '../../../src/core/report/charts';
import { wideConv } from '../../web/fixtures';

async function loaded(): Promise<LoadedTarget> {
  const a = await analyzeModel(wideConv(), 'wide_conv.onnx');
  const stage = { ok: true as const, name: 'wide_conv', runsPerImage: 1, path: 'wide_conv.onnx', model: a.model, shapes: a.shapes, prepared: a.prepared, bindings: {} };
  return { target: { kind: 'model', path: 'wide_conv.onnx' }, stages: [stage], all: [stage], notes: [] };
}

describe('sweep input', () => {
  it('the default range gives at least 16 log-spaced sizes from 0.5 MB to 64 MB', () => {
    const s = parseSweepInput(DEFAULT_SWEEP_RANGE);
    assert.ok(s.length >= 16 && s.length === DEFAULT_SWEEP_POINTS);
    assert.equal(s[0], 500_000);
    assert.equal(s[s.length - 1], 64_000_000);
    const ratios = s.slice(1).map((v, i) => v / s[i]);
    for (const r of ratios) assert.ok(Math.abs(r - ratios[0]) < 1e-3, 'log-spaced');
  });

  it('takes a point count and refuses nonsense with a reason', () => {
    assert.equal(parseSweepInput('1MB..8MB 32').length, 32);
    assert.throws(() => parseSweepInput('8MB..1MB'), /larger/);
    assert.throws(() => parseSweepInput('lots'), /A\.\.B/);
    assert.throws(() => parseSweepInput('1MB..8MB 1'), /points/);
  });
});

describe('panel views', () => {
  it('sweep: one chart point per size, the knee and the current SRAM carried to the chart', async () => {
    const t = await loaded();
    const hw = PRESETS['expedera-8k'].config;
    const r = sweepSram(t, hw, parseSweepInput(DEFAULT_SWEEP_RANGE));
    const v = sweepView(r, 'wide_conv.onnx', hw.sramBytes, true);
    assert.equal(v.points.length, r.points.length);
    assert.equal(v.kneeSramBytes, r.knee.sramBytes);
    assert.equal(v.unit, 'per run');
    const svg = sweepChart({ points: v.points, currentSramBytes: v.currentSramBytes, kneeSramBytes: v.kneeSramBytes, unit: v.unit });
    assert.equal((svg.match(/data-sram-bytes=/g) ?? []).length, v.points.length);
    assert.doesNotMatch(svg, /style=/);
  });

  it('roofline: exactly the MAC layers, with their node indices', async () => {
    const t = await loaded();
    const hw = PRESETS['expedera-8k'].config;
    const cost = costPrepared(t.stages[0].prepared, hw);
    const v = rooflineView('wide_conv.onnx', hw, [{ label: 'wide_conv', layers: cost.layers }]);
    const macs = cost.layers.filter((l) => l.kind === 'mac' && l.macCount > 0);
    assert.deepEqual(v.charts[0].data.points.map((p) => p.nodeIndex), macs.map((l) => l.nodeIndex));
    assert.equal((rooflineChart(v.charts[0].data).match(/data-node-index=/g) ?? []).length, macs.length);
  });

  it('compare: ratios b / a, the slower side flagged', async () => {
    const t = await loaded();
    const c = compareHardware(t, PRESETS['expedera-8k'].config, PRESETS['ethos-u55-256'].config);
    const v = compareView(c, 'wide_conv.onnx');
    assert.deepEqual(v.names, ['expedera-8k', 'ethos-u55-256']);
    assert.equal(v.stages.length, 1);
    assert.ok(v.stages[0].slower, 'the U55 is slower');
    assert.match(v.stages[0].ratio, /^×\d/);
    assert.match(v.headline[0], /ms per run$/);
  });
});

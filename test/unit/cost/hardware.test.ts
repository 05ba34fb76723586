import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PRESETS, validateHardware, describeHardware, HardwareConfigError } from '../../../src/core/cost/hardware';
import schema from '../../../src/core/cost/hardware.schema.json';
import { parseBytes, parseBandwidth, parseHz } from '../../../src/core/cost/units';

test('every preset validates to itself and has a written source', () => {
  for (const [name, p] of Object.entries(PRESETS)) {
    assert.deepEqual(validateHardware(p.config), p.config, name);
    assert.ok(p.source.length > 40, `${name} source`);
    assert.equal(p.config.array.rows * p.config.array.cols, p.config.macs, `${name} array`);
  }
});

test('expedera-8k is the article configuration', () => {
  const c = PRESETS['expedera-8k'].config;
  assert.equal(c.macs, 8192);
  assert.equal(c.clockHz, 750e6);
  assert.equal(c.sramBytes, 7e6);
  assert.equal(c.ddrBytesPerS, 12e9);
  assert.equal(c.weightBits, 8);
  assert.equal(c.activationBits, 8);
  assert.equal(describeHardware(c), '8,192 MACs @ 750 MHz, 7 MB SRAM, 12 GB/s');
});

test('validation names the bad field', () => {
  const bad: Array<[unknown, string]> = [
    [{ preset: 'expedera-8k', array: { rows: 64, cols: 64 } }, 'array'],
    [{ preset: 'expedera-8k', array: { rows: 0, cols: 64 } }, 'array.rows'],
    [{ preset: 'expedera-8k', energy: { pjPerMac: -1 } }, 'energy.pjPerMac'],
    [{ preset: 'expedera-8k', energy: { pjPerFoo: 1 } }, 'energy.pjPerFoo'],
    [{ preset: 'expedera-8k', ddrEfficiency: 1.5 }, 'ddrEfficiency'],
    [{ preset: 'expedera-8k', attention: 'sparse' }, 'attention'],
    [{ preset: 'expedera-8k', sramBytes: '7MB' }, 'sramBytes'],
    [{ preset: 'nope' }, 'preset'],
    [{ macs: 256, clockHz: 1e9, sramBytes: 1e6 }, 'ddrBytesPerS'],
    [{ preset: 'expedera-8k', weightBits: 8.5 }, 'weightBits'],
    [{ preset: 'expedera-8k', sram: 1 }, 'sram'],
    [[1, 2], '(root)'],
  ];
  for (const [json, field] of bad) {
    assert.throws(() => validateHardware(json), (e: unknown) => e instanceof HardwareConfigError && e.field === field && e.message.includes(field), JSON.stringify(json));
  }
});

test('a preset with overrides keeps the rest, and a new MAC count gets a fitting array', () => {
  const c = validateHardware({ preset: 'expedera-8k', sramBytes: 4e6, macs: 16384 });
  assert.equal(c.sramBytes, 4e6);
  assert.equal(c.clockHz, 750e6);
  assert.equal(c.array.rows * c.array.cols, 16384);
  assert.equal(c.vectorOpsPerCycle, 16384 / 32);
});

test('schema lists every config field and every preset', () => {
  const props = (schema as { properties: Record<string, { enum?: string[] }> }).properties;
  for (const key of Object.keys(PRESETS['expedera-8k'].config)) assert.ok(key in props, key);
  assert.deepEqual([...(props.preset.enum ?? [])].sort(), Object.keys(PRESETS).sort());
});

test('size, bandwidth and clock text', () => {
  assert.equal(parseBytes('4MB'), 4e6);
  assert.equal(parseBytes('384KiB'), 393216);
  assert.equal(parseBandwidth('12GB/s'), 12e9);
  assert.equal(parseHz('750MHz'), 750e6);
  assert.throws(() => parseBytes('lots'), /lots/);
});

// The onnxNpuProfiler.hardwareOverrides settings schema in package.json must not drift from the cost engine's
// hardware schema (src/core/cost/hardware.schema.json, the one source the *.npuhw.json jsonValidation also uses):
// every hardware field except the file-only ones (preset, name, $schema) appears in the setting with the same schema.
// After a change to hardware.schema.json run `node scripts/sync-hardware-settings.mjs` (this test names the field that differs).
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const schema = JSON.parse(readFileSync(join(root, 'src', 'core', 'cost', 'hardware.schema.json'), 'utf8'));
const FILE_ONLY = new Set(['$schema', 'preset', 'name']);

describe('settings schema vs hardware.schema.json', () => {
  const setting = pkg.contributes.configuration.properties['onnxNpuProfiler.hardwareOverrides'];

  it('lists exactly the hardware fields (minus preset, name, $schema)', () => {
    const expected = Object.keys(schema.properties).filter((k) => !FILE_ONLY.has(k)).sort();
    assert.deepEqual(Object.keys(setting.properties).sort(), expected);
  });

  it('gives every field the same schema as the engine', () => {
    for (const [field, s] of Object.entries(schema.properties)) {
      if (FILE_ONLY.has(field)) continue;
      assert.deepEqual(setting.properties[field], s, `hardwareOverrides.${field} differs from hardware.schema.json`);
    }
  });

  it('refuses unknown fields like the engine does', () => {
    assert.equal(schema.additionalProperties, false);
    assert.equal(setting.additionalProperties, false);
  });

  it('contributes jsonValidation for *.npuhw.json from the same schema file, and ships it in the VSIX', () => {
    const v = pkg.contributes.jsonValidation as Array<{ fileMatch: string; url: string }>;
    assert.ok(v.some((e) => e.fileMatch === '*.npuhw.json' && e.url === './src/core/cost/hardware.schema.json'), JSON.stringify(v));
    const ignore = readFileSync(join(root, '.vscodeignore'), 'utf8').split('\n').map((l) => l.trim());
    assert.ok(ignore.includes('!src/core/cost/hardware.schema.json'), '.vscodeignore allows the schema');
  });

  it('lists every palette command under the "ONNX NPU Profiler" category', () => {
    // Manifest strings are %keys% into package.nls.json (localisation); resolve them as VS Code does.
    const nls = JSON.parse(readFileSync(join(root, 'package.nls.json'), 'utf8')) as Record<string, string>;
    const resolve = (s: string): string => s.replace(/^%(.+)%$/, (_m, k: string) => nls[k] ?? s);
    for (const c of pkg.contributes.commands) assert.equal(resolve(c.category), 'ONNX NPU Profiler', c.command);
    const ids = new Set(pkg.contributes.commands.map((c: { command: string }) => c.command));
    for (const id of ['sweepSram', 'showRoofline', 'compareHardware', 'editHardwareConfig', 'exportReport', 'profileModel']) {
      assert.ok(ids.has(`onnxNpuProfiler.${id}`), id);
    }
  });
});

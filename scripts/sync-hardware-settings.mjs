// Copies the cost engine's hardware fields (src/core/cost/hardware.schema.json) into the settings schema of
// onnxNpuProfiler.hardwareOverrides in package.json (minus the file-only preset, name, $schema), so the two never
// drift; test/unit/extension/settingsSchema.test.ts fails until this is run after a schema change.
import { readFileSync, writeFileSync } from 'node:fs';

const pkgPath = new URL('../package.json', import.meta.url);
const pkg = JSON.parse(readFileSync(pkgPath, 'utf8'));
const schema = JSON.parse(readFileSync(new URL('../src/core/cost/hardware.schema.json', import.meta.url), 'utf8'));
const setting = pkg.contributes.configuration.properties['onnxNpuProfiler.hardwareOverrides'];
setting.properties = Object.fromEntries(Object.entries(schema.properties).filter(([k]) => !['$schema', 'preset', 'name'].includes(k)));
setting.additionalProperties = false;
writeFileSync(pkgPath, JSON.stringify(pkg, null, 2) + '\n');
console.log(`hardwareOverrides: ${Object.keys(setting.properties).length} fields from hardware.schema.json`);

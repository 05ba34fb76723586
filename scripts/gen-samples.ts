// npm run samples [-- --config sd15|sd14|sd15-inpainting|tiny] [--out DIR] [--weights omitted|zeros]
// Writes a diffusers ONNX pipeline folder generated from the bundled configs (default: samples/sd15, weights omitted).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { SD_CONFIG_NAMES, isSdConfigName } from '../src/core/sdgen/configs';
import { generateSdPipeline } from '../src/core/sdgen/generate';

function usage(msg: string): never {
  console.error(`gen-samples: ${msg}\nusage: npm run samples -- [--config ${SD_CONFIG_NAMES.join('|')}] [--out DIR] [--weights omitted|zeros]`);
  process.exit(2);
}

function main(argv: string[]): void {
  let config = 'sd15';
  let out: string | undefined;
  let weights: 'omitted' | 'zeros' = 'omitted';
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => argv[++i] ?? usage(`${a} needs a value`);
    if (a === '--config') config = next();
    else if (a === '--out') out = next();
    else if (a === '--weights') {
      const w = next();
      if (w !== 'omitted' && w !== 'zeros') usage(`--weights must be omitted or zeros, got ${w}`);
      weights = w;
    } else usage(`unknown argument ${a}`);
  }
  if (!isSdConfigName(config)) usage(`unknown config ${config}`);
  const dir = resolve(out ?? join('samples', config));
  for (const f of generateSdPipeline(config, { weights })) {
    const p = join(dir, f.path);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, f.bytes);
    console.log(`${p}  ${f.bytes.length.toLocaleString('en-US')} bytes`);
  }
}

main(process.argv.slice(2));

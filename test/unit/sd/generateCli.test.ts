// `onnx-npu-profile generate`: writes the generator's pipeline folder for a bundled config or a checkpoint
// folder's configs, never overwrites model files without --force, and names the file and key of bad input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runGenerate } from '../../../src/cli/commands/generate';
import { generateSdPipeline } from '../../../src/core/sdgen/generate';
import { memorySource } from '../../../src/core/onnx/byteSource';
import { readModel } from '../../../src/core/onnx/reader';
import { captureCli } from '../captureCli';
import { repoRoot } from './helpers';

const configs = join(repoRoot, 'src', 'core', 'sdgen', 'configs');

function withTmp(body: (dir: string) => Promise<void>): () => Promise<void> {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gen-cli-'));
    try {
      await body(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

test(
  'a bundled config: every file the generator makes, byte for byte; a second run refuses, --force overwrites',
  withTmp(async (dir) => {
    const out = join(dir, 'tiny');
    const r = await captureCli(runGenerate, ['--config', 'tiny', '--out', out]);
    assert.equal(r.code, 0, r.err);
    const expected = generateSdPipeline('tiny');
    for (const f of expected) assert.ok(Buffer.from(readFileSync(join(out, f.path))).equals(Buffer.from(f.bytes)), f.path);
    assert.match(r.out, /tiny \(.*\): 4 files, .* weights omitted/);

    const again = await captureCli(runGenerate, ['--config', 'tiny', '--out', out]);
    assert.equal(again.code, 2);
    assert.match(again.err, /already holds text_encoder\/model\.onnx, unet\/model\.onnx, vae_decoder\/model\.onnx \(--force overwrites\)/);
    assert.equal(again.out, '', 'nothing written on refusal');
    assert.equal((await captureCli(runGenerate, ['--config', 'tiny', '--out', out, '--force'])).code, 0);
  }),
);

test(
  "a checkpoint folder's configs build the same graphs as the bundled copy of those configs",
  withTmp(async (dir) => {
    const ck = join(dir, 'my-checkpoint');
    for (const part of ['unet', 'vae', 'text_encoder']) cpSync(join(configs, 'tiny', part), join(ck, part), { recursive: true });
    const out = join(dir, 'out');
    const r = await captureCli(runGenerate, ['--config', ck, '--out', out]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^my-checkpoint \(configs from /m);
    for (const f of generateSdPipeline('tiny').filter((x) => x.path.endsWith('.onnx'))) {
      const mine = await readModel(memorySource(f.path, readFileSync(join(out, f.path))));
      const bundled = await readModel(memorySource(f.path, f.bytes));
      assert.deepEqual(mine.graph.nodes.map((n) => `${n.opType} ${n.name}`), bundled.graph.nodes.map((n) => `${n.opType} ${n.name}`), f.path);
      assert.deepEqual(mine.graph.initializers.map((t) => `${t.name} ${t.dims.join('x')}`), bundled.graph.initializers.map((t) => `${t.name} ${t.dims.join('x')}`), f.path);
    }
    // No scheduler config in the folder: model_index says so.
    assert.deepEqual(JSON.parse(readFileSync(join(out, 'model_index.json'), 'utf8')).scheduler, [null, null]);
  }),
);

test(
  'bad input exits 2 with one line naming the argument, file or key',
  withTmp(async (dir) => {
    const missingOut = await captureCli(runGenerate, ['--config', 'tiny']);
    assert.equal(missingOut.code, 2);
    assert.match(missingOut.err, /missing --out DIR/);
    const unknown = await captureCli(runGenerate, ['--config', join(dir, 'nope'), '--out', join(dir, 'o')]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /neither a bundled config \(sd15, sd14, sd15-inpainting, tiny\) nor a folder/);
    const weights = await captureCli(runGenerate, ['--out', join(dir, 'o'), '--weights', 'random']);
    assert.equal(weights.code, 2);
    assert.match(weights.err, /--weights must be one of omitted\|zeros/);

    const ck = join(dir, 'ck');
    cpSync(join(configs, 'tiny', 'unet'), join(ck, 'unet'), { recursive: true });
    cpSync(join(configs, 'tiny', 'vae'), join(ck, 'vae'), { recursive: true });
    const noText = await captureCli(runGenerate, ['--config', ck, '--out', join(dir, 'o')]);
    assert.equal(noText.code, 2);
    assert.match(noText.err, /text_encoder[/\\]config\.json: not found/);

    cpSync(join(configs, 'tiny', 'text_encoder'), join(ck, 'text_encoder'), { recursive: true });
    const unet = JSON.parse(readFileSync(join(ck, 'unet', 'config.json'), 'utf8'));
    writeFileSync(join(ck, 'unet', 'config.json'), JSON.stringify({ ...unet, block_out_channels: 'wide' }));
    const bad = await captureCli(runGenerate, ['--config', ck, '--out', join(dir, 'o')]);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /unet\/config\.json: "block_out_channels" must be a non-empty list of positive integers/);
    assert.doesNotMatch(bad.err, /internal error|\n.+\n/);
  }),
);

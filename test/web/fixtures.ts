// Builds the small workspace the web-host and UI tests open: real ONNX files written with onnx-proto
// (so they always exist, even without ../shared), a corrupt file, a model carrying HTML/script payloads
// in every string field, and a diffusers-style pipeline folder. Node only (runs before the browser).
import { cpSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { onnx } from 'onnx-proto';
import { FILES } from './workspaceLayout';

const FLOAT = onnx.TensorProto.DataType.FLOAT;

function valueInfo(name: string, dims: (number | string)[]): onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: FLOAT,
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

function weights(name: string, dims: number[]): onnx.ITensorProto {
  const count = dims.reduce((a, b) => a * b, 1);
  const data = new Float32Array(count).map((_, i) => ((i * 7919) % 13) / 13 - 0.5);
  return { name, dims, dataType: FLOAT, rawData: new Uint8Array(data.buffer) };
}

function ints(name: string, values: number[]): onnx.IAttributeProto {
  return { name, type: onnx.AttributeProto.AttributeType.INTS, ints: values };
}

export interface ModelText {
  /** Replaces every name / doc string, for the injection test. */
  label?: (what: string) => string;
}

/** A small CNN, torch.onnx-style names: Conv -> Relu -> Conv -> Relu -> GlobalAveragePool -> Flatten -> Gemm. */
export function tinyCnn(text: ModelText = {}): Uint8Array {
  const L = text.label ?? ((s: string) => s);
  const model: onnx.IModelProto = {
    irVersion: 8,
    producerName: L('onnx-npu-profiler-tests'),
    docString: L('tiny CNN for tests'),
    opsetImport: [{ domain: '', version: 17 }],
    metadataProps: [{ key: L('author'), value: L('tests') }],
    graph: {
      name: L('tiny_cnn'),
      docString: L('graph doc'),
      input: [valueInfo('input', ['batch', 3, 32, 32])],
      output: [valueInfo('logits', ['batch', 10])],
      initializer: [
        weights('conv1.weight', [16, 3, 3, 3]),
        weights('conv1.bias', [16]),
        weights('conv2.weight', [32, 16, 3, 3]),
        weights('conv2.bias', [32]),
        weights('fc.weight', [10, 32]),
        weights('fc.bias', [10]),
      ],
      node: [
        { name: L('/conv1/Conv'), opType: 'Conv', input: ['input', 'conv1.weight', 'conv1.bias'], output: ['c1'], attribute: [ints('pads', [1, 1, 1, 1]), ints('kernel_shape', [3, 3])], docString: L('conv doc') },
        { name: L('/relu1/Relu'), opType: 'Relu', input: ['c1'], output: ['r1'] },
        { name: L('/conv2/Conv'), opType: 'Conv', input: ['r1', 'conv2.weight', 'conv2.bias'], output: ['c2'], attribute: [ints('pads', [1, 1, 1, 1]), ints('strides', [2, 2]), ints('kernel_shape', [3, 3])] },
        { name: L('/relu2/Relu'), opType: 'Relu', input: ['c2'], output: ['r2'] },
        { name: L('/pool/GlobalAveragePool'), opType: 'GlobalAveragePool', input: ['r2'], output: ['p'] },
        { name: L('/flatten/Flatten'), opType: 'Flatten', input: ['p'], output: ['f'] },
        { name: L('/fc/Gemm'), opType: 'Gemm', input: ['f', 'fc.weight', 'fc.bias'], output: ['logits'], attribute: [{ name: 'transB', type: onnx.AttributeProto.AttributeType.INT, i: 1 }] },
      ],
    },
  };
  return onnx.ModelProto.encode(onnx.ModelProto.create(model)).finish();
}

/** Two 3x3 convs on a 256x256 feature map: its 2 MiB activation outgrows a 1 MB SRAM (spills). */
export function wideConv(): Uint8Array {
  const model: onnx.IModelProto = {
    irVersion: 8,
    producerName: 'onnx-npu-profiler-tests',
    opsetImport: [{ domain: '', version: 17 }],
    graph: {
      name: 'wide_conv',
      input: [valueInfo('image', [1, 16, 256, 256])],
      output: [valueInfo('out', [1, 16, 256, 256])],
      initializer: [weights('a.weight', [32, 16, 3, 3]), weights('b.weight', [16, 32, 3, 3])],
      node: [
        { name: '/a/Conv', opType: 'Conv', input: ['image', 'a.weight'], output: ['x'], attribute: [ints('pads', [1, 1, 1, 1]), ints('kernel_shape', [3, 3])] },
        { name: '/act/Relu', opType: 'Relu', input: ['x'], output: ['y'] },
        { name: '/b/Conv', opType: 'Conv', input: ['y', 'b.weight'], output: ['out'], attribute: [ints('pads', [1, 1, 1, 1]), ints('kernel_shape', [3, 3])] },
      ],
    },
  };
  return onnx.ModelProto.encode(onnx.ModelProto.create(model)).finish();
}

/** The payloads the injection test plants; each would set window.__pwned if it ever ran as HTML/script. */
export const INJECTION_PAYLOADS = [
  '<img src=x onerror="window.__pwned=1;parent.__pwned=1">',
  '<script>window.__pwned=1</script>',
  '"><svg onload="window.__pwned=1">',
  "javascript:window.__pwned=1",
];

export function injectionModel(): Uint8Array {
  let i = 0;
  return tinyCnn({ label: (s) => `${s} ${INJECTION_PAYLOADS[i++ % INJECTION_PAYLOADS.length]}` });
}

export interface TestWorkspace {
  dir: string;
  files: typeof FILES;
}

/** Writes the workspace into a fresh temp folder; paths in `files` are relative to it. */
export function makeTestWorkspace(): TestWorkspace {
  const dir = mkdtempSync(join(tmpdir(), 'onnx-npu-profiler-ws-'));
  const write = (rel: string, data: Uint8Array | string) => {
    const p = join(dir, rel);
    mkdirSync(join(p, '..'), { recursive: true });
    writeFileSync(p, data);
  };
  const good = tinyCnn();
  write(FILES.good, good);
  write(FILES.bad, new TextEncoder().encode('this is a text file, not a protobuf\n\u0000\u00ff\u00fe'));
  write(FILES.truncated, good.subarray(0, Math.floor(good.length / 2)));
  write(FILES.injection, injectionModel());
  write(FILES.wide, wideConv());
  write(
    FILES.pipelineIndex,
    JSON.stringify({ _class_name: 'OnnxStableDiffusionPipeline', text_encoder: ['diffusers', 'OnnxRuntimeModel'], unet: ['diffusers', 'OnnxRuntimeModel'], vae_decoder: ['diffusers', 'OnnxRuntimeModel'] }, null, 2),
  );
  for (const stage of ['text_encoder', 'unet', 'vae_decoder']) {
    write(`pipeline/${stage}/model.onnx`, good);
    write(`${FILES.nestedPipelineParent}/sd/${stage}/model.onnx`, good);
  }
  write(`${FILES.nestedPipelineParent}/sd/model_index.json`, JSON.stringify({ _class_name: 'OnnxStableDiffusionPipeline', unet: ['diffusers', 'OnnxRuntimeModel'] }));
  // Fewer moving parts on slow machines: no welcome page, no telemetry prompts.
  write('.vscode/settings.json', JSON.stringify({ 'workbench.startupEditor': 'none', 'workbench.tips.enabled': false }, null, 2));
  write(`${FILES.noPipeline}/README.md`, 'no pipeline here\n');
  // The bundled SD 1.5 sample, when generated (suites skip their sample tests without it).
  const sample = resolve(__dirname, '..', '..', 'samples', 'sd15');
  if (existsSync(join(sample, 'model_index.json'))) cpSync(sample, join(dir, FILES.sampleDir), { recursive: true });
  return { dir, files: FILES };
}

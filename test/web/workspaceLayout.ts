// Paths (relative to the opened folder) of the files test/web/fixtures.ts writes; shared by the
// Node-side runners and the suites that run inside the web extension host.
export const FILES = {
  good: 'models/tiny_cnn.onnx',
  bad: 'models/not_onnx.onnx',
  truncated: 'models/truncated.onnx',
  injection: 'models/injection.onnx',
  wide: 'models/wide_conv.onnx',
  pipelineIndex: 'pipeline/model_index.json',
  noPipeline: 'empty',
  /** Holds one pipeline one level down (nested/sd/model_index.json). */
  nestedPipelineParent: 'nested',
  /** Copy of samples/sd15 (absent when the samples were not generated). */
  sampleDir: 'sd15',
} as const;

/** Node count of fixtures.tinyCnn(): checked against what the editor reports. */
export const TINY_CNN_NODES = 7;

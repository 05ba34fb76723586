// The one profiling entry point: load a model or a diffusers pipeline, then profile, sweep SRAM or compare hardware.
// Pure: front ends pass a ProfileFiles for file access (Node: src/node/profileFiles.ts; VS Code: workspace.fs).
export type * from './types';
export type { ProfileFiles, OpenedModel } from './files';
export { ProfileInputError } from './errors';
export { loadTarget, findPipelineStage, mergeBindings, readAndInfer, modelName, type LoadedTarget, type LoadedStage, type BrokenStage, type TargetOptions, type ProgressStep } from './load';
export { profile, profileRun, costStage, topLayers, throughputOf, imageLatencyMs, readerWarnings, type ProfileRun, type CostedStage } from './profile';
export { sweepSram, findKnee, logSizes, parseSramRange, KNEE_RULE, KNEE_GAIN, DEFAULT_SWEEP } from './sweep';
export { compareHardware, ratio } from './compare';
export { resolveHardware, hardwareFromText, hardwareFromPreset, isHardwareFile, profileHardware, presetList } from './hardware';
export { findUnboundDims } from './unbound';

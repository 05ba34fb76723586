// How the profiling entry point reaches files. The core never touches a file system: each front end implements this
// (Node: src/node/profileFiles.ts; VS Code: workspace.fs) and passes it in. Paths are whatever the front end uses
// (file paths, URI strings); only the front end joins and splits them.
import type { ByteSource } from '../onnx/byteSource';
import type { ExternalDataAccess } from '../onnx/externalData';

export interface OpenedModel {
  source: ByteSource;
  /** External-data lookup next to the model (sizes only); absent = external data not checked. */
  external?: ExternalDataAccess;
  close(): Promise<void> | void;
}

export interface ProfileFiles {
  /** 'file', 'directory', or undefined when nothing is there. */
  kind(path: string): Promise<'file' | 'directory' | undefined>;
  readText(path: string): Promise<string>;
  openModel(path: string): Promise<OpenedModel>;
  /** `dir` + '/'-separated relative path. */
  join(dir: string, rel: string): string;
  dirname(path: string): string;
  basename(path: string): string;
}

// Typed error for files that cannot be read as ONNX: names the file, the byte offset and the field being read.

export class OnnxReadError extends Error {
  override readonly name = 'OnnxReadError';
  /** Name of the file (or source) being read. */
  readonly file: string;
  /** Absolute byte offset where the problem was found. */
  readonly offset: number;
  /** Protobuf field path, e.g. "ModelProto.graph.node[412].attribute[0]"; '' when not inside a message. */
  readonly fieldPath: string;
  /** The problem alone, without the file/offset prefix. */
  readonly detail: string;

  constructor(file: string, offset: number, fieldPath: string, detail: string) {
    super(`${file}: ${detail}`);
    this.file = file;
    this.offset = offset;
    this.fieldPath = fieldPath;
    this.detail = detail;
  }
}

// Where the reader gets bytes from: a file read by positional reads (Node), or bytes already in memory
// (web host: vscode.workspace.fs.readFile). The reader only ever asks for ranges inside [0, size).

export interface ByteSource {
  readonly name: string;
  readonly size: number;
  /** Bytes [offset, offset+length). The returned array may be a view; callers must not modify it. */
  read(offset: number, length: number): Promise<Uint8Array>;
  /** True when every read is a cheap view of bytes already in memory (lets the reader take the whole file as one window). */
  readonly inMemory?: boolean;
}

export function memorySource(name: string, bytes: Uint8Array): ByteSource {
  return {
    name,
    size: bytes.byteLength,
    inMemory: true,
    read(offset: number, length: number): Promise<Uint8Array> {
      if (offset < 0 || length < 0 || offset + length > bytes.byteLength) {
        return Promise.reject(new RangeError(`read [${offset}, +${length}) outside ${name} (${bytes.byteLength} bytes)`));
      }
      return Promise.resolve(bytes.subarray(offset, offset + length));
    },
  };
}

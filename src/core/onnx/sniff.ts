// Recognises common non-ONNX files from their first bytes, so the user gets "looks like a SafeTensors file"
// instead of a puzzling protobuf error.

function ascii(b: Uint8Array, from: number, to: number): string {
  let s = '';
  for (let i = from; i < Math.min(to, b.byteLength); i++) s += String.fromCharCode(b[i]);
  return s;
}

/** Name of the format the bytes look like, or undefined when they could be an ONNX protobuf. */
export function sniffForeignFormat(head: Uint8Array, fileSize: number): string | undefined {
  if (head.byteLength >= 9 && head[8] === 0x7b /* { */) {
    // SafeTensors: u64 little-endian JSON header length, then the JSON header.
    const n = head[0] + head[1] * 2 ** 8 + head[2] * 2 ** 16 + head[3] * 2 ** 24 + head[4] * 2 ** 32;
    if (head[5] === 0 && head[6] === 0 && head[7] === 0 && n > 1 && n + 8 <= fileSize) return 'a SafeTensors file';
  }
  const magic4 = ascii(head, 0, 4);
  if (magic4 === 'PK\x03\x04') return 'a ZIP archive (a PyTorch .pt/.pth checkpoint or a NumPy .npz?)';
  if (magic4 === 'GGUF') return 'a GGUF file';
  if (magic4 === '\x89HDF') return 'an HDF5 file (a Keras .h5 model?)';
  if (ascii(head, 4, 8) === 'TFL3') return 'a TensorFlow Lite flatbuffer';
  if (ascii(head, 0, 6) === '\x93NUMPY') return 'a NumPy .npy array';
  if (head[0] === 0x80 && head[1] !== undefined && head[1] >= 2 && head[1] <= 5) return 'a Python pickle';
  if (magic4 === '\x7fELF' || ascii(head, 0, 2) === 'MZ') return 'an executable';
  if (ascii(head, 0, 3) === '\x1f\x8b\x08') return 'a gzip-compressed file';
  if (ascii(head, 0, 10) === 'version ht' || ascii(head, 0, 7) === 'git-lfs') return 'a Git LFS pointer (the real file was not downloaded)';
  // Text: ONNX protobuf never starts with printable text (its first byte is a field tag such as 0x08).
  const text = ascii(head, 0, 64);
  if (/^\s*[{[]/.test(text)) return 'a JSON file';
  if (/^\s*</.test(text)) return 'an XML/HTML file';
  if (/^\s*(ir_version|<\s*ir_version)/.test(text)) return 'an ONNX text-format file (onnx.printer / prototxt), not a binary ONNX model';
  // Plain text, unless the first byte is a ModelProto tag that happens to be printable (" ( 2 : B r).
  if (head.byteLength > 0 && !'"(2:Br'.includes(String.fromCharCode(head[0])) && /^[\t\n\r\x20-\x7e]+$/.test(text)) return 'a text file';
  return undefined;
}

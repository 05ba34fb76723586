// Big protocol payloads (the graph on `init`, the overlay on `cost`) travel as UTF-8 JSON bytes.
// VS Code's extension host JSON-stringifies every webview message with a replacer function that is
// called for each value (~100k on the SD UNet: most of the post-to-receive time); a Uint8Array is
// lifted out by that replacer and transferred as one buffer.

/** JSON bytes that decode to T (the brand only documents what is inside). */
export type PackedJson<T> = Uint8Array & { readonly __packed?: T };

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function packJson<T>(value: T): PackedJson<T> {
  return encoder.encode(JSON.stringify(value));
}

export function unpackJson<T>(bytes: PackedJson<T>): T {
  return JSON.parse(decoder.decode(bytes)) as T;
}

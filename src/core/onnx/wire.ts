// Protobuf wire-format cursor over a ByteSource. Decoding is synchronous over loaded byte segments (the reader
// walks a file front to back and jumps over tensor payloads), so only the bytes of non-payload fields are ever
// read; missing bytes are signalled with NEED and loaded by the caller. Every length is checked against the
// enclosing message (and the file size) before anything is read or allocated.
import type { ByteSource } from './byteSource';
import { OnnxReadError } from './errors';

/**
 * Bytes read at a time from a file source. After a jump over a payload the next thing is usually a ~100-byte
 * tensor header, so the window starts small; while the walk stays sequential (runs of nodes) it doubles.
 */
const MIN_WINDOW = 4 * 1024;
const MAX_WINDOW = 1024 * 1024;
/** A field header is at most a 5-byte tag plus a 10-byte varint (or an 8-byte fixed64). */
export const HEADER_MAX = 15;

/** Field path kept as a linked list so it is only rendered into a string when an error is raised. */
export class FieldPath {
  constructor(
    readonly up: FieldPath | undefined,
    readonly seg: string,
    /** Index in a repeated field, -1 for a singular one. */
    readonly index = -1,
  ) {}
  child(seg: string): FieldPath {
    return new FieldPath(this, seg);
  }
  item(seg: string, index: number): FieldPath {
    return new FieldPath(this, seg, index);
  }
  toString(): string {
    const parts: string[] = [];
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- walks the path from this segment up
    for (let p: FieldPath | undefined = this; p; p = p.up) parts.push(p.index >= 0 ? `${p.seg}[${p.index}]` : p.seg);
    return parts.reverse().join('.');
  }
}

const utf8 = new TextDecoder('utf-8');

/**
 * Thrown (one shared object, not an Error) by ensure() when bytes are not loaded yet: the async driver loads
 * them and decodes the interrupted message again from its start. Never escapes readModel().
 */
export const NEED = { pos: 0, n: 0, path: undefined as FieldPath | undefined };

/** Loaded byte ranges kept for re-decoding a message after a NEED; bounded in count and bytes. */
const MAX_SEGMENTS = 256;
const MAX_SEGMENT_BYTES = 64 * 1024 * 1024;

interface Segment {
  start: number;
  buf: Uint8Array;
}

export class WireReader {
  /** Absolute position of the next byte to decode. */
  pos = 0;
  /** The current segment: buf holds bytes [bufStart, bufStart + buf.byteLength). */
  private buf: Uint8Array = new Uint8Array(0);
  private bufStart = 0;
  /** Other loaded segments, most recently used first. */
  private segs: Segment[] = [];
  private segBytes = 0;
  private lastLoadStart = -1;
  private lastLoadEnd = -1;
  /** Set by varint(): the low and high 32 bits of the last varint read. */
  lo = 0;
  hi = 0;
  private window = MIN_WINDOW;

  constructor(readonly src: ByteSource) {}

  get size(): number {
    return this.src.size;
  }

  /** True when [pos, pos+n) is in the current segment. */
  has(n: number): boolean {
    return this.pos >= this.bufStart && this.pos + n <= this.bufStart + this.buf.byteLength;
  }

  /**
   * Makes [pos, pos+n) the current bytes: from the current segment, another loaded one, or else throws NEED.
   * Bytes past the end of the file are a truncation error.
   */
  ensure(n: number, path: FieldPath): void {
    if (this.has(n)) return;
    const size = this.src.size;
    if (this.pos + n > size) throw this.error(size, path, `truncated at byte ${size} inside ${path}`);
    const segs = this.segs;
    for (let i = 0; i < segs.length; i++) {
      const s = segs[i];
      if (this.pos >= s.start && this.pos + n <= s.start + s.buf.byteLength) {
        segs.splice(i, 1);
        segs.unshift({ start: this.bufStart, buf: this.buf });
        this.segBytes += this.buf.byteLength - s.buf.byteLength;
        this.buf = s.buf;
        this.bufStart = s.start;
        return;
      }
    }
    NEED.pos = this.pos;
    NEED.n = n;
    NEED.path = path;
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- one preallocated signal, no stack to capture: it is thrown on every short read
    throw NEED;
  }

  /** Loads [pos, pos+n) (plus read-ahead) as the current segment. The window grows while reads are sequential. */
  async load(pos: number, n: number, path: FieldPath): Promise<void> {
    const size = this.src.size;
    if (pos + n > size) throw this.error(size, path, `truncated at byte ${size} inside ${path}`);
    const sequential = pos >= this.lastLoadStart && pos <= this.lastLoadEnd;
    this.window = sequential ? Math.min(this.window * 2, MAX_WINDOW) : MIN_WINDOW;
    let start = pos;
    let len = Math.max(n, this.window);
    if (this.src.inMemory) {
      start = 0;
      len = size;
    } else if (start + len > size) len = size - start;
    let buf: Uint8Array;
    try {
      buf = await this.src.read(start, len);
    } catch (e) {
      throw this.error(pos, path, `cannot read bytes ${start}..${start + len}: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (buf.byteLength < len) throw this.error(start + buf.byteLength, path, `short read: file ended at byte ${start + buf.byteLength} (expected ${size} bytes)`);
    this.lastLoadStart = start;
    this.lastLoadEnd = start + len;
    if (this.buf.byteLength > 0) {
      this.segs.unshift({ start: this.bufStart, buf: this.buf });
      this.segBytes += this.buf.byteLength;
    }
    this.buf = buf;
    this.bufStart = start;
    while (this.segs.length > MAX_SEGMENTS || (this.segBytes > MAX_SEGMENT_BYTES && this.segs.length > 0)) {
      this.segBytes -= this.segs.pop()!.buf.byteLength;
    }
  }

  /** True when the next field header (tag + varint/fixed value) is in the current segment, or `end` comes first. */
  headerFits(end: number): boolean {
    return this.has(Math.min(HEADER_MAX, end - this.pos));
  }

  error(offset: number, path: FieldPath | undefined, detail: string): OnnxReadError {
    return new OnnxReadError(this.src.name, offset, path ? path.toString() : '', detail);
  }

  /** Error for a value that would run past `end` (the file end, or the end of the enclosing message). */
  overrun(at: number, need: number, end: number, path: FieldPath): OnnxReadError {
    if (end >= this.src.size) {
      return this.error(this.src.size, path, `truncated at byte ${this.src.size} inside ${path}: the field at byte ${at} needs ${need} bytes, the file ends ${this.src.size - at} bytes after it`);
    }
    return this.error(at, path, `field at byte ${at} needs ${need} bytes but ${path} ends at byte ${end}`);
  }

  /** Reads a varint into lo/hi (at most 10 bytes, never past `end`). */
  varint(end: number, path: FieldPath): void {
    const buf = this.buf;
    let i = this.pos - this.bufStart;
    const lim = Math.min(end, this.bufStart + buf.byteLength) - this.bufStart;
    let lo = 0;
    let hi = 0;
    for (let k = 0; k < 10; k++) {
      if (i >= lim) throw this.overrun(this.pos, k + 1, end, path);
      const b = buf[i++];
      if (k < 4) lo |= (b & 0x7f) << (7 * k);
      else if (k === 4) {
        lo |= (b & 0x0f) << 28;
        hi |= (b & 0x7f) >> 4;
      } else hi |= (b & 0x7f) << (7 * k - 32);
      if (b < 0x80) {
        this.lo = lo >>> 0;
        this.hi = hi >>> 0;
        this.pos = this.bufStart + i;
        return;
      }
    }
    throw this.error(this.pos, path, `malformed varint at byte ${this.pos} inside ${path} (more than 10 bytes)`);
  }

  /** Unsigned varint as a number (exact up to 2^53; larger values lose precision). */
  uint(end: number, path: FieldPath): number {
    const buf = this.buf;
    const i = this.pos - this.bufStart;
    if (i < buf.byteLength && this.pos < end) {
      const b = buf[i];
      if (b < 0x80) {
        this.pos++;
        return b;
      }
    }
    this.varint(end, path);
    return this.hi * 4294967296 + this.lo;
  }

  /** int64 varint (two's complement), as a number when safe, else a bigint. */
  int64(end: number, path: FieldPath): number | bigint {
    this.varint(end, path);
    return int64FromBits(this.lo, this.hi);
  }

  /** int32/enum varint (negative values are sign-extended to 10 bytes on the wire). */
  int32(end: number, path: FieldPath): number {
    this.varint(end, path);
    return this.lo | 0;
  }

  fixed32(end: number, path: FieldPath): number {
    this.need(4, end, path);
    const i = this.pos - this.bufStart;
    this.pos += 4;
    return new DataView(this.buf.buffer, this.buf.byteOffset + i, 4).getFloat32(0, true);
  }

  float64(end: number, path: FieldPath): number {
    this.need(8, end, path);
    const i = this.pos - this.bufStart;
    this.pos += 8;
    return new DataView(this.buf.buffer, this.buf.byteOffset + i, 8).getFloat64(0, true);
  }

  skipFixed(n: number, end: number, path: FieldPath): void {
    this.need(n, end, path);
    this.pos += n;
  }

  /** Throws unless `n` bytes fit before `end` (does not load them). */
  need(n: number, end: number, path: FieldPath): void {
    if (this.pos + n > end) throw this.overrun(this.pos, n, end, path);
  }

  /** Reads a length prefix and checks the value fits before `end`. Returns the length; pos is then at the payload. */
  length(end: number, path: FieldPath): number {
    const at = this.pos;
    const len = this.uint(end, path);
    if (len > end - this.pos) {
      // A field running past the end of a file whose enclosing message also does: the file is truncated.
      // Let the caller go on, so the error names the innermost message cut by the file end.
      if (end >= this.src.size && this.pos + len > this.src.size) return len;
      throw this.error(at, path, `length ${len} at byte ${at} runs past the end of ${path} (ends at byte ${end})`);
    }
    return len;
  }

  /** View of the next `n` bytes, which the caller has made sure are in the window. Copy it to keep it. */
  take(n: number): Uint8Array {
    const i = this.pos - this.bufStart;
    this.pos += n;
    return this.buf.subarray(i, i + n);
  }

  /** Like take(), for bytes in the window that hold the head of the file (sniffing). */
  bytesSync(n: number): Uint8Array | undefined {
    return this.has(n) ? this.take(n) : undefined;
  }

  takeString(n: number): string {
    const i = this.pos - this.bufStart;
    this.pos += n;
    // Node Buffers decode in place (no view object per string); plain Uint8Arrays (web) go through TextDecoder.
    const b = this.buf as Uint8Array & { utf8Slice?: (start: number, end: number) => string };
    if (b.utf8Slice !== undefined) return b.utf8Slice(i, i + n);
    return decodeUtf8(b.subarray(i, i + n));
  }
}

/** Two's complement 64-bit value from its halves: a number when it is a safe integer, else a bigint. */
export function int64FromBits(lo: number, hi: number): number | bigint {
  if (hi < 0x200000) return hi * 4294967296 + lo;
  if (hi >= 0x80000000) {
    const nhi = ~hi >>> 0;
    const nlo = ~lo >>> 0;
    if (nhi < 0x200000) return -(nhi * 4294967296 + nlo + 1);
  }
  return BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo));
}

export function uint64FromBits(lo: number, hi: number): number | bigint {
  if (hi < 0x200000) return hi * 4294967296 + lo;
  return (BigInt(hi) << 32n) | BigInt(lo);
}

/** UTF-8 decode with an ASCII fast path (node and tensor names are almost always ASCII). */
export function decodeUtf8(b: Uint8Array): string {
  const n = b.byteLength;
  if (n < 64) {
    let s = '';
    for (let i = 0; i < n; i++) {
      const c = b[i];
      if (c >= 0x80) return utf8.decode(b);
      s += String.fromCharCode(c);
    }
    return s;
  }
  return utf8.decode(b);
}

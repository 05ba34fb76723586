// The decode context shared by the ONNX message decoders: the byte cursor, the findings, and field-level reads
// with their checks (wire types, lengths, caps, nesting), plus the small messages used everywhere
// (OperatorSetIdProto, StringStringEntryProto). Methods, not free functions: calls stay cheap across modules.
import { normalizeDomain, type TensorInfo } from '../model/graph';
import { dtypeFromCode } from '../model/dtype';
import type { OnnxReadError } from './errors';
import { Notes } from './notes';
import { HEADER_MAX, type FieldPath, type WireReader } from './wire';

// Wire types (protobuf encoding spec).
export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_LEN = 2;
export const WIRE_FIXED32 = 5;

/** Deepest message nesting accepted (protobuf's own default recursion limit). */
export const MAX_DEPTH = 100;
/**
 * Caps on fields that are decoded into JS values (not tensor payloads, which are only located): a corrupt length
 * within a multi-GB file must not turn into a multi-GB string or array. Real models stay far below these.
 */
export const MAX_STRING_BYTES = 64 * 1024 * 1024;
export const MAX_PACKED_BYTES = 64 * 1024 * 1024;
/** Packed dims: no tensor has anywhere near this many. */
export const MAX_DIMS_BYTES = 64 * 1024;
/** Messages up to this size are loaded whole before decoding (see the I/O note in reader.ts). */
export const PREFETCH_MAX = 64 * 1024;

export function num(v: number | bigint): number {
  return typeof v === 'bigint' ? Number(v) : v;
}

export class Decoder {
  readonly notes = new Notes();
  /** Every tensor whose data_location is EXTERNAL, resolved after the walk. */
  readonly external: TensorInfo[] = [];

  constructor(readonly r: WireReader) {}

  fail(at: number, path: FieldPath, detail: string): OnnxReadError {
    return this.r.error(at, path, detail);
  }

  /** The field header read by the last nextField(). Copy them into locals at once: decoding the field overwrites them. */
  fieldAt = 0;
  fieldNo = 0;
  wireType = 0;

  /**
   * Reads the next field header of a message ending at `end` into fieldAt/fieldNo/wireType (loading its bytes
   * when needed); false at the end of the message. Fields instead of a returned object: no allocation per field.
   */
  nextField(end: number, path: FieldPath): boolean {
    const r = this.r;
    if (r.pos >= end) return false;
    if (!r.headerFits(end)) r.ensure(Math.min(HEADER_MAX, end - r.pos), path);
    this.fieldAt = r.pos;
    const tag = this.tag(end, path);
    this.fieldNo = Math.floor(tag / 8);
    this.wireType = tag % 8;
    return true;
  }

  /** Reads a tag; rejects field 0 and wire types protobuf does not have (3/4 are groups, never used by ONNX). */
  tag(end: number, path: FieldPath): number {
    const at = this.r.pos;
    const tag = this.r.uint(end, path);
    const wt = tag % 8;
    if (wt === 3 || wt === 4) throw this.fail(at, path, `wire type ${wt} (group) at byte ${at} inside ${path} is not used by ONNX: the file is corrupt`);
    if (wt > 5) throw this.fail(at, path, `wire type ${wt} is invalid at byte ${at} inside ${path}`);
    if (tag < 8) throw this.fail(at, path, `field number 0 is invalid at byte ${at} inside ${path}`);
    return tag;
  }

  wrongWire(at: number, path: FieldPath, msg: string, field: string, wt: number, want: number): OnnxReadError {
    return this.fail(at, path, `${msg}.${field} at byte ${at} inside ${path} has wire type ${wt}, expected ${want}`);
  }

  expectWire(at: number, path: FieldPath, msg: string, field: string, wt: number, want: number): void {
    if (wt !== want) throw this.wrongWire(at, path, msg, field, wt, want);
  }

  checkDepth(depth: number, path: FieldPath): void {
    if (depth > MAX_DEPTH) throw this.fail(this.r.pos, path, `messages nested deeper than ${MAX_DEPTH} levels at byte ${this.r.pos} inside ${path}`);
  }

  skipField(msg: string, fieldNo: number, wt: number, end: number, path: FieldPath): void {
    const r = this.r;
    this.notes.count('unknown', `${msg} field ${fieldNo}`);
    if (wt === WIRE_VARINT) r.varint(end, path);
    else if (wt === WIRE_FIXED64) r.skipFixed(8, end, path);
    else if (wt === WIRE_FIXED32) r.skipFixed(4, end, path);
    else {
      const len = r.length(end, path); // read before the add: `pos += f()` would add to the old pos
      r.pos += len;
    }
  }

  /** A string field (its bytes loaded on demand). */
  str(at: number, wt: number, end: number, path: FieldPath, msg: string, field: string): string {
    this.expectWire(at, path, msg, field, wt, WIRE_LEN);
    const len = this.r.length(end, path);
    if (len > MAX_STRING_BYTES && this.r.pos + len <= this.r.size) throw this.tooLong(at, path, msg, field, len, MAX_STRING_BYTES);
    this.r.ensure(len, path);
    return this.r.takeString(len);
  }

  tooLong(at: number, path: FieldPath, msg: string, field: string, len: number, max: number): OnnxReadError {
    return this.fail(at, path, `${msg}.${field} at byte ${at} inside ${path} is ${len} bytes long, more than the ${max} this reader accepts (corrupt length?)`);
  }

  varintField(at: number, wt: number, end: number, path: FieldPath, msg: string, field: string): number | bigint {
    this.expectWire(at, path, msg, field, wt, WIRE_VARINT);
    return this.r.int64(end, path);
  }

  /** An int64 field as a number (precision is lost beyond 2^53, which no version, dim or enum reaches). */
  varintNumber(at: number, wt: number, end: number, path: FieldPath, msg: string, field: string): number {
    return num(this.varintField(at, wt, end, path, msg, field));
  }



  /** Repeated int64, packed (wire 2) or one per field (wire 0). */
  int64s(at: number, wt: number, end: number, path: FieldPath, msg: string, field: string, out: Array<number | bigint>,
    maxBytes = MAX_PACKED_BYTES): void {
    const r = this.r;
    if (wt === WIRE_VARINT) {
      out.push(r.int64(end, path));
      return;
    }
    if (wt !== WIRE_LEN) throw this.wrongWire(at, path, msg, field, wt, WIRE_LEN);
    const len = r.length(end, path);
    if (len > maxBytes && r.pos + len <= r.size) throw this.tooLong(at, path, msg, field, len, maxBytes);
    const stop = r.pos + len;
    r.ensure(len, path);
    while (r.pos < stop) out.push(r.int64(stop, path));
  }

  /** Repeated float, packed (wire 2) or one per field (wire 5). */
  floats(at: number, wt: number, end: number, path: FieldPath, msg: string, field: string, out: number[]): void {
    const r = this.r;
    if (wt === WIRE_FIXED32) {
      out.push(r.fixed32(end, path));
      return;
    }
    if (wt !== WIRE_LEN) throw this.wrongWire(at, path, msg, field, wt, WIRE_LEN);
    const len = r.length(end, path);
    if (len > MAX_PACKED_BYTES && r.pos + len <= r.size) throw this.tooLong(at, path, msg, field, len, MAX_PACKED_BYTES);
    if (len % 4 !== 0) throw this.fail(at, path, `${msg}.${field} at byte ${at} inside ${path}: packed floats need a multiple of 4 bytes, got ${len}`);
    const stop = r.pos + len;
    r.ensure(len, path);
    while (r.pos < stop) out.push(r.fixed32(stop, path));
  }

  /** Starts a length-delimited submessage field: checks its wire type and length, returns where it ends. */
  beginSub(at: number, wt: number, parentEnd: number, path: FieldPath, msg: string, field: string): number {
    if (wt !== WIRE_LEN) throw this.wrongWire(at, path.up ?? path, msg, field, wt, WIRE_LEN);
    const len = this.r.length(parentEnd, path);
    // Small messages are loaded whole up front; bigger ones (which may hold weights) as they are decoded.
    if (len <= PREFETCH_MAX && !this.r.has(len)) this.r.ensure(len, path);
    return this.r.pos + len;
  }

  endSub(end: number, path: FieldPath): void {
    if (this.r.pos > this.r.size || end > this.r.size) throw this.fail(this.r.size, path, `truncated at byte ${this.r.size} inside ${path}`);
    if (this.r.pos !== end) throw this.fail(this.r.pos, path, `internal: ${path} decoded to byte ${this.r.pos}, expected ${end}`);
  }

  opset(at0: number, wt0: number, pend: number, path: FieldPath, msg: string, field: string): [string, number] {
    const end = this.beginSub(at0, wt0, pend, path, msg, field);
    let domain = '';
    let version = 0;
    while (this.nextField(end, path)) {
      const at = this.fieldAt, f = this.fieldNo, wt = this.wireType;
      if (f === 1) domain = this.str(at, wt, end, path, 'OperatorSetIdProto', 'domain');
      else if (f === 2) version = this.varintNumber(at, wt, end, path, 'OperatorSetIdProto', 'version');
      else this.skipField('OperatorSetIdProto', f, wt, end, path);
    }
    this.endSub(end, path);
    return [normalizeDomain(domain), version];
  }

  stringEntry(at0: number, wt0: number, pend: number, path: FieldPath, msg: string, field: string): [string, string] {
    const end = this.beginSub(at0, wt0, pend, path, msg, field);
    let key = '';
    let value = '';
    while (this.nextField(end, path)) {
      const at = this.fieldAt, f = this.fieldNo, wt = this.wireType;
      if (f === 1) key = this.str(at, wt, end, path, 'StringStringEntryProto', 'key');
      else if (f === 2) value = this.str(at, wt, end, path, 'StringStringEntryProto', 'value');
      else this.skipField('StringStringEntryProto', f, wt, end, path);
    }
    this.endSub(end, path);
    return [key, value];
  }

  /** Skips a length-delimited field we deliberately do not keep (metadata on nodes/graphs, annotations). */
  skipLen(at: number, wt: number, end: number, path: FieldPath, msg: string, field: string): void {
    this.expectWire(at, path, msg, field, wt, WIRE_LEN);
    const len = this.r.length(end, path);
    this.r.pos += len;
  }

  dtypeOf(code: number) {
    const d = dtypeFromCode(code);
    if (d === undefined) {
      this.notes.count('dtype', `unknown element type ${code} (newer than this reader?)`);
      return 'undefined' as const;
    }
    return d;
  }
}

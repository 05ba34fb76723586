// TensorProto and SparseTensorProto: dtype, dims, byte size and where the data lives (inline span or external
// file entry). Payloads are skipped; only small ones are read, to decode their values.
import { SMALL_TENSOR_MAX_ELEMENTS, type DataLocation, type SparseTensorInfo, type TensorInfo } from '../model/graph';
import { storageBytes } from '../model/dtype';
import { type Decoder, MAX_DIMS_BYTES, WIRE_FIXED32, WIRE_FIXED64, WIRE_LEN, WIRE_VARINT, num } from './decoder';
import { decodeRaw, hasDecodableValues, valuesFromTyped } from './tensorValues';
import type { FieldPath } from './wire';

/** Payloads up to this many bytes are read so small tensors can be decoded; larger ones are only located. */
export const KEEP_MAX = 16 * 1024;
export const EXTERNAL = 1;
export interface Span {
  field: string | undefined;
  start: number;
  end: number;
}

/** Records where a tensor's payload lies; false when the tensor already has its data in another field. */
export function span(c: Decoder, sp: Span, tensor: string, field: string, start: number, stop: number): boolean {
  if (sp.field === undefined) {
    sp.field = field;
    sp.start = start;
  } else if (sp.field !== field) {
    c.notes.count('twodata', `tensor '${tensor}' has data in both ${sp.field} and ${field}`);
    return false;
  }
  sp.end = stop;
  return true;
}

export const TYPED_FIELDS: Record<number, string> = { 4: 'float_data', 5: 'int32_data', 7: 'int64_data', 10: 'double_data', 11: 'uint64_data' };

export function readTensor(c: Decoder, at0: number, wt0: number, pend: number, path: FieldPath, msg: string, field: string, depth: number): TensorInfo {
  const end = c.beginSub(at0, wt0, pend, path, msg, field);
  c.checkDepth(depth, path);
  const r = c.r;
  const T = 'TensorProto';
  const dimsRaw: Array<number | bigint> = [];
  let code = 0;
  let name = '';
  let docString: string | undefined;
  // The payload: field name and absolute span, and (when small) its bytes or decoded numbers.
  const sp: Span = { field: undefined, start: 0, end: 0 };
  let rawKept: Uint8Array | undefined;
  let typed: Array<number | bigint> | undefined = [];
  let rawBytes = 0;
  let stringBytes = 0;
  let dataLocation = 0;
  let ext: Record<string, string> | undefined;
  let segmented = false;

  while (c.nextField(end, path)) {
    const at = c.fieldAt, f = c.fieldNo, wt = c.wireType;
    switch (f) {
      case 1: c.int64s(at, wt, end, path, T, 'dims', dimsRaw, MAX_DIMS_BYTES); break;
      case 2: code = c.varintNumber(at, wt, end, path, T, 'data_type'); break;
      case 3: segmented = true; c.skipLen(at, wt, end, path, T, 'segment'); break;
      case 8: name = c.str(at, wt, end, path, T, 'name'); break;
      case 12: docString = c.str(at, wt, end, path, T, 'doc_string'); break;
      case 9: {
        c.expectWire(at, path, T, 'raw_data', wt, WIRE_LEN);
        const len = r.length(end, path);
        const start = r.pos;
        if (span(c, sp, name, 'raw_data', start, start + len) && len <= KEEP_MAX && rawBytes === 0) {
          r.ensure(len, path);
          rawKept = r.take(len); // a view: decoded before this function returns, so no copy
        }
        else {
          rawKept = undefined;
          r.pos += len;
        }
        rawBytes += len;
        break;
      }
      case 6: {
        c.expectWire(at, path, T, 'string_data', wt, WIRE_LEN);
        const len = r.length(end, path);
        span(c, sp, name, 'string_data', r.pos, r.pos + len);
        r.pos += len;
        stringBytes += len;
        break;
      }
      case 4: case 5: case 7: case 10: case 11: {
        const field = TYPED_FIELDS[f];
        const start = r.pos;
        if (wt === WIRE_LEN) {
          const len = r.length(end, path);
          const payload = r.pos;
          if (!span(c, sp, name, field, payload, payload + len) || len > KEEP_MAX || typed === undefined) {
            typed = undefined;
            r.pos += len;
          } else {
            r.ensure(len, path);
            const stop = payload + len;
            if (f === 4) {
              if (len % 4) throw c.fail(at, path, `${T}.float_data at byte ${at} inside ${path}: ${len} bytes is not a whole number of floats`);
              while (r.pos < stop) typed.push(r.fixed32(stop, path));
            } else if (f === 10) {
              if (len % 8) throw c.fail(at, path, `${T}.double_data at byte ${at} inside ${path}: ${len} bytes is not a whole number of doubles`);
              while (r.pos < stop) typed.push(r.float64(stop, path));
            } else if (f === 11) {
              while (r.pos < stop) {
                r.varint(stop, path);
                typed.push(r.hi * 4294967296 + r.lo);
              }
            } else if (f === 5) while (r.pos < stop) typed.push(r.int32(stop, path));
            else while (r.pos < stop) typed.push(r.int64(stop, path));
          }
        } else {
          // Unpacked repeated scalar: one element per field.
          const want = f === 4 ? WIRE_FIXED32 : f === 10 ? WIRE_FIXED64 : WIRE_VARINT;
          c.expectWire(at, path, T, field, wt, want);
          let v: number | bigint;
          if (f === 4) v = r.fixed32(end, path);
          else if (f === 10) v = r.float64(end, path);
          else if (f === 5) v = r.int32(end, path);
          else if (f === 11) {
            r.varint(end, path);
            v = r.hi * 4294967296 + r.lo;
          } else v = r.int64(end, path);
          if (span(c, sp, name, field, start, r.pos) && typed !== undefined && typed.length < SMALL_TENSOR_MAX_ELEMENTS + 1) typed.push(v);
          else typed = undefined;
        }
        break;
      }
      case 13: {
        const [k, v] = c.stringEntry(at, wt, end, path.child('external_data'), T, 'external_data');
        (ext ??= {})[k] = v;
        break;
      }
      case 14: dataLocation = c.varintNumber(at, wt, end, path, T, 'data_location'); break;
      case 16: c.skipLen(at, wt, end, path, T, 'metadata_props'); break;
      default: c.skipField(T, f, wt, end, path);
    }
  }
  c.endSub(end, path);

  const dtype = c.dtypeOf(code);
  const dims = new Array<number>(dimsRaw.length);
  let elements = 1;
  let badDim = false;
  for (let i = 0; i < dimsRaw.length; i++) {
    const d = num(dimsRaw[i]);
    dims[i] = d;
    elements *= d;
    if (d < 0 || !Number.isSafeInteger(d)) badDim = true;
  }
  if (badDim || !Number.isSafeInteger(elements)) {
    c.notes.count('dims', `tensor '${name}' has invalid dims [${dims.join(',')}]; counted as empty`);
    elements = 0;
  }
  const t: TensorInfo = {
    name, dtype, dims, elements,
    byteSize: dtype === 'string' ? stringBytes : storageBytes(dtype, elements),
    data: { kind: 'none' },
  };
  if (docString !== undefined) t.docString = docString;
  if (segmented) c.notes.count('segment', `tensor '${name}' is segmented (TensorProto.segment); only this segment's data is located`);

  if (dataLocation === EXTERNAL || ext !== undefined) {
    t.data = externalLocation(c, t, ext ?? {}, dataLocation);
    c.external.push(t);
  } else if (sp.field !== undefined) {
    const dataField = sp.field;
    t.data = { kind: 'inline', field: dataField, offset: sp.start, length: sp.end - sp.start };
    if (dataField === 'raw_data' && rawBytes !== t.byteSize && dtype !== 'undefined') {
      c.notes.count('rawsize', `tensor '${name}': raw_data has ${rawBytes} bytes, its dtype and dims need ${t.byteSize}`);
    }
    if (elements <= SMALL_TENSOR_MAX_ELEMENTS && hasDecodableValues(dtype)) {
      const values = dataField === 'raw_data'
        ? (rawKept ? decodeRaw(dtype, rawKept, elements) : undefined)
        : typed !== undefined ? valuesFromTyped(dtype, dataField, typed, elements) : undefined;
      if (values) t.values = values;
    }
  } else if (elements === 0 && hasDecodableValues(dtype)) {
    t.values = [];
  }
  return t;
}

export function externalLocation(c: Decoder, t: TensorInfo, ext: Record<string, string>, dataLocation: number): DataLocation {
  const loc: DataLocation & { kind: 'external' } = { kind: 'external', location: ext['location'] ?? '', offset: 0 };
  const problems: string[] = [];
  if (dataLocation !== EXTERNAL) problems.push('external_data entries present but data_location is not EXTERNAL');
  if (loc.location === '') problems.push('external_data has no location');
  const num = (key: string): number | undefined => {
    const s = ext[key];
    if (s === undefined) return undefined;
    if (!/^\s*\d+\s*$/.test(s)) {
      problems.push(`external_data ${key} '${s}' is not a non-negative integer`);
      return undefined;
    }
    const v = Number(s);
    if (!Number.isSafeInteger(v)) {
      // Printed from the text (BigInt), so 2^62 reads 4611686018427387904, not a rounded float.
      problems.push(`external_data ${key} ${BigInt(s.trim())} is beyond 2^53 bytes, larger than any file this reader accepts`);
      return undefined;
    }
    return v;
  };
  loc.offset = num('offset') ?? 0;
  const length = num('length');
  if (length !== undefined) {
    loc.length = length;
    if (length !== t.byteSize && t.dtype !== 'string') {
      c.notes.count('extsize', `tensor '${t.name}': external length ${length} differs from the ${t.byteSize} bytes its dtype and dims need`);
    }
  }
  if (problems.length) loc.problem = problems.join('; ');
  return loc;
}

export function readSparseTensor(c: Decoder, at0: number, wt0: number, pend: number, path: FieldPath, msg: string, field: string, depth: number): SparseTensorInfo {
  const end = c.beginSub(at0, wt0, pend, path, msg, field);
  c.checkDepth(depth, path);
  const S = 'SparseTensorProto';
  let values: TensorInfo | undefined;
  let indices: TensorInfo | undefined;
  const dims: Array<number | bigint> = [];
  while (c.nextField(end, path)) {
    const at = c.fieldAt, f = c.fieldNo, wt = c.wireType;
    if (f === 1) values = readTensor(c, at, wt, end, path.child('values'), S, 'values', depth + 1);
    else if (f === 2) indices = readTensor(c, at, wt, end, path.child('indices'), S, 'indices', depth + 1);
    else if (f === 3) c.int64s(at, wt, end, path, S, 'dims', dims, MAX_DIMS_BYTES);
    else c.skipField(S, f, wt, end, path);
  }
  c.endSub(end, path);
  const empty = (): TensorInfo => ({ name: '', dtype: 'undefined', dims: [0], elements: 0, byteSize: 0, data: { kind: 'none' } });
  const v = values ?? empty();
  return { name: v.name, values: v, indices: indices ?? empty(), dims: dims.map(num) };
}


// Decodes the values of small inline tensors (shape inference constant-folds them). Only called with a
// handful of bytes (<= SMALL_TENSOR_MAX_ELEMENTS elements); large tensors are never decoded.
import type { DType } from '../model/graph';
import { int64FromBits, uint64FromBits } from './wire';

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** IEEE half -> number, by rebuilding the float32 bit pattern (no Math.pow per value). */
export function halfToFloat(h: number): number {
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  const neg = (h & 0x8000) !== 0;
  if (e === 0) return (neg ? -f : f) * 5.960464477539063e-8; // subnormal: f * 2^-24 (and +-0)
  if (e === 31) return f !== 0 ? NaN : neg ? -Infinity : Infinity;
  u32[0] = ((h & 0x8000) << 16) | ((e + 112) << 23) | (f << 13);
  return f32[0];
}

export function bfloat16ToFloat(b: number): number {
  u32[0] = (b & 0xffff) << 16;
  return f32[0];
}

const DECODABLE: ReadonlySet<DType> = new Set<DType>([
  'float16', 'float32', 'float64', 'bfloat16', 'bool',
  'int2', 'int4', 'int8', 'int16', 'int32', 'int64', 'uint2', 'uint4', 'uint8', 'uint16', 'uint32', 'uint64',
]);

/** dtypes whose values we decode; float8/float4/complex/string are left alone. */
export function hasDecodableValues(dtype: DType): boolean {
  return DECODABLE.has(dtype);
}

const WIDTH: Partial<Record<DType, number>> = {
  float32: 4, float64: 8, int8: 1, uint8: 1, int16: 2, uint16: 2, int32: 4, uint32: 4, int64: 8, uint64: 8,
  bool: 1, float16: 2, bfloat16: 2,
};

/** Values from little-endian raw_data; undefined when the byte count does not match. */
export function decodeRaw(dtype: DType, b: Uint8Array, elements: number): Array<number | bigint> | undefined {
  const w = WIDTH[dtype];
  if (w !== undefined) {
    if (b.byteLength !== w * elements) return undefined;
    const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
    const out = new Array<number | bigint>(elements);
    // One loop per dtype: the type test stays out of the per-element path.
    switch (dtype) {
      case 'float32': for (let i = 0; i < elements; i++) out[i] = dv.getFloat32(i * 4, true); break;
      case 'float64': for (let i = 0; i < elements; i++) out[i] = dv.getFloat64(i * 8, true); break;
      case 'int8': for (let i = 0; i < elements; i++) out[i] = dv.getInt8(i); break;
      case 'uint8': for (let i = 0; i < elements; i++) out[i] = dv.getUint8(i); break;
      case 'bool': for (let i = 0; i < elements; i++) out[i] = dv.getUint8(i) !== 0 ? 1 : 0; break;
      case 'int16': for (let i = 0; i < elements; i++) out[i] = dv.getInt16(i * 2, true); break;
      case 'uint16': for (let i = 0; i < elements; i++) out[i] = dv.getUint16(i * 2, true); break;
      case 'int32': for (let i = 0; i < elements; i++) out[i] = dv.getInt32(i * 4, true); break;
      case 'uint32': for (let i = 0; i < elements; i++) out[i] = dv.getUint32(i * 4, true); break;
      case 'int64': for (let i = 0; i < elements; i++) out[i] = int64FromBits(dv.getUint32(i * 8, true), dv.getUint32(i * 8 + 4, true)); break;
      case 'uint64': for (let i = 0; i < elements; i++) out[i] = uint64FromBits(dv.getUint32(i * 8, true), dv.getUint32(i * 8 + 4, true)); break;
      case 'float16': for (let i = 0; i < elements; i++) out[i] = halfToFloat(dv.getUint16(i * 2, true)); break;
      case 'bfloat16': for (let i = 0; i < elements; i++) out[i] = bfloat16ToFloat(dv.getUint16(i * 2, true)); break;
    }
    return out;
  }
  // Sub-byte integers, packed low bits first.
  const bits = dtype === 'int4' || dtype === 'uint4' ? 4 : dtype === 'int2' || dtype === 'uint2' ? 2 : 0;
  if (bits === 0 || b.byteLength !== Math.ceil((elements * bits) / 8)) return undefined;
  const signed = dtype.startsWith('int');
  const per = 8 / bits;
  const mask = (1 << bits) - 1;
  const out: number[] = [];
  for (let i = 0; i < elements; i++) {
    let v = (b[Math.floor(i / per)] >> ((i % per) * bits)) & mask;
    if (signed && v >> (bits - 1)) v -= 1 << bits;
    out.push(v);
  }
  return out;
}

/**
 * Values from a typed field (float_data, int32_data, ...), given as the already-decoded numbers of that field.
 * int32_data carries float16/bfloat16 as their bit patterns.
 */
export function valuesFromTyped(dtype: DType, field: string, raw: Array<number | bigint>, elements: number): Array<number | bigint> | undefined {
  if (raw.length !== elements) return undefined;
  switch (field) {
    case 'float_data':
      return dtype === 'float32' ? raw : undefined;
    case 'double_data':
      return dtype === 'float64' ? raw : undefined;
    case 'int64_data':
      return dtype === 'int64' ? raw : undefined;
    case 'uint64_data':
      return dtype === 'uint32' || dtype === 'uint64' ? raw : undefined;
    case 'int32_data':
      if (dtype === 'float16') return raw.map((v) => halfToFloat(Number(v) & 0xffff));
      if (dtype === 'bfloat16') return raw.map((v) => bfloat16ToFloat(Number(v) & 0xffff));
      if (dtype === 'bool') return raw.map((v) => (Number(v) !== 0 ? 1 : 0));
      if (/^u?int(8|16|32)$/.test(dtype)) return raw;
      return undefined;
  }
  return undefined;
}

// ONNX element types: the TensorProto.DataType number <-> name mapping and storage sizes in bits.
import type { DType } from './graph';

/** Indexed by TensorProto.DataType (onnx.proto, IR v11 / onnx 1.18+). */
const BY_CODE: readonly DType[] = [
  'undefined', 'float32', 'uint8', 'int8', 'uint16', 'int16', 'int32', 'int64', 'string', 'bool',
  'float16', 'float64', 'uint32', 'uint64', 'complex64', 'complex128', 'bfloat16',
  'float8e4m3fn', 'float8e4m3fnuz', 'float8e5m2', 'float8e5m2fnuz', 'uint4', 'int4', 'float4e2m1',
  'float8e8m0', 'uint2', 'int2',
];

const BITS: Record<DType, number> = {
  undefined: 0, float32: 32, uint8: 8, int8: 8, uint16: 16, int16: 16, int32: 32, int64: 64,
  string: 0, bool: 8, float16: 16, float64: 64, uint32: 32, uint64: 64, complex64: 64, complex128: 128,
  bfloat16: 16, float8e4m3fn: 8, float8e4m3fnuz: 8, float8e5m2: 8, float8e5m2fnuz: 8,
  uint4: 4, int4: 4, float4e2m1: 4, float8e8m0: 8, uint2: 2, int2: 2,
};

/** Name for a TensorProto.DataType code; undefined for codes newer than this table. */
export function dtypeFromCode(code: number): DType | undefined {
  return BY_CODE[code];
}

export function dtypeCode(dtype: DType): number {
  return BY_CODE.indexOf(dtype);
}

/** Storage bits per element (0 for string/undefined, whose size is not fixed). */
export function dtypeBits(dtype: DType): number {
  return BITS[dtype];
}

/** Bytes needed to store `elements` values of `dtype`, sub-byte types packed and rounded up. */
export function storageBytes(dtype: DType, elements: number): number {
  return Math.ceil((elements * BITS[dtype]) / 8);
}

export function isFloatType(dtype: DType): boolean {
  return dtype.startsWith('float') || dtype === 'bfloat16';
}

export function isIntegerType(dtype: DType): boolean {
  return /^u?int\d+$/.test(dtype);
}

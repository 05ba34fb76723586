// Test helpers for shape inference: where the shared ground truth lives, and decoding of the
// backend cases' input_*.pb tensors (values of small inputs feed constant folding).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { onnx } from 'onnx-proto';
import { dtypeFromCode } from '../../../src/core/model/dtype';
import type { DType } from '../../../src/core/model/graph';
import { decodeRaw, valuesFromTyped } from '../../../src/core/onnx/tensorValues';

export const repoRoot = path.resolve(__dirname, '..', '..', '..');
export const sharedDir = path.resolve(repoRoot, '..', 'shared');
export const sharedPresent = existsSync(path.join(sharedDir, 'testdata'));

export interface PbTensor {
  dtype: DType | undefined;
  dims: number[];
  values?: Array<number | bigint>;
}

/** Decode a TensorProto file; values only for numeric tensors up to maxElements. */
export function readTensorPb(file: string, maxElements = 64): PbTensor {
  const t = onnx.TensorProto.decode(readFileSync(file));
  const dtype = dtypeFromCode(t.dataType);
  const dims = t.dims.map((d) => Number(d));
  const n = dims.reduce((p, q) => p * q, 1);
  const out: PbTensor = { dtype, dims };
  if (!dtype || n > maxElements) return out;
  if (t.rawData && t.rawData.length) out.values = decodeRaw(dtype, t.rawData, n);
  else {
    const fields: Array<[string, Array<number | { toString(): string }>]> = [
      ['float_data', t.floatData], ['int32_data', t.int32Data], ['int64_data', t.int64Data],
      ['double_data', t.doubleData], ['uint64_data', t.uint64Data],
    ];
    for (const [field, arr] of fields)
      if (arr && arr.length) out.values = valuesFromTyped(dtype, field, arr.map((v) => (typeof v === 'number' ? v : Number(v.toString()))), n);
    if (n === 0) out.values = [];
  }
  return out;
}

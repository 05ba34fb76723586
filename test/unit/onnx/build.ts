// Small helpers to build ONNX bytes in tests: onnx-proto's encoder for the schema it knows, plus raw
// protobuf framing for fields newer than that schema (and for deliberately broken files).
import { onnx } from 'onnx-proto';

export function varint(n: number | bigint): number[] {
  let v = BigInt.asUintN(64, BigInt(n));
  const out: number[] = [];
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v) b |= 0x80;
    out.push(b);
  } while (v);
  return out;
}

export function concat(...parts: Array<Uint8Array | number[]>): Uint8Array {
  const n = parts.reduce((a, p) => a + p.length, 0);
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** A length-delimited field. */
export function lenField(no: number, payload: Uint8Array | number[]): Uint8Array {
  return concat(varint(no * 8 + 2), varint(payload.length), payload);
}

export function varintField(no: number, v: number | bigint): Uint8Array {
  return concat(varint(no * 8), varint(v));
}

export const str = (s: string) => new TextEncoder().encode(s);

export function encodeModel(m: onnx.IModelProto): Uint8Array {
  return onnx.ModelProto.encode(onnx.ModelProto.create(m)).finish();
}

export function tensorType(elemType: number, dims: Array<number | string | null> | undefined): onnx.ITypeProto {
  return {
    tensorType: {
      elemType,
      shape: dims === undefined ? undefined : { dim: dims.map((d) => (d === null ? {} : typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
    },
  };
}

/** dims 'unranked' = no shape field at all. */
export function vi(name: string, elemType = 1, dims: Array<number | string | null> | 'unranked' = [1]): onnx.IValueInfoProto {
  return { name, type: tensorType(elemType, dims === 'unranked' ? undefined : dims) };
}

export function model(graph: onnx.IGraphProto, extra: Partial<onnx.IModelProto> = {}): Uint8Array {
  return encodeModel({ irVersion: 9, producerName: 'test', opsetImport: [{ domain: '', version: 18 }], graph: { name: 'g', ...graph }, ...extra });
}

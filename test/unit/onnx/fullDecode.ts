// Independent reference for the reader tests: a full onnx-proto (protobufjs) decode of the same bytes,
// summarised the same way (ops over all graphs and functions, initializer sizes from dtype and dims).
import { onnx } from 'onnx-proto';

/** Storage bits by TensorProto.DataType code, written out from onnx.proto independently of src/core/model/dtype.ts. */
const BITS_BY_CODE: Record<number, number> = {
  1: 32, 2: 8, 3: 8, 4: 16, 5: 16, 6: 32, 7: 64, 8: 0, 9: 8, 10: 16, 11: 64, 12: 32, 13: 64, 14: 64, 15: 128, 16: 16,
  17: 8, 18: 8, 19: 8, 20: 8, 21: 4, 22: 4, 23: 4, 24: 8, 25: 2, 26: 2,
};

export interface RefInitializer {
  name: string;
  dataType: number;
  dims: number[];
  byteSize: number;
  rawData?: Uint8Array;
  external?: Record<string, string>;
}

export interface RefSummary {
  irVersion: number;
  opsets: Record<string, number>;
  nodeCount: number;
  opHistogram: Record<string, number>;
  initializers: RefInitializer[];
  inputs: string[];
  outputs: string[];
}

// eslint-disable-next-line @typescript-eslint/no-base-to-string -- protobufjs Long values print their number with toString()
const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(String(v)));

export function decodeFull(bytes: Uint8Array): { proto: onnx.ModelProto; summary: RefSummary } {
  const proto = onnx.ModelProto.decode(bytes);
  const hist: Record<string, number> = {};
  const countNodes = (nodes: onnx.INodeProto[] | null | undefined): void => {
    for (const n of nodes ?? []) {
      const d = n.domain === 'ai.onnx' || !n.domain ? '' : n.domain;
      const k = d === '' ? String(n.opType) : `${d}::${n.opType}`;
      hist[k] = (hist[k] ?? 0) + 1;
      for (const a of n.attribute ?? []) {
        if (a.g) countNodes(a.g.node);
        for (const g of a.graphs ?? []) countNodes(g.node);
      }
    }
  };
  countNodes(proto.graph?.node);
  for (const f of proto.functions ?? []) countNodes(f.node);
  const opsets: Record<string, number> = {};
  for (const o of proto.opsetImport ?? []) opsets[o.domain === 'ai.onnx' || !o.domain ? '' : o.domain] = num(o.version);
  const initializers = (proto.graph?.initializer ?? []).map((t): RefInitializer => {
    const dims = (t.dims ?? []).map(num);
    const elements = dims.reduce((a, b) => a * b, 1);
    const code = num(t.dataType);
    const byteSize = code === 8 ? (t.stringData ?? []).reduce((a, s) => a + s.length, 0) : Math.ceil((elements * (BITS_BY_CODE[code] ?? 0)) / 8);
    const r: RefInitializer = { name: t.name ?? '', dataType: code, dims, byteSize };
    if (t.rawData && t.rawData.length) r.rawData = t.rawData;
    if (t.externalData && t.externalData.length) r.external = Object.fromEntries(t.externalData.map((e) => [e.key ?? '', e.value ?? '']));
    return r;
  });
  return {
    proto,
    summary: {
      irVersion: num(proto.irVersion),
      opsets,
      nodeCount: proto.graph?.node?.length ?? 0,
      opHistogram: hist,
      initializers,
      inputs: (proto.graph?.input ?? []).map((v) => v.name ?? ''),
      outputs: (proto.graph?.output ?? []).map((v) => v.name ?? ''),
    },
  };
}

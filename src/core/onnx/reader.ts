// Lazy ONNX reader: walks the ModelProto wire format front to back and builds the core's Model without
// loading weights. Tensor payloads (raw_data and the typed *_data fields) are skipped; each tensor keeps
// its dtype, dims, byte size and where its bytes live. Field numbers follow onnx.proto (IR 11+). onnx-proto's
// generated decoders are not used here: they copy every payload and their schema (onnx 1.10) lacks newer
// fields; they serve as the independent full decode in the tests and the baseline in bench/reader.bench.ts.
import {
  SMALL_TENSOR_MAX_ELEMENTS,
  normalizeDomain,
  type AttributeValue,
  type DataLocation,
  type Dim,
  type FunctionDef,
  type Graph,
  type Model,
  type Node,
  type SparseTensorInfo,
  type TensorInfo,
  type TypeInfo,
  type ValueInfo,
} from '../model/graph';
import { dtypeFromCode, storageBytes } from '../model/dtype';
import type { ByteSource } from './byteSource';
import { OnnxReadError } from './errors';
import { resolveExternalData, type ExternalDataAccess } from './externalData';
import { sniffForeignFormat } from './sniff';
import { decodeRaw, hasDecodableValues, valuesFromTyped } from './tensorValues';
import { FieldPath, HEADER_MAX, NEED, WIRE_FIXED32, WIRE_FIXED64, WIRE_LEN, WIRE_VARINT, WireReader } from './wire';
import { Notes } from './notes';

export type { ExternalDataAccess } from './externalData';

export interface ReadOptions {
  external?: ExternalDataAccess;
}

/** Deepest message nesting accepted (protobuf's own default recursion limit). */
export const MAX_DEPTH = 100;
/** Payloads up to this many bytes are read so small tensors can be decoded; larger ones are only located. */
const KEEP_MAX = 16 * 1024;
/**
 * Caps on fields that are decoded into JS values (not tensor payloads, which are only located): a corrupt length
 * within a multi-GB file must not turn into a multi-GB string or array. Real models stay far below these.
 */
const MAX_STRING_BYTES = 64 * 1024 * 1024;
const MAX_PACKED_BYTES = 64 * 1024 * 1024;
// IR v12/v13 (onnx 1.19+) added element types (float8e8m0, 2-bit ints), which dtype.ts knows.
const NEWEST_IR = 13;

interface Ctx {
  r: WireReader;
  notes: Notes;
  /** Every tensor whose data_location is EXTERNAL, resolved after the walk. */
  external: TensorInfo[];
}

const EXTERNAL = 1;

/**
 * How decoding meets I/O: every decoder below is synchronous and asks the reader for the bytes it needs
 * (WireReader.ensure). When they are not loaded, ensure throws NEED; the two streaming loops (the ModelProto
 * fields and the main graph's fields, which hold the weights) load the bytes and decode that field again from
 * its start. Small messages are loaded whole before decoding (beginSub), so this is rare; in-memory sources
 * never see it. Findings noted by an interrupted attempt are rolled back.
 */
const PREFETCH_MAX = 64 * 1024;
/** A field that needs a few restarts is loaded whole when it is at most this big (a subgraph, a long node list). */
const RETRY_LOAD_MAX = 16 * 1024 * 1024;
/** After this many restarts of one field, it is loaded whole whatever its size (bounds the re-decoding work). */
const MAX_ATTEMPTS = 64;

export async function readModel(src: ByteSource, opts: ReadOptions = {}): Promise<Model> {
  const r = new WireReader(src);
  const root = new FieldPath(undefined, 'ModelProto');
  if (src.size === 0) throw r.error(0, undefined, 'not an ONNX model: the file is empty');
  await r.load(0, Math.min(64, src.size), root);
  const head = r.bytesSync(Math.min(64, src.size))!;
  r.pos = 0;
  const foreign = sniffForeignFormat(head, src.size);
  if (foreign) throw r.error(0, undefined, `not an ONNX model: looks like ${foreign}`);

  const c: Ctx = { r, notes: new Notes(), external: [] };
  const model = await readModelProto(c, src.size, root);
  if (r.pos > src.size) throw r.error(src.size, root, `truncated at byte ${src.size} inside ModelProto`);
  if (opts.external && c.external.length > 0) await resolveExternalData(c.external, opts.external, c.notes);
  noteMissingData(model, c.notes);
  model.warnings = c.notes.finish();
  return model;
}

// ---------------------------------------------------------------------------------------------------------
// Field plumbing

function fail(c: Ctx, at: number, path: FieldPath, detail: string): OnnxReadError {
  return c.r.error(at, path, detail);
}

/** Reads a tag; rejects field 0 and wire types protobuf does not have (3/4 are groups, never used by ONNX). */
function readTag(c: Ctx, end: number, path: FieldPath): number {
  const at = c.r.pos;
  const tag = c.r.uint(end, path);
  const wt = tag % 8;
  if (wt === 3 || wt === 4) throw fail(c, at, path, `wire type ${wt} (group) at byte ${at} inside ${path} is not used by ONNX: the file is corrupt`);
  if (wt > 5) throw fail(c, at, path, `wire type ${wt} is invalid at byte ${at} inside ${path}`);
  if (tag < 8) throw fail(c, at, path, `field number 0 is invalid at byte ${at} inside ${path}`);
  return tag;
}

function wrongWire(c: Ctx, at: number, path: FieldPath, msg: string, field: string, wt: number, want: number): OnnxReadError {
  return fail(c, at, path, `${msg}.${field} at byte ${at} inside ${path} has wire type ${wt}, expected ${want}`);
}

function expectWire(c: Ctx, at: number, path: FieldPath, msg: string, field: string, wt: number, want: number): void {
  if (wt !== want) throw wrongWire(c, at, path, msg, field, wt, want);
}

function checkDepth(c: Ctx, depth: number, path: FieldPath): void {
  if (depth > MAX_DEPTH) throw fail(c, c.r.pos, path, `messages nested deeper than ${MAX_DEPTH} levels at byte ${c.r.pos} inside ${path}`);
}

function skipField(c: Ctx, msg: string, fieldNo: number, wt: number, end: number, path: FieldPath): void {
  const r = c.r;
  c.notes.count('unknown', `${msg} field ${fieldNo}`);
  if (wt === WIRE_VARINT) r.varint(end, path);
  else if (wt === WIRE_FIXED64) r.skipFixed(8, end, path);
  else if (wt === WIRE_FIXED32) r.skipFixed(4, end, path);
  else {
    const len = r.length(end, path); // read before the add: `pos += f()` would add to the old pos
    r.pos += len;
  }
}

/** A string field (its bytes loaded on demand). */
function str(c: Ctx, at: number, wt: number, end: number, path: FieldPath, msg: string, field: string): string {
  expectWire(c, at, path, msg, field, wt, WIRE_LEN);
  const len = c.r.length(end, path);
  if (len > MAX_STRING_BYTES && c.r.pos + len <= c.r.size) throw tooLong(c, at, path, msg, field, len, MAX_STRING_BYTES);
  c.r.ensure(len, path);
  return c.r.takeString(len);
}

function tooLong(c: Ctx, at: number, path: FieldPath, msg: string, field: string, len: number, max: number): OnnxReadError {
  return fail(c, at, path, `${msg}.${field} at byte ${at} inside ${path} is ${len} bytes long, more than the ${max} this reader accepts (corrupt length?)`);
}

function readVarintField(c: Ctx, at: number, wt: number, end: number, path: FieldPath, msg: string, field: string): number | bigint {
  expectWire(c, at, path, msg, field, wt, WIRE_VARINT);
  return c.r.int64(end, path);
}

function toNumber(v: number | bigint): number {
  return typeof v === 'bigint' ? Number(v) : v;
}

/** Packed dims: no tensor has anywhere near this many. */
const MAX_DIMS_BYTES = 64 * 1024;

/** Repeated int64, packed (wire 2) or one per field (wire 0). */
function readInt64s(c: Ctx, at: number, wt: number, end: number, path: FieldPath, msg: string, field: string, out: Array<number | bigint>,
  maxBytes = MAX_PACKED_BYTES): void {
  const r = c.r;
  if (wt === WIRE_VARINT) {
    out.push(r.int64(end, path));
    return;
  }
  if (wt !== WIRE_LEN) throw wrongWire(c, at, path, msg, field, wt, WIRE_LEN);
  const len = r.length(end, path);
  if (len > maxBytes && r.pos + len <= r.size) throw tooLong(c, at, path, msg, field, len, maxBytes);
  const stop = r.pos + len;
  r.ensure(len, path);
  while (r.pos < stop) out.push(r.int64(stop, path));
}

/** Repeated float, packed (wire 2) or one per field (wire 5). */
function readFloats(c: Ctx, at: number, wt: number, end: number, path: FieldPath, msg: string, field: string, out: number[]): void {
  const r = c.r;
  if (wt === WIRE_FIXED32) {
    out.push(r.fixed32(end, path));
    return;
  }
  if (wt !== WIRE_LEN) throw wrongWire(c, at, path, msg, field, wt, WIRE_LEN);
  const len = r.length(end, path);
  if (len > MAX_PACKED_BYTES && r.pos + len <= r.size) throw tooLong(c, at, path, msg, field, len, MAX_PACKED_BYTES);
  if (len % 4 !== 0) throw fail(c, at, path, `${msg}.${field} at byte ${at} inside ${path}: packed floats need a multiple of 4 bytes, got ${len}`);
  const stop = r.pos + len;
  r.ensure(len, path);
  while (r.pos < stop) out.push(r.fixed32(stop, path));
}

/** Starts a length-delimited submessage field: checks its wire type and length, returns where it ends. */
function beginSub(c: Ctx, at: number, wt: number, parentEnd: number, path: FieldPath, msg: string, field: string): number {
  if (wt !== WIRE_LEN) throw wrongWire(c, at, path.up ?? path, msg, field, wt, WIRE_LEN);
  const len = c.r.length(parentEnd, path);
  // Small messages are loaded whole up front; bigger ones (which may hold weights) as they are decoded.
  if (len <= PREFETCH_MAX && !c.r.has(len)) c.r.ensure(len, path);
  return c.r.pos + len;
}

function endSub(c: Ctx, end: number, path: FieldPath): void {
  if (c.r.pos > c.r.size || end > c.r.size) throw fail(c, c.r.size, path, `truncated at byte ${c.r.size} inside ${path}`);
  if (c.r.pos !== end) throw fail(c, c.r.pos, path, `internal: ${path} decoded to byte ${c.r.pos}, expected ${end}`);
}

// ---------------------------------------------------------------------------------------------------------
// ModelProto

async function readModelProto(c: Ctx, end: number, path: FieldPath): Promise<Model> {
  const r = c.r;
  const model: Model = {
    irVersion: 0, opsetImports: {}, producerName: '', producerVersion: '', domain: '', modelVersion: 0,
    metadata: {}, graph: emptyGraph(), functions: [], warnings: [],
    source: { path: r.src.name, byteLength: r.src.size }, weightsOmitted: false,
  };
  const seen = { graph: false, ir: false };
  while (r.pos < end) {
    const at = r.pos;
    const mark = c.notes.mark();
    const ext = c.external.length;
    for (let attempt = 1; ; attempt++) {
      try {
        if (!r.headerFits(end)) r.ensure(Math.min(HEADER_MAX, end - r.pos), path);
        const tag = readTag(c, end, path);
        const f = Math.floor(tag / 8);
        const wt = tag % 8;
        if (f === 7) {
          model.graph = await streamGraph(c, at, wt, end, path.child('graph'));
          seen.graph = true;
        } else modelField(c, model, seen, f, wt, at, end, path);
        break;
      } catch (e) {
        if (e !== NEED) throw e;
        c.notes.rollback(mark);
        c.external.length = ext;
        await loadForRetry(c, at, end, attempt);
      }
    }
  }
  if (!seen.graph) {
    if (!seen.ir && model.producerName === '') throw fail(c, 0, path, 'not an ONNX model: no ir_version, producer or graph (ModelProto fields) were found');
    throw fail(c, end, path, 'not an ONNX model: ModelProto.graph is missing');
  }
  if (!seen.ir) c.notes.once('ir', 'ir_version is missing');
  else if (model.irVersion > NEWEST_IR) c.notes.once('ir', `ir_version ${model.irVersion} is newer than this reader knows (${NEWEST_IR})`);
  model.weightsOmitted = model.metadata['weights'] === 'omitted';
  return model;
}

/** One ModelProto field other than the graph (decoded synchronously; may throw NEED). */
function modelField(c: Ctx, model: Model, seen: { graph: boolean; ir: boolean }, f: number, wt: number, at: number, end: number, path: FieldPath): void {
  const M = 'ModelProto';
  switch (f) {
    case 1: model.irVersion = toNumber(readVarintField(c, at, wt, end, path, M, 'ir_version')); seen.ir = true; break;
    case 2: model.producerName = str(c, at, wt, end, path, M, 'producer_name'); break;
    case 3: model.producerVersion = str(c, at, wt, end, path, M, 'producer_version'); break;
    case 4: model.domain = str(c, at, wt, end, path, M, 'domain'); break;
    case 5: model.modelVersion = toNumber(readVarintField(c, at, wt, end, path, M, 'model_version')); break;
    case 6: model.docString = str(c, at, wt, end, path, M, 'doc_string'); break;
    case 8: {
      const [d, v] = readOpset(c, at, wt, end, path.item('opset_import', Object.keys(model.opsetImports).length), M, 'opset_import');
      model.opsetImports[d] = v;
      break;
    }
    case 14: {
      const [k, v] = readStringEntry(c, at, wt, end, path.child('metadata_props'), M, 'metadata_props');
      model.metadata[k] = v;
      break;
    }
    case 25:
      model.functions.push(readFunction(c, at, wt, end, path.item('functions', model.functions.length), M, 'functions', 1));
      break;
    case 20:
      // Training graphs are not profiled; skip them whole (they may hold their own initializers).
      c.notes.once('training', 'training_info (on-device training graphs) is present and was not read');
      skipLen(c, at, wt, end, path, M, 'training_info');
      break;
    case 26: skipLen(c, at, wt, end, path, M, 'configuration'); break; // DeviceConfigurationProto (IR 11): placement, not profiled
    default:
      skipField(c, M, f, wt, end, path);
  }
}

function emptyGraph(): Graph {
  return { name: '', nodes: [], inputs: [], outputs: [], initializers: [], sparseInitializers: [], valueInfo: [] };
}

function readOpset(c: Ctx, at0: number, wt0: number, pend: number, path: FieldPath, msg: string, field: string): [string, number] {
  const end = beginSub(c, at0, wt0, pend, path, msg, field);
  const r = c.r;
  let domain = '';
  let version = 0;
  while (r.pos < end) {
    if (!r.headerFits(end)) r.ensure(Math.min(HEADER_MAX, end - r.pos), path);
    const at = r.pos;
    const tag = readTag(c, end, path);
    const f = Math.floor(tag / 8);
    const wt = tag % 8;
    if (f === 1) domain = str(c, at, wt, end, path, 'OperatorSetIdProto', 'domain');
    else if (f === 2) version = toNumber(readVarintField(c, at, wt, end, path, 'OperatorSetIdProto', 'version'));
    else skipField(c, 'OperatorSetIdProto', f, wt, end, path);
  }
  endSub(c, end, path);
  return [normalizeDomain(domain), version];
}

function readStringEntry(c: Ctx, at0: number, wt0: number, pend: number, path: FieldPath, msg: string, field: string): [string, string] {
  const end = beginSub(c, at0, wt0, pend, path, msg, field);
  const r = c.r;
  let key = '';
  let value = '';
  while (r.pos < end) {
    if (!r.headerFits(end)) r.ensure(Math.min(HEADER_MAX, end - r.pos), path);
    const at = r.pos;
    const tag = readTag(c, end, path);
    const f = Math.floor(tag / 8);
    const wt = tag % 8;
    if (f === 1) key = str(c, at, wt, end, path, 'StringStringEntryProto', 'key');
    else if (f === 2) value = str(c, at, wt, end, path, 'StringStringEntryProto', 'value');
    else skipField(c, 'StringStringEntryProto', f, wt, end, path);
  }
  endSub(c, end, path);
  return [key, value];
}

/** Skips a length-delimited field we deliberately do not keep (metadata on nodes/graphs, annotations). */
function skipLen(c: Ctx, at: number, wt: number, end: number, path: FieldPath, msg: string, field: string): void {
  expectWire(c, at, path, msg, field, wt, WIRE_LEN);
  const len = c.r.length(end, path);
  c.r.pos += len;
}

// ---------------------------------------------------------------------------------------------------------
// GraphProto, NodeProto, AttributeProto, FunctionProto

function readGraph(c: Ctx, at0: number, wt0: number, pend: number, path: FieldPath, msg: string, field: string, depth: number): Graph {
  const end = beginSub(c, at0, wt0, pend, path, msg, field);
  checkDepth(c, depth, path);
  const r = c.r;
  const g = emptyGraph();
  while (r.pos < end) {
    if (!r.headerFits(end)) r.ensure(Math.min(HEADER_MAX, end - r.pos), path);
    const at = r.pos;
    const tag = readTag(c, end, path);
    graphField(c, g, Math.floor(tag / 8), tag % 8, at, end, path, depth);
  }
  endSub(c, end, path);
  return g;
}

/** The main graph: like readGraph, but each field is decoded with restarts as its bytes arrive (see PREFETCH_MAX). */
async function streamGraph(c: Ctx, at0: number, wt0: number, pend: number, path: FieldPath): Promise<Graph> {
  const r = c.r;
  if (wt0 !== WIRE_LEN) throw wrongWire(c, at0, path.up ?? path, 'ModelProto', 'graph', wt0, WIRE_LEN);
  const len = r.length(pend, path); // before reading r.pos: `r.pos + r.length()` would use the old pos
  const end = r.pos + len;
  const g = emptyGraph();
  while (r.pos < end) {
    const at = r.pos;
    const mark = c.notes.mark();
    const ext = c.external.length;
    for (let attempt = 1; ; attempt++) {
      try {
        if (!r.headerFits(end)) r.ensure(Math.min(HEADER_MAX, end - r.pos), path);
        const tag = readTag(c, end, path);
        graphField(c, g, Math.floor(tag / 8), tag % 8, at, end, path, 1);
        break;
      } catch (e) {
        if (e !== NEED) throw e;
        c.notes.rollback(mark);
        c.external.length = ext;
        await loadForRetry(c, at, end, attempt);
      }
    }
  }
  endSub(c, end, path);
  return g;
}

/**
 * After a NEED while decoding the field at `at`: loads the missing bytes and rewinds to `at`. A field that keeps
 * needing more is loaded whole: at once when it is small enough, and whatever its size after MAX_ATTEMPTS (a big
 * subgraph whose own initializers sit between its nodes).
 */
async function loadForRetry(c: Ctx, at: number, end: number, attempt: number): Promise<void> {
  const r = c.r;
  const path = NEED.path!;
  const needPos = NEED.pos;
  const needN = NEED.n;
  if (attempt >= 3) {
    r.pos = at;
    await r.load(at, Math.min(HEADER_MAX, end - at), path);
    const tag = r.uint(end, path);
    const len = tag % 8 === WIRE_LEN ? r.length(end, path) : end - r.pos;
    const fieldEnd = Math.min(r.pos + len, r.size);
    if (fieldEnd - at <= RETRY_LOAD_MAX || attempt >= MAX_ATTEMPTS) {
      await r.load(at, fieldEnd - at, path);
      r.pos = at;
      return;
    }
  }
  await r.load(needPos, needN, path);
  r.pos = at;
}

/** One field of a GraphProto. Appends to `g` only once the field is fully decoded, so a retry starts clean. */
function graphField(c: Ctx, g: Graph, f: number, wt: number, at: number, end: number, path: FieldPath, depth: number): void {
  const G = 'GraphProto';
  switch (f) {
    case 1: {
      const index = g.nodes.length;
      g.nodes.push(readNode(c, at, wt, end, path.item('node', index), G, 'node', depth + 1, index));
      break;
    }
    case 2: g.name = str(c, at, wt, end, path, G, 'name'); break;
    case 5:
      g.initializers.push(readTensor(c, at, wt, end, path.item('initializer', g.initializers.length), G, 'initializer', depth + 1));
      break;
    case 10: g.docString = str(c, at, wt, end, path, G, 'doc_string'); break;
    case 11: g.inputs.push(readValueInfo(c, at, wt, end, path.item('input', g.inputs.length), G, 'input', depth + 1)); break;
    case 12: g.outputs.push(readValueInfo(c, at, wt, end, path.item('output', g.outputs.length), G, 'output', depth + 1)); break;
    case 13: g.valueInfo.push(readValueInfo(c, at, wt, end, path.item('value_info', g.valueInfo.length), G, 'value_info', depth + 1)); break;
    case 14: skipLen(c, at, wt, end, path, G, 'quantization_annotation'); break;
    case 15:
      g.sparseInitializers.push(readSparseTensor(c, at, wt, end, path.item('sparse_initializer', g.sparseInitializers.length), G, 'sparse_initializer', depth + 1));
      break;
    case 16: skipLen(c, at, wt, end, path, G, 'metadata_props'); break;
    default: skipField(c, G, f, wt, end, path);
  }
}

function readNode(c: Ctx, at0: number, wt0: number, pend: number, path: FieldPath, msg: string, field: string, depth: number, index: number): Node {
  const end = beginSub(c, at0, wt0, pend, path, msg, field);
  checkDepth(c, depth, path);
  const r = c.r;
  const node: Node = { name: '', opType: '', domain: '', inputs: [], outputs: [], attributes: {}, index };
  const N = 'NodeProto';
  let nAttr = 0;
  while (r.pos < end) {
    if (!r.headerFits(end)) r.ensure(Math.min(HEADER_MAX, end - r.pos), path);
    const at = r.pos;
    const tag = readTag(c, end, path);
    const f = Math.floor(tag / 8);
    const wt = tag % 8;
    switch (f) {
      case 1: node.inputs.push(str(c, at, wt, end, path, N, 'input')); break;
      case 2: node.outputs.push(str(c, at, wt, end, path, N, 'output')); break;
      case 3: node.name = str(c, at, wt, end, path, N, 'name'); break;
      case 4: node.opType = str(c, at, wt, end, path, N, 'op_type'); break;
      case 5: {
        const [name, value] = readAttribute(c, at, wt, end, path.item('attribute', nAttr++), N, 'attribute', depth + 1);
        node.attributes[name] = value;
        break;
      }
      case 6: node.docString = str(c, at, wt, end, path, N, 'doc_string'); break;
      case 7: node.domain = normalizeDomain(str(c, at, wt, end, path, N, 'domain')); break;
      case 8: skipLen(c, at, wt, end, path, N, 'overload'); break;
      case 9: skipLen(c, at, wt, end, path, N, 'metadata_props'); break;
      case 10: skipLen(c, at, wt, end, path, N, 'device_configurations'); break;
      default: skipField(c, N, f, wt, end, path);
    }
  }
  endSub(c, end, path);
  return node;
}

// AttributeProto.AttributeType
const A_FLOAT = 1, A_INT = 2, A_STRING = 3, A_TENSOR = 4, A_GRAPH = 5, A_FLOATS = 6, A_INTS = 7, A_STRINGS = 8,
  A_TENSORS = 9, A_GRAPHS = 10, A_SPARSE_TENSOR = 11, A_SPARSE_TENSORS = 12, A_TYPE_PROTO = 13, A_TYPE_PROTOS = 14;

function readAttribute(c: Ctx, at0: number, wt0: number, pend: number, path: FieldPath, msg: string, field: string, depth: number): [string, AttributeValue] {
  const end = beginSub(c, at0, wt0, pend, path, msg, field);
  checkDepth(c, depth, path);
  const r = c.r;
  const A = 'AttributeProto';
  let name = '';
  let type = 0;
  let ref: string | undefined;
  let fv: number | undefined;
  let iv: number | bigint | undefined;
  let sv: string | undefined;
  let tv: TensorInfo | undefined;
  let gv: Graph | undefined;
  let stv: SparseTensorInfo | undefined;
  let tpv: TypeInfo | undefined;
  // Lists are created on first use: most attributes are scalars or one list.
  let floats: number[] | undefined;
  let ints: Array<number | bigint> | undefined;
  let strings: string[] | undefined;
  let tensors: TensorInfo[] | undefined;
  let graphs: Graph[] | undefined;
  let sparse: SparseTensorInfo[] | undefined;
  let tps: TypeInfo[] | undefined;
  /** Which list field appeared first, for attributes without a type (IR v1/v2 files). */
  let seenList = 0;
  while (r.pos < end) {
    if (!r.headerFits(end)) r.ensure(Math.min(HEADER_MAX, end - r.pos), path);
    const at = r.pos;
    const tag = readTag(c, end, path);
    const f = Math.floor(tag / 8);
    const wt = tag % 8;
    switch (f) {
      case 1: name = str(c, at, wt, end, path, A, 'name'); break;
      case 2: expectWire(c, at, path, A, 'f', wt, WIRE_FIXED32); fv = r.fixed32(end, path); break;
      case 3: iv = readVarintField(c, at, wt, end, path, A, 'i'); break;
      case 4: sv = str(c, at, wt, end, path, A, 's'); break;
      case 5: tv = readTensor(c, at, wt, end, path.child('t'), A, 't', depth + 1); break;
      case 6: gv = readGraph(c, at, wt, end, path.child('g'), A, 'g', depth + 1); break;
      case 7: readFloats(c, at, wt, end, path, A, 'floats', (floats ??= [])); seenList ||= A_FLOATS; break;
      case 8: readInt64s(c, at, wt, end, path, A, 'ints', (ints ??= [])); seenList ||= A_INTS; break;
      case 9: (strings ??= []).push(str(c, at, wt, end, path, A, 'strings')); seenList ||= A_STRINGS; break;
      case 10:
        (tensors ??= []).push(readTensor(c, at, wt, end, path.item('tensors', tensors.length), A, 'tensors', depth + 1));
        seenList ||= A_TENSORS;
        break;
      case 11:
        (graphs ??= []).push(readGraph(c, at, wt, end, path.item('graphs', graphs.length), A, 'graphs', depth + 1));
        seenList ||= A_GRAPHS;
        break;
      case 13: skipLen(c, at, wt, end, path, A, 'doc_string'); break;
      case 14: tpv = readType(c, at, wt, end, path.child('tp'), A, 'tp', depth + 1); break;
      case 15:
        (tps ??= []).push(readType(c, at, wt, end, path.item('type_protos', tps.length), A, 'type_protos', depth + 1));
        seenList ||= A_TYPE_PROTOS;
        break;
      case 20: type = toNumber(readVarintField(c, at, wt, end, path, A, 'type')); break;
      case 21: ref = str(c, at, wt, end, path, A, 'ref_attr_name'); break;
      case 22: stv = readSparseTensor(c, at, wt, end, path.child('sparse_tensor'), A, 'sparse_tensor', depth + 1); break;
      case 23:
        (sparse ??= []).push(readSparseTensor(c, at, wt, end, path.item('sparse_tensors', sparse.length), A, 'sparse_tensors', depth + 1));
        seenList ||= A_SPARSE_TENSORS;
        break;
      default: skipField(c, A, f, wt, end, path);
    }
  }
  endSub(c, end, path);
  if (ref !== undefined && ref !== '') return [name, { type: 'ref', value: ref }];
  if (type === 0) {
    // No type field (early IR versions): infer it from the field that is set.
    type = fv !== undefined ? A_FLOAT : iv !== undefined ? A_INT : sv !== undefined ? A_STRING : tv ? A_TENSOR : gv ? A_GRAPH
      : stv ? A_SPARSE_TENSOR : tpv ? A_TYPE_PROTO : seenList;
  }
  switch (type) {
    case A_FLOAT: return [name, { type: 'float', value: fv ?? 0 }];
    case A_INT: return [name, { type: 'int', value: iv ?? 0 }];
    case A_STRING: return [name, { type: 'string', value: sv ?? '' }];
    case A_TENSOR: if (tv) return [name, { type: 'tensor', value: tv }]; break;
    case A_GRAPH: if (gv) return [name, { type: 'graph', value: gv }]; break;
    case A_SPARSE_TENSOR: if (stv) return [name, { type: 'sparse_tensor', value: stv }]; break;
    case A_TYPE_PROTO: if (tpv) return [name, { type: 'type_proto', value: tpv }]; break;
    case A_FLOATS: return [name, { type: 'floats', value: floats ?? [] }];
    case A_INTS: return [name, { type: 'ints', value: ints ?? [] }];
    case A_STRINGS: return [name, { type: 'strings', value: strings ?? [] }];
    case A_TENSORS: return [name, { type: 'tensors', value: tensors ?? [] }];
    case A_GRAPHS: return [name, { type: 'graphs', value: graphs ?? [] }];
    case A_SPARSE_TENSORS: return [name, { type: 'sparse_tensors', value: sparse ?? [] }];
    case A_TYPE_PROTOS: return [name, { type: 'type_protos', value: tps ?? [] }];
    case 0: break;
    default:
      c.notes.count('attrtype', `attribute '${name}' has unknown type ${type}`);
      return [name, { type: 'ints', value: ints ?? [] }];
  }
  c.notes.count('attrtype', `attribute '${name}' (type ${type}) has no value`);
  return [name, type === A_GRAPH ? { type: 'graphs', value: [] } : { type: 'ints', value: [] }];
}

function readFunction(c: Ctx, at0: number, wt0: number, pend: number, path: FieldPath, msg: string, field: string, depth: number): FunctionDef {
  const end = beginSub(c, at0, wt0, pend, path, msg, field);
  checkDepth(c, depth, path);
  const r = c.r;
  const F = 'FunctionProto';
  const fn: FunctionDef = { name: '', domain: '', inputs: [], outputs: [], attributes: [], nodes: [], opsetImports: {} };
  let nAttrProto = 0;
  while (r.pos < end) {
    if (!r.headerFits(end)) r.ensure(Math.min(HEADER_MAX, end - r.pos), path);
    const at = r.pos;
    const tag = readTag(c, end, path);
    const f = Math.floor(tag / 8);
    const wt = tag % 8;
    switch (f) {
      case 1: fn.name = str(c, at, wt, end, path, F, 'name'); break;
      case 4: fn.inputs.push(str(c, at, wt, end, path, F, 'input')); break;
      case 5: fn.outputs.push(str(c, at, wt, end, path, F, 'output')); break;
      case 6: fn.attributes.push(str(c, at, wt, end, path, F, 'attribute')); break;
      case 7: {
        const index = fn.nodes.length;
        fn.nodes.push(readNode(c, at, wt, end, path.item('node', index), F, 'node', depth + 1, index));
        break;
      }
      case 8: fn.docString = str(c, at, wt, end, path, F, 'doc_string'); break;
      case 9: {
        const [d, v] = readOpset(c, at, wt, end, path.child('opset_import'), F, 'opset_import');
        fn.opsetImports[d] = v;
        break;
      }
      case 10: fn.domain = normalizeDomain(str(c, at, wt, end, path, F, 'domain')); break;
      case 11: {
        // Attributes with default values: only the name matters here.
        const [name] = readAttribute(c, at, wt, end, path.item('attribute_proto', nAttrProto++), F, 'attribute_proto', depth + 1);
        fn.attributes.push(name);
        break;
      }
      case 12: skipLen(c, at, wt, end, path, F, 'value_info'); break;
      case 13: fn.overload = str(c, at, wt, end, path, F, 'overload'); break;
      case 14: skipLen(c, at, wt, end, path, F, 'metadata_props'); break;
      case 2: case 3: // since_version, status: removed from onnx.proto long ago
        if (wt === WIRE_VARINT) r.varint(end, path);
        else skipField(c, F, f, wt, end, path);
        break;
      default: skipField(c, F, f, wt, end, path);
    }
  }
  endSub(c, end, path);
  return fn;
}

// ---------------------------------------------------------------------------------------------------------
// ValueInfoProto, TypeProto

function readValueInfo(c: Ctx, at0: number, wt0: number, pend: number, path: FieldPath, msg: string, field: string, depth: number): ValueInfo {
  const end = beginSub(c, at0, wt0, pend, path, msg, field);
  checkDepth(c, depth, path);
  const r = c.r;
  const V = 'ValueInfoProto';
  const vi: ValueInfo = { name: '' };
  while (r.pos < end) {
    if (!r.headerFits(end)) r.ensure(Math.min(HEADER_MAX, end - r.pos), path);
    const at = r.pos;
    const tag = readTag(c, end, path);
    const f = Math.floor(tag / 8);
    const wt = tag % 8;
    switch (f) {
      case 1: vi.name = str(c, at, wt, end, path, V, 'name'); break;
      case 2: vi.type = readType(c, at, wt, end, path.child('type'), V, 'type', depth + 1); break;
      case 3: vi.docString = str(c, at, wt, end, path, V, 'doc_string'); break;
      case 4: skipLen(c, at, wt, end, path, V, 'metadata_props'); break;
      default: skipField(c, V, f, wt, end, path);
    }
  }
  endSub(c, end, path);
  return vi;
}

function dtypeOf(c: Ctx, code: number) {
  const d = dtypeFromCode(code);
  if (d === undefined) {
    c.notes.count('dtype', `unknown element type ${code} (newer than this reader?)`);
    return 'undefined' as const;
  }
  return d;
}

function readType(c: Ctx, at0: number, wt0: number, pend: number, path: FieldPath, msg: string, field: string, depth: number): TypeInfo {
  const end = beginSub(c, at0, wt0, pend, path, msg, field);
  checkDepth(c, depth, path);
  const r = c.r;
  const T = 'TypeProto';
  let t: TypeInfo = { kind: 'unknown' };
  while (r.pos < end) {
    if (!r.headerFits(end)) r.ensure(Math.min(HEADER_MAX, end - r.pos), path);
    const at = r.pos;
    const tag = readTag(c, end, path);
    const f = Math.floor(tag / 8);
    const wt = tag % 8;
    switch (f) {
      case 1: t = readTensorType(c, at, wt, end, path.child('tensor_type'), T, 'tensor_type', depth + 1, 'tensor'); break;
      case 8: t = readTensorType(c, at, wt, end, path.child('sparse_tensor_type'), T, 'sparse_tensor_type', depth + 1, 'sparse_tensor'); break;
      case 4: t = readElemType(c, at, wt, end, path.child('sequence_type'), T, 'sequence_type', depth + 1, 'sequence'); break;
      case 9: t = readElemType(c, at, wt, end, path.child('optional_type'), T, 'optional_type', depth + 1, 'optional'); break;
      case 5: t = readMapType(c, at, wt, end, path.child('map_type'), T, 'map_type', depth + 1); break;
      case 7: skipLen(c, at, wt, end, path, T, 'opaque_type'); t = { kind: 'opaque' }; break;
      case 6: skipLen(c, at, wt, end, path, T, 'denotation'); break;
      default: skipField(c, T, f, wt, end, path);
    }
  }
  endSub(c, end, path);
  return t;
}

function readTensorType(c: Ctx, at0: number, wt0: number, pend: number, path: FieldPath, msg: string, field: string, depth: number, kind: 'tensor' | 'sparse_tensor'): TypeInfo {
  const end = beginSub(c, at0, wt0, pend, path, msg, field);
  checkDepth(c, depth, path);
  const r = c.r;
  const T = kind === 'tensor' ? 'TypeProto.Tensor' : 'TypeProto.SparseTensor';
  const t: TypeInfo = { kind };
  while (r.pos < end) {
    if (!r.headerFits(end)) r.ensure(Math.min(HEADER_MAX, end - r.pos), path);
    const at = r.pos;
    const tag = readTag(c, end, path);
    const f = Math.floor(tag / 8);
    const wt = tag % 8;
    if (f === 1) t.dtype = dtypeOf(c, toNumber(readVarintField(c, at, wt, end, path, T, 'elem_type')));
    else if (f === 2) t.shape = readShape(c, at, wt, end, path.child('shape'), T, 'shape');
    else skipField(c, T, f, wt, end, path);
  }
  endSub(c, end, path);
  return t;
}

function readElemType(c: Ctx, at0: number, wt0: number, pend: number, path: FieldPath, msg: string, field: string, depth: number, kind: 'sequence' | 'optional'): TypeInfo {
  const end = beginSub(c, at0, wt0, pend, path, msg, field);
  checkDepth(c, depth, path);
  const r = c.r;
  const T = kind === 'sequence' ? 'TypeProto.Sequence' : 'TypeProto.Optional';
  const t: TypeInfo = { kind };
  while (r.pos < end) {
    if (!r.headerFits(end)) r.ensure(Math.min(HEADER_MAX, end - r.pos), path);
    const at = r.pos;
    const tag = readTag(c, end, path);
    const f = Math.floor(tag / 8);
    const wt = tag % 8;
    if (f === 1) t.elem = readType(c, at, wt, end, path.child('elem_type'), T, 'elem_type', depth + 1);
    else skipField(c, T, f, wt, end, path);
  }
  endSub(c, end, path);
  return t;
}

function readMapType(c: Ctx, at0: number, wt0: number, pend: number, path: FieldPath, msg: string, field: string, depth: number): TypeInfo {
  const end = beginSub(c, at0, wt0, pend, path, msg, field);
  checkDepth(c, depth, path);
  const r = c.r;
  const T = 'TypeProto.Map';
  const t: TypeInfo = { kind: 'map' };
  while (r.pos < end) {
    if (!r.headerFits(end)) r.ensure(Math.min(HEADER_MAX, end - r.pos), path);
    const at = r.pos;
    const tag = readTag(c, end, path);
    const f = Math.floor(tag / 8);
    const wt = tag % 8;
    if (f === 1) t.dtype = dtypeOf(c, toNumber(readVarintField(c, at, wt, end, path, T, 'key_type')));
    else if (f === 2) t.elem = readType(c, at, wt, end, path.child('value_type'), T, 'value_type', depth + 1);
    else skipField(c, T, f, wt, end, path);
  }
  endSub(c, end, path);
  return t;
}

function readShape(c: Ctx, at0: number, wt0: number, pend: number, path: FieldPath, msg: string, field: string): Dim[] {
  const end = beginSub(c, at0, wt0, pend, path, msg, field);
  const r = c.r;
  const dims: Dim[] = [];
  while (r.pos < end) {
    if (!r.headerFits(end)) r.ensure(Math.min(HEADER_MAX, end - r.pos), path);
    const at = r.pos;
    const tag = readTag(c, end, path);
    const f = Math.floor(tag / 8);
    const wt = tag % 8;
    if (f === 1) dims.push(readDim(c, at, wt, end, path.item('dim', dims.length), 'TensorShapeProto', 'dim'));
    else skipField(c, 'TensorShapeProto', f, wt, end, path);
  }
  endSub(c, end, path);
  return dims;
}

function readDim(c: Ctx, at0: number, wt0: number, pend: number, path: FieldPath, msg: string, field: string): Dim {
  const end = beginSub(c, at0, wt0, pend, path, msg, field);
  const r = c.r;
  const D = 'TensorShapeProto.Dimension';
  let d: Dim = null;
  while (r.pos < end) {
    if (!r.headerFits(end)) r.ensure(Math.min(HEADER_MAX, end - r.pos), path);
    const at = r.pos;
    const tag = readTag(c, end, path);
    const f = Math.floor(tag / 8);
    const wt = tag % 8;
    if (f === 1) d = toNumber(readVarintField(c, at, wt, end, path, D, 'dim_value'));
    else if (f === 2) {
      const s = str(c, at, wt, end, path, D, 'dim_param');
      d = s === '' ? null : s;
    } else if (f === 3) skipLen(c, at, wt, end, path, D, 'denotation');
    else skipField(c, D, f, wt, end, path);
  }
  endSub(c, end, path);
  return d;
}

// ---------------------------------------------------------------------------------------------------------
// TensorProto, SparseTensorProto

interface Span {
  field: string | undefined;
  start: number;
  end: number;
}

/** Records where a tensor's payload lies; false when the tensor already has its data in another field. */
function span(c: Ctx, sp: Span, tensor: string, field: string, start: number, stop: number): boolean {
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

const TYPED_FIELDS: Record<number, string> = { 4: 'float_data', 5: 'int32_data', 7: 'int64_data', 10: 'double_data', 11: 'uint64_data' };

function readTensor(c: Ctx, at0: number, wt0: number, pend: number, path: FieldPath, msg: string, field: string, depth: number): TensorInfo {
  const end = beginSub(c, at0, wt0, pend, path, msg, field);
  checkDepth(c, depth, path);
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

  while (r.pos < end) {
    if (!r.headerFits(end)) r.ensure(Math.min(HEADER_MAX, end - r.pos), path);
    const at = r.pos;
    const tag = readTag(c, end, path);
    const f = Math.floor(tag / 8);
    const wt = tag % 8;
    switch (f) {
      case 1: readInt64s(c, at, wt, end, path, T, 'dims', dimsRaw, MAX_DIMS_BYTES); break;
      case 2: code = toNumber(readVarintField(c, at, wt, end, path, T, 'data_type')); break;
      case 3: segmented = true; skipLen(c, at, wt, end, path, T, 'segment'); break;
      case 8: name = str(c, at, wt, end, path, T, 'name'); break;
      case 12: docString = str(c, at, wt, end, path, T, 'doc_string'); break;
      case 9: {
        expectWire(c, at, path, T, 'raw_data', wt, WIRE_LEN);
        const len = r.length(end, path);
        const start = r.pos;
        if (span(c, sp, name, 'raw_data', start, start + len) && len <= KEEP_MAX && rawBytes === 0) {
          r.ensure(len, path);
          rawKept = r.take(len).slice();
        }
        else {
          rawKept = undefined;
          r.pos += len;
        }
        rawBytes += len;
        break;
      }
      case 6: {
        expectWire(c, at, path, T, 'string_data', wt, WIRE_LEN);
        const len = r.length(end, path);
        span(c, sp, name, 'string_data', r.pos, r.pos + len);
        r.pos += len;
        stringBytes += len;
        break;
      }
      case 4: case 5: case 7: case 10: case 11: {
        const field = TYPED_FIELDS[f]!;
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
              if (len % 4) throw fail(c, at, path, `${T}.float_data at byte ${at} inside ${path}: ${len} bytes is not a whole number of floats`);
              while (r.pos < stop) typed.push(r.fixed32(stop, path));
            } else if (f === 10) {
              if (len % 8) throw fail(c, at, path, `${T}.double_data at byte ${at} inside ${path}: ${len} bytes is not a whole number of doubles`);
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
          expectWire(c, at, path, T, field, wt, want);
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
        const [k, v] = readStringEntry(c, at, wt, end, path.child('external_data'), T, 'external_data');
        (ext ??= {})[k] = v;
        break;
      }
      case 14: dataLocation = toNumber(readVarintField(c, at, wt, end, path, T, 'data_location')); break;
      case 16: skipLen(c, at, wt, end, path, T, 'metadata_props'); break;
      default: skipField(c, T, f, wt, end, path);
    }
  }
  endSub(c, end, path);

  const dtype = dtypeOf(c, code);
  const dims: number[] = new Array(dimsRaw.length);
  let elements = 1;
  let badDim = false;
  for (let i = 0; i < dimsRaw.length; i++) {
    const d = toNumber(dimsRaw[i]!);
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

function externalLocation(c: Ctx, t: TensorInfo, ext: Record<string, string>, dataLocation: number): DataLocation {
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
    return Number(s);
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

function readSparseTensor(c: Ctx, at0: number, wt0: number, pend: number, path: FieldPath, msg: string, field: string, depth: number): SparseTensorInfo {
  const end = beginSub(c, at0, wt0, pend, path, msg, field);
  checkDepth(c, depth, path);
  const r = c.r;
  const S = 'SparseTensorProto';
  let values: TensorInfo | undefined;
  let indices: TensorInfo | undefined;
  const dims: Array<number | bigint> = [];
  while (r.pos < end) {
    if (!r.headerFits(end)) r.ensure(Math.min(HEADER_MAX, end - r.pos), path);
    const at = r.pos;
    const tag = readTag(c, end, path);
    const f = Math.floor(tag / 8);
    const wt = tag % 8;
    if (f === 1) values = readTensor(c, at, wt, end, path.child('values'), S, 'values', depth + 1);
    else if (f === 2) indices = readTensor(c, at, wt, end, path.child('indices'), S, 'indices', depth + 1);
    else if (f === 3) readInt64s(c, at, wt, end, path, S, 'dims', dims, MAX_DIMS_BYTES);
    else skipField(c, S, f, wt, end, path);
  }
  endSub(c, end, path);
  const empty = (): TensorInfo => ({ name: '', dtype: 'undefined', dims: [0], elements: 0, byteSize: 0, data: { kind: 'none' } });
  const v = values ?? empty();
  return { name: v.name, values: v, indices: indices ?? empty(), dims: dims.map(toNumber) };
}

// ---------------------------------------------------------------------------------------------------------

/** Initializers without any data are normal in our SD samples (weights=omitted); elsewhere they are worth a warning. */
function noteMissingData(model: Model, notes: Notes): void {
  const missing = model.graph.initializers.filter((t) => t.data.kind === 'none' && t.elements > 0);
  if (missing.length === 0) return;
  if (model.weightsOmitted) {
    notes.once('omitted', `weights omitted by the exporter (metadata weights=omitted): ${missing.length} initializers carry dims and dtype only`);
    return;
  }
  for (const t of missing) notes.count('nodata', `initializer '${t.name}' has no data`);
}

// Lazy ONNX reader: walks the ModelProto wire format front to back and builds the core's Model without
// loading weights. Tensor payloads (raw_data and the typed *_data fields) are skipped; each tensor keeps
// its dtype, dims, byte size and where its bytes live. Field numbers follow onnx.proto (IR 11+). onnx-proto's
// generated decoders are not used here: they copy every payload and their schema (onnx 1.10) lacks newer
// fields; they serve as the independent full decode in the tests and the baseline in bench/reader.bench.ts.
import {
  normalizeDomain,
  type AttributeValue,
  type FunctionDef,
  type Graph,
  type Model,
  type Node,
  type SparseTensorInfo,
  type TensorInfo,
  type TypeInfo,
} from '../model/graph';
import { validateModel } from '../model/validate';
import type { ByteSource } from './byteSource';
import { Decoder, WIRE_FIXED32, WIRE_LEN, WIRE_VARINT } from './decoder';
import { resolveExternalData, type ExternalDataAccess } from './externalData';
import type { Notes } from './notes';
import { sniffForeignFormat } from './sniff';
import { readSparseTensor, readTensor } from './tensorProto';
import { readType, readValueInfo } from './typeProto';
import { FieldPath, HEADER_MAX, NEED, WireReader } from './wire';

export type { ExternalDataAccess } from './externalData';
export { MAX_DEPTH } from './decoder';

export interface ReadOptions {
  external?: ExternalDataAccess;
}

// IR v12/v13 (onnx 1.19+) added element types (float8e8m0, 2-bit ints), which dtype.ts knows.
const NEWEST_IR = 13;
/**
 * How decoding meets I/O: every decoder is synchronous and asks the WireReader for the bytes it needs
 * (ensure). When they are not loaded, ensure throws NEED; the two streaming loops here (the ModelProto fields
 * and the main graph's fields, which hold the weights) load the bytes and decode that field again from its
 * start. Small messages are loaded whole before decoding (Decoder.beginSub, PREFETCH_MAX), so this is rare;
 * in-memory sources never see it. Findings noted by an interrupted attempt are rolled back.
 * A field that needs a few restarts is loaded whole when it is at most RETRY_LOAD_MAX (a subgraph, a long node list).
 */
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

  const c = new Decoder(r);
  const model = await readModelProto(c, src.size, root);
  if (r.pos > src.size) throw r.error(src.size, root, `truncated at byte ${src.size} inside ModelProto`);
  if (opts.external && c.external.length > 0) await resolveExternalData(c.external, opts.external, c.notes);
  noteMissingData(model, c.notes);
  for (const w of validateModel(model)) c.notes.add(w); // throws ModelError on cycles, recursion, impossible dims
  model.warnings = c.notes.finish();
  return model;
}

// ---------------------------------------------------------------------------------------------------------
// ModelProto

async function readModelProto(c: Decoder, end: number, path: FieldPath): Promise<Model> {
  const r = c.r;
  const model: Model = {
    irVersion: 0, opsetImports: {}, producerName: '', producerVersion: '', domain: '', modelVersion: 0,
    metadata: {}, graph: emptyGraph(), functions: [], warnings: [],
    source: { path: r.src.name, byteLength: r.src.size }, weightsOmitted: false,
  };
  const seen = { graph: false, ir: false };
  while (r.pos < end) {
    await decodeFieldWithRetry(c, end, path, async (at, f, wt) => {
      if (f === 7) {
        model.graph = await streamGraph(c, at, wt, end, path.child('graph'));
        seen.graph = true;
      } else modelField(c, model, seen, f, wt, at, end, path);
    });
  }
  if (!seen.graph) {
    if (!seen.ir && model.producerName === '') throw c.fail(0, path, 'not an ONNX model: no ir_version, producer or graph (ModelProto fields) were found');
    throw c.fail(end, path, 'not an ONNX model: ModelProto.graph is missing');
  }
  if (!seen.ir) c.notes.once('ir', 'ir_version is missing');
  else if (model.irVersion > NEWEST_IR) c.notes.once('ir', `ir_version ${model.irVersion} is newer than this reader knows (${NEWEST_IR})`);
  model.weightsOmitted = model.metadata['weights'] === 'omitted';
  return model;
}

/** One ModelProto field other than the graph (decoded synchronously; may throw NEED). */
function modelField(c: Decoder, model: Model, seen: { graph: boolean; ir: boolean }, f: number, wt: number, at: number, end: number, path: FieldPath): void {
  const M = 'ModelProto';
  switch (f) {
    case 1: model.irVersion = c.varintNumber(at, wt, end, path, M, 'ir_version'); seen.ir = true; break;
    case 2: model.producerName = c.str(at, wt, end, path, M, 'producer_name'); break;
    case 3: model.producerVersion = c.str(at, wt, end, path, M, 'producer_version'); break;
    case 4: model.domain = c.str(at, wt, end, path, M, 'domain'); break;
    case 5: model.modelVersion = c.varintNumber(at, wt, end, path, M, 'model_version'); break;
    case 6: model.docString = c.str(at, wt, end, path, M, 'doc_string'); break;
    case 8: {
      const [d, v] = c.opset(at, wt, end, path.item('opset_import', Object.keys(model.opsetImports).length), M, 'opset_import');
      model.opsetImports[d] = v;
      break;
    }
    case 14: {
      const [k, v] = c.stringEntry(at, wt, end, path.child('metadata_props'), M, 'metadata_props');
      model.metadata[k] = v;
      break;
    }
    case 25:
      model.functions.push(readFunction(c, at, wt, end, path.item('functions', model.functions.length), M, 'functions', 1));
      break;
    case 20:
      // Training graphs are not profiled; skip them whole (they may hold their own initializers).
      c.notes.once('training', 'training_info (on-device training graphs) is present and was not read');
      c.skipLen(at, wt, end, path, M, 'training_info');
      break;
    case 26: c.skipLen(at, wt, end, path, M, 'configuration'); break; // DeviceConfigurationProto (IR 11): placement, not profiled
    default:
      c.skipField(M, f, wt, end, path);
  }
}

function emptyGraph(): Graph {
  return { name: '', nodes: [], inputs: [], outputs: [], initializers: [], sparseInitializers: [], valueInfo: [] };
}

// ---------------------------------------------------------------------------------------------------------
// GraphProto, NodeProto, AttributeProto, FunctionProto

function readGraph(c: Decoder, at0: number, wt0: number, pend: number, path: FieldPath, msg: string, field: string, depth: number): Graph {
  const end = c.beginSub(at0, wt0, pend, path, msg, field);
  c.checkDepth(depth, path);
  const g = emptyGraph();
  while (c.nextField(end, path)) graphField(c, g, c.fieldNo, c.wireType, c.fieldAt, end, path, depth);
  c.endSub(end, path);
  return g;
}

/** The main graph: like readGraph, but each field is decoded with restarts as its bytes arrive (see PREFETCH_MAX). */
async function streamGraph(c: Decoder, at0: number, wt0: number, pend: number, path: FieldPath): Promise<Graph> {
  const r = c.r;
  if (wt0 !== WIRE_LEN) throw c.wrongWire(at0, path.up ?? path, 'ModelProto', 'graph', wt0, WIRE_LEN);
  const len = r.length(pend, path); // before reading r.pos: `r.pos + r.length()` would use the old pos
  const end = r.pos + len;
  const g = emptyGraph();
  while (r.pos < end) {
    await decodeFieldWithRetry(c, end, path, (at, f, wt) => graphField(c, g, f, wt, at, end, path, 1));
  }
  c.endSub(end, path);
  return g;
}

/**
 * Decodes the field at the current position; when its bytes are not loaded yet (NEED), undoes what the
 * attempt recorded (notes, external-data references), loads more and decodes the field again.
 */
async function decodeFieldWithRetry(
  c: Decoder,
  end: number,
  path: FieldPath,
  decode: (at: number, fieldNo: number, wireType: number) => void | Promise<void>,
): Promise<void> {
  const at = c.r.pos;
  const mark = c.notes.mark();
  const ext = c.external.length;
  for (let attempt = 1; ; attempt++) {
    try {
      c.nextField(end, path); // true: pos is `at` (< end) on every attempt
      await decode(at, c.fieldNo, c.wireType);
      return;
    } catch (e) {
      if (e !== NEED) throw e;
      c.notes.rollback(mark);
      c.external.length = ext;
      await loadForRetry(c, at, end, attempt);
    }
  }
}

/**
 * After a NEED while decoding the field at `at`: loads the missing bytes and rewinds to `at`. A field that keeps
 * needing more is loaded whole: at once when it is small enough, and whatever its size after MAX_ATTEMPTS (a big
 * subgraph whose own initializers sit between its nodes).
 */
async function loadForRetry(c: Decoder, at: number, end: number, attempt: number): Promise<void> {
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
function graphField(c: Decoder, g: Graph, f: number, wt: number, at: number, end: number, path: FieldPath, depth: number): void {
  const G = 'GraphProto';
  switch (f) {
    case 1: {
      const index = g.nodes.length;
      g.nodes.push(readNode(c, at, wt, end, path.item('node', index), G, 'node', depth + 1, index));
      break;
    }
    case 2: g.name = c.str(at, wt, end, path, G, 'name'); break;
    case 5:
      g.initializers.push(readTensor(c, at, wt, end, path.item('initializer', g.initializers.length), G, 'initializer', depth + 1));
      break;
    case 10: g.docString = c.str(at, wt, end, path, G, 'doc_string'); break;
    case 11: g.inputs.push(readValueInfo(c, at, wt, end, path.item('input', g.inputs.length), G, 'input', depth + 1)); break;
    case 12: g.outputs.push(readValueInfo(c, at, wt, end, path.item('output', g.outputs.length), G, 'output', depth + 1)); break;
    case 13: g.valueInfo.push(readValueInfo(c, at, wt, end, path.item('value_info', g.valueInfo.length), G, 'value_info', depth + 1)); break;
    case 14: c.skipLen(at, wt, end, path, G, 'quantization_annotation'); break;
    case 15:
      g.sparseInitializers.push(readSparseTensor(c, at, wt, end, path.item('sparse_initializer', g.sparseInitializers.length), G, 'sparse_initializer', depth + 1));
      break;
    case 16: c.skipLen(at, wt, end, path, G, 'metadata_props'); break;
    default: c.skipField(G, f, wt, end, path);
  }
}

function readNode(c: Decoder, at0: number, wt0: number, pend: number, path: FieldPath, msg: string, field: string, depth: number, index: number): Node {
  const end = c.beginSub(at0, wt0, pend, path, msg, field);
  c.checkDepth(depth, path);
  const node: Node = { name: '', opType: '', domain: '', inputs: [], outputs: [], attributes: {}, index };
  const N = 'NodeProto';
  let nAttr = 0;
  while (c.nextField(end, path)) {
    const at = c.fieldAt, f = c.fieldNo, wt = c.wireType;
    switch (f) {
      case 1: node.inputs.push(c.str(at, wt, end, path, N, 'input')); break;
      case 2: node.outputs.push(c.str(at, wt, end, path, N, 'output')); break;
      case 3: node.name = c.str(at, wt, end, path, N, 'name'); break;
      case 4: node.opType = c.str(at, wt, end, path, N, 'op_type'); break;
      case 5: {
        const [name, value] = readAttribute(c, at, wt, end, path.item('attribute', nAttr++), N, 'attribute', depth + 1);
        node.attributes[name] = value;
        break;
      }
      case 6: node.docString = c.str(at, wt, end, path, N, 'doc_string'); break;
      case 7: node.domain = normalizeDomain(c.str(at, wt, end, path, N, 'domain')); break;
      case 8: c.skipLen(at, wt, end, path, N, 'overload'); break;
      case 9: c.skipLen(at, wt, end, path, N, 'metadata_props'); break;
      case 10: c.skipLen(at, wt, end, path, N, 'device_configurations'); break;
      default: c.skipField(N, f, wt, end, path);
    }
  }
  c.endSub(end, path);
  return node;
}

// AttributeProto.AttributeType
const A_FLOAT = 1, A_INT = 2, A_STRING = 3, A_TENSOR = 4, A_GRAPH = 5, A_FLOATS = 6, A_INTS = 7, A_STRINGS = 8,
  A_TENSORS = 9, A_GRAPHS = 10, A_SPARSE_TENSOR = 11, A_SPARSE_TENSORS = 12, A_TYPE_PROTO = 13, A_TYPE_PROTOS = 14;

function readAttribute(c: Decoder, at0: number, wt0: number, pend: number, path: FieldPath, msg: string, field: string, depth: number): [string, AttributeValue] {
  const end = c.beginSub(at0, wt0, pend, path, msg, field);
  c.checkDepth(depth, path);
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
  while (c.nextField(end, path)) {
    const at = c.fieldAt, f = c.fieldNo, wt = c.wireType;
    switch (f) {
      case 1: name = c.str(at, wt, end, path, A, 'name'); break;
      case 2: c.expectWire(at, path, A, 'f', wt, WIRE_FIXED32); fv = r.fixed32(end, path); break;
      case 3: iv = c.varintField(at, wt, end, path, A, 'i'); break;
      case 4: sv = c.str(at, wt, end, path, A, 's'); break;
      case 5: tv = readTensor(c, at, wt, end, path.child('t'), A, 't', depth + 1); break;
      case 6: gv = readGraph(c, at, wt, end, path.child('g'), A, 'g', depth + 1); break;
      case 7: c.floats(at, wt, end, path, A, 'floats', (floats ??= [])); seenList ||= A_FLOATS; break;
      case 8: c.int64s(at, wt, end, path, A, 'ints', (ints ??= [])); seenList ||= A_INTS; break;
      case 9: (strings ??= []).push(c.str(at, wt, end, path, A, 'strings')); seenList ||= A_STRINGS; break;
      case 10:
        (tensors ??= []).push(readTensor(c, at, wt, end, path.item('tensors', tensors.length), A, 'tensors', depth + 1));
        seenList ||= A_TENSORS;
        break;
      case 11:
        (graphs ??= []).push(readGraph(c, at, wt, end, path.item('graphs', graphs.length), A, 'graphs', depth + 1));
        seenList ||= A_GRAPHS;
        break;
      case 13: c.skipLen(at, wt, end, path, A, 'doc_string'); break;
      case 14: tpv = readType(c, at, wt, end, path.child('tp'), A, 'tp', depth + 1); break;
      case 15:
        (tps ??= []).push(readType(c, at, wt, end, path.item('type_protos', tps.length), A, 'type_protos', depth + 1));
        seenList ||= A_TYPE_PROTOS;
        break;
      case 20: type = c.varintNumber(at, wt, end, path, A, 'type'); break;
      case 21: ref = c.str(at, wt, end, path, A, 'ref_attr_name'); break;
      case 22: stv = readSparseTensor(c, at, wt, end, path.child('sparse_tensor'), A, 'sparse_tensor', depth + 1); break;
      case 23:
        (sparse ??= []).push(readSparseTensor(c, at, wt, end, path.item('sparse_tensors', sparse.length), A, 'sparse_tensors', depth + 1));
        seenList ||= A_SPARSE_TENSORS;
        break;
      default: c.skipField(A, f, wt, end, path);
    }
  }
  c.endSub(end, path);
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

function readFunction(c: Decoder, at0: number, wt0: number, pend: number, path: FieldPath, msg: string, field: string, depth: number): FunctionDef {
  const end = c.beginSub(at0, wt0, pend, path, msg, field);
  c.checkDepth(depth, path);
  const r = c.r;
  const F = 'FunctionProto';
  const fn: FunctionDef = { name: '', domain: '', inputs: [], outputs: [], attributes: [], nodes: [], opsetImports: {} };
  let nAttrProto = 0;
  while (c.nextField(end, path)) {
    const at = c.fieldAt, f = c.fieldNo, wt = c.wireType;
    switch (f) {
      case 1: fn.name = c.str(at, wt, end, path, F, 'name'); break;
      case 4: fn.inputs.push(c.str(at, wt, end, path, F, 'input')); break;
      case 5: fn.outputs.push(c.str(at, wt, end, path, F, 'output')); break;
      case 6: fn.attributes.push(c.str(at, wt, end, path, F, 'attribute')); break;
      case 7: {
        const index = fn.nodes.length;
        fn.nodes.push(readNode(c, at, wt, end, path.item('node', index), F, 'node', depth + 1, index));
        break;
      }
      case 8: fn.docString = c.str(at, wt, end, path, F, 'doc_string'); break;
      case 9: {
        const [d, v] = c.opset(at, wt, end, path.child('opset_import'), F, 'opset_import');
        fn.opsetImports[d] = v;
        break;
      }
      case 10: fn.domain = normalizeDomain(c.str(at, wt, end, path, F, 'domain')); break;
      case 11: {
        // Attributes with default values: only the name matters here.
        const [name] = readAttribute(c, at, wt, end, path.item('attribute_proto', nAttrProto++), F, 'attribute_proto', depth + 1);
        fn.attributes.push(name);
        break;
      }
      case 12: c.skipLen(at, wt, end, path, F, 'value_info'); break;
      case 13: fn.overload = c.str(at, wt, end, path, F, 'overload'); break;
      case 14: c.skipLen(at, wt, end, path, F, 'metadata_props'); break;
      case 2: case 3: // since_version, status: removed from onnx.proto long ago
        if (wt === WIRE_VARINT) r.varint(end, path);
        else c.skipField(F, f, wt, end, path);
        break;
      default: c.skipField(F, f, wt, end, path);
    }
  }
  c.endSub(end, path);
  return fn;
}

// ---------------------------------------------------------------------------------------------------------

/**
 * Initializers without any data are normal in our SD samples: metadata weights=omitted, reported as
 * Model.weightsOmitted (which the CLI and the editor show), not as a warning. Elsewhere they are worth one.
 */
function noteMissingData(model: Model, notes: Notes): void {
  if (model.weightsOmitted) return;
  const missing = model.graph.initializers.filter((t) => t.data.kind === 'none' && t.elements > 0);
  for (const t of missing) notes.count('nodata', `initializer '${t.name}' has no data`);
}


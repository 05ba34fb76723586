// TypeProto family and ValueInfoProto: element types, shapes with symbolic and unknown dims, sequences/maps/optionals.
import type { Dim, TypeInfo, ValueInfo } from '../model/graph';
import type { Decoder } from './decoder';
import type { FieldPath } from './wire';

export function readValueInfo(c: Decoder, at0: number, wt0: number, pend: number, path: FieldPath, msg: string, field: string, depth: number): ValueInfo {
  const end = c.beginSub(at0, wt0, pend, path, msg, field);
  c.checkDepth(depth, path);
  const V = 'ValueInfoProto';
  const vi: ValueInfo = { name: '' };
  while (c.nextField(end, path)) {
    const at = c.fieldAt, f = c.fieldNo, wt = c.wireType;
    switch (f) {
      case 1: vi.name = c.str(at, wt, end, path, V, 'name'); break;
      case 2: vi.type = readType(c, at, wt, end, path.child('type'), V, 'type', depth + 1); break;
      case 3: vi.docString = c.str(at, wt, end, path, V, 'doc_string'); break;
      case 4: c.skipLen(at, wt, end, path, V, 'metadata_props'); break;
      default: c.skipField(V, f, wt, end, path);
    }
  }
  c.endSub(end, path);
  return vi;
}

export function readType(c: Decoder, at0: number, wt0: number, pend: number, path: FieldPath, msg: string, field: string, depth: number): TypeInfo {
  const end = c.beginSub(at0, wt0, pend, path, msg, field);
  c.checkDepth(depth, path);
  const T = 'TypeProto';
  let t: TypeInfo = { kind: 'unknown' };
  while (c.nextField(end, path)) {
    const at = c.fieldAt, f = c.fieldNo, wt = c.wireType;
    switch (f) {
      case 1: t = readTensorType(c, at, wt, end, path.child('tensor_type'), T, 'tensor_type', depth + 1, 'tensor'); break;
      case 8: t = readTensorType(c, at, wt, end, path.child('sparse_tensor_type'), T, 'sparse_tensor_type', depth + 1, 'sparse_tensor'); break;
      case 4: t = readElemType(c, at, wt, end, path.child('sequence_type'), T, 'sequence_type', depth + 1, 'sequence'); break;
      case 9: t = readElemType(c, at, wt, end, path.child('optional_type'), T, 'optional_type', depth + 1, 'optional'); break;
      case 5: t = readMapType(c, at, wt, end, path.child('map_type'), T, 'map_type', depth + 1); break;
      case 7: c.skipLen(at, wt, end, path, T, 'opaque_type'); t = { kind: 'opaque' }; break;
      case 6: c.skipLen(at, wt, end, path, T, 'denotation'); break;
      default: c.skipField(T, f, wt, end, path);
    }
  }
  c.endSub(end, path);
  return t;
}

export function readTensorType(c: Decoder, at0: number, wt0: number, pend: number, path: FieldPath, msg: string, field: string, depth: number, kind: 'tensor' | 'sparse_tensor'): TypeInfo {
  const end = c.beginSub(at0, wt0, pend, path, msg, field);
  c.checkDepth(depth, path);
  const T = kind === 'tensor' ? 'TypeProto.Tensor' : 'TypeProto.SparseTensor';
  const t: TypeInfo = { kind };
  while (c.nextField(end, path)) {
    const at = c.fieldAt, f = c.fieldNo, wt = c.wireType;
    if (f === 1) t.dtype = c.dtypeOf(c.varintNumber(at, wt, end, path, T, 'elem_type'));
    else if (f === 2) t.shape = readShape(c, at, wt, end, path.child('shape'), T, 'shape');
    else c.skipField(T, f, wt, end, path);
  }
  c.endSub(end, path);
  return t;
}

export function readElemType(c: Decoder, at0: number, wt0: number, pend: number, path: FieldPath, msg: string, field: string, depth: number, kind: 'sequence' | 'optional'): TypeInfo {
  const end = c.beginSub(at0, wt0, pend, path, msg, field);
  c.checkDepth(depth, path);
  const T = kind === 'sequence' ? 'TypeProto.Sequence' : 'TypeProto.Optional';
  const t: TypeInfo = { kind };
  while (c.nextField(end, path)) {
    const at = c.fieldAt, f = c.fieldNo, wt = c.wireType;
    if (f === 1) t.elem = readType(c, at, wt, end, path.child('elem_type'), T, 'elem_type', depth + 1);
    else c.skipField(T, f, wt, end, path);
  }
  c.endSub(end, path);
  return t;
}

export function readMapType(c: Decoder, at0: number, wt0: number, pend: number, path: FieldPath, msg: string, field: string, depth: number): TypeInfo {
  const end = c.beginSub(at0, wt0, pend, path, msg, field);
  c.checkDepth(depth, path);
  const T = 'TypeProto.Map';
  const t: TypeInfo = { kind: 'map' };
  while (c.nextField(end, path)) {
    const at = c.fieldAt, f = c.fieldNo, wt = c.wireType;
    if (f === 1) t.dtype = c.dtypeOf(c.varintNumber(at, wt, end, path, T, 'key_type'));
    else if (f === 2) t.elem = readType(c, at, wt, end, path.child('value_type'), T, 'value_type', depth + 1);
    else c.skipField(T, f, wt, end, path);
  }
  c.endSub(end, path);
  return t;
}

export function readShape(c: Decoder, at0: number, wt0: number, pend: number, path: FieldPath, msg: string, field: string): Dim[] {
  const end = c.beginSub(at0, wt0, pend, path, msg, field);
  const dims: Dim[] = [];
  while (c.nextField(end, path)) {
    const at = c.fieldAt, f = c.fieldNo, wt = c.wireType;
    if (f === 1) dims.push(readDim(c, at, wt, end, path.item('dim', dims.length), 'TensorShapeProto', 'dim'));
    else c.skipField('TensorShapeProto', f, wt, end, path);
  }
  c.endSub(end, path);
  return dims;
}

export function readDim(c: Decoder, at0: number, wt0: number, pend: number, path: FieldPath, msg: string, field: string): Dim {
  const end = c.beginSub(at0, wt0, pend, path, msg, field);
  const D = 'TensorShapeProto.Dimension';
  let d: Dim = null;
  while (c.nextField(end, path)) {
    const at = c.fieldAt, f = c.fieldNo, wt = c.wireType;
    if (f === 1) d = c.varintNumber(at, wt, end, path, D, 'dim_value');
    else if (f === 2) {
      const s = c.str(at, wt, end, path, D, 'dim_param');
      d = s === '' ? null : s;
    } else if (f === 3) c.skipLen(at, wt, end, path, D, 'denotation');
    else c.skipField(D, f, wt, end, path);
  }
  c.endSub(end, path);
  return d;
}


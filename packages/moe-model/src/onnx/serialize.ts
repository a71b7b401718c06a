// ModelProto → bytes, following onnx.proto field numbers (proto2: repeated scalars unpacked except TensorProto
// data fields). Attributes are written in name order so equal graphs give equal bytes.
import { MoeModelError } from '../errors.js';
import {
  type AttrValue,
  type GraphProto,
  type ModelProto,
  type NodeProto,
  ONNX_DTYPE,
  type TensorData,
  type ValueInfo,
} from './ir.js';
import { ProtoWriter } from './protobuf.js';

const ATTR_TYPE = { FLOAT: 1, INT: 2, STRING: 3, TENSOR: 4, GRAPH: 5, FLOATS: 6, INTS: 7 } as const;

export function encodeTensor(t: TensorData): ProtoWriter {
  const w = new ProtoWriter();
  for (const d of t.dims) w.int(1, d);
  w.int(2, ONNX_DTYPE[t.type]);
  w.string(8, t.name);
  if (t.external) {
    const kv: [string, string][] = [
      ['location', t.external.location],
      ['offset', String(t.external.offset)],
      ['length', String(t.external.length)],
    ];
    for (const [k, v] of kv) {
      const e = new ProtoWriter();
      e.string(1, k);
      e.string(2, v);
      w.message(13, e);
    }
    w.int(14, 1);
  } else {
    w.bytes(9, t.data);
  }
  return w;
}

function encodeAttr(name: string, v: AttrValue): ProtoWriter {
  const w = new ProtoWriter();
  w.string(1, name);
  if (typeof v === 'number') {
    if (!Number.isInteger(v))
      throw new MoeModelError('MODEL_GRAPH_ERROR', `attribute ${name}=${v}: use {f: ${v}} for floats`);
    w.int(3, v);
    w.int(20, ATTR_TYPE.INT);
  } else if (typeof v === 'string') {
    w.string(4, v);
    w.int(20, ATTR_TYPE.STRING);
  } else if (Array.isArray(v)) {
    for (const x of v) w.int(8, x);
    w.int(20, ATTR_TYPE.INTS);
  } else if ('f' in v) {
    w.float32(2, v.f);
    w.int(20, ATTR_TYPE.FLOAT);
  } else if ('floats' in v) {
    for (const x of v.floats) w.float32(7, x);
    w.int(20, ATTR_TYPE.FLOATS);
  } else if ('graph' in v) {
    w.message(6, encodeGraph(v.graph));
    w.int(20, ATTR_TYPE.GRAPH);
  } else {
    w.message(5, encodeTensor(v.tensor));
    w.int(20, ATTR_TYPE.TENSOR);
  }
  return w;
}

function encodeNode(n: NodeProto): ProtoWriter {
  const w = new ProtoWriter();
  for (const i of n.inputs) w.string(1, i);
  for (const o of n.outputs) w.string(2, o);
  w.string(3, n.name);
  w.string(4, n.opType);
  for (const k of Object.keys(n.attrs).sort()) w.message(5, encodeAttr(k, n.attrs[k]!));
  return w;
}

function encodeValueInfo(v: ValueInfo): ProtoWriter {
  const tensor = new ProtoWriter();
  tensor.int(1, ONNX_DTYPE[v.type]);
  if (v.shape) {
    const shape = new ProtoWriter();
    for (const d of v.shape) {
      const dim = new ProtoWriter();
      if (typeof d === 'number') dim.int(1, d);
      else dim.string(2, d);
      shape.message(1, dim);
    }
    tensor.message(2, shape);
  }
  const type = new ProtoWriter();
  type.message(1, tensor);
  const w = new ProtoWriter();
  w.string(1, v.name);
  w.message(2, type);
  return w;
}

function encodeGraph(g: GraphProto): ProtoWriter {
  const w = new ProtoWriter();
  for (const n of g.nodes) w.message(1, encodeNode(n));
  w.string(2, g.name);
  for (const t of g.initializers) w.message(5, encodeTensor(t));
  for (const v of g.inputs) w.message(11, encodeValueInfo(v));
  for (const v of g.outputs) w.message(12, encodeValueInfo(v));
  for (const v of g.valueInfo) w.message(13, encodeValueInfo(v));
  return w;
}

/** Serialize a model. Throws MODEL_GRAPH_ERROR past protobuf's 2 GB limit (use external data). */
export function serializeModel(m: ModelProto): Uint8Array {
  const w = new ProtoWriter();
  w.int(1, m.irVersion);
  w.string(2, m.producerName);
  w.string(3, m.producerVersion);
  w.message(7, encodeGraph(m.graph));
  const opset = new ProtoWriter();
  opset.string(1, '');
  opset.int(2, m.opsetVersion);
  w.message(8, opset);
  for (const k of Object.keys(m.metadata).sort()) {
    const e = new ProtoWriter();
    e.string(1, k);
    e.string(2, m.metadata[k]!);
    w.message(14, e);
  }
  if (w.length >= 2 ** 31)
    throw new MoeModelError(
      'MODEL_GRAPH_ERROR',
      `model is ${w.length} bytes, over protobuf's 2 GB limit; move weights to external data`,
    );
  return w.finish();
}

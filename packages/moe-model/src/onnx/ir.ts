// The in-memory ONNX IR the builder produces and the serializer writes: the subset of onnx.proto (IR 8,
// opset 17, ai.onnx only) that our graphs use. Names are plain strings; shapes use numbers or symbolic names.

export const IR_VERSION = 8;
export const OPSET_VERSION = 17;

/** Element types we emit, with their onnx.proto TensorProto.DataType codes. */
export const ONNX_DTYPE = {
  float32: 1,
  uint8: 2,
  int8: 3,
  int32: 6,
  int64: 7,
  bool: 9,
  float16: 10,
  float64: 11,
} as const;
export type ElemType = keyof typeof ONNX_DTYPE;
export type FloatType = 'float32' | 'float64';
export const ELEM_BYTES: Record<ElemType, number> = {
  float32: 4,
  uint8: 1,
  int8: 1,
  int32: 4,
  int64: 8,
  bool: 1,
  float16: 2,
  float64: 8,
};

/** A dimension: a size, or a symbolic name (`batch_size`, `sequence_length`, …). */
export type Dim = number | string;

export interface ValueInfo {
  name: string;
  type: ElemType;
  /** null when the rank is unknown. */
  shape: Dim[] | null;
}

/** An initializer. `data` holds raw little-endian bytes, or `external` says where they live. */
export interface TensorData {
  name: string;
  type: ElemType;
  dims: number[];
  data: Uint8Array;
  external?: { location: string; offset: number; length: number };
}

/**
 * Attribute values: integer → INT, integer[] → INTS, string → STRING, {f} → FLOAT, {floats} → FLOATS,
 * tensor → TENSOR, graph → GRAPH (a Loop/If body, whose nodes may read outer-scope values by name).
 */
export type AttrValue =
  | number
  | number[]
  | string
  | { f: number }
  | { floats: number[] }
  | { tensor: TensorData }
  | { graph: GraphProto };

export interface NodeProto {
  name: string;
  opType: string;
  /** '' marks an omitted optional input. */
  inputs: string[];
  outputs: string[];
  attrs: Record<string, AttrValue>;
}

export interface GraphProto {
  name: string;
  inputs: ValueInfo[];
  outputs: ValueInfo[];
  nodes: NodeProto[];
  initializers: TensorData[];
  valueInfo: ValueInfo[];
}

export interface ModelProto {
  irVersion: number;
  opsetVersion: number;
  producerName: string;
  producerVersion: string;
  graph: GraphProto;
  /** metadata_props, written in key order. */
  metadata: Record<string, string>;
}

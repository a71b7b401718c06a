// A typed ONNX graph builder (opset 17, IR 8, ai.onnx only): values carry type and static/symbolic shape,
// names are scoped and counter-based (deterministic), constants are deduplicated by content.
import { createHash } from 'node:crypto';
import { MoeModelError } from '../errors.js';
import { inferShapes, isStatic, type TypedShape } from './infer-shape.js';
import {
  type AttrValue,
  type Dim,
  ELEM_BYTES,
  type ElemType,
  type FloatType,
  type GraphProto,
  IR_VERSION,
  type ModelProto,
  type NodeProto,
  OPSET_VERSION,
  type TensorData,
  type ValueInfo,
} from './ir.js';

/** A value in the graph under construction. */
export interface Value {
  readonly name: string;
  readonly type: ElemType;
  readonly shape: Dim[] | null;
}

const CONST_VALUES_MAX = 64;

/** Raw little-endian bytes of `values` as `type`. */
export function encodeValues(type: ElemType, values: ArrayLike<number>): Uint8Array {
  const n = values.length;
  switch (type) {
    case 'float32':
      return new Uint8Array(Float32Array.from(values).buffer);
    case 'float64':
      return new Uint8Array(Float64Array.from(values).buffer);
    case 'int64': {
      const a = new BigInt64Array(n);
      for (let i = 0; i < n; i++) a[i] = BigInt(values[i]!);
      return new Uint8Array(a.buffer);
    }
    case 'int32':
      return new Uint8Array(Int32Array.from(values).buffer);
    case 'bool':
    case 'uint8':
      return Uint8Array.from(values, (v) => (type === 'bool' ? (v ? 1 : 0) : v));
    case 'int8':
      return new Uint8Array(Int8Array.from(values).buffer);
    case 'float16':
      throw new MoeModelError('MODEL_GRAPH_ERROR', 'float16 constants: pass raw bytes to initializer()');
  }
}

export interface GraphBuilderOptions {
  /** The enclosing graph of a subgraph (set by `subgraph()`): its values may be read here by name. */
  parent?: GraphBuilder;
  /** Prefix of every generated node/value/constant name (`subgraph()` uses `<outer prefix><name>/`). */
  prefix?: string;
}

export class GraphBuilder {
  readonly float: FloatType;
  readonly nodes: NodeProto[] = [];
  readonly inputs: ValueInfo[] = [];
  readonly outputs: ValueInfo[] = [];
  readonly initializers: TensorData[] = [];
  /** The enclosing graph (null for the model's main graph). */
  readonly parent: GraphBuilder | null;
  /** Prefix of generated names: a subgraph's names never collide with its ancestors'. */
  readonly prefix: string;
  private readonly values = new Map<string, Value>();
  /** Names read from an enclosing graph, in first-use order. */
  private readonly outerNames: string[] = [];
  /** Every name defined anywhere in this graph tree (ONNX names are single-assignment across nested scopes). */
  private readonly treeNames: Set<string>;
  private readonly root: GraphBuilder;
  private readonly childPrefixes = new Set<string>();
  private readonly constVals = new Map<string, number[]>();
  private readonly constByKey = new Map<string, Value>();
  private readonly scopes: string[] = [];
  private counter = 0;
  private constCounter = 0;

  constructor(
    readonly name: string,
    float: FloatType = 'float32',
    opts: GraphBuilderOptions = {},
  ) {
    this.float = float;
    this.parent = opts.parent ?? null;
    this.prefix = opts.prefix ?? '';
    this.root = this.parent ? this.parent.root : this;
    this.treeNames = this.parent ? this.parent.treeNames : new Set();
  }

  private register(v: Value): Value {
    if (this.values.has(v.name) || this.treeNames.has(v.name))
      throw new MoeModelError('MODEL_GRAPH_ERROR', `duplicate value name ${v.name}`);
    this.values.set(v.name, v);
    this.treeNames.add(v.name);
    return v;
  }

  /** A value of this graph or of an enclosing one, or undefined. */
  private lookup(name: string): Value | undefined {
    return this.values.get(name) ?? this.parent?.lookup(name);
  }

  /** Look up a value by name. */
  value(name: string): Value {
    const v = this.values.get(name);
    if (!v) throw new MoeModelError('MODEL_GRAPH_ERROR', `no value named ${name}`);
    return v;
  }

  has(name: string): boolean {
    return this.values.has(name);
  }

  /**
   * Make `v`, a value of an enclosing graph, usable here (an ONNX outer-scope reference: read by name, neither an
   * input nor an initializer of this graph). `op()` does this implicitly for inputs found in an ancestor.
   */
  outer(v: Value): Value {
    const local = this.values.get(v.name);
    if (local) return local;
    const found = this.parent?.lookup(v.name);
    if (!found)
      throw new MoeModelError(
        'MODEL_GRAPH_ERROR',
        `${v.name} is neither a value of graph ${this.name} nor of an enclosing graph`,
      );
    this.values.set(found.name, found);
    this.outerNames.push(found.name);
    return found;
  }

  /** Names this graph reads from enclosing graphs, in first-use order. */
  outerReferences(): readonly string[] {
    return this.outerNames;
  }

  /**
   * Build a subgraph (a Loop/If body): `fn` adds its inputs, nodes and outputs to a child builder whose names
   * carry the prefix `<this prefix><name>/`; its nodes may use this graph's values (they become outer-scope
   * references). Constants go to the main graph's deduplicated table and are read by name from there.
   * @example const body = b.subgraph('step', (sb) => { const i = sb.input('step/i', 'int64', []); ... })
   */
  subgraph(name: string, fn: (sb: GraphBuilder) => void): GraphProto {
    const prefix = `${this.prefix}${name}/`;
    if (this.childPrefixes.has(prefix))
      throw new MoeModelError('MODEL_GRAPH_ERROR', `graph ${this.name} already has a subgraph named ${name}`);
    this.childPrefixes.add(prefix);
    const sb = new GraphBuilder(name, this.float, { parent: this, prefix });
    fn(sb);
    if (!sb.outputs.length)
      throw new MoeModelError('MODEL_GRAPH_ERROR', `subgraph ${prefix} declares no outputs`);
    return sb.graph();
  }

  input(name: string, type: ElemType, shape: Dim[]): Value {
    this.inputs.push({ name, type, shape: [...shape] });
    return this.register({ name, type, shape: [...shape] });
  }

  /** Mark `v` as a graph output named `name` (an Identity is inserted when the names differ). */
  output(v: Value, name = v.name, shape?: Dim[]): Value {
    if (name === v.name && this.outerNames.includes(v.name))
      throw new MoeModelError(
        'MODEL_GRAPH_ERROR',
        `graph ${this.name}: output ${name} must be produced here, not read from an enclosing graph`,
      );
    let out = v;
    if (name !== v.name) {
      this.nodes.push({
        name: `${name}/Identity`,
        opType: 'Identity',
        inputs: [v.name],
        outputs: [name],
        attrs: {},
      });
      out = this.register({ name, type: v.type, shape: v.shape });
    }
    let unk = 0;
    const s =
      shape ??
      out.shape?.map((d) => (typeof d === 'string' && d.startsWith('?') ? `${name}_dim${unk++}` : d)) ??
      null;
    this.outputs.push({ name, type: out.type, shape: s });
    return out;
  }

  /** A named initializer (weights in an inference export). */
  initializer(name: string, type: ElemType, dims: number[], data: Uint8Array): Value {
    const expected = dims.reduce((a, b) => a * b, 1) * ELEM_BYTES[type];
    if (data.byteLength !== expected)
      throw new MoeModelError(
        'MODEL_SHAPE_MISMATCH',
        `initializer ${name}: ${data.byteLength} bytes, expected ${expected}`,
        { tensor: name },
      );
    this.initializers.push({ name, type, dims: [...dims], data });
    return this.register({ name, type, shape: [...dims] });
  }

  /** A constant tensor, deduplicated by (type, dims, bytes); a subgraph's constants live in the main graph. */
  constant(type: ElemType, dims: number[], values: ArrayLike<number>): Value {
    if (this.root !== this) return this.outer(this.root.constant(type, dims, values));
    const data = encodeValues(type, values);
    const key = `${type}|${dims.join(',')}|${createHash('sha1').update(data).digest('hex')}`;
    const hit = this.constByKey.get(key);
    if (hit) return hit;
    const name = `const_${this.constCounter++}`;
    const v = this.initializer(name, type, dims, data);
    if (values.length <= CONST_VALUES_MAX) this.constVals.set(name, Array.from(values));
    this.constByKey.set(key, v);
    return v;
  }

  /** Float constant in the graph's float type (scalar by default). */
  scalar(x: number, dims: number[] = []): Value {
    return this.constant(this.float, dims, [x]);
  }

  floats(values: ArrayLike<number>, dims: number[]): Value {
    return this.constant(this.float, dims, values);
  }

  /** 1-D int64 constant (axes, shapes, starts…). */
  ints(values: number[]): Value {
    return this.constant('int64', [values.length], values);
  }

  /** Known values of a small constant, or undefined. */
  constValues(v: Value | null | undefined): number[] | undefined {
    return v ? this.root.constVals.get(v.name) : undefined;
  }

  /** Run `fn` with `name` appended to the node-name scope (`model.layers.3/self_attn/...`). */
  scope<T>(name: string, fn: () => T): T {
    this.scopes.push(name);
    try {
      return fn();
    } finally {
      this.scopes.pop();
    }
  }

  /** Emit one node; returns its outputs with inferred types and shapes. */
  op(
    opType: string,
    inputs: (Value | null)[],
    attrs: Record<string, AttrValue> = {},
    nOut = 1,
    override?: TypedShape[],
  ): Value[] {
    for (const i of inputs)
      if (i && !this.values.has(i.name) && this.parent?.lookup(i.name)) this.outer(i);
      else if (i && !this.values.has(i.name))
        throw new MoeModelError(
          'MODEL_GRAPH_ERROR',
          `${opType}: input ${i.name} is not a value of graph ${this.name}`,
        );
    const inferred =
      override ??
      inferShapes(
        opType,
        inputs.map((i) => (i ? { type: i.type, shape: i.shape } : null)),
        attrs,
        (k) => this.constValues(inputs[k]),
        nOut,
      );
    const base = `${this.prefix}${this.scopes.length ? `${this.scopes.join('/')}/` : ''}${opType}_${this.counter++}`;
    const outs = inferred.map((t, k) =>
      this.register({ name: nOut === 1 ? base : `${base}:${k}`, type: t.type, shape: t.shape }),
    );
    this.nodes.push({
      name: base,
      opType,
      inputs: inputs.map((i) => i?.name ?? ''),
      outputs: outs.map((o) => o.name),
      attrs,
    });
    return outs;
  }

  /** Single-output `op`. */
  op1(opType: string, inputs: (Value | null)[], attrs: Record<string, AttrValue> = {}): Value {
    return this.op(opType, inputs, attrs, 1)[0]!;
  }

  /** Static shape of `v`, or a MODEL_GRAPH_ERROR naming it. */
  staticShape(v: Value): number[] {
    if (!isStatic(v.shape))
      throw new MoeModelError(
        'MODEL_GRAPH_ERROR',
        `value ${v.name} has no static shape ([${v.shape ?? '?'}])`,
      );
    return v.shape;
  }

  /** The graph built so far (a subgraph is attached to its Loop/If node as `{ graph }`). */
  graph(): GraphProto {
    return {
      name: this.name,
      inputs: this.inputs,
      outputs: this.outputs,
      nodes: this.nodes,
      initializers: this.initializers,
      valueInfo: [],
    };
  }

  /** The finished model (opset 17, IR 8). */
  build(metadata: Record<string, string> = {}): ModelProto {
    return {
      irVersion: IR_VERSION,
      opsetVersion: OPSET_VERSION,
      producerName: '@steel/moe-model',
      producerVersion: '0.1.0',
      graph: this.graph(),
      metadata,
    };
  }
}

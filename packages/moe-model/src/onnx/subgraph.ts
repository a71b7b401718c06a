// Control flow with graph-valued attributes (onnx.proto AttributeProto GRAPH): `Loop` (opset 16 signature,
// current at opset 17) and `If`, built on GraphBuilder.subgraph. Bodies read outer-scope values by name.
import { MoeModelError } from '../errors.js';
import type { GraphBuilder, Value } from './builder.js';
import type { TypedShape } from './infer-shape.js';

/** What a Loop body returns: the next loop-carried values (same order, types and shapes) and per-iteration scans. */
export interface LoopBodyResult {
  carried: Value[];
  /** Each is stacked by the Loop into an output of shape [trips, ...its shape]. */
  scans?: Value[];
}

export interface LoopOptions {
  /** Static trip count (the Loop's `M` input); the condition input is omitted (run exactly `trips` times). */
  trips: number;
  /** Initial values of the loop-carried dependencies. */
  carried: readonly Value[];
  /** Readable names of the carried values (body inputs `<prefix>in.<name>`, outputs `<prefix>out.<name>`). */
  carriedNames?: readonly string[];
  /** Names of the scan outputs (body outputs `<prefix>scan.<name>`). */
  scanNames?: readonly string[];
}

export interface LoopResult {
  /** Final values of the loop-carried dependencies. */
  carried: Value[];
  /** Scan outputs, [trips, ...per-iteration shape]. */
  scans: Value[];
}

const sameShape = (a: Value, b: Value) => JSON.stringify(a.shape) === JSON.stringify(b.shape);

/**
 * ONNX `Loop` run exactly `trips` times. `body(sb, iter, carried)` builds the body in subgraph `name`: `iter` is
 * the int64 scalar iteration counter (0-based), `carried` the body's loop-carried inputs.
 * @example const { carried: [sum] } = loop(b, 'sum', { trips: 3, carried: [zero] }, (sb, i, [s]) => ({ carried: [o.add(sb, s!, o.gather(sb, xs, i))] }))
 */
export function loop(
  b: GraphBuilder,
  name: string,
  opts: LoopOptions,
  body: (sb: GraphBuilder, iter: Value, carried: Value[]) => LoopBodyResult,
): LoopResult {
  const { trips, carried } = opts;
  if (!Number.isSafeInteger(trips) || trips < 1)
    throw new MoeModelError(
      'MODEL_BAD_ARGUMENT',
      `loop ${name}: trips must be a positive integer (got ${trips})`,
    );
  const cNames = opts.carriedNames ?? carried.map((_, k) => String(k));
  if (cNames.length !== carried.length)
    throw new MoeModelError(
      'MODEL_BAD_ARGUMENT',
      `loop ${name}: ${cNames.length} carried names for ${carried.length} carried values`,
    );
  const scanTypes: TypedShape[] = [];
  const graph = b.subgraph(name, (sb) => {
    const p = sb.prefix;
    const iter = sb.input(`${p}iter`, 'int64', []);
    const cond = sb.input(`${p}cond`, 'bool', []);
    const ins = carried.map((v, k) => sb.input(`${p}in.${cNames[k]}`, v.type, sb.staticShape(v)));
    const r = body(sb, iter, ins);
    if (r.carried.length !== ins.length)
      throw new MoeModelError(
        'MODEL_GRAPH_ERROR',
        `loop ${name}: body returned ${r.carried.length} carried values, expected ${ins.length}`,
      );
    sb.output(cond, `${p}cond_out`);
    r.carried.forEach((v, k) => {
      const want = ins[k]!;
      if (v.type !== want.type || !sameShape(v, want))
        throw new MoeModelError(
          'MODEL_GRAPH_ERROR',
          `loop ${name}: carried ${cNames[k]} enters as ${want.type}[${want.shape}] but leaves as ${v.type}[${v.shape}]`,
        );
      sb.output(v, `${p}out.${cNames[k]}`);
    });
    const scans = r.scans ?? [];
    const sNames = opts.scanNames ?? scans.map((_, k) => String(k));
    scans.forEach((v, k) => {
      sb.output(v, `${p}scan.${sNames[k] ?? k}`);
      scanTypes.push({ type: v.type, shape: [trips, ...sb.staticShape(v)] });
    });
  });
  const outTypes: TypedShape[] = [
    ...carried.map((v) => ({ type: v.type, shape: b.staticShape(v) })),
    ...scanTypes,
  ];
  const outs = b.op(
    'Loop',
    [b.constant('int64', [], [trips]), null, ...carried],
    { body: { graph } },
    outTypes.length,
    outTypes,
  );
  return { carried: outs.slice(0, carried.length), scans: outs.slice(carried.length) };
}

/**
 * ONNX `If`: both branches (subgraphs `<name>.then` / `<name>.else`) return values of equal types and shapes.
 * @example const [y] = ifThenElse(b, 'clip', big, (sb) => [o.mul(sb, g, c)], (sb) => [o.identity(sb, g)])
 */
export function ifThenElse(
  b: GraphBuilder,
  name: string,
  cond: Value,
  thenBranch: (sb: GraphBuilder) => Value[],
  elseBranch: (sb: GraphBuilder) => Value[],
): Value[] {
  if (cond.type !== 'bool')
    throw new MoeModelError(
      'MODEL_GRAPH_ERROR',
      `if ${name}: condition ${cond.name} is ${cond.type}, not bool`,
    );
  const results: Value[][] = [];
  const branch = (label: string, fn: (sb: GraphBuilder) => Value[]) =>
    b.subgraph(`${name}.${label}`, (sb) => {
      const vs = fn(sb);
      vs.forEach((v, k) => {
        sb.output(v, `${sb.prefix}out.${k}`);
      });
      results.push(vs);
    });
  const thenGraph = branch('then', thenBranch);
  const elseGraph = branch('else', elseBranch);
  const [t, e] = results as [Value[], Value[]];
  if (t.length !== e.length || t.some((v, k) => v.type !== e[k]!.type || !sameShape(v, e[k]!)))
    throw new MoeModelError(
      'MODEL_GRAPH_ERROR',
      `if ${name}: branches return ${t.map((v) => `${v.type}[${v.shape}]`)} and ${e.map((v) => `${v.type}[${v.shape}]`)}`,
    );
  return b.op(
    'If',
    [cond],
    { else_branch: { graph: elseGraph }, then_branch: { graph: thenGraph } },
    t.length,
    t.map((v) => ({ type: v.type, shape: b.staticShape(v) })),
  );
}

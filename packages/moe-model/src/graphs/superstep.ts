// The superstep graph: one (or S) whole optimizer step(s) as ONE plain ONNX graph for device execution providers —
// a Loop over K micro-batches (forward + autodiff, Σ grad/K carried), torch's clip_grad_norm_, then torch.optim.AdamW.
// Mirrors @steel/trainer's train-step.ts / adamw.ts in float32; format in docs/formats/trainer-artifacts.md.
import { zeros } from '../autodiff/context.js';
import { buildGradients } from '../autodiff/walk.js';
import type { ModelDims, SteelConfig } from '../config.js';
import { MoeModelError } from '../errors.js';
import { buildLayout, type ParamLayout } from '../layout.js';
import { GraphBuilder, type Value } from '../onnx/builder.js';
import type { ModelProto } from '../onnx/ir.js';
import * as o from '../onnx/ops.js';
import { loop } from '../onnx/subgraph.js';
import { DEFAULT_IGNORE_INDEX, emitLoss } from './train.js';

/** torch.optim.AdamW hyper-parameters baked into the graph (lr and the step count are inputs). */
export interface SuperstepAdamW {
  beta1: number;
  beta2: number;
  /** Default 1e-8. */
  eps?: number;
  weightDecay: number;
  /** Parameter names exempt from weight decay (Steel: none). */
  noDecay?: readonly string[];
}

export interface SuperstepGraphOptions {
  /** Rows per micro-batch (B). */
  batch: number;
  /** Sequence length (T). */
  seq: number;
  /** Micro-batches per optimizer step (K = grad_accum). */
  accum: number;
  /** Targets equal to this id are not scored (default 151643). */
  ignoreIndex?: number;
  adamw: SuperstepAdamW;
  /** Max global grad norm; 0 disables clipping. */
  gradClip: number;
  /**
   * Optimizer steps per run (S). Omitted: the one-step layout (input_ids [K, B, T], lr [], losses [K],
   * grad_norm []). Given: every per-step tensor gains a leading S axis (input_ids [S, K, B, T], lr [S], …).
   */
  steps?: number;
}

export interface SuperstepGraph {
  model: ModelProto;
  /** `input_ids`, `targets`, `lr`, `step`, params, `adamw.m.<name>`…, `adamw.v.<name>`… (layout order). */
  inputs: string[];
  /** `new.<name>`…, `new.adamw.m.<name>`…, `new.adamw.v.<name>`…, `losses`, `grad_norm`. */
  outputs: string[];
}

/** Names of the superstep graph's inputs and outputs. */
export const SUPERSTEP_IO = {
  inputIds: 'input_ids',
  targets: 'targets',
  lr: 'lr',
  step: 'step',
  m: (name: string) => `adamw.m.${name}`,
  v: (name: string) => `adamw.v.${name}`,
  newParam: (name: string) => `new.${name}`,
  newM: (name: string) => `new.adamw.m.${name}`,
  newV: (name: string) => `new.adamw.v.${name}`,
  losses: 'losses',
  gradNorm: 'grad_norm',
} as const;

interface OptState {
  params: Value[];
  m: Value[];
  v: Value[];
}

interface StepCtx {
  layout: ParamLayout;
  d: ModelDims;
  opts: SuperstepGraphOptions;
  noDecay: ReadonlySet<string>;
}

/**
 * One optimizer step emitted into `b`: ids/targets int64 [K, B, T], lr float32 [], t int64 [] (AdamW's step
 * count after the increment). Returns the updated state, the micro losses [K] and the pre-clip norm [].
 */
function optimizerStep(
  b: GraphBuilder,
  c: StepCtx,
  s: OptState,
  ids: Value,
  targets: Value,
  lr: Value,
  t: Value,
): OptState & { losses: Value; norm: Value } {
  const { batch: B, seq: T, accum: K } = c.opts;
  const names = c.layout.params.map((p) => p.name);
  const byName = new Map(names.map((n, k) => [n, s.params[k]!]));
  const param = (n: string) => {
    const v = byName.get(n);
    if (!v) throw new MoeModelError('MODEL_GRAPH_ERROR', `superstep: no parameter ${n} in the layout`);
    return v;
  };
  // Σ_k grad_k·(1/K) in float32, in micro-batch order: acc₀ = 0, acc ← acc + g·(1/K) (train-step.ts's order)
  const init = b.scope('accum_init', () => c.layout.params.map((p) => zeros(b, p.shape)));
  const micro = loop(
    b,
    'micro',
    { trips: K, carried: init, carriedNames: names.map((n) => `grad.${n}`), scanNames: ['loss'] },
    (sb, i, acc) => {
      const idsK = o.gather(sb, ids, i); // [B, T]
      const targetsK = o.gather(sb, targets, i);
      const ignoreIndex = c.opts.ignoreIndex ?? DEFAULT_IGNORE_INDEX;
      const { loss } = emitLoss(sb, {
        d: c.d,
        param,
        ids: idsK,
        targets: targetsK,
        batch: B,
        seq: T,
        ignoreIndex,
      });
      const grads = buildGradients(sb, loss, s.params);
      const scale = sb.scalar(1 / K);
      const next = sb.scope('accumulate', () =>
        s.params.map((pv, k) => {
          const g = grads.get(pv.name)!;
          return K === 1 ? g : o.add(sb, acc[k]!, o.mul(sb, g, scale));
        }),
      );
      return { carried: next, scans: [loss] };
    },
  );
  const grads = micro.carried;
  return b.scope('optimizer', () => {
    // torch.nn.utils.clip_grad_norm_: norm over every gradient, coef = max/(norm + 1e-6) applied when < 1
    const sq = grads.map((g) => b.op1('ReduceSumSquare', [g], { keepdims: 0 }));
    const norm = o.sqrt(b, sq.length === 1 ? sq[0]! : b.op1('Sum', sq));
    let clipped = grads;
    if (c.opts.gradClip > 0) {
      const coef = b.op1('Min', [
        o.div(b, b.scalar(c.opts.gradClip), o.add(b, norm, b.scalar(1e-6))),
        b.scalar(1),
      ]);
      clipped = grads.map((g) => o.mul(b, g, coef));
    }
    // scalars in float64 (as torch computes them in Python), then rounded once to float32
    const f64 = (x: number) => b.constant('float64', [], [x]);
    const lr64 = o.cast(b, lr, 'float64');
    const t64 = o.cast(b, t, 'float64');
    const { beta1, beta2, eps = 1e-8, weightDecay } = c.opts.adamw;
    const bc1 = o.sub(b, f64(1), o.pow(b, f64(beta1), t64));
    const bc2Sqrt = o.cast(b, o.sqrt(b, o.sub(b, f64(1), o.pow(b, f64(beta2), t64))), 'float32');
    const stepSize = o.cast(b, o.div(b, lr64, bc1), 'float32');
    const decay = o.cast(b, o.sub(b, f64(1), o.mul(b, lr64, f64(weightDecay))), 'float32');
    const [kb1, kb1c, kb2, kb2c, keps] = [beta1, 1 - beta1, beta2, 1 - beta2, eps].map((x) => b.scalar(x));
    const out: OptState = { params: [], m: [], v: [] };
    names.forEach((n, k) => {
      const g = clipped[k]!;
      // m ← β1·m + (1−β1)·g; v ← β2·v + (1−β2)·g·g; p ← p·(1 − lr·wd) − stepSize·m / (√v/√bc2 + eps)
      const m = o.add(b, o.mul(b, s.m[k]!, kb1!), o.mul(b, g, kb1c!));
      const v = o.add(b, o.mul(b, s.v[k]!, kb2!), o.mul(b, o.mul(b, g, kb2c!), g));
      const denom = o.add(b, o.div(b, o.sqrt(b, v), bc2Sqrt), keps!);
      const p = c.noDecay.has(n) ? s.params[k]! : o.mul(b, s.params[k]!, decay);
      out.params.push(o.sub(b, p, o.div(b, o.mul(b, m, stepSize), denom)));
      out.m.push(m);
      out.v.push(v);
    });
    return { ...out, losses: micro.scans[0]!, norm };
  });
}

function checkOptions(layout: ParamLayout, opts: SuperstepGraphOptions): Set<string> {
  const ints: [string, number | undefined][] = [
    ['batch', opts.batch],
    ['seq', opts.seq],
    ['accum', opts.accum],
    ['steps', opts.steps ?? 1],
  ];
  for (const [k, v] of ints)
    if (!(Number.isSafeInteger(v) && v! > 0))
      throw new MoeModelError('MODEL_BAD_ARGUMENT', `superstep: ${k} must be a positive integer (got ${v})`, {
        expected: 'integer ≥ 1',
        found: String(v),
      });
  const { beta1, beta2, eps = 1e-8, weightDecay } = opts.adamw;
  const reals: [string, number, boolean][] = [
    ['adamw.beta1', beta1, beta1 >= 0 && beta1 < 1],
    ['adamw.beta2', beta2, beta2 >= 0 && beta2 < 1],
    ['adamw.eps', eps, eps > 0],
    ['adamw.weightDecay', weightDecay, weightDecay >= 0],
    ['gradClip', opts.gradClip, opts.gradClip >= 0],
  ];
  for (const [k, v, ok] of reals)
    if (!(Number.isFinite(v) && ok))
      throw new MoeModelError('MODEL_BAD_ARGUMENT', `superstep: ${k} = ${v} is out of range`, {
        found: String(v),
      });
  const known = new Set(layout.params.map((p) => p.name));
  const noDecay = new Set(opts.adamw.noDecay ?? []);
  for (const n of noDecay)
    if (!known.has(n))
      throw new MoeModelError('MODEL_BAD_ARGUMENT', `superstep: adamw.noDecay names ${n}, not a parameter`, {
        tensor: n,
      });
  return noDecay;
}

/**
 * The superstep graph for `config`. Inputs: `input_ids`/`targets` int64 [K, B, T], `lr` float32 [], `step` int64 []
 * (AdamW's step count t after its increment: 1 for the first step), params, `adamw.m.<name>`, `adamw.v.<name>`
 * (float32, parameter shapes). Outputs: `new.<name>`, `new.adamw.m.<name>`, `new.adamw.v.<name>`, `losses` [K]
 * and `grad_norm` [] (before clipping). With `steps: S` the per-step tensors gain a leading S axis and step s of
 * the run uses t = step + s; params and moments are carried from one step to the next inside an outer Loop.
 * @example const { model } = buildSuperstepGraph(getPreset('steel-tiny'), { batch: 2, seq: 16, accum: 2, ignoreIndex: 256, adamw: { beta1: 0.9, beta2: 0.95, weightDecay: 0.05 }, gradClip: 1 })
 */
export function buildSuperstepGraph(config: SteelConfig, opts: SuperstepGraphOptions): SuperstepGraph {
  const layout = buildLayout(config);
  const noDecay = checkOptions(layout, opts);
  const { batch: B, seq: T, accum: K, steps: S } = opts;
  const c: StepCtx = { layout, d: layout.dims, opts, noDecay };
  const b = new GraphBuilder('steel_superstep', 'float32');
  const lead = S === undefined ? [] : [S];
  const ids = b.input(SUPERSTEP_IO.inputIds, 'int64', [...lead, K, B, T]);
  const targets = b.input(SUPERSTEP_IO.targets, 'int64', [...lead, K, B, T]);
  const lr = b.input(SUPERSTEP_IO.lr, 'float32', lead);
  const t = b.input(SUPERSTEP_IO.step, 'int64', []);
  const state: OptState = {
    params: layout.params.map((p) => b.input(p.name, 'float32', p.shape)),
    m: layout.params.map((p) => b.input(SUPERSTEP_IO.m(p.name), 'float32', p.shape)),
    v: layout.params.map((p) => b.input(SUPERSTEP_IO.v(p.name), 'float32', p.shape)),
  };
  let r: OptState & { losses: Value; norm: Value };
  if (S === undefined) r = optimizerStep(b, c, state, ids, targets, lr, t);
  else {
    const names = layout.params.map((p) => p.name);
    const carriedNames = [...names, ...names.map(SUPERSTEP_IO.m), ...names.map(SUPERSTEP_IO.v)];
    const n = names.length;
    const run = loop(
      b,
      'steps',
      {
        trips: S,
        carried: [...state.params, ...state.m, ...state.v],
        carriedNames,
        scanNames: ['losses', 'norm'],
      },
      (sb, i, carried) => {
        const st = { params: carried.slice(0, n), m: carried.slice(n, 2 * n), v: carried.slice(2 * n) };
        const next = optimizerStep(
          sb,
          c,
          st,
          o.gather(sb, ids, i),
          o.gather(sb, targets, i),
          o.gather(sb, lr, i),
          o.add(sb, t, i),
        );
        return { carried: [...next.params, ...next.m, ...next.v], scans: [next.losses, next.norm] };
      },
    );
    const n3 = run.carried;
    r = {
      params: n3.slice(0, n),
      m: n3.slice(n, 2 * n),
      v: n3.slice(2 * n),
      losses: run.scans[0]!,
      norm: run.scans[1]!,
    };
  }
  const outs: [Value[], (n: string) => string][] = [
    [r.params, SUPERSTEP_IO.newParam],
    [r.m, SUPERSTEP_IO.newM],
    [r.v, SUPERSTEP_IO.newV],
  ];
  for (const [values, name] of outs)
    for (const [k, p] of layout.params.entries()) b.output(values[k]!, name(p.name));
  b.output(r.losses, SUPERSTEP_IO.losses);
  b.output(r.norm, SUPERSTEP_IO.gradNorm);
  const { beta1, beta2, eps = 1e-8, weightDecay } = opts.adamw;
  const metadata = {
    'steel.graph': 'superstep',
    'steel.batch': String(B),
    'steel.seq': String(T),
    'steel.accum': String(K),
    'steel.steps': S === undefined ? 'single' : String(S),
    'steel.adamw': JSON.stringify({ beta1, beta2, eps, weightDecay, noDecay: [...noDecay].sort() }),
    'steel.grad_clip': String(opts.gradClip),
    'steel.ignore_index': String(opts.ignoreIndex ?? DEFAULT_IGNORE_INDEX),
  };
  return {
    model: b.build(metadata),
    inputs: b.inputs.map((v) => v.name),
    outputs: b.outputs.map((v) => v.name),
  };
}

// The `loss` and `grad` graphs: static shapes (onnxruntime-node ignores free-dimension overrides), parameters
// as graph inputs named by HF names in layout order; outputs `loss`, optional `logits`, `grad.<name>`, `grad_norm`.
import { buildGradients } from '../autodiff/walk.js';
import { causalMask } from '../blocks/attention.js';
import { crossEntropy } from '../blocks/lm.js';
import { staticRope } from '../blocks/rope.js';
import type { ModelDims, SteelConfig } from '../config.js';
import { MoeModelError } from '../errors.js';
import { buildLayout } from '../layout.js';
import { GraphBuilder, type Value } from '../onnx/builder.js';
import type { FloatType, ModelProto } from '../onnx/ir.js';
import * as o from '../onnx/ops.js';
import { decoderForward } from './forward.js';

/** Steel's ignore_index: the pad id (<|endoftext|>). */
export const DEFAULT_IGNORE_INDEX = 151643;

export interface TrainGraphOptions {
  batch: number;
  seq: number;
  /** float32 (default) or float64 (gradient checks). */
  float?: FloatType;
  /** Targets equal to this id are ignored (default 151643). */
  ignoreIndex?: number;
  /** Also output `logits` [B, T, V]. */
  logits?: boolean;
  /** grad graph: also output `grad_norm` = sqrt(Σ ‖g‖²) over every parameter. */
  gradNorm?: boolean;
}

export interface TrainGraph {
  model: ModelProto;
  /** Graph input names: `input_ids`, `targets`, then parameter names (layout order). */
  inputs: string[];
  outputs: string[];
}

export interface LossArgs {
  d: ModelDims;
  /** HF name → graph value (inputs of this graph, or outer-scope values read by a Loop body). */
  param: (name: string) => Value;
  /** int64 [B, T] */
  ids: Value;
  /** int64 [B, T] */
  targets: Value;
  batch: number;
  seq: number;
  /** Default 151643. */
  ignoreIndex?: number | undefined;
}

/**
 * Emit forward + loss into `b` (a main graph or a Loop body): returns the scalar mean cross-entropy and the
 * logits [N = B·T, V]. The loss/grad graphs and the superstep body share it, so their forward is the same.
 */
export function emitLoss(b: GraphBuilder, a: LossArgs): { loss: Value; logits: Value } {
  const { d, batch: B, seq: T } = a;
  const { logits } = decoderForward(b, {
    d,
    param: a.param,
    ids: a.ids,
    seq: { B, T },
    rope: staticRope(b, T, d.headDim, d.ropeTheta),
    mask: causalMask(b, T),
  });
  const loss = b.scope('loss', () =>
    crossEntropy(b, logits, a.targets, a.ignoreIndex ?? DEFAULT_IGNORE_INDEX),
  );
  return { loss, logits };
}

function build(config: SteelConfig, opts: TrainGraphOptions, withGrad: boolean): TrainGraph {
  const { batch: B, seq: T } = opts;
  if (!(Number.isInteger(B) && B > 0 && Number.isInteger(T) && T > 0))
    throw new MoeModelError('MODEL_BAD_ARGUMENT', `batch and seq must be positive integers (got ${B}, ${T})`);
  const float = opts.float ?? 'float32';
  const layout = buildLayout(config);
  const d = layout.dims;
  const b = new GraphBuilder(withGrad ? 'steel_grad' : 'steel_loss', float);
  const ids = b.input('input_ids', 'int64', [B, T]);
  const targets = b.input('targets', 'int64', [B, T]);
  const params = new Map<string, Value>(layout.params.map((p) => [p.name, b.input(p.name, float, p.shape)]));
  const param = (name: string) => {
    const v = params.get(name);
    if (!v)
      throw new MoeModelError(
        'MODEL_GRAPH_ERROR',
        `graph asked for parameter ${name}, which the layout does not define`,
      );
    return v;
  };
  const { loss, logits } = emitLoss(b, {
    d,
    param,
    ids,
    targets,
    batch: B,
    seq: T,
    ignoreIndex: opts.ignoreIndex,
  });
  b.output(loss, 'loss');
  if (opts.logits) b.output(o.reshape(b, logits, [B, T, d.vocab]), 'logits');
  if (withGrad) {
    const grads = buildGradients(b, loss, [...params.values()]);
    const list = layout.params.map((p) => b.output(grads.get(p.name)!, `grad.${p.name}`));
    if (opts.gradNorm) {
      const sq = list.map((g) => o.reduceSum(b, o.mul(b, g, g), [], false));
      b.output(o.sqrt(b, sq.length === 1 ? sq[0]! : b.op1('Sum', sq)), 'grad_norm');
    }
  }
  const metadata = {
    'steel.graph': withGrad ? 'grad' : 'loss',
    'steel.batch': String(B),
    'steel.seq': String(T),
  };
  return {
    model: b.build(metadata),
    inputs: b.inputs.map((v) => v.name),
    outputs: b.outputs.map((v) => v.name),
  };
}

/**
 * Forward + loss graph.
 * @example const { model } = buildLossGraph(getPreset('steel-tiny'), { batch: 2, seq: 16 })
 */
export function buildLossGraph(config: SteelConfig, opts: TrainGraphOptions): TrainGraph {
  return build(config, opts, false);
}

/** Forward + loss + reverse-mode gradients of every parameter. */
export function buildGradGraph(config: SteelConfig, opts: TrainGraphOptions): TrainGraph {
  return build(config, opts, true);
}

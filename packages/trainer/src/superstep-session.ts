// One whole optimizer step per ORT run: @steel/moe-model's superstep graph (K micro-batches in an ONNX Loop,
// clip_grad_norm_, torch AdamW) — the path for device EPs, where the JS optimizer would copy every gradient back.
// Same semantics as train-step.ts + adamw.ts; the same explicit-provider policy as session.ts.
import { createHash } from 'node:crypto';
import { buildSuperstepGraph, type ParamLayout, SUPERSTEP_IO, serializeModel } from '@steel/moe-model';
import * as ort from 'onnxruntime-node';
import type { AdamWOptions, AdamWState } from './adamw.js';
import { TrainerError } from './errors.js';
import { checkProvider, type ExecutionProvider, firstLine, openTrainerSession } from './session.js';
import { splitBatch } from './train-step.js';

export interface SuperstepSessionOptions {
  /** Rows per micro-batch (B). */
  batch: number;
  /** Training sequence length (T); micro-batch rows are T + 1 tokens. */
  seq: number;
  /** Micro-batches per optimizer step (K = grad_accum). */
  accum: number;
  /** Targets equal to this id are not scored. */
  ignoreIndex: number;
  adamw: AdamWOptions;
  /** Max global grad norm; 0 disables clipping. */
  gradClip: number;
  /** Default 'cpu' (the CPU EP runs the very graph a device EP runs: that is how it is tested). */
  ep?: ExecutionProvider;
  /** Intra-op threads (default 1). */
  threads?: number;
}

export interface SuperstepResult {
  /** Mean of the micro-batch losses (Σ loss·1/K, as trainStep). */
  loss: number;
  microLosses: number[];
  /** Global gradient norm before clipping (computed in float32 by the graph). */
  gradNorm: number;
  /** Input tokens processed (K·B·T). */
  tokens: number;
}

export interface SuperstepSession {
  readonly ep: ExecutionProvider;
  readonly threads: number;
  readonly batch: number;
  readonly seq: number;
  readonly accum: number;
  /** sha256 of the serialized superstep graph (an identity recorded in checkpoints). */
  readonly graphSha256: string;
  /**
   * Optimizer step `step` (0-based; used in messages) on `micro` (K batches of [B, T+1] int32 rows) at learning rate
   * `lr`: updates `params`, `optimizer.m`, `optimizer.v` in place (the same Float32Arrays) and increments
   * `optimizer.step`, as adamwStep does. On a non-finite loss or norm nothing is modified.
   */
  run(
    micro: readonly Int32Array[],
    params: Map<string, Float32Array>,
    optimizer: AdamWState,
    step: number,
    lr: number,
  ): Promise<SuperstepResult>;
  release(): Promise<void>;
}

/** The table of tensors fed per run: name → (shape, source). */
function stateFeeds(layout: ParamLayout, params: Map<string, Float32Array>, optimizer: AdamWState) {
  const feeds: Record<string, ort.Tensor> = {};
  for (const p of layout.params) {
    const sources: [string, Float32Array | undefined][] = [
      [p.name, params.get(p.name)],
      [SUPERSTEP_IO.m(p.name), optimizer.m.get(p.name)],
      [SUPERSTEP_IO.v(p.name), optimizer.v.get(p.name)],
    ];
    for (const [name, data] of sources) {
      if (!data || data.length !== p.numel)
        throw new TrainerError(
          'TRAINER_BAD_ARGUMENT',
          `superstep: ${name} has ${data ? `${data.length} values` : 'no values'}, expected ${p.numel} ([${p.shape}])`,
          { field: name, expected: String(p.numel), found: String(data?.length ?? 'none') },
        );
      feeds[name] = new ort.Tensor('float32', data, p.shape);
    }
  }
  return feeds;
}

/**
 * Build the superstep graph for `layout` and open it on the requested provider.
 * @example const s = await createSuperstepSession(layout, { batch: 2, seq: 64, accum: 4, ignoreIndex: 256, adamw: { beta1: 0.9, beta2: 0.95, weightDecay: 0.05 }, gradClip: 1, ep: 'cuda' })
 * await s.run(microBatches, params, optimizer, 0, 3e-4)
 */
export async function createSuperstepSession(
  layout: ParamLayout,
  opts: SuperstepSessionOptions,
): Promise<SuperstepSession> {
  const ep = checkProvider(opts.ep ?? 'cpu');
  const threads = opts.threads ?? 1;
  const { batch: B, seq: T, accum: K } = opts;
  const { beta1, beta2, eps, weightDecay, noDecay } = opts.adamw;
  const graph = buildSuperstepGraph(layout.config, {
    batch: B,
    seq: T,
    accum: K,
    ignoreIndex: opts.ignoreIndex,
    adamw: {
      beta1,
      beta2,
      ...(eps === undefined ? {} : { eps }),
      weightDecay,
      noDecay: [...(noDecay ?? [])],
    },
    gradClip: opts.gradClip,
  });
  const bytes = serializeModel(graph.model);
  const session = await openTrainerSession(bytes, ep, threads, 'superstep graph');
  const width = T + 1;
  return {
    ep,
    threads,
    batch: B,
    seq: T,
    accum: K,
    graphSha256: createHash('sha256').update(bytes).digest('hex'),
    async run(micro, params, optimizer, step, lr) {
      if (micro.length !== K)
        throw new TrainerError('TRAINER_BAD_ARGUMENT', `step needs ${K} micro-batches, got ${micro.length}`, {
          expected: String(K),
          found: String(micro.length),
        });
      const ids = new BigInt64Array(K * B * T);
      const targets = new BigInt64Array(K * B * T);
      micro.forEach((rows, k) => {
        if (rows.length !== B * width)
          throw new TrainerError(
            'TRAINER_BAD_ARGUMENT',
            `micro-batch ${k} has ${rows.length} tokens, expected [${B}, ${width}]`,
            { expected: String(B * width), found: String(rows.length) },
          );
        const split = splitBatch(rows, width);
        ids.set(split.inputs, k * B * T);
        targets.set(split.targets, k * B * T);
      });
      const feeds = stateFeeds(layout, params, optimizer);
      feeds[SUPERSTEP_IO.inputIds] = new ort.Tensor('int64', ids, [K, B, T]);
      feeds[SUPERSTEP_IO.targets] = new ort.Tensor('int64', targets, [K, B, T]);
      feeds[SUPERSTEP_IO.lr] = new ort.Tensor('float32', Float32Array.of(lr), []);
      // AdamW's t after the increment (adamwStep's state.step + 1): bias corrections are computed in the graph
      feeds[SUPERSTEP_IO.step] = new ort.Tensor('int64', BigInt64Array.of(BigInt(optimizer.step + 1)), []);
      let out: ort.InferenceSession.OnnxValueMapType;
      try {
        out = await session.run(feeds);
      } catch (e) {
        throw new TrainerError(
          'TRAINER_GRAPH_RUN',
          `superstep graph run failed at step ${step}: ${firstLine(e)}`,
          {},
          { cause: e },
        );
      }
      const microLosses = Array.from(out[SUPERSTEP_IO.losses]!.data as Float32Array);
      const gradNorm = (out[SUPERSTEP_IO.gradNorm]!.data as Float32Array)[0]!;
      // checked before anything is written back, as trainStep checks before it steps
      const bad = microLosses.findIndex((l) => !Number.isFinite(l));
      if (bad >= 0)
        throw new TrainerError(
          'TRAINER_NON_FINITE',
          `step ${step}: micro-batch ${bad} loss is ${microLosses[bad]}`,
          {
            found: String(microLosses[bad]),
          },
        );
      if (opts.gradClip > 0 && !Number.isFinite(gradNorm))
        throw new TrainerError('TRAINER_NON_FINITE', `step ${step}: gradient norm is ${gradNorm}`, {
          found: String(gradNorm),
        });
      for (const p of layout.params) {
        params.get(p.name)!.set(out[SUPERSTEP_IO.newParam(p.name)]!.data as Float32Array);
        optimizer.m.get(p.name)!.set(out[SUPERSTEP_IO.newM(p.name)]!.data as Float32Array);
        optimizer.v.get(p.name)!.set(out[SUPERSTEP_IO.newV(p.name)]!.data as Float32Array);
      }
      optimizer.step += 1;
      let loss = 0;
      for (const l of microLosses) loss += l * (1 / K);
      return { loss, microLosses, gradNorm, tokens: K * B * T };
    },
    release: () => session.release(),
  };
}

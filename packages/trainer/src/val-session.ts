// Validation: @steel/moe-model's loss graph (forward + mean cross-entropy, no gradients) in an ORT session, run
// over a held-out packed set in file order; the loss is the token-weighted mean over targets ≠ ignore_index.
import { PackedDataset } from '@steel/binpack';
import { buildLossGraph, type ParamLayout, serializeModel } from '@steel/moe-model';
import * as ort from 'onnxruntime-node';
import { TrainerError } from './errors.js';
import { splitBatch } from './train-step.js';

export interface ValResult {
  /** Token-weighted mean cross-entropy (nats). */
  loss: number;
  /** exp(loss). */
  ppl: number;
  /** Targets scored (≠ ignore_index). */
  tokens: number;
  /** Micro-batches run. */
  batches: number;
}

export interface ValSessionOptions {
  /** Rows per micro-batch (B) and sequence length (T = block_size). */
  batch: number;
  seq: number;
  ignoreIndex: number;
  ep?: string;
  threads?: number;
  /** Only the first this many micro-batches of the set (default all full micro-batches). */
  maxBatches?: number;
}

export interface ValSession {
  /** The held-out set: `blocks` rows of T + 1 tokens, of which `batches` micro-batches are scored. */
  readonly blocks: number;
  readonly batches: number;
  evaluate(params: ReadonlyMap<string, Float32Array>): Promise<ValResult>;
  release(): Promise<void>;
}

/**
 * Open the validation set `path` (packed folder or file) and a loss-graph session for `layout`.
 * @example const v = await createValSession(layout, 'packed-val/', { batch: 4, seq: 64, ignoreIndex: 256 });
 * const { loss, ppl } = await v.evaluate(params);
 */
export async function createValSession(
  layout: ParamLayout,
  path: string,
  opts: ValSessionOptions,
): Promise<ValSession> {
  const { batch: B, seq: T } = opts;
  const data = await PackedDataset.open({ paths: path, blockSize: T + 1, shuffle: false });
  const full = Math.floor(data.totalBlocks / B);
  const batches = Math.min(full, opts.maxBatches ?? full);
  if (batches < 1)
    throw new TrainerError(
      'TRAINER_BAD_CONFIG',
      `data.val ${path}: ${data.totalBlocks} block(s) of ${T + 1} tokens, fewer than one micro-batch of ${B}`,
      { file: path, field: 'data.val', expected: `≥ ${B} blocks`, found: String(data.totalBlocks) },
    );
  const graph = buildLossGraph(layout.config, { batch: B, seq: T, ignoreIndex: opts.ignoreIndex });
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(serializeModel(graph.model), {
      executionProviders: [opts.ep ?? 'cpu'],
      intraOpNumThreads: opts.threads ?? 1,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      extra: { session: { 'intra_op.allow_spinning': '0' } },
    });
  } catch (e) {
    await data.close();
    throw new TrainerError(
      opts.ep && opts.ep !== 'cpu' ? 'TRAINER_EP_UNAVAILABLE' : 'TRAINER_GRAPH_RUN',
      `could not open the validation loss graph on '${opts.ep ?? 'cpu'}': ${String((e as Error).message).split('\n')[0]}`,
      { field: 'ep', found: opts.ep ?? 'cpu' },
      { cause: e },
    );
  }
  const shapes = layout.params.map((p) => [p.name, p.shape] as const);
  const rows = new Int32Array(B * (T + 1));
  const ignore = BigInt(opts.ignoreIndex);
  return {
    blocks: data.totalBlocks,
    batches,
    async evaluate(params) {
      let sum = 0;
      let tokens = 0;
      for (let b = 0; b < batches; b++) {
        // file order: micro-batch b = blocks b·B … b·B + B − 1
        for (let r = 0; r < B; r++) await data.readBlock(b * B + r, rows, r * (T + 1));
        const { inputs, targets } = splitBatch(rows, T + 1);
        let n = 0;
        for (const t of targets) if (t !== ignore) n++;
        if (n === 0) continue; // all padding: the graph's loss is 0/max(0,1), not a mean
        const feeds: Record<string, ort.Tensor> = {
          input_ids: new ort.Tensor('int64', inputs, [B, T]),
          targets: new ort.Tensor('int64', targets, [B, T]),
        };
        for (const [name, shape] of shapes) feeds[name] = new ort.Tensor('float32', params.get(name)!, shape);
        const out = await session.run(feeds);
        sum += (out.loss!.data as Float32Array)[0]! * n;
        tokens += n;
      }
      const loss = tokens > 0 ? sum / tokens : Number.NaN;
      return { loss, ppl: Math.exp(loss), tokens, batches };
    },
    async release() {
      await session.release();
      await data.close();
    },
  };
}

// A Steel model ready to run: an HF folder (config.json + safetensors) + its tokenizer, with the infer graph of
// @steel/moe-model (weights embedded) in an ORT session. Full-sequence logits (= prefill with an empty cache) and
// lm-evaluation-harness-style continuation scoring, batched only in ways that are exact (see batching.ts).

import type { TextTokenizer } from '@steel/binpack';
import {
  buildInferGraph,
  buildLayout,
  type HostTensor,
  isMoeModelError,
  type ModelDims,
  modelDims,
  paramsFromTensors,
  readHfFolder,
  type SteelConfig,
} from '@steel/moe-model';
import { QWEN_CHATML_TEMPLATE } from '../chat/qwen-chatml.js';
import { EvaluatorError } from '../errors.js';
import { planBatches } from './batching.js';
import { emptyState, stepFeeds } from './feeds.js';
import { argmax, logSumExp } from './logprobs.js';
import { type Device, type InferRun, openInferSession } from './session.js';
import { loadModelTokenizer } from './tokenizer.js';

export interface LoadModelOptions {
  device?: Device;
  threads?: number;
  /** 'byte' | folder | tokenizer.json | steel-tokenizer.json; default: the model folder's own tokenizer. */
  tokenizer?: string;
}

export interface ContinuationItem {
  context: readonly number[];
  continuation: readonly number[];
}

export interface ContinuationScore {
  /** Σ log p(continuation | context). */
  logprob: number;
  /** log p of each continuation token. */
  tokenLogprobs: number[];
  /** Every continuation token is the argmax at its position (lm-eval's `is_greedy`). */
  greedy: boolean;
}

export interface ScoreOptions {
  /** Rows per ORT call (default 8); batches are also capped at 256 MiB of logits. */
  batchSize?: number;
}

export interface LoadedModel {
  readonly dir: string;
  readonly config: SteelConfig;
  readonly dims: ModelDims;
  readonly tokenizer: TextTokenizer;
  /** Logits width V (config.vocab_size; ≥ the tokenizer's vocabulary). */
  readonly vocabSize: number;
  /** tokenizer_config.json's chat_template, else the built-in Qwen ChatML template. */
  readonly chatTemplate: string;
  /** Special-token strings the template may use (bos_token, eos_token, pad_token, unk_token). */
  readonly chatTemplateVars: Readonly<Record<string, string>>;
  readonly device: Device;
  readonly threads: number;
  /** One raw call of the KV-cache infer graph (what the decoder steps through). */
  readonly run: InferRun;
  /** Logits of every position for rows of EQUAL length: Float32Array [B, T, V] (row-major). */
  logits(rows: readonly (readonly number[])[]): Promise<Float32Array>;
  /**
   * Σ log p(cont | ctx) per item, lm-eval style: the input is (context + continuation) without its last token,
   * one full-sequence call (empty cache); items may differ in length and are batched exactly.
   */
  scoreContinuations(items: readonly ContinuationItem[], opts?: ScoreOptions): Promise<ContinuationScore[]>;
  close(): Promise<void>;
}

export interface CreateModelOptions {
  dir?: string;
  device?: Device;
  threads?: number;
  chatTemplate?: string;
  chatTemplateVars?: Record<string, string>;
  /** See InferSessionOptions.inlineLimitBytes. */
  inlineLimitBytes?: number;
}

/** bos/eos/pad token strings from the tokenizer's own special-token table (when a folder gave none). */
function tokenizerVars(t: TextTokenizer): Record<string, string> {
  const name = (id: number | undefined) =>
    id === undefined ? undefined : Object.entries(t.info.specialTokens).find(([, v]) => v === id)?.[0];
  const out: Record<string, string> = {};
  for (const [k, id] of [
    ['bos_token', t.info.bosId],
    ['eos_token', t.info.eosId],
    ['pad_token', t.info.padId],
  ] as const) {
    const n = name(id);
    if (n !== undefined) out[k] = n;
  }
  return out;
}

function checkRows(rows: readonly (readonly number[])[], V: number, maxPos: number): number {
  const T = rows[0]?.length ?? 0;
  if (T > maxPos)
    throw new EvaluatorError(
      'EVAL_BAD_ARGUMENT',
      `rows of ${T} tokens exceed the model's max_position_embeddings ${maxPos}`,
      { expected: `≤ ${maxPos}`, found: String(T) },
    );
  if (!rows.length || !T)
    throw new EvaluatorError('EVAL_BAD_ARGUMENT', 'logits: need at least one row of at least one token', {
      found: `${rows.length} row(s) of ${T} token(s)`,
    });
  rows.forEach((r, i) => {
    if (r.length !== T)
      throw new EvaluatorError(
        'EVAL_BAD_ARGUMENT',
        `logits: row ${i} has ${r.length} tokens, row 0 has ${T}`,
        {
          field: `rows[${i}]`,
          expected: String(T),
          found: String(r.length),
        },
      );
    const bad = r.findIndex((t) => !Number.isInteger(t) || t < 0 || t >= V);
    if (bad >= 0)
      throw new EvaluatorError(
        'EVAL_BAD_ARGUMENT',
        `row ${i}, position ${bad}: token id ${r[bad]} outside [0, ${V})`,
        {
          field: `rows[${i}][${bad}]`,
          expected: `0 ≤ id < ${V}`,
          found: String(r[bad]),
        },
      );
  });
  return T;
}

/**
 * A LoadedModel from in-memory weights (tests, controlled models); `loadModel` reads a folder into this.
 * @example const m = await createLoadedModel(config, initParams(buildLayout(config), 1), await loadTokenizer('byte'))
 */
export async function createLoadedModel(
  config: SteelConfig,
  weights: ReadonlyMap<string, ArrayLike<number>>,
  tokenizer: TextTokenizer,
  opts: CreateModelOptions = {},
): Promise<LoadedModel> {
  const d = modelDims(config);
  const V = d.vocab;
  const maxPos = config.max_position_embeddings;
  if (tokenizer.info.vocabSize > V)
    throw new EvaluatorError(
      'EVAL_TOKENIZER_MISMATCH',
      `tokenizer ${tokenizer.info.name} has ${tokenizer.info.vocabSize} ids but the model's vocab_size is ${V}`,
      { expected: `≤ ${V}`, found: String(tokenizer.info.vocabSize) },
    );
  const session = await openInferSession(buildInferGraph(config, { weights }), {
    ...(opts.device ? { device: opts.device } : {}),
    ...(opts.threads ? { threads: opts.threads } : {}),
    ...(opts.inlineLimitBytes !== undefined ? { inlineLimitBytes: opts.inlineLimitBytes } : {}),
  });
  /** Full-sequence logits of right-padded rows: pads (id 0, mask 0) sit after each row's real tokens. */
  const padded = async (rows: readonly (readonly number[])[], T: number): Promise<Float32Array> => {
    const ids = rows.map((r) => [...r, ...new Array<number>(T - r.length).fill(0)]);
    const mask = rows.map((r) => [
      ...new Array<number>(r.length).fill(1),
      ...new Array<number>(T - r.length).fill(0),
    ]);
    const out = await session.run({ ...stepFeeds(ids, 0, mask), ...emptyState(d, rows.length) }, ['logits']);
    return out.logits!.data as Float32Array;
  };
  let closed = false;
  const model: LoadedModel = {
    dir: opts.dir ?? '',
    config,
    dims: d,
    tokenizer,
    vocabSize: V,
    chatTemplate: opts.chatTemplate ?? QWEN_CHATML_TEMPLATE,
    chatTemplateVars: opts.chatTemplateVars ?? tokenizerVars(tokenizer),
    device: session.device,
    threads: session.threads,
    run: session.run,
    async logits(rows) {
      return padded(rows, checkRows(rows, V, maxPos));
    },
    async scoreContinuations(items, sopts = {}) {
      const inputs = items.map((it, i) => {
        if (!it.context.length || !it.continuation.length)
          throw new EvaluatorError(
            'EVAL_BAD_ARGUMENT',
            `scoreContinuations: item ${i} needs a non-empty context and continuation`,
            { field: `items[${i}]`, found: `${it.context.length} + ${it.continuation.length} tokens` },
          );
        return [...it.context, ...it.continuation].slice(0, -1);
      });
      for (const r of inputs) checkRows([r], V, maxPos);
      const results: ContinuationScore[] = new Array(items.length);
      const plan = planBatches(
        inputs.map((r) => r.length),
        { ffnType: d.ffnType, vocab: V, ...(sopts.batchSize ? { batchSize: sopts.batchSize } : {}) },
      );
      for (const batch of plan) {
        const T = batch.length;
        const logits = await padded(
          batch.rows.map((i) => inputs[i]!),
          T,
        );
        batch.rows.forEach((i, b) => {
          const { context, continuation } = items[i]!;
          const tokenLogprobs: number[] = [];
          let greedy = true;
          continuation.forEach((tok, j) => {
            const off = (b * T + context.length - 1 + j) * V; // position predicting continuation[j]
            tokenLogprobs.push(logits[off + tok]! - logSumExp(logits, off, V));
            if (argmax(logits, off, V) !== tok) greedy = false;
          });
          results[i] = { logprob: tokenLogprobs.reduce((s, x) => s + x, 0), tokenLogprobs, greedy };
        });
      }
      return results;
    },
    async close() {
      if (closed) return;
      closed = true;
      await session.release();
    },
  };
  return model;
}

/**
 * Load an HF model folder (config.json + model.safetensors or shards) and its tokenizer.
 * @example
 * const m = await loadModel('runs/demo/step-000020', { threads: 2 });
 * const [s] = await m.scoreContinuations([{ context: await m.tokenizer.encode('答案：'), continuation: [65] }]);
 * await m.close();
 */
export async function loadModel(dir: string, opts: LoadModelOptions = {}): Promise<LoadedModel> {
  let weights: Map<string, Float32Array | Float64Array>;
  let config: SteelConfig;
  try {
    const ckpt = await readHfFolder(dir);
    config = ckpt.config;
    weights = paramsFromTensors(buildLayout(config), ckpt.tensors, 'float32');
    ckpt.tensors.clear();
  } catch (e) {
    if (isMoeModelError(e))
      throw new EvaluatorError(
        'EVAL_BAD_MODEL',
        `model ${dir}: ${e.message}`,
        { file: dir, code: e.code },
        { cause: e },
      );
    throw e;
  }
  const tok = await loadModelTokenizer(dir, opts.tokenizer);
  return createLoadedModel(config, weights, tok.tokenizer, {
    dir,
    ...(opts.device ? { device: opts.device } : {}),
    ...(opts.threads ? { threads: opts.threads } : {}),
    ...(tok.chatTemplate ? { chatTemplate: tok.chatTemplate } : {}),
    chatTemplateVars: tok.templateVars,
  });
}

export type { HostTensor };

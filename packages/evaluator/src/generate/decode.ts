// Autoregressive decoding through the KV-cache infer graph: one prefill call over the prompt (empty past), then
// one token per call feeding present.* → past_key_values.* (and softmoe_causal's running sums). Rows of equal
// prompt length share calls: each row's computation is independent of the others, so batching is exact for every
// FFN type. Steel's softmoe_v2/v3 are not causal: decoding with a cache computes another function than
// re-running the full sequence (the soft MoE of a 1-token call sees only that token) — this is what Steel's HF
// modeling code does with use_cache=True, and what we do (see README "softmoe_v3 and the cache").
import { Rng, type RngState } from '@steel/moe-model';
import { EvaluatorError } from '../errors.js';
import { emptyState, nextState, stepFeeds } from '../runtime/feeds.js';
import type { LoadedModel } from '../runtime/model.js';
import { checkSampling, chooseToken, type SamplingOptions } from './sampling.js';
import { createTextStream, type TextStream } from './text-stream.js';

export interface TokenEvent {
  /** Index of the prompt in the `prompts` list. */
  row: number;
  /** 0-based index of the generated token. */
  step: number;
  /** The generated id; -1 for the end-of-row flush of text held back by an unfinished UTF-8 sequence. */
  token: number;
  /** Newly completed text of this row (complete characters only; '' while a UTF-8 sequence is open). */
  text: string;
}

export interface GenerateOptions extends SamplingOptions {
  /** Most tokens generated per row (stop token excluded); also capped by max_position_embeddings. */
  maxNewTokens: number;
  /** Ids that end a row; default the tokenizer's `<|im_end|>` and `<|endoftext|>`. Pass [] to never stop. */
  stopIds?: readonly number[];
  /** Seed of the per-row streams `Rng.create(seed, 'generate/<row>')` (default 0); ignored when `rngs` is given. */
  seed?: number;
  /** One generator per prompt (advanced in place: a chat session keeps its own across turns). */
  rngs?: readonly Rng[];
  /** Rows per call among equal-length prompts (default 8). */
  batchSize?: number;
  /** Called once per generated (non-stop) token, in order; awaited. */
  onToken?: (e: TokenEvent) => void | Promise<void>;
}

export interface Generation {
  /** Generated ids, without the stop id. */
  tokens: number[];
  /** decode(tokens) with special tokens skipped (the concatenation of the streamed `text`). */
  text: string;
  finishReason: 'stop' | 'length';
  /** The stop id that ended the row, when finishReason is 'stop'. */
  stopId?: number;
  /** Final generator state of this row (resume sampling exactly where it ended). */
  rng: RngState;
}

/** `<|im_end|>` and `<|endoftext|>` of the tokenizer (those it has), then its eos id. */
export function defaultStopIds(model: Pick<LoadedModel, 'tokenizer'>): number[] {
  const t = model.tokenizer;
  const ids = ['<|im_end|>', '<|endoftext|>'].map((s) => t.tokenToId(s));
  if (t.info.eosId !== undefined) ids.push(t.info.eosId);
  return [...new Set(ids.filter((x): x is number => x !== undefined))];
}

/** Rows grouped by prompt length (first-appearance order), split into chunks of `size`. */
function groupByLength(prompts: readonly (readonly number[])[], size: number): number[][] {
  const byLen = new Map<number, number[]>();
  prompts.forEach((p, i) => {
    const g = byLen.get(p.length) ?? [];
    g.push(i);
    byLen.set(p.length, g);
  });
  const out: number[][] = [];
  for (const g of byLen.values()) for (let i = 0; i < g.length; i += size) out.push(g.slice(i, i + size));
  return out;
}

/**
 * Generate continuations of token prompts (greedy when temperature is 0 or absent).
 * @example
 * const [g] = await generate(model, [await model.tokenizer.encode(prompt)], { maxNewTokens: 64, temperature: 0.7, topP: 0.8, seed: 1 });
 * console.log(g.text, g.finishReason);
 */
export async function generate(
  model: LoadedModel,
  prompts: readonly (readonly number[])[],
  opts: GenerateOptions,
): Promise<Generation[]> {
  checkSampling(opts);
  if (!Number.isInteger(opts.maxNewTokens) || opts.maxNewTokens < 0)
    throw new EvaluatorError(
      'EVAL_BAD_ARGUMENT',
      `maxNewTokens must be an integer ≥ 0, got ${opts.maxNewTokens}`,
      {
        field: 'maxNewTokens',
        found: String(opts.maxNewTokens),
      },
    );
  if (opts.rngs && opts.rngs.length !== prompts.length)
    throw new EvaluatorError(
      'EVAL_BAD_ARGUMENT',
      `rngs: ${opts.rngs.length} generators for ${prompts.length} prompts`,
      {
        field: 'rngs',
        expected: String(prompts.length),
        found: String(opts.rngs.length),
      },
    );
  const V = model.vocabSize;
  const maxPos = model.config.max_position_embeddings;
  prompts.forEach((p, i) => {
    if (!p.length)
      throw new EvaluatorError('EVAL_BAD_ARGUMENT', `prompt ${i} is empty`, { field: `prompts[${i}]` });
    if (p.length > maxPos)
      throw new EvaluatorError(
        'EVAL_BAD_ARGUMENT',
        `prompt ${i} has ${p.length} tokens; the model takes ${maxPos}`,
        {
          field: `prompts[${i}]`,
          expected: `≤ ${maxPos}`,
          found: String(p.length),
        },
      );
  });
  const stop = new Set(opts.stopIds ?? defaultStopIds(model));
  const rngs = opts.rngs ?? prompts.map((_, r) => Rng.create(opts.seed ?? 0, `generate/${r}`));
  const results: Generation[] = new Array(prompts.length);
  for (const rows of groupByLength(prompts, opts.batchSize ?? 8)) {
    const B = rows.length;
    const T0 = prompts[rows[0]!]!.length;
    const budget = Math.min(opts.maxNewTokens, maxPos - T0);
    const out: number[][] = rows.map(() => []);
    const seen = rows.map((r) => [...prompts[r]!]);
    const streams: TextStream[] = rows.map(() => createTextStream(model.tokenizer));
    const done = rows.map(() => false);
    const stopIdOf: (number | undefined)[] = rows.map(() => undefined);
    let state = emptyState(model.dims, B);
    let tokens: number[][] = rows.map((r) => [...prompts[r]!]);
    let past = 0;
    for (let step = 0; step < budget && !done.every(Boolean); step++) {
      const T = tokens[0]!.length;
      const res = await model.run({ ...stepFeeds(tokens, past), ...state });
      const logits = res.logits!.data as Float32Array;
      state = nextState(res);
      past += T;
      const next: number[] = [];
      for (let b = 0; b < B; b++) {
        if (done[b]) {
          next.push(tokens[b]![T - 1]!); // finished rows ride along; their outputs are discarded
          continue;
        }
        const row = logits.subarray((b * T + T - 1) * V, (b * T + T) * V);
        const id = chooseToken(row, seen[b]!, opts, rngs[rows[b]!]!);
        next.push(id);
        if (stop.has(id)) {
          done[b] = true;
          stopIdOf[b] = id;
          continue;
        }
        out[b]!.push(id);
        seen[b]!.push(id);
        const text = await streams[b]!.push(id);
        await opts.onToken?.({ row: rows[b]!, step, token: id, text });
      }
      tokens = next.map((t) => [t]);
    }
    for (let b = 0; b < B; b++) {
      const tail = await streams[b]!.flush();
      if (tail) await opts.onToken?.({ row: rows[b]!, step: out[b]!.length - 1, token: -1, text: tail });
      results[rows[b]!] = {
        tokens: out[b]!,
        text: streams[b]!.text,
        finishReason: done[b] ? 'stop' : 'length',
        ...(stopIdOf[b] === undefined ? {} : { stopId: stopIdOf[b] }),
        rng: rngs[rows[b]!]!.state(),
      };
    }
  }
  return results;
}

// Decode throughput of a loaded model (for tools/bench/eval): one prefill over a synthetic prompt, then forced
// greedy steps (no stop ids) through the KV cache, timed separately. Tokens/s counts generated tokens of all rows.
import type { LoadedModel } from '../runtime/model.js';
import { generate } from './decode.js';

export interface DecodeBenchOptions {
  /** Prompt tokens per row (default 32). */
  promptLength?: number;
  /** Generated tokens per row (default 32). */
  newTokens?: number;
  /** Rows decoded together (default 1). */
  batch?: number;
  /** Untimed warm-up runs first (default 1). */
  warmup?: number;
}

export interface DecodeBenchResult {
  promptLength: number;
  newTokens: number;
  batch: number;
  /** Wall time of the first call (prompt prefill + first token). */
  prefillMs: number;
  /** Wall time of the remaining newTokens − 1 cached steps. */
  decodeMs: number;
  /** batch · (newTokens − 1) / decode seconds. */
  decodeTokensPerS: number;
  /** batch · newTokens / total seconds (prefill included). */
  overallTokensPerS: number;
}

/**
 * Measure decode tokens/s on `model` with deterministic prompts (ids 0 … V−1 cycling).
 * @example const r = await measureDecodeSpeed(model, { promptLength: 64, newTokens: 64, batch: 4 })
 */
export async function measureDecodeSpeed(
  model: LoadedModel,
  opts: DecodeBenchOptions = {},
): Promise<DecodeBenchResult> {
  const promptLength = opts.promptLength ?? 32;
  const newTokens = Math.max(2, opts.newTokens ?? 32);
  const batch = opts.batch ?? 1;
  const V = Math.min(model.vocabSize, 256);
  const prompts = Array.from({ length: batch }, (_, r) =>
    Array.from({ length: promptLength }, (_, t) => (r * 7 + t * 13) % V),
  );
  const once = async () => {
    const marks: number[] = [];
    const t0 = performance.now();
    await generate(model, prompts, {
      maxNewTokens: newTokens,
      stopIds: [],
      batchSize: batch,
      onToken: (e) => {
        if (e.row === 0 && e.token >= 0) marks.push(performance.now());
      },
    });
    const end = performance.now();
    return { prefillMs: marks[0]! - t0, decodeMs: end - marks[0]!, totalMs: end - t0 };
  };
  for (let i = 0; i < (opts.warmup ?? 1); i++) await once();
  const m = await once();
  return {
    promptLength,
    newTokens,
    batch,
    prefillMs: m.prefillMs,
    decodeMs: m.decodeMs,
    decodeTokensPerS: (batch * (newTokens - 1)) / (m.decodeMs / 1000),
    overallTokensPerS: (batch * newTokens) / (m.totalMs / 1000),
  };
}

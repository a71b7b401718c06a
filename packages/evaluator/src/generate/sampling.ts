// Next-token choice with Hugging Face transformers' semantics, in its order: repetition penalty (CTRL, Keskar et al.
// 2019: divide a positive logit by r, multiply a negative one), then temperature, top-k, top-p (nucleus, Holtzman
// et al. 2019), softmax, one draw. Temperature 0 = greedy (argmax after the penalty, as HF greedy search).
import type { Rng } from '@steel/moe-model';
import { EvaluatorError } from '../errors.js';

export interface SamplingOptions {
  /** 0 (default) = greedy; > 0 divides the logits before top-k / top-p and sampling. */
  temperature?: number;
  /** Keep the k largest logits (ties with the k-th kept, as HF); 0 or absent = off. */
  topK?: number;
  /** Keep the smallest top set whose probability reaches p (HF TopPLogitsWarper); 1 or absent = off. */
  topP?: number;
  /** > 1 discourages tokens already in the prompt or the output (HF RepetitionPenaltyLogitsProcessor); 1 = off. */
  repetitionPenalty?: number;
}

/** Validate sampling options; messages show the offending value. */
export function checkSampling(o: SamplingOptions): void {
  const bad = (field: string, expected: string, v: unknown) => {
    throw new EvaluatorError('EVAL_BAD_ARGUMENT', `${field} must be ${expected}, got ${String(v)}`, {
      field,
      expected,
      found: String(v),
    });
  };
  if (o.temperature !== undefined && !(o.temperature >= 0 && Number.isFinite(o.temperature)))
    bad('temperature', 'a finite number ≥ 0', o.temperature);
  if (o.topK !== undefined && !(Number.isInteger(o.topK) && o.topK >= 0))
    bad('topK', 'an integer ≥ 0', o.topK);
  if (o.topP !== undefined && !(o.topP > 0 && o.topP <= 1)) bad('topP', 'in (0, 1]', o.topP);
  if (o.repetitionPenalty !== undefined && !(o.repetitionPenalty > 0 && Number.isFinite(o.repetitionPenalty)))
    bad('repetitionPenalty', 'a finite number > 0', o.repetitionPenalty);
}

/** In place: for each distinct id in `seen`, x < 0 ? x · r : x / r. */
export function applyRepetitionPenalty(scores: Float64Array, seen: Iterable<number>, penalty: number): void {
  if (penalty === 1) return;
  for (const id of new Set(seen)) {
    const x = scores[id]!;
    scores[id] = x < 0 ? x * penalty : x / penalty;
  }
}

/** In place: scores below the k-th largest become −∞ (HF: `scores < topk(scores, k)[..., -1]`). */
export function applyTopK(scores: Float64Array, k: number): void {
  if (!k || k >= scores.length) return;
  const kth = Float64Array.from(scores).sort().reverse()[k - 1]!;
  for (let v = 0; v < scores.length; v++) if (scores[v]! < kth) scores[v] = Number.NEGATIVE_INFINITY;
}

/** Softmax of scores (−∞ → 0) in float64. */
export function softmax(scores: Float64Array): Float64Array {
  let m = Number.NEGATIVE_INFINITY;
  for (const x of scores) if (x > m) m = x;
  const p = new Float64Array(scores.length);
  let s = 0;
  for (let v = 0; v < scores.length; v++) {
    p[v] = Math.exp(scores[v]! - m);
    s += p[v]!;
  }
  for (let v = 0; v < p.length; v++) p[v]! /= s;
  return p;
}

/**
 * In place, HF TopPLogitsWarper: with tokens sorted ascending, a token goes when the cumulative probability of it
 * and all below it is ≤ 1 − p, i.e. when the mass of the tokens above it is ≥ p; the most likely token stays.
 * Computed from the top down over a native sort (fast at V = 152k); tokens tied with the last kept one stay.
 */
export function applyTopP(scores: Float64Array, p: number): void {
  if (p >= 1) return;
  const sorted = Float64Array.from(scores).sort().reverse(); // descending
  const m = sorted[0]!;
  let z = 0;
  for (const x of sorted) z += Math.exp(x - m);
  let above = 0;
  let keepMin = m;
  for (const x of sorted) {
    if (above >= p) break;
    keepMin = x;
    above += Math.exp(x - m) / z;
  }
  for (let v = 0; v < scores.length; v++) if (scores[v]! < keepMin) scores[v] = Number.NEGATIVE_INFINITY;
}

/** Index of the first maximum. */
export function argmaxOf(scores: ArrayLike<number>): number {
  let best = 0;
  for (let v = 1; v < scores.length; v++) if (scores[v]! > scores[best]!) best = v;
  return best;
}

/** The processed scores (penalty, temperature, top-k, top-p applied) of one logits row. */
export function processScores(
  logits: ArrayLike<number>,
  seen: Iterable<number>,
  o: SamplingOptions,
): Float64Array {
  const s = Float64Array.from(logits);
  applyRepetitionPenalty(s, seen, o.repetitionPenalty ?? 1);
  const t = o.temperature ?? 0;
  if (t > 0) {
    if (t !== 1) for (let v = 0; v < s.length; v++) s[v]! /= t;
    applyTopK(s, o.topK ?? 0);
    applyTopP(s, o.topP ?? 1);
  }
  return s;
}

/** Draw from `probs` with one uniform of `rng` (inverse CDF over ids in order). */
export function drawIndex(probs: Float64Array, rng: Rng): number {
  const u = rng.uniform();
  let cum = 0;
  let last = 0;
  for (let v = 0; v < probs.length; v++) {
    if (probs[v]! <= 0) continue;
    cum += probs[v]!;
    last = v;
    if (u < cum) return v;
  }
  return last; // rounding: cum ended a hair below 1
}

/**
 * Choose the next token of one row. Greedy (temperature 0) consumes no randomness.
 * @example const id = chooseToken(logitsRow, [...promptIds, ...outIds], { temperature: 0.7, topP: 0.8 }, rng)
 */
export function chooseToken(
  logits: ArrayLike<number>,
  seen: Iterable<number>,
  o: SamplingOptions,
  rng: Rng,
): number {
  const s = processScores(logits, seen, o);
  if (!((o.temperature ?? 0) > 0)) return argmaxOf(s);
  return drawIndex(softmax(s), rng);
}

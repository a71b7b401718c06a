// Tests of sampling.ts — HF-semantics logits processing on hand-computed distributions: repetition penalty,
// temperature, top-k, top-p masks, greedy, and draws from a seeded serializable Rng.
import { Rng } from '@steel/moe-model';
import { describe, expect, it } from 'vitest';
import {
  applyRepetitionPenalty,
  applyTopK,
  applyTopP,
  checkSampling,
  chooseToken,
  drawIndex,
  processScores,
  softmax,
} from './sampling.js';

const NEG = Number.NEGATIVE_INFINITY;
const f = (xs: number[]) => Float64Array.from(xs);
const fixedRng = (u: number) => ({ uniform: () => u }) as unknown as Rng;

describe('repetition penalty (CTRL / HF: divide positive, multiply negative)', () => {
  it.each([
    [[2, -1, 0.5, -3], [0, 1, 1], 2, [1, -2, 0.5, -3]],
    [[2, -1, 0.5, -3], [2, 3], 0.5, [2, -1, 1, -1.5]],
    [[2, -1], [0, 1], 1, [2, -1]],
    [[0, 4], [0, 1], 4, [0, 1]],
  ])('%j seen %j r=%d → %j', (x, seen, r, want) => {
    const s = f(x);
    applyRepetitionPenalty(s, seen, r);
    expect([...s]).toEqual(want);
  });
});

describe('top-k', () => {
  it.each([
    [[1, 3, 2, 3], 2, [NEG, 3, NEG, 3]], // ties with the k-th are kept
    [[1, 3, 2, 3], 3, [NEG, 3, 2, 3]],
    [[1, 3, 2, 0], 1, [NEG, 3, NEG, NEG]],
    [[1, 3, 2], 0, [1, 3, 2]],
    [[1, 3, 2], 5, [1, 3, 2]],
  ])('%j k=%d → %j', (x, k, want) => {
    const s = f(x);
    applyTopK(s, k);
    expect([...s]).toEqual(want);
  });
});

describe('top-p (HF: drop tokens whose ascending cumulative probability ≤ 1 − p)', () => {
  // probabilities 0.5, 0.3, 0.15, 0.05 → ascending cumulative 0.05, 0.20, 0.50, 1.00
  const P = [0.5, 0.3, 0.15, 0.05];
  it.each([
    [0.9, [0, 1, 2]], // 1 − p = 0.1: only 0.05 dropped
    [0.85, [0, 1, 2]],
    [0.75, [0, 1]], // 1 − p = 0.25: 0.05 and 0.15 dropped
    [0.4, [0]],
    [0.01, [0]], // the top token always stays
    [1, [0, 1, 2, 3]],
  ])('p=%d keeps ids %j', (p, keep) => {
    const s = f(P.map(Math.log));
    applyTopP(s, p);
    expect([...s.keys()].filter((v) => s[v] !== NEG)).toEqual(keep);
    for (const v of keep) expect(s[v]).toBe(Math.log(P[v]!));
  });
});

it('top-p keeps tokens tied with the last kept one (torch.sort leaves tie order unspecified)', () => {
  const s = f([0.4, 0.2, 0.4].map(Math.log));
  applyTopP(s, 0.3);
  expect([...s].map((x) => x !== NEG)).toEqual([true, false, true]);
});

describe('temperature and the processing order', () => {
  it('T = 2 turns probabilities ∝ (1, 2, 4) into ∝ √(1, 2, 4)', () => {
    const p = softmax(processScores([0, Math.log(2), Math.log(4)], [], { temperature: 2 }));
    const z = 1 + Math.SQRT2 + 2;
    for (const [i, w] of [1 / z, Math.SQRT2 / z, 2 / z].entries()) expect(p[i]).toBeCloseTo(w, 14);
  });

  it('penalty applies before temperature, top-k after it (HF order)', () => {
    // logits (4, 3, −1); penalty 2 on id 0 → (2, 3, −1); T = 0.5 → (4, 6, −2); top-k 2 → (4, 6, −∞)
    expect([...processScores([4, 3, -1], [0], { repetitionPenalty: 2, temperature: 0.5, topK: 2 })]).toEqual([
      4,
      6,
      NEG,
    ]);
  });

  it('greedy (temperature 0) = argmax after the penalty, and it draws nothing', () => {
    const rng = Rng.create(1);
    const before = rng.state();
    expect(chooseToken([4, 3, -1], [], {}, rng)).toBe(0);
    expect(chooseToken([4, 3, -1], [0], { repetitionPenalty: 2 }, rng)).toBe(1);
    expect(rng.state()).toEqual(before);
  });
});

describe('draws', () => {
  it.each([
    [0.2, 0],
    [0.2499, 0],
    [0.2501, 1],
    [0.9999, 1],
  ])('inverse CDF of (0.25, 0.75) at u=%d → %d', (u, want) => {
    expect(drawIndex(f([0.25, 0.75]), fixedRng(u))).toBe(want);
  });

  it('masked tokens are never drawn; frequencies follow the distribution', () => {
    const rng = Rng.create(42, 'test');
    const counts = [0, 0, 0, 0];
    const N = 20000;
    // logits of probabilities (0.2, 0.3, 0.5) plus a token removed by top-k
    const logits = [Math.log(0.2), Math.log(0.3), Math.log(0.5), -50];
    for (let i = 0; i < N; i++) counts[chooseToken(logits, [], { temperature: 1, topK: 3 }, rng)]!++;
    expect(counts[3]).toBe(0);
    for (const [i, p] of [0.2, 0.3, 0.5].entries()) expect(Math.abs(counts[i]! / N - p)).toBeLessThan(0.015);
  });

  it('the same seed gives the same draws; a restored state continues the stream', () => {
    const logits = [0, 0.5, 1, 1.5, 2];
    const take = (rng: Rng, n: number) =>
      Array.from({ length: n }, () => chooseToken(logits, [], { temperature: 1.5 }, rng));
    const a = Rng.create(7);
    const first = take(a, 10);
    const state = a.state();
    const rest = take(a, 10);
    expect(take(Rng.create(7), 10)).toEqual(first);
    expect(take(Rng.fromState(JSON.parse(JSON.stringify(state))), 10)).toEqual(rest);
    expect(take(Rng.create(8), 20)).not.toEqual([...first, ...rest]);
  });
});

describe('checkSampling', () => {
  it.each([
    [{ temperature: -1 }, /temperature must be a finite number ≥ 0, got -1/],
    [{ topK: 1.5 }, /topK must be an integer ≥ 0, got 1.5/],
    [{ topP: 0 }, /topP must be in \(0, 1\], got 0/],
    [{ topP: 1.2 }, /topP/],
    [{ repetitionPenalty: 0 }, /repetitionPenalty must be a finite number > 0/],
  ])('%j', (o, msg) => {
    expect(() => checkSampling(o)).toThrow(msg);
  });
  it('accepts HF-like values', () => {
    expect(() =>
      checkSampling({ temperature: 0.7, topK: 20, topP: 0.8, repetitionPenalty: 1.05 }),
    ).not.toThrow();
  });
});

// Tests of decode.ts — KV-cache decoding: greedy == step-by-step argmax of full-sequence logits for causal FFNs,
// exact batching, seeded sampling, stop ids, streaming callbacks, and the documented softmoe_v3 cache difference.
import { type FfnType, Rng } from '@steel/moe-model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyState, nextState, stepFeeds } from '../runtime/feeds.js';
import { argmax } from '../runtime/logprobs.js';
import type { LoadedModel } from '../runtime/model.js';
import { tinyModel } from '../runtime/test-helpers.js';
import { measureDecodeSpeed } from './bench.js';
import { defaultStopIds, generate } from './decode.js';

const FFNS: FfnType[] = ['raw', 'softmoe_causal', 'softmoe_v3'];
const models = new Map<FfnType, LoadedModel>();
beforeAll(async () => {
  for (const f of FFNS) models.set(f, await tinyModel(f));
});
afterAll(async () => {
  for (const m of models.values()) await m.close();
});

/** Greedy by re-running the whole sequence each step (no cache) and taking the last position's argmax. */
async function fullSequenceGreedy(m: LoadedModel, prompt: number[], n: number): Promise<number[]> {
  const seq = [...prompt];
  for (let i = 0; i < n; i++) {
    const lg = await m.logits([seq]);
    seq.push(argmax(lg, (seq.length - 1) * m.vocabSize, m.vocabSize));
  }
  return seq.slice(prompt.length);
}

const P1 = [72, 101, 108, 108, 111];
const P2 = [228, 184, 173, 33, 10];
const P3 = [257, 117, 115];

describe('generate', () => {
  it.each(['raw', 'softmoe_causal'] as const)(
    '%s: greedy through the cache == argmax of full-sequence logits step by step',
    async (ffn) => {
      const m = models.get(ffn)!;
      const [g] = await generate(m, [P1], { maxNewTokens: 12, stopIds: [] });
      expect(g!.tokens).toEqual(await fullSequenceGreedy(m, P1, 12));
      expect(g!.finishReason).toBe('length');
    },
  );

  it.each([
    ['raw', false],
    ['softmoe_causal', false],
    ['softmoe_v3', true],
  ] as const)(
    '%s: cached decoding differs from full sequences: %s (Steel’s softmoe_v3 causality defect)',
    async (ffn, differs) => {
      const m = models.get(ffn)!;
      const V = m.vocabSize;
      // prefill P1, then one cached step with token 65, against one full call over [...P1, 65]
      const first = await m.run({ ...stepFeeds([P1], 0), ...emptyState(m.dims, 1) });
      const step = await m.run({ ...stepFeeds([[65]], P1.length), ...nextState(first) });
      const full = await m.logits([[...P1, 65]]);
      const cached = step.logits!.data as Float32Array;
      let diff = 0;
      for (let v = 0; v < V; v++) diff = Math.max(diff, Math.abs(cached[v]! - full[P1.length * V + v]!));
      // float32 rounding stays near 1e-7 here; the v3 soft MoE of a 1-token call sees only that token
      if (differs) expect(diff).toBeGreaterThan(1e-4);
      else expect(diff).toBeLessThan(1e-5);
    },
  );

  it.each(FFNS)('%s: batched generation == each prompt alone (equal lengths share calls)', async (ffn) => {
    const m = models.get(ffn)!;
    const prompts = [P1, P2, P3, [...P2].reverse()];
    const opts = { maxNewTokens: 8, temperature: 0.9, topK: 50, topP: 0.95, repetitionPenalty: 1.1, seed: 3 };
    const together = await generate(m, prompts, opts);
    for (const [i, p] of prompts.entries()) {
      const [alone] = await generate(m, [p], { ...opts, rngs: [Rng.create(3, `generate/${i}`)] });
      expect(together[i]).toEqual(alone);
    }
  });

  it('seeded sampling is reproducible, differs across seeds, and resumes from the returned rng state', async () => {
    const m = models.get('raw')!;
    const o = { maxNewTokens: 10, temperature: 1.5, stopIds: [] as number[] };
    const a = await generate(m, [P1], { ...o, seed: 11 });
    expect(await generate(m, [P1], { ...o, seed: 11 })).toEqual(a);
    expect((await generate(m, [P1], { ...o, seed: 12 }))[0]!.tokens).not.toEqual(a[0]!.tokens);
    // 5 tokens, then 5 more from the saved state == 10 in one go
    const head = await generate(m, [P1], { ...o, maxNewTokens: 5, seed: 11 });
    const tail = await generate(m, [[...P1, ...head[0]!.tokens]], {
      ...o,
      maxNewTokens: 5,
      rngs: [Rng.fromState(head[0]!.rng)],
    });
    // the raw FFN is cache-consistent, so a fresh prefill over the longer prompt continues the same sequence
    expect([...head[0]!.tokens, ...tail[0]!.tokens]).toEqual(a[0]!.tokens);
  });

  it('stop ids end a row (the stop id is not part of the output)', async () => {
    const m = models.get('raw')!;
    const greedy = (await generate(m, [P1], { maxNewTokens: 4, stopIds: [] }))[0]!.tokens;
    const s0 = await generate(m, [P1], { maxNewTokens: 4, stopIds: [greedy[0]!] });
    expect(s0[0]).toMatchObject({ tokens: [], finishReason: 'stop', stopId: greedy[0] });
    const s1 = await generate(m, [P1, P2], { maxNewTokens: 4, stopIds: [greedy[1]!] });
    expect(s1[0]!.tokens).toEqual(greedy.slice(0, 1));
    expect(s1[1]!.tokens).toEqual(
      (await generate(m, [P2], { maxNewTokens: 4, stopIds: [greedy[1]!] }))[0]!.tokens,
    );
    expect(defaultStopIds(m)).toEqual([258, 256]);
  });

  it('streams one event per token whose texts concatenate to the decoded output', async () => {
    const m = models.get('softmoe_v3')!;
    const events: { row: number; token: number; text: string }[] = [];
    const res = await generate(m, [P1, P2], {
      maxNewTokens: 16,
      temperature: 1,
      seed: 5,
      stopIds: [],
      onToken: (e) => {
        events.push(e);
      },
    });
    for (const r of [0, 1]) {
      const mine = events.filter((e) => e.row === r);
      expect(mine.filter((e) => e.token >= 0).map((e) => e.token)).toEqual(res[r]!.tokens);
      expect(mine.map((e) => e.text).join('')).toBe(res[r]!.text);
      expect(res[r]!.text).toBe(await m.tokenizer.decode(res[r]!.tokens, { skipSpecialTokens: true }));
    }
  });

  it('rejects bad arguments', async () => {
    const m = models.get('raw')!;
    await expect(generate(m, [[]], { maxNewTokens: 1 })).rejects.toThrow(/prompt 0 is empty/);
    await expect(generate(m, [P1], { maxNewTokens: -1 })).rejects.toThrow(/maxNewTokens/);
    await expect(generate(m, [P1], { maxNewTokens: 1, topP: 2 })).rejects.toThrow(/topP/);
    await expect(generate(m, [P1, P2], { maxNewTokens: 1, rngs: [Rng.create(1)] })).rejects.toThrow(/rngs/);
  });

  it('measureDecodeSpeed reports positive throughput', async () => {
    const r = await measureDecodeSpeed(models.get('raw')!, {
      promptLength: 8,
      newTokens: 6,
      batch: 2,
      warmup: 0,
    });
    expect(r).toMatchObject({ promptLength: 8, newTokens: 6, batch: 2 });
    expect(r.decodeTokensPerS).toBeGreaterThan(0);
    expect(r.prefillMs).toBeGreaterThan(0);
  });
});

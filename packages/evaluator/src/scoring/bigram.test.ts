// End-to-end through ONNX Runtime: a real steel-tiny model whose weights make it a known bigram model
// (scoring/bigram.ts) is scored by every protocol on the C-Eval fixtures through runtime/model.ts and
// generate/decode.ts; the scores and one loglikelihood are checked against hand computations.
import { fileURLToPath } from 'node:url';
import { createByteTokenizer } from '@steel/binpack';
import { FFN_TYPES, getPreset } from '@steel/moe-model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderChatMl } from '../protocols/prompts.js';
import { runBenchmark } from '../run-benchmark.js';
import { createLoadedModel, type LoadedModel } from '../runtime/model.js';
import { bigramWeights } from './bigram.js';
import { scorerForModel } from './from-model.js';

const CEVAL = fileURLToPath(new URL('../../test/fixtures/run/ceval', import.meta.url));
const V = 512;
// After ' ' (32): C 2, A 1 (every loglik / next-token question → C). After '\n' (10, the end of ChatML's open
// assistant turn): B. After 'B' (66): <|im_end|> (258), so chat replies are exactly "B".
const TABLE = new Map([
  [
    32,
    new Map([
      [67, 2],
      [65, 1],
    ]),
  ],
  [10, new Map([[66, 5]])],
  [66, new Map([[258, 5]])],
]);
const run = { benchmark: 'ceval', dataDir: CEVAL, subjects: ['college_physics', 'logic'] } as const;
// fixture golds: physics A B D C, logic B A
let model: LoadedModel;

beforeAll(async () => {
  const config = getPreset('steel-tiny');
  model = await createLoadedModel(config, bigramWeights(config, TABLE), await createByteTokenizer(), {
    threads: 1,
  });
});
afterAll(async () => {
  await model.close();
});

describe('a bigram ONNX model through loadModel-style scoring', () => {
  it.each(FFN_TYPES)('%s: logits after a conditioning token are the table row, else 0', async (ffn) => {
    const config = getPreset('steel-tiny', { FFN_type: ffn });
    const m = await createLoadedModel(config, bigramWeights(config, TABLE), await createByteTokenizer());
    const l = await m.logits([[7, 32, 10]]);
    await m.close();
    expect([l[V + 67], l[V + 65], l[V + 66], l[2 * V + 66], l[5]]).toEqual([
      expect.closeTo(2, 5),
      expect.closeTo(1, 5),
      0,
      expect.closeTo(5, 5),
      0,
    ]);
  });

  it('loglik: every question → C; micro 1/6, and the loglikelihood of " C" by hand', async () => {
    const scorer = scorerForModel(model, { modelName: 'bigram', renderChat: renderChatMl, batchSize: 8 });
    const { report, records } = await runBenchmark({ ...run, protocol: 'loglik', scorer });
    expect(records.map((r) => r.predicted)).toEqual(['C', 'C', 'C', 'C', 'C', 'C']);
    expect([report.overall.correct, report.overall.micro, report.overall.macro]).toEqual([1, 100 / 6, 12.5]);
    // " C" after "…答案：": p(' ' | 0x9A) is uniform (no row), p('C' | ' ') = e² / (e² + e + 510).
    const want = -Math.log(V) + 2 - Math.log(Math.exp(2) + Math.exp(1) + V - 2);
    expect(records[0]!.logprobs![2]).toBeCloseTo(want, 5);
  });

  it('opencompass-5shot next-token and generation: → C; macro 12.5', async () => {
    const scorer = scorerForModel(model, { modelName: 'bigram', renderChat: renderChatMl });
    const nt = await runBenchmark({ ...run, protocol: 'opencompass-5shot', scorer });
    expect([nt.report.overall.macro, nt.report.headline]).toEqual([12.5, 'macro']);
    const gen = await runBenchmark({
      ...run,
      protocol: 'opencompass-5shot',
      scoring: 'generate',
      maxNewTokens: 3,
      scorer,
    });
    expect(gen.records.map((r) => r.predicted)).toEqual(['C', 'C', 'C', 'C', 'C', 'C']);
    expect(gen.report.overall.macro).toBe(12.5);
  });

  it('steel-chat: ChatML prompt, KV-cache greedy decode replies "B", cascade → B; macro (25 + 50) / 2', async () => {
    const scorer = scorerForModel(model, { modelName: 'bigram', renderChat: renderChatMl });
    const { report, records } = await runBenchmark({
      ...run,
      protocol: 'steel-chat',
      scorer,
      maxNewTokens: 8,
    });
    expect(records.map((r) => [r.reply, r.rule])).toEqual(new Array(6).fill(['B', 'leading-letter']));
    expect([report.overall.macro, report.overall.micro, report.overall.unparseable]).toEqual([
      37.5,
      100 / 3,
      0,
    ]);
  });
});

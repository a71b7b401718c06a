// Tests of scoring/scorer.ts: lm-eval's pair encoding (trailing space moves to the continuation), batching into
// one model call, and clear EVAL_BAD_VOCAB errors for option letters a vocabulary cannot represent.
import type { TextTokenizer } from '@steel/binpack';
import { describe, expect, it } from 'vitest';
import { isEvaluatorError } from '../errors.js';
import { createControlledModel, encodeBytes } from './controlled-model.js';
import { createScorer, splitTrailingSpace, type TokenLanguageModel } from './scorer.js';

describe('splitTrailingSpace', () => {
  it.each([
    ['答案：', ' A', '答案：', ' A'],
    ['答案: ', 'A', '答案:', ' A'],
    ['x \n', 'B', 'x', ' \nB'],
  ])('%j + %j', (ctx, cont, c2, k2) => {
    expect(splitTrailingSpace(ctx, cont)).toEqual([c2, k2]);
  });
});

describe('createScorer', () => {
  it('scores every option of every request in one model call', async () => {
    const m = await createControlledModel([(p) => (p.text.endsWith(': ') ? { B: 2 } : undefined)]);
    const scorer = createScorer({ model: m, modelName: 'ctl' });
    const out = await scorer.loglik([
      { context: 'q1 答案: ', continuations: ['A', 'B'] },
      { context: 'q2 答案: ', continuations: ['A', 'B', 'C'] },
    ]);
    expect(m.calls).toMatchObject({ scoreContinuations: 1, items: 5 });
    const V = 259;
    const lse = Math.log(Math.exp(2) + V - 1);
    // context "q1 答案:" then " A": the space (uniform) and the letter after ": ".
    expect(out[0]![1]).toBeCloseTo(-Math.log(V) + 2 - lse, 12);
    expect(out[1]![0]).toBeCloseTo(-Math.log(V) - lse, 12);
    expect(await scorer.continuationTokens('答案: ', ['A'])).toEqual([encodeBytes(' A')]);
    expect(scorer.tokenizer).toBe('byte');
  });

  it('rejects a letter outside the model vocabulary, naming the question', async () => {
    const m = await createControlledModel([]);
    const small: TokenLanguageModel = { ...m, tokenizer: m.tokenizer, vocabSize: 60 };
    const scorer = createScorer({ model: small, modelName: 'small' });
    await expect(
      scorer.loglik([{ context: '答案：', continuations: [' A'], where: 'val/x.csv:2' }]),
    ).rejects.toSatisfy(
      (e) =>
        isEvaluatorError(e, 'EVAL_BAD_VOCAB') &&
        /val\/x\.csv:2: option continuation " A" .* token 65 is outside the model's vocabulary of 60/.test(
          e.message,
        ),
    );
  });

  it('rejects a letter the tokenizer maps to an unknown token', async () => {
    const m = await createControlledModel([]);
    // A vocabulary without "A": the tokenizer maps it to <unk> (id 0), which decodes to "<unk>".
    const tokenizer = {
      info: { ...m.tokenizer.info, name: 'no-letters' },
      encode: async (t: string) => [...t].map((c) => (c === 'A' ? 0 : c.charCodeAt(0))),
      decode: async (ids: ArrayLike<number>) =>
        Array.from(ids, (i) => (i === 0 ? '<unk>' : String.fromCharCode(i))).join(''),
    } as unknown as TextTokenizer;
    const scorer = createScorer({ model: { ...m, tokenizer }, modelName: 'x' });
    await expect(scorer.continuationTokens('答案：', [' A'])).rejects.toThrow(
      /option continuation " A" cannot be scored with tokenizer 'no-letters': its tokens \[32, 0\] decode to " <unk>"/,
    );
  });

  it('refuses generation without a generator', async () => {
    const m = await createControlledModel([]);
    const scorer = createScorer({ model: m, modelName: 'x' });
    await expect(scorer.generate(['hi'], { maxNewTokens: 1 })).rejects.toSatisfy((e) =>
      isEvaluatorError(e, 'EVAL_BAD_MODEL'),
    );
  });
});

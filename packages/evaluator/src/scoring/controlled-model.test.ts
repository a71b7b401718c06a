// Tests of scoring/controlled-model.ts: the logits are exactly what the rules say (closed forms), scoring and
// logits() agree, greedy generation follows scripted replies, byte encoding matches the byte tokenizer.
import { describe, expect, it } from 'vitest';
import { createControlledModel, decodeBytes, encodeBytes, scriptedReplies } from './controlled-model.js';

const V = 259;

describe('createControlledModel', () => {
  it('uniform logits without a rule; a rule sets chosen tokens', async () => {
    const m = await createControlledModel([(p) => (p.text.endsWith('答案：') ? { A: 3, B: 1 } : undefined)]);
    expect(m.vocabSize).toBe(V);
    const ctx = encodeBytes('问题\n答案：');
    const lp = m.logprobsAfter(ctx);
    const lse = Math.log(Math.exp(3) + Math.exp(1) + (V - 2));
    expect(lp[65]).toBeCloseTo(3 - lse, 12);
    expect(lp[66]).toBeCloseTo(1 - lse, 12);
    expect(lp[67]).toBeCloseTo(-lse, 12);
    expect(m.logprobsAfter(encodeBytes('x'))[65]).toBeCloseTo(-Math.log(V), 12);
  });

  it('scoreContinuations sums token logprobs and flags greedy continuations', async () => {
    const m = await createControlledModel([(p) => (p.text.endsWith('： ') ? { A: 3 } : undefined)]);
    const context = encodeBytes('答案：');
    const [a, b] = await m.scoreContinuations([
      { context, continuation: encodeBytes(' A') },
      { context, continuation: encodeBytes(' B') },
    ]);
    const lse = Math.log(Math.exp(3) + V - 1);
    expect(a!.tokenLogprobs[0]).toBeCloseTo(-Math.log(V), 12);
    expect(a!.logprob).toBeCloseTo(-Math.log(V) + 3 - lse, 12);
    expect(b!.logprob).toBeCloseTo(-Math.log(V) - lse, 12);
    // ' ' is not the argmax after '答案：' (all tie at 0; argmax is id 0), 'A' is after '答案： '.
    expect(a!.greedy).toBe(false);
    expect(m.calls).toMatchObject({ scoreContinuations: 1, items: 2 });
  });

  it('logits() agrees with logprobsAfter at every position', async () => {
    const m = await createControlledModel([(p) => (p.ids.length % 2 === 0 ? { x: 2 } : undefined)]);
    const rows = [encodeBytes('abcd'), encodeBytes('wxyz')];
    const l = await m.logits(rows);
    expect(l.length).toBe(2 * 4 * V);
    expect(l[(1 * 4 + 1) * V + 120]).toBe(2); // row 1, prefix of length 2 → 'x' = 120 gets 2
    expect(l[(1 * 4 + 0) * V + 120]).toBe(0);
  });

  it('greedy generation follows a scripted reply and stops at <|im_end|>', async () => {
    const m = await createControlledModel([
      scriptedReplies((prompt) => (prompt.includes('你好') ? '答案是B。' : undefined)),
    ]);
    const [r, none] = await m.generate(
      ['<|im_start|>user\n你好<|im_end|>\n<|im_start|>assistant\n', '<|im_start|>assistant\n'],
      { maxNewTokens: 50, batchSize: 2 },
    );
    expect(r).toBe('答案是B。');
    expect(none).toBe('\u0000'.repeat(50)); // no rule: argmax is id 0 every step, up to maxNewTokens
  });

  it.each([
    ['答案：A', [231, 173, 148, 230, 161, 136, 239, 188, 154, 65]],
    ['<|im_start|>x<|im_end|>', [257, 120, 258]],
  ])('byte encoding of %s', async (text, ids) => {
    const m = await createControlledModel([]);
    expect(encodeBytes(text)).toEqual(ids);
    expect(await m.tokenizer.encode(text)).toEqual(ids);
    expect(decodeBytes(ids)).toBe(text);
  });
});

// Tests of model.ts — a Steel model folder + tokenizer in an ORT session: full-sequence logits and exact batched
// continuation scoring (batched == each item alone, bit for bit, for every FFN type).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createByteTokenizer } from '@steel/binpack';
import { FFN_TYPES, type FfnType } from '@steel/moe-model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isEvaluatorError } from '../errors.js';
import { emptyState, stepFeeds } from './feeds.js';
import { argmax, logSumExp } from './logprobs.js';
import { createLoadedModel, type LoadedModel, loadModel } from './model.js';
import { tinyModel, tinyWeights, writeTinyFolder } from './test-helpers.js';

const ROWS = [
  [10, 20, 30, 40, 50, 60, 70],
  [1, 2, 3],
  [258, 104, 105],
  [99, 98, 97, 96, 95, 94, 93],
  [5, 6, 7, 8, 9],
];
const ITEMS = ROWS.map((r, i) => ({ context: r, continuation: [65 + i, 66, 67].slice(0, 1 + (i % 3)) }));

const models = new Map<FfnType, LoadedModel>();
beforeAll(async () => {
  for (const f of FFN_TYPES) models.set(f, await tinyModel(f));
});
afterAll(async () => {
  for (const m of models.values()) await m.close();
});

describe('LoadedModel.scoreContinuations', () => {
  it.each(FFN_TYPES)('%s: batched results equal scoring each item alone, exactly', async (ffn) => {
    const m = models.get(ffn)!;
    const alone = [];
    for (const it of ITEMS) alone.push(...(await m.scoreContinuations([it], { batchSize: 1 })));
    const batched = await m.scoreContinuations(ITEMS, { batchSize: 8 });
    expect(batched).toEqual(alone);
  });

  it('matches a hand computation from one logits call (lm-eval: input = context + continuation minus the last token)', async () => {
    const m = models.get('softmoe_v3')!;
    const ctx = [10, 20, 30];
    const cont = [40, 50];
    const [s] = await m.scoreContinuations([{ context: ctx, continuation: cont }]);
    const V = m.vocabSize;
    const lg = await m.logits([[10, 20, 30, 40]]);
    const want = [2, 3].map((pos, j) => lg[pos * V + cont[j]!]! - logSumExp(lg, pos * V, V));
    expect(s!.tokenLogprobs).toEqual(want);
    expect(s!.logprob).toBe(want[0]! + want[1]!);
    expect(s!.greedy).toBe(argmax(lg, 2 * V, V) === 40 && argmax(lg, 3 * V, V) === 50);
    // continuing with the argmax tokens is greedy by definition
    const g1 = argmax(lg, 2 * V, V);
    const [sg] = await m.scoreContinuations([{ context: ctx, continuation: [g1] }]);
    expect(sg!.greedy).toBe(true);
  });

  it('rejects an empty context and out-of-vocabulary ids', async () => {
    const m = models.get('raw')!;
    await expect(m.scoreContinuations([{ context: [], continuation: [1] }])).rejects.toMatchObject({
      code: 'EVAL_BAD_ARGUMENT',
    });
    await expect(m.logits([[1, 512]])).rejects.toThrow(/token id 512 outside \[0, 512\)/);
    await expect(m.logits([[1, 2], [3]])).rejects.toThrow(/row 1 has 1 tokens, row 0 has 2/);
    await expect(m.logits([new Array(4097).fill(1)])).rejects.toThrow(
      /4097 tokens exceed the model's max_position_embeddings 4096/,
    );
  });
});

describe('why softmoe_v2/v3 batch only equal lengths', () => {
  it.each(FFN_TYPES)(
    '%s: right padding a row changes its logits only for non-causal soft MoE',
    async (ffn) => {
      const m = models.get(ffn)!;
      const V = m.vocabSize;
      const row = [5, 6, 7];
      const alone = await m.logits([row]);
      const out = await m.run(
        { ...stepFeeds([[...row, 0, 0]], 0, [[1, 1, 1, 0, 0]]), ...emptyState(m.dims, 1) },
        ['logits'],
      );
      const padded = (out.logits!.data as Float32Array).subarray(0, 3 * V);
      const same = padded.every((x, i) => x === alone[i]);
      expect(same).toBe(ffn !== 'softmoe_v2' && ffn !== 'softmoe_v3');
    },
  );
});

describe('loadModel', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'steel-eval-model-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('reads a folder with steel-tokenizer.json and gives the in-memory model’s logits', async () => {
    const folder = await writeTinyFolder(join(dir, 'v3'), 'softmoe_v3');
    const m = await loadModel(folder);
    try {
      expect(m.tokenizer.info.name).toBe('byte');
      expect(m.vocabSize).toBe(512);
      expect(m.chatTemplate).toContain('<|im_start|>');
      expect(m.chatTemplateVars).toEqual({ eos_token: '<|im_end|>', pad_token: '<|endoftext|>' });
      expect(models.get('raw')!.chatTemplateVars).toEqual({
        eos_token: '<|im_end|>',
        pad_token: '<|endoftext|>',
      });
      const a = await m.logits([ROWS[0]!]);
      const b = await models.get('softmoe_v3')!.logits([ROWS[0]!]);
      expect(a).toEqual(b);
    } finally {
      await m.close();
    }
  });

  it('a model over the inline limit runs through ONNX external data with the same logits', async () => {
    const { config, params } = tinyWeights('softmoe_causal');
    const m = await createLoadedModel(config, params, await createByteTokenizer(), { inlineLimitBytes: 0 });
    try {
      expect(await m.logits([ROWS[4]!])).toEqual(await models.get('softmoe_causal')!.logits([ROWS[4]!]));
    } finally {
      await m.close();
    }
  });

  it.each([
    ['missing folder', async () => join(dir, 'nope'), 'EVAL_BAD_MODEL', /no config\.json/],
    [
      'no tokenizer',
      async () => {
        const f = await writeTinyFolder(join(dir, 'notok'), 'raw');
        await rm(join(f, 'steel-tokenizer.json'));
        return f;
      },
      'EVAL_NO_TOKENIZER',
      /no tokenizer\.json and no steel-tokenizer\.json/,
    ],
    [
      'bad steel-tokenizer.json',
      async () => {
        const f = await writeTinyFolder(join(dir, 'badtok'), 'raw');
        await writeFile(join(f, 'steel-tokenizer.json'), '{"kind":"bpe"}');
        return f;
      },
      'EVAL_NO_TOKENIZER',
      /expected \{"kind":"byte"/,
    ],
  ] as const)('%s → %s', async (_name, make, code, msg) => {
    const e = await loadModel(await make()).catch((x: unknown) => x);
    expect(isEvaluatorError(e, code)).toBe(true);
    expect((e as Error).message).toMatch(msg);
  });

  it('an unavailable device is an error, never a silent CPU fallback', async () => {
    const folder = await writeTinyFolder(join(dir, 'cuda'), 'raw');
    const e = await loadModel(folder, { device: 'cuda' }).catch((x: unknown) => x);
    // with the CUDA libraries installed the load succeeds on the GPU; here they are not
    if (e && typeof (e as LoadedModel).close === 'function') {
      expect((e as LoadedModel).device).toBe('cuda');
      await (e as LoadedModel).close();
    } else expect(isEvaluatorError(e, 'EVAL_EP_UNAVAILABLE')).toBe(true);
  });
});

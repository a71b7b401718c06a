// Tests of session.ts and commands.ts — chat history, /reset and /system semantics, streaming replies, seeded
// replay, and dropping the oldest turns when the context window is full.
import { createByteTokenizer } from '@steel/binpack';
import { getPreset } from '@steel/moe-model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLoadedModel, type LoadedModel } from '../runtime/model.js';
import { tinyWeights } from '../runtime/test-helpers.js';
import { messageText, parseChatCommand } from './commands.js';
import { ChatSession } from './session.js';

let model: LoadedModel;
let small: LoadedModel;
beforeAll(async () => {
  const { params } = tinyWeights('softmoe_v3');
  const tok = await createByteTokenizer();
  model = await createLoadedModel(getPreset('steel-tiny', { FFN_type: 'softmoe_v3' }), params, tok);
  small = await createLoadedModel(
    getPreset('steel-tiny', { FFN_type: 'softmoe_v3', max_position_embeddings: 160 }),
    params,
    tok,
  );
});
afterAll(async () => {
  await model.close();
  await small.close();
});

describe('parseChatCommand', () => {
  it.each([
    ['hello', undefined],
    ['  /reset ', { kind: 'reset' }],
    ['/clear', { kind: 'reset' }],
    ['/system 你是一个AI助手。', { kind: 'system', text: '你是一个AI助手。' }],
    ['/system   two  words ', { kind: 'system', text: 'two  words' }],
    ['/system', { kind: 'system' }],
    ['/exit', { kind: 'exit' }],
    ['/quit', { kind: 'exit' }],
    ['/help', { kind: 'help' }],
    ['/frobnicate x', { kind: 'unknown', name: 'frobnicate' }],
    ['//not a command', undefined],
  ])('%j → %j', (line, want) => {
    expect(parseChatCommand(line)).toEqual(want);
  });
  it('// escapes a leading slash', () => {
    expect(messageText('//etc/passwd')).toBe('/etc/passwd');
    expect(messageText(' hi ')).toBe('hi');
  });
});

describe('ChatSession', () => {
  const opts = { maxNewTokens: 12, temperature: 0.8, topP: 0.95, seed: 9 };

  it('renders the history with the template and streams the reply', async () => {
    const chat = new ChatSession(model, opts);
    const prompt = chat.promptText('你好');
    expect(prompt).toBe(
      '<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\n你好<|im_end|>\n<|im_start|>assistant\n',
    );
    const streamed: string[] = [];
    const r = await chat.send('你好', (t) => {
      streamed.push(t);
    });
    expect(streamed.join('')).toBe(r.text);
    expect(r.promptTokens).toBe((await model.tokenizer.encode(prompt)).length);
    expect(chat.history).toEqual([
      { role: 'user', content: '你好' },
      { role: 'assistant', content: r.text },
    ]);
    expect(chat.promptText('再见')).toBe(
      '<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\n你好<|im_end|>\n' +
        `<|im_start|>assistant\n${r.text}<|im_end|>\n<|im_start|>user\n再见<|im_end|>\n<|im_start|>assistant\n`,
    );
  });

  it('/system sets the prompt and restarts; /reset keeps it; /system alone reports it', async () => {
    const chat = new ChatSession(model, opts);
    await chat.send('a');
    expect(chat.apply({ kind: 'system', text: 'Be brief.' })).toEqual({
      kind: 'system',
      system: 'Be brief.',
      changed: true,
    });
    expect(chat.history).toEqual([]);
    await chat.send('b');
    expect(chat.history).toHaveLength(2);
    expect(chat.apply({ kind: 'reset' })).toEqual({ kind: 'reset' });
    expect(chat.history).toEqual([]);
    expect(chat.system).toBe('Be brief.');
    expect(chat.apply({ kind: 'system' })).toEqual({ kind: 'system', system: 'Be brief.', changed: false });
    expect(chat.promptText('c')).toBe(
      '<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nc<|im_end|>\n<|im_start|>assistant\n',
    );
  });

  it('the same seed replays the same conversation; the rng carries across turns', async () => {
    const run = async () => {
      const chat = new ChatSession(model, opts);
      const a = await chat.send('one');
      const b = await chat.send('two');
      return [a.tokens, b.tokens, chat.rngState];
    };
    const first = await run();
    expect(await run()).toEqual(first);
    expect(first[0]).not.toEqual(first[1]);
  });

  it('drops the oldest turns when the context window (160 tokens) would overflow', async () => {
    const chat = new ChatSession(small, { maxNewTokens: 8, stopIds: [] });
    const long = 'x'.repeat(40);
    const replies = [];
    for (let i = 0; i < 3; i++) replies.push(await chat.send(`${i}${long}`));
    expect(replies[0]!.droppedTurns).toBe(0);
    expect(replies.at(-1)!.droppedTurns).toBeGreaterThan(0);
    for (const r of replies) expect(r.promptTokens + r.tokens.length).toBeLessThanOrEqual(160);
    await expect(chat.send('y'.repeat(200))).rejects.toThrow(
      /the message alone is \d+ tokens; the model's context is 160/,
    );
  });
});

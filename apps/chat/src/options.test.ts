// Tests of options.ts — steel-chat flags, and sampling defaults: flags > generation_config.json > Qwen1.5-Chat's.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseChatArgs, QWEN_CHAT_SAMPLING } from './options.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'steel-chat-opts-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('parseChatArgs', () => {
  it('defaults: Qwen1.5-Chat sampling, 256 new tokens, cpu, 1 thread, seed 0', () => {
    expect(parseChatArgs(['--model', dir])).toEqual({
      model: dir,
      maxNewTokens: 256,
      sampling: QWEN_CHAT_SAMPLING,
      seed: 0,
      device: 'cpu',
      threads: 1,
      help: false,
    });
  });

  it('generation_config.json overrides the defaults, flags override both', async () => {
    const g = join(dir, 'gen');
    await mkdir(g, { recursive: true });
    await writeFile(
      join(g, 'generation_config.json'),
      JSON.stringify({ do_sample: true, temperature: 0.3, top_p: 0.5, max_new_tokens: 99, eos_token_id: 1 }),
    );
    const o = parseChatArgs(['--model', g, '--top-p', '0.9', '--seed', '4', '--system', 'S', '--prompt', '']);
    expect(o.sampling).toEqual({ temperature: 0.3, topK: 20, topP: 0.9, repetitionPenalty: 1.05 });
    expect(o).toMatchObject({ maxNewTokens: 99, seed: 4, system: 'S', prompt: '' });
    await writeFile(join(g, 'generation_config.json'), JSON.stringify({ do_sample: false }));
    expect(parseChatArgs(['--model', g]).sampling.temperature).toBe(0);
    expect(parseChatArgs(['--model', g, '--temperature', '1.2']).sampling.temperature).toBe(1.2);
  });

  it.each([
    [['--model', 'm', '--max-new-tokens', '0'], /--max-new-tokens must be an integer ≥ 1 \(got "0"\)/],
    [['--model', 'm', '--top-k', '2.5'], /--top-k must be an integer ≥ 0/],
    [['--model', 'm', '--threads', '0'], /--threads must be an integer ≥ 1/],
    [['--model', 'm', '--repetition-penalty', '0'], /--repetition-penalty must be > 0/],
    [['--model', 'm', 'extra'], /unexpected argument "extra"/],
  ])('%j is a usage error', (args, msg) => {
    expect(() => parseChatArgs(args)).toThrow(msg);
  });
});

// Tests of tokenizer.ts — which tokenizer a model folder carries (--tokenizer, tokenizer.json, steel-tokenizer.json)
// and where its chat template comes from.
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModelTokenizer, pickTemplate } from './tokenizer.js';

const QWEN = fileURLToPath(new URL('../../../../../shared/data/tokenizer/qwen1.5', import.meta.url));
const hasQwen = existsSync(join(QWEN, 'tokenizer.json'));

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'steel-eval-tok-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('loadModelTokenizer', () => {
  it('steel-tokenizer.json → the byte tokenizer with its specials, no chat template', async () => {
    await writeFile(
      join(dir, 'steel-tokenizer.json'),
      '{"kind":"byte","specials":["<|endoftext|>","<|im_start|>","<|im_end|>"]}',
    );
    const t = await loadModelTokenizer(dir);
    expect(t.tokenizer.info.backend).toBe('byte');
    expect(t.tokenizer.tokenToId('<|im_end|>')).toBe(258);
    expect(t.chatTemplate).toBeUndefined();
  });

  it("--tokenizer 'byte' overrides the folder", async () => {
    const t = await loadModelTokenizer(join(dir, 'missing'), 'byte');
    expect(t.tokenizer.info.vocabSize).toBe(259);
  });

  it.skipIf(!hasQwen)(
    'a folder with tokenizer.json + tokenizer_config.json gives its chat_template (Qwen1.5; skipped without ../shared)',
    async () => {
      const f = join(dir, 'qwen');
      await mkdir(f, { recursive: true });
      for (const n of ['tokenizer.json', 'tokenizer_config.json']) await copyFile(join(QWEN, n), join(f, n));
      const t = await loadModelTokenizer(f);
      expect(t.tokenizer.tokenToId('<|im_end|>')).toBe(151645);
      expect(t.chatTemplate).toMatch(/^\{% for message in messages %\}/);
    },
  );

  it.each([
    ['a string', 'T', 'T'],
    [
      'the list form, "default" entry',
      [
        { name: 'tool_use', template: 'U' },
        { name: 'default', template: 'D' },
      ],
      'D',
    ],
    ['the list form without "default": the first', [{ name: 'a', template: 'A' }], 'A'],
    ['absent', undefined, undefined],
    ['not a template', 42, undefined],
  ] as const)('pickTemplate: %s', (_n, raw, want) => {
    expect(pickTemplate(raw)).toBe(want);
  });
});

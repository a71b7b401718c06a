// Tests of tokenizer-files.ts (the checkpoint tokenizer contract): data.tokenizer's tokenizer.json (+ config)
// copied, steel-tokenizer.json for a byte pack, the manifest identity kept, packs of two tokenizers refused.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Manifest } from '@steel/binpack';
import { describe, expect, it } from 'vitest';
import { isTrainerError } from './errors.js';
import { checkpointTokenizer, STEEL_TOKENIZER_FILE } from './tokenizer-files.js';

const manifest = (name: string, fileHash: string, backend: 'byte' | 'rust') =>
  ({
    tokenizer: {
      name,
      backend,
      fileHash,
      vocabSize: 259,
      specialTokens: { '<|im_end|>': 258, '<|endoftext|>': 256, '<|im_start|>': 257 },
    },
  }) as unknown as Manifest;
const text = (b: Uint8Array | undefined) => new TextDecoder().decode(b);

describe('checkpointTokenizer', () => {
  it('a byte pack: steel-tokenizer.json with the specials in id order', async () => {
    const t = await checkpointTokenizer([manifest('byte', 'a'.repeat(16), 'byte')]);
    expect(Object.keys(t.files)).toEqual([STEEL_TOKENIZER_FILE]);
    expect(JSON.parse(text(t.files[STEEL_TOKENIZER_FILE]))).toEqual({
      kind: 'byte',
      specials: ['<|endoftext|>', '<|im_start|>', '<|im_end|>'],
    });
    expect(t.identity?.name).toBe('byte');
  });

  it('data.tokenizer: tokenizer.json and tokenizer_config.json copied; a folder without one refused', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'steel-tok-'));
    await writeFile(join(dir, 'tokenizer.json'), '{"model":{}}');
    await writeFile(join(dir, 'tokenizer_config.json'), '{"eos_token":"<|im_end|>"}');
    const t = await checkpointTokenizer([manifest('qwen1.5', 'b'.repeat(16), 'rust')], dir);
    expect(Object.keys(t.files).sort()).toEqual(['tokenizer.json', 'tokenizer_config.json']);
    expect(text(t.files['tokenizer.json'])).toBe('{"model":{}}');
    const none = await checkpointTokenizer([manifest('qwen1.5', 'b'.repeat(16), 'rust')]);
    expect(none.files).toEqual({}); // an HF pack without data.tokenizer: identity only (state.json)
    expect(none.identity?.name).toBe('qwen1.5');
    const e = await checkpointTokenizer([], join(dir, 'missing')).catch((x: unknown) => x);
    expect(isTrainerError(e, 'TRAINER_BAD_CONFIG')).toBe(true);
    await rm(dir, { recursive: true, force: true });
  });

  it('parts packed with different tokenizers are refused', async () => {
    const e = await checkpointTokenizer([
      manifest('byte', 'a'.repeat(16), 'byte'),
      manifest('qwen1.5', 'b'.repeat(16), 'rust'),
    ]).catch((x: unknown) => x);
    expect(isTrainerError(e, 'TRAINER_BAD_CONFIG')).toBe(true);
    expect((e as Error).message).toMatch(/mixes packs of different tokenizers: byte .* and qwen1.5/);
  });
});

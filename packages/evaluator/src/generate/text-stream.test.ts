// Tests of text-stream.ts — streaming detokenization emits only complete characters (byte tokens split UTF-8).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createByteTokenizer, loadTokenizer, type TextTokenizer } from '@steel/binpack';
import { describe, expect, it } from 'vitest';
import { createTextStream } from './text-stream.js';

const bytes = (s: string) => [...new TextEncoder().encode(s)];

describe('createTextStream (byte tokenizer)', () => {
  it.each([
    ['ASCII, one char per token', bytes('ok'), ['o', 'k'], ''],
    ['3-byte characters appear whole', bytes('中文'), ['', '', '中', '', '', '文'], ''],
    ['a 4-byte emoji', bytes('a😀'), ['a', '', '', '', '😀'], ''],
    ['an invalid byte is emitted once the next one shows it is invalid', [0xff, 0x61], ['', '\ufffda'], ''],
    ['a broken sequence', [0xe4, 0xb8, 0x41], ['', '', '\ufffdA'], ''],
    ['an unfinished sequence is flushed as U+FFFD', [0x61, 0xe4, 0xb8], ['a', '', ''], '\ufffd'],
    ['special tokens are skipped', [0x61, 258, 0x62], ['a', '', 'b'], ''],
  ])('%s', async (_n, ids, want, tail) => {
    const s = createTextStream(await createByteTokenizer());
    const got: string[] = [];
    for (const id of ids) got.push(await s.push(id));
    expect(got).toEqual(want);
    expect(await s.flush()).toBe(tail);
    const tok = await createByteTokenizer();
    expect(s.text).toBe(await tok.decode(ids, { skipSpecialTokens: true }));
  });
});

let qwen: TextTokenizer | undefined;
const QWEN = fileURLToPath(new URL('../../../../../shared/data/tokenizer/qwen1.5', import.meta.url));

describe.skipIf(!existsSync(`${QWEN}/tokenizer.json`))(
  'createTextStream (Qwen1.5 byte-level BPE; skipped without ../shared)',
  () => {
    it.each(['你好，世界！', 'emoji 😀🎉 and 𠀋', 'mixed 中文 text\nwith lines'])(
      '%s streams without U+FFFD',
      async (text) => {
        qwen ??= await loadTokenizer(QWEN);
        const ids = await qwen.encode(text);
        const s = createTextStream(qwen);
        const parts: string[] = [];
        for (const id of ids) parts.push(await s.push(id));
        parts.push(await s.flush());
        expect(parts.join('')).toBe(text);
        for (const p of parts) expect(p).not.toContain('\ufffd');
      },
    );
  },
);

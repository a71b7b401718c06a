// Tests of ppl.ts against a hand computation with a controlled-logit model: JSONL rows are cut as the packer cuts
// them (so a JSONL file and its pack give the same perplexity), pad targets are ignored, bad lines are named.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pack } from '@steel/binpack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isEvaluatorError } from './errors.js';
import { jsonlRows, packedRows, perplexity } from './ppl.js';
import { createControlledModel } from './scoring/controlled-model.js';

const V = 259;
const PAD = 256;
const EOS = 258;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'steel-eval-ppl-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

// After an 'a' (97) the model puts logit 2 on 'b' (98); everything else is uniform.
const model = () => createControlledModel([({ ids }) => (ids[ids.length - 1] === 97 ? { b: 2 } : undefined)]);

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('perplexity', () => {
  it('JSONL: text + <|im_end|> per record, rows of T+1, last row padded; matches the hand computation', async () => {
    const file = join(dir, 'held.jsonl');
    await writeFile(file, '{"text":"ab"}\n\n{"text":"b"}\n');
    const m = await model();
    const rows = await collect(jsonlRows(file, m.tokenizer, 2, { padId: PAD }));
    expect(rows).toEqual([
      [97, 98, EOS],
      [98, EOS, PAD],
    ]);
    const r = await perplexity(m, jsonlRows(file, m.tokenizer, 2, { padId: PAD }), {
      padId: PAD,
      batchSize: 1,
    });
    // targets: b|a (logit 2), eos|ab (uniform), eos|b (uniform); the pad target is ignored.
    const nll = -(2 - Math.log(Math.exp(2) + V - 1)) + 2 * Math.log(V);
    expect(r.tokens).toBe(3);
    expect(r.rows).toBe(2);
    expect(r.nll).toBeCloseTo(nll, 10);
    expect(r.meanNll).toBeCloseTo(nll / 3, 10);
    expect(r.ppl).toBeCloseTo(Math.exp(nll / 3), 10);
    expect(m.calls.scoreContinuations).toBe(2);
  });

  it('a pack of the same file gives the same perplexity (file order, all-pad rows skipped)', async () => {
    const file = join(dir, 'docs.jsonl');
    const docs = ['abab', 'ba', 'aab', '中文a', 'b'];
    await writeFile(file, docs.map((text) => JSON.stringify({ text })).join('\n'));
    const out = join(dir, 'packed');
    await pack({
      tokenizer: 'byte',
      input: file,
      output: out,
      prefix: 'ho',
      blockSize: 4,
      blocksPerChunk: 3,
      minLastChunkFill: 0,
      workers: 0,
    });
    const m = await model();
    const fromJsonl = await perplexity(m, jsonlRows(file, m.tokenizer, 4, { padId: PAD }), { padId: PAD });
    const p = await packedRows(out);
    expect([p.blockSize, p.padId]).toEqual([4, PAD]);
    const fromPack = await perplexity(m, p.rows, { padId: p.padId, batchSize: 3 });
    await p.close();
    expect(fromPack.tokens).toBe(fromJsonl.tokens);
    expect(fromPack.rows).toBe(fromJsonl.rows);
    expect(fromPack.nll).toBeCloseTo(fromJsonl.nll, 10);
  });

  it('maxRows stops early; a pack with another block size is refused', async () => {
    const m = await model();
    const file = join(dir, 'held.jsonl');
    const r = await perplexity(m, jsonlRows(file, m.tokenizer, 2, { padId: PAD }), {
      padId: PAD,
      maxRows: 1,
    });
    expect([r.rows, r.tokens]).toEqual([1, 2]);
    await expect(packedRows(join(dir, 'packed'), 8)).rejects.toThrow(
      /packed with blocks of 4 \(\+1\) tokens/,
    );
  });

  it.each([
    ['not JSON', '{"text":"a"}\n{oops\n', 2, 'not JSON'],
    ['no text field', '{"body":"a"}\n', 1, 'no string field "text"'],
  ])('%s: names file and line', async (_n, body, line, msg) => {
    const file = join(dir, 'bad.jsonl');
    await writeFile(file, body);
    const m = await model();
    await expect(perplexity(m, jsonlRows(file, m.tokenizer, 2, { padId: PAD }))).rejects.toSatisfy(
      (e) => isEvaluatorError(e, 'EVAL_BAD_DATA') && e.details.line === line && e.message.includes(msg),
    );
  });

  it('empty data is an error', async () => {
    const file = join(dir, 'empty.jsonl');
    await writeFile(file, '');
    const m = await model();
    await expect(perplexity(m, jsonlRows(file, m.tokenizer, 2, { padId: PAD }))).rejects.toThrow(
      /no target tokens/,
    );
  });
});

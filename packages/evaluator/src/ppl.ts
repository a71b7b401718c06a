// Perplexity over a held-out set: token-weighted mean NLL = Σ −log p(x_t | row prefix) / #targets over rows of
// T+1 tokens (T predictions each, targets equal to the pad id ignored, as training's ignore_index), ppl = exp(mean).
// Rows come from a pack (@steel/binpack PackedDataset, file order, no shuffle, one epoch) or from a JSONL file
// cut exactly as the packer cuts it: each record's text + separator encoded as one string, documents
// concatenated, rows of T+1 tokens without overlap, the last row padded with the pad id.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { PackedDataset, readManifest, type TextTokenizer } from '@steel/binpack';
import { EvaluatorError } from './errors.js';
import type { TokenLanguageModel } from './scoring/scorer.js';

export interface PerplexityResult {
  /** Predicted (non-pad) target tokens. */
  tokens: number;
  /** Rows scored (rows whose targets are all padding are skipped). */
  rows: number;
  /** Σ −log p over the targets (nats). */
  nll: number;
  /** nll / tokens. */
  meanNll: number;
  /** exp(meanNll). */
  ppl: number;
  /** T: predictions per row (rows hold T+1 tokens). */
  blockSize: number;
  padId: number | null;
}

export interface PerplexityOptions {
  /** Rows per model call (default 4). */
  batchSize?: number;
  /** Targets equal to this id are not scored (default none). */
  padId?: number | null;
  /** Stop after this many rows. */
  maxRows?: number;
  onProgress?: (p: { rows: number; tokens: number; meanNll: number }) => void;
}

/**
 * Scores rows of T+1 tokens.
 * @example const r = await perplexity(model, jsonlRows('held-out.jsonl', model.tokenizer, 512), { padId: 256 });
 */
export async function perplexity(
  model: Pick<TokenLanguageModel, 'scoreContinuations'>,
  rows: AsyncIterable<readonly number[]>,
  o: PerplexityOptions = {},
): Promise<PerplexityResult> {
  const batchSize = o.batchSize ?? 4;
  const pad = o.padId ?? null;
  let nll = 0;
  let tokens = 0;
  let scored = 0;
  let seen = 0;
  let width = 0;
  let batch: (readonly number[])[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const items = batch.map((r) => ({ context: [r[0] as number], continuation: r.slice(1) }));
    const scores = await model.scoreContinuations(items, { batchSize });
    scores.forEach((s, i) => {
      const row = batch[i] as readonly number[];
      s.tokenLogprobs.forEach((lp, t) => {
        if (row[t + 1] === pad) return;
        nll -= lp;
        tokens += 1;
      });
    });
    scored += batch.length;
    batch = [];
    o.onProgress?.({ rows: scored, tokens, meanNll: tokens ? nll / tokens : Number.NaN });
  };
  for await (const row of rows) {
    if (o.maxRows !== undefined && seen >= o.maxRows) break;
    seen += 1;
    if (width === 0) width = row.length;
    if (row.length !== width || width < 2) {
      throw new EvaluatorError(
        'EVAL_BAD_DATA',
        `row ${seen - 1} has ${row.length} tokens, expected ${width} (≥ 2)`,
        {
          expected: String(width),
          found: String(row.length),
        },
      );
    }
    if (row.slice(1).every((t) => t === pad)) continue;
    batch.push(row);
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  if (tokens === 0) {
    throw new EvaluatorError('EVAL_BAD_DATA', 'no target tokens to score (empty data, or padding only)', {
      expected: 'at least one non-pad target',
      found: '0',
    });
  }
  const meanNll = nll / tokens;
  return { tokens, rows: scored, nll, meanNll, ppl: Math.exp(meanNll), blockSize: width - 1, padId: pad };
}

/** A pack's rows in file order (shuffle off, one epoch), with the pad id and T from its manifest. */
export async function packedRows(
  dir: string,
  blockSize?: number,
): Promise<{
  rows: AsyncIterable<number[]>;
  blockSize: number;
  padId: number | null;
  close: () => Promise<void>;
}> {
  const manifest = await readManifest(dir).catch(() => undefined);
  if (blockSize !== undefined && manifest !== undefined && manifest.blockSize !== blockSize) {
    throw new EvaluatorError(
      'EVAL_BAD_DATA',
      `${dir}: packed with blocks of ${manifest.blockSize} (+1) tokens, --block-size says ${blockSize}`,
      { file: dir, expected: String(manifest.blockSize), found: String(blockSize) },
    );
  }
  const T = blockSize ?? manifest?.blockSize;
  if (T === undefined) {
    throw new EvaluatorError(
      'EVAL_BAD_DATA',
      `${dir}: no manifest.json; give the block size the pack was made with`,
      {
        file: dir,
        expected: 'manifest.json or a block size',
        found: 'neither',
      },
    );
  }
  const ds = await PackedDataset.open({ paths: dir, blockSize: T + 1, shuffle: false, epochs: 1 });
  async function* rows() {
    for await (const b of ds.batches({ batchSize: 1, prefetch: 4 })) yield Array.from(b);
  }
  return { rows: rows(), blockSize: T, padId: manifest?.padId ?? null, close: () => ds.close() };
}

/**
 * Rows of T+1 tokens from a JSONL file of `{ [textKey]: string }` records, cut as the packer cuts a pack.
 * Throws EVAL_BAD_DATA naming file and line for a line that is not such a record.
 */
export async function* jsonlRows(
  file: string,
  tokenizer: Pick<TextTokenizer, 'encode'>,
  blockSize: number,
  o: { separator?: string; textKey?: string; padId: number },
): AsyncGenerator<number[]> {
  const sep = o.separator ?? '<|im_end|>';
  const key = o.textKey ?? 'text';
  const W = blockSize + 1;
  let buf: number[] = [];
  let line = 0;
  const lines = createInterface({
    input: createReadStream(file, 'utf8'),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  for await (const raw of lines) {
    line += 1;
    if (raw.trim() === '') continue;
    let rec: unknown;
    try {
      rec = JSON.parse(raw);
    } catch (e) {
      throw badLine(file, line, `not JSON (${(e as Error).message})`);
    }
    const text = (rec as Record<string, unknown> | null)?.[key];
    if (typeof text !== 'string') throw badLine(file, line, `no string field "${key}"`);
    buf.push(...(await tokenizer.encode(text + sep)));
    while (buf.length >= W) {
      yield buf.slice(0, W);
      buf = buf.slice(W);
    }
  }
  if (buf.length > 0) yield [...buf, ...new Array<number>(W - buf.length).fill(o.padId)];
}

function badLine(file: string, line: number, why: string): EvaluatorError {
  return new EvaluatorError('EVAL_BAD_DATA', `${file}:${line}: ${why}; expected one JSON record per line`, {
    file,
    line,
    expected: 'a JSON object with a text field',
    found: why,
  });
}

// Test helpers: a tiny packed dataset (byte tokenizer, pad 256) in a temp folder, and a tiny run config.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pack } from '@steel/binpack';
import { parseTrainConfig, type TrainConfig, type TrainConfigInput } from './config.js';
import { demoCorpus } from './demo-corpus.js';

/**
 * Pack `docs` generated documents (corpus seed `seed`) with the byte tokenizer into `<root>/<name>` (rows of
 * blockSize + 1); `root` defaults to a new temp folder.
 */
export async function tinyPack(
  blockSize: number,
  docs = 60,
  opts: { seed?: number; name?: string; root?: string } = {},
): Promise<{ root: string; packed: string }> {
  const root = opts.root ?? (await mkdtemp(join(tmpdir(), 'steel-trainer-')));
  const name = opts.name ?? 'packed';
  const input = join(root, `${name}.jsonl`);
  await writeFile(
    input,
    `${demoCorpus(docs, opts.seed ?? 5)
      .map((text) => JSON.stringify({ text }))
      .join('\n')}\n`,
  );
  const packed = join(root, name);
  await pack({
    tokenizer: 'byte',
    input,
    output: packed,
    prefix: name,
    blockSize,
    blocksPerChunk: 16,
    workers: 0,
    minLastChunkFill: 0,
  });
  return { root, packed };
}

export function tinyConfig(
  packed: string,
  outDir: string,
  patch: Partial<TrainConfigInput['run']> & { shuffle?: boolean } = {},
): TrainConfig {
  const { shuffle = true, ...run } = patch;
  return parseTrainConfig({
    model: { preset: 'steel-tiny' },
    data: {
      train: packed,
      block_size: 16,
      micro_batch_size: 2,
      grad_accum: 2,
      shuffle,
      seed: 7,
      ignore_index: 256,
    },
    optim: { lr: 1e-2, min_lr: 1e-3, warmup_steps: 2, max_steps: 50 },
    run: { out_dir: outDir, save_every: 3, keep_last: 2, threads: 1, ...run },
  });
}

// The training data reader of a run: data.train parts → one @steel/binpack PackedDataset, or a MixedDataset
// (Steel's CombinedDataset weighting) over several; restore from a checkpoint's reader state with a clear error for
// a missing file; `--add-data` through PackedDataset.append (Steel's add_new_data: duplicates refused).
import { existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { type Manifest, MixedDataset, PackedDataset, type ReaderState, readManifest } from '@steel/binpack';
import type { TrainConfig } from './config.js';
import { TrainerError } from './errors.js';

export type TrainData = PackedDataset | MixedDataset;

/** One `--add-data` folder as recorded in state.json. */
export interface AddedData {
  path: string;
  /** Optimizer step at which it was added. */
  step: number;
  files: number;
  blocks: number;
}

/** The pack manifest beside `path` (a pack folder, or one of its LITPKDS files), if any. */
export async function manifestOf(path: string): Promise<Manifest | undefined> {
  const dir = existsSync(path) && statSync(path).isFile() ? dirname(path) : path;
  return readManifest(dir);
}

/** A pack made for another sequence length would be read with misaligned rows: refuse it up front. */
async function checkBlockSize(path: string, blockSize: number, what: string): Promise<Manifest | undefined> {
  const m = await manifestOf(path);
  if (m && m.blockSize !== blockSize)
    throw new TrainerError(
      'TRAINER_BAD_CONFIG',
      `${what} ${path}: packed with block size ${m.blockSize}, the run config has data.block_size ${blockSize}`,
      { file: path, field: 'data.block_size', expected: String(m.blockSize), found: String(blockSize) },
    );
  return m;
}

/**
 * Open data.train at the start of a run (one part: PackedDataset; several: MixedDataset by weight).
 * Returns the reader and the manifests found beside the parts (tokenizer identity).
 */
export async function openTrainData(
  config: TrainConfig,
): Promise<{ data: TrainData; manifests: Manifest[] }> {
  const d = config.data;
  const manifests: Manifest[] = [];
  const sets: PackedDataset[] = [];
  for (const part of d.train) {
    const m = await checkBlockSize(part.path, d.block_size, 'data.train');
    if (m) manifests.push(m);
    sets.push(
      await PackedDataset.open({
        paths: part.path,
        blockSize: d.block_size + 1,
        seed: d.seed,
        shuffle: d.shuffle,
      }),
    );
  }
  const data =
    sets.length === 1
      ? sets[0]!
      : MixedDataset.create(
          sets.map((dataset, i) => ({ dataset, weight: d.train[i]!.weight })),
          { seed: d.seed },
        );
  return { data, manifests };
}

/** The pack manifests beside the files of a reader (one per folder), for the tokenizer identity. */
export async function readerManifests(data: TrainData): Promise<Manifest[]> {
  const out: Manifest[] = [];
  for (const d of new Set(stateFiles(data.state()).map((f) => dirname(f)))) {
    const m = await manifestOf(d);
    if (m) out.push(m);
  }
  return out;
}

/** Every LITPKDS file a reader state refers to, in order. */
export function stateFiles(state: unknown): string[] {
  const s = state as ReaderState;
  const sets = s.kind === 'mix' ? s.datasets : [s];
  return sets.flatMap((x) => x.files.map((f) => f.path));
}

/**
 * Reopen the reader of a checkpoint (`where` names its state.json for messages): a missing file is
 * TRAINER_DATA_MISSING naming it; a changed one is binpack's BINPACK_FILE_CHANGED naming it.
 */
export async function restoreTrainData(state: unknown, where: string): Promise<TrainData> {
  for (const f of stateFiles(state))
    if (!existsSync(f))
      throw new TrainerError(
        'TRAINER_DATA_MISSING',
        `${f}: data file recorded in ${where} is missing (moved or deleted since the checkpoint was written); ` +
          'put it back, or start a new run',
        { file: f, field: 'data' },
      );
  return (state as ReaderState).kind === 'mix' ? MixedDataset.restore(state) : PackedDataset.restore(state);
}

/**
 * Append packed folders to a resumed reader (Steel's add_new_data): the new blocks are shuffled into the rest of
 * the current epoch; a file already in the reader is BINPACK_ALREADY_ADDED naming it.
 */
export async function appendTrainData(
  data: TrainData,
  dirs: readonly string[],
  blockSize: number,
  step: number,
): Promise<AddedData[]> {
  if (dirs.length === 0) return [];
  if (data instanceof MixedDataset)
    throw new TrainerError(
      'TRAINER_BAD_ARGUMENT',
      `--add-data needs a run with one data.train dataset; this run mixes ${data.datasets.length} ` +
        '(add the folder as another data.train part of a new run instead)',
      { field: 'add-data', found: String(data.datasets.length) },
    );
  const added: AddedData[] = [];
  for (const path of dirs) {
    await checkBlockSize(path, blockSize, '--add-data');
    const r = await data.append(path);
    added.push({ path, step, ...r });
  }
  return added;
}

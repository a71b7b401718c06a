// Tests of data.ts: one data.train part → PackedDataset, several → MixedDataset by weight; a pack of another
// block size refused; a missing file on restore named; --add-data duplicates refused (binpack) and mixes refused.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { isBinpackError, MixedDataset, PackedDataset } from '@steel/binpack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTrainConfig } from './config.js';
import { appendTrainData, openTrainData, restoreTrainData, stateFiles } from './data.js';
import { isTrainerError } from './errors.js';
import { tinyPack } from './test-helpers.js';

let root = '';
let web = '';
let code = '';
beforeAll(async () => {
  ({ root, packed: web } = await tinyPack(16, 60, { name: 'web' }));
  ({ packed: code } = await tinyPack(16, 60, { name: 'code', seed: 8, root }));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const config = (train: unknown, block_size = 16) =>
  parseTrainConfig({
    model: { preset: 'steel-tiny' },
    data: { train, block_size, micro_batch_size: 2, ignore_index: 256 },
    optim: { max_steps: 10, warmup_steps: 1 },
    run: { out_dir: join(root, 'out') },
  });

describe('train data', () => {
  it('one part is a PackedDataset, several a MixedDataset with their weights', async () => {
    const one = await openTrainData(config(web));
    expect(one.data).toBeInstanceOf(PackedDataset);
    expect(one.manifests.map((m) => m.tokenizer.name)).toEqual(['byte']);
    await one.data.close();
    const mix = await openTrainData(
      config([
        { path: web, weight: 3 },
        { path: code, weight: 1 },
      ]),
    );
    expect(mix.data).toBeInstanceOf(MixedDataset);
    const s = mix.data.state();
    expect(s).toMatchObject({ kind: 'mix', weights: [3, 1] });
    // rows drawn from both packs, about 3:1
    const webRows = new Set<string>();
    const ds = await PackedDataset.open({ paths: web, blockSize: 17, shuffle: false });
    for (let i = 0; i < ds.totalBlocks; i++) webRows.add(String(await ds.readBlock(i)));
    await ds.close();
    let fromWeb = 0;
    const it = mix.data.batches({ batchSize: 1 });
    for (let i = 0; i < 200; i++) if (webRows.has(String((await it.next()).value))) fromWeb++;
    await it.return(undefined);
    expect(fromWeb).toBeGreaterThan(120);
    expect(fromWeb).toBeLessThan(180);
    const back = await restoreTrainData(mix.data.state(), 'state.json');
    expect(back).toBeInstanceOf(MixedDataset);
    expect(stateFiles(back.state())).toEqual(stateFiles(s));
    await back.close();
    await mix.data.close();
  });

  it('a pack made for another block size is TRAINER_BAD_CONFIG', async () => {
    const e = await openTrainData(config(web, 32)).catch((x: unknown) => x);
    expect(isTrainerError(e, 'TRAINER_BAD_CONFIG')).toBe(true);
    expect((e as Error).message).toMatch(/packed with block size 16, the run config has data.block_size 32/);
  });

  it('restoring a state whose file is gone is TRAINER_DATA_MISSING naming the file', async () => {
    const { data } = await openTrainData(config(web));
    const state = structuredClone((data as PackedDataset).state());
    await data.close();
    state.files[1]!.path = join(root, 'moved.bin');
    const e = await restoreTrainData(state, 'ck/state.json').catch((x: unknown) => x);
    expect(isTrainerError(e, 'TRAINER_DATA_MISSING')).toBe(true);
    expect((e as Error).message).toMatch(/moved\.bin: data file recorded in ck\/state.json is missing/);
  });

  it('--add-data appends new files, refuses duplicates and mixes', async () => {
    const { data } = await openTrainData(config(web));
    const before = (data as PackedDataset).totalBlocks;
    const [added] = await appendTrainData(data, [code], 16, 5);
    expect(added).toMatchObject({ path: code, step: 5 });
    expect((data as PackedDataset).totalBlocks).toBe(before + added!.blocks);
    const dup = await appendTrainData(data, [code], 16, 6).catch((x: unknown) => x);
    expect(isBinpackError(dup, 'BINPACK_ALREADY_ADDED')).toBe(true);
    await data.close();
    const mix = await openTrainData(config([{ path: web }, { path: code }]));
    const e = await appendTrainData(mix.data, [web], 16, 1).catch((x: unknown) => x);
    expect(isTrainerError(e, 'TRAINER_BAD_ARGUMENT')).toBe(true);
    await mix.data.close();
  });
});

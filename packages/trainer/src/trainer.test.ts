// Exact resume (house style): N straight steps == k steps + save + restore + N−k steps, bit for bit in params and
// losses, shuffled and in file order; plus the checkpoint layout (tokenizer included), keep_last pruning, the
// `latest` pointer, changed / missing data files and --add-data on resume.
import { existsSync } from 'node:fs';
import { readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isBinpackError, PackedDataset } from '@steel/binpack';
import { getPreset, readHfFolder } from '@steel/moe-model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTrainerError } from './errors.js';
import { tinyConfig, tinyPack } from './test-helpers.js';
import { Trainer } from './trainer.js';

const model = getPreset('steel-tiny');
let root = '';
let packed = '';
beforeAll(async () => {
  ({ root, packed } = await tinyPack(16));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function run(trainer: Trainer, steps: number): Promise<number[]> {
  const losses: number[] = [];
  for (let i = 0; i < steps; i++) losses.push((await trainer.next()).loss);
  return losses;
}

describe('Trainer resume', () => {
  it.each([
    [true, 1],
    [false, 1],
    [true, 2],
  ])(
    'shuffle %s, %i thread(s): 6 straight steps == 3 + resume + 3, bit for bit',
    async (shuffle, threads) => {
      const N = 6;
      const k = 3;
      const straight = await Trainer.start(
        tinyConfig(packed, join(root, `a-${shuffle}-${threads}`), { shuffle, threads }),
        model,
      );
      const lossA = await run(straight, N);
      await straight.close();

      const cfgB = tinyConfig(packed, join(root, `b-${shuffle}-${threads}`), { shuffle, threads });
      const first = await Trainer.start(cfgB, model);
      const lossB = await run(first, k); // saves step-000003 at step 3
      await first.close();
      const resumed = await Trainer.resume(cfgB, model, 'latest');
      expect(resumed.step).toBe(k);
      lossB.push(...(await run(resumed, N - k)));

      expect(lossB).toEqual(lossA);
      for (const [n, p] of straight.params)
        expect(Buffer.from(resumed.params.get(n)!.buffer).equals(Buffer.from(p.buffer))).toBe(true);
      for (const [n, m] of straight.optimizer.m) expect(resumed.optimizer.m.get(n)).toEqual(m);
      expect(resumed.optimizer.step).toBe(N);
      expect(lossA[N - 1]!).toBeLessThan(lossA[0]!);
      await resumed.close();
    },
  );

  it('writes HF folders + optimizer + state, prunes to keep_last, points latest at the newest', async () => {
    const out = join(root, 'layout');
    const t = await Trainer.start(tinyConfig(packed, out, { save_every: 1, keep_last: 2 }), model);
    const reports = [await t.next()];
    await t.next();
    await t.next();
    await t.close();
    expect(reports[0]!.saved).toBe(join(out, 'step-000001'));
    expect((await readdir(out)).sort()).toEqual(['latest', 'step-000002', 'step-000003']);
    expect((await readFile(join(out, 'latest'), 'utf8')).trim()).toBe('step-000003');
    const dir = join(out, 'step-000003');
    expect((await readdir(dir)).sort()).toEqual([
      'config.json',
      'model.safetensors',
      'optimizer.safetensors',
      'state.json',
      'steel-tokenizer.json',
    ]);
    const hf = await readHfFolder(dir);
    expect(hf.tensors.size).toBe(t.layout.params.length);
    // the byte tokenizer travels as a binpack TokenizerSpec (the checkpoint-tokenizer contract)
    expect(JSON.parse(await readFile(join(dir, 'steel-tokenizer.json'), 'utf8'))).toEqual({
      kind: 'byte',
      specials: ['<|endoftext|>', '<|im_start|>', '<|im_end|>'],
    });
    const state = JSON.parse(await readFile(join(dir, 'state.json'), 'utf8'));
    expect(state).toMatchObject({ format: 'steel-trainer-state', step: 3, microIteration: 6 });
    expect(state.tokenizer).toMatchObject({ name: 'byte', backend: 'byte', vocabSize: 259 });
    expect(state.elapsedS).toBeGreaterThan(0);
    expect(state.data.order).toBeDefined();
    expect(existsSync(join(out, 'step-000001'))).toBe(false);
  });
});

describe('Trainer data and refusals', () => {
  it('shuffle: false reads blocks in file order, consecutive blocks forming each micro-batch', async () => {
    const ds = await PackedDataset.open({ paths: packed, blockSize: 17, shuffle: false });
    const it = ds.batches({ batchSize: 2 });
    const first = (await it.next()).value as Int32Array;
    const second = (await it.next()).value as Int32Array;
    const blocks = await Promise.all([0, 1, 2, 3].map((i) => ds.readBlock(i)));
    expect(first).toEqual(Int32Array.from([...blocks[0]!, ...blocks[1]!]));
    expect(second).toEqual(Int32Array.from([...blocks[2]!, ...blocks[3]!]));
    await it.return(undefined);
    await ds.close();
  });

  it.each([
    ['no latest pointer', { out: 'empty' }, /no 'latest' pointer/],
    ['a different model', { model: 'steel-micro' }, /written for a different model config/],
    [
      'a different schedule',
      { lr: 0.5 },
      /written with schedule .*"lr":0.01.*the run config gives .*"lr":0.5/,
    ],
  ])('resume refuses %s', async (_what, patch, msg) => {
    const out = join(root, 'refuse');
    if (!existsSync(join(out, 'latest'))) {
      const t = await Trainer.start(tinyConfig(packed, out, { save_every: 1 }), model);
      await t.next();
      await t.close();
    }
    const p = patch as { out?: string; model?: string; lr?: number };
    const cfg = tinyConfig(packed, p.out ? join(root, p.out) : out);
    if (p.lr) cfg.optim.lr = p.lr;
    const e = await Trainer.resume(cfg, p.model ? getPreset(p.model) : model).catch((x: unknown) => x);
    expect(isTrainerError(e, 'TRAINER_BAD_CHECKPOINT')).toBe(true);
    expect((e as Error).message).toMatch(msg);
  });

  it('resume after a data file changed names the file (BINPACK_FILE_CHANGED)', async () => {
    const own = await tinyPack(16);
    const out = join(own.root, 'run');
    const t = await Trainer.start(tinyConfig(own.packed, out, { save_every: 1 }), model);
    await t.next();
    await t.close();
    const file = (t.data as PackedDataset).fileList[0]!.path;
    const bytes = await readFile(file);
    bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 1;
    await writeFile(file, bytes);
    const e = await Trainer.resume(tinyConfig(own.packed, out), model).catch((x: unknown) => x);
    expect(isBinpackError(e, 'BINPACK_FILE_CHANGED')).toBe(true);
    expect((e as Error).message).toContain(file);
  });
});

describe('Trainer data on resume', () => {
  it('a data file missing on resume is TRAINER_DATA_MISSING naming it', async () => {
    const own = await tinyPack(16);
    const out = join(own.root, 'run');
    const t = await Trainer.start(tinyConfig(own.packed, out, { save_every: 1 }), model);
    await t.next();
    await t.close();
    const file = (t.data as PackedDataset).fileList[1]!.path;
    await rename(file, `${file}.moved`);
    const e = await Trainer.resume(tinyConfig(own.packed, out), model).catch((x: unknown) => x);
    expect(isTrainerError(e, 'TRAINER_DATA_MISSING')).toBe(true);
    expect((e as Error).message).toContain(`${file}: data file recorded in ${join(out, 'step-000001')}`);
    await rm(own.root, { recursive: true, force: true });
  });

  it('--add-data: appended on resume, recorded, reopened by a later resume; duplicates refused', async () => {
    const own = await tinyPack(16);
    const extra = await tinyPack(16, 40, { seed: 77, name: 'extra', root: own.root });
    const out = join(own.root, 'run');
    const cfg = tinyConfig(own.packed, out, { save_every: 2 });
    const t = await Trainer.start(cfg, model);
    await t.next();
    await t.next();
    await t.close();
    const files = (t.data as PackedDataset).fileList.length;
    const a = await Trainer.open(cfg, { resume: 'latest', addData: [extra.packed] });
    expect(a.addedData).toEqual([expect.objectContaining({ path: extra.packed, step: 2 })]);
    await a.next();
    const saved = (await a.next()).saved!;
    await a.close();
    const state = JSON.parse(await readFile(join(saved, 'state.json'), 'utf8'));
    expect(state.addedData).toEqual([expect.objectContaining({ path: extra.packed, step: 2 })]);
    const b = await Trainer.resume(cfg, model, 'latest'); // no --add-data: the state reopens the added files
    expect((b.data as PackedDataset).fileList.length).toBeGreaterThan(files);
    expect(b.addedData).toHaveLength(1);
    await b.close();
    const dup = await Trainer.open(cfg, { resume: 'latest', addData: [extra.packed] }).catch(
      (x: unknown) => x,
    );
    expect(isBinpackError(dup, 'BINPACK_ALREADY_ADDED')).toBe(true);
    expect((dup as Error).message).toMatch(/already added/);
    const noResume = await Trainer.open(cfg, { addData: [extra.packed] }).catch((x: unknown) => x);
    expect(isTrainerError(noResume, 'TRAINER_BAD_ARGUMENT')).toBe(true);
    await rm(own.root, { recursive: true, force: true });
  });
});

// Tests of val-session.ts: the validation loss is the token-weighted mean of per-micro-batch losses over the
// held-out pack in file order (checked against the grad graph's loss), eval_batches limits it, tiny sets refused.
import { rm } from 'node:fs/promises';
import { PackedDataset } from '@steel/binpack';
import { buildLayout, getPreset, initParams } from '@steel/moe-model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTrainerError } from './errors.js';
import { createGradSession } from './session.js';
import { tinyPack } from './test-helpers.js';
import { splitBatch } from './train-step.js';
import { createValSession } from './val-session.js';

const layout = buildLayout(getPreset('steel-tiny'));
const params = initParams(layout, 3) as Map<string, Float32Array>;
const opts = { batch: 2, seq: 16, ignoreIndex: 256 };
let root = '';
let packed = '';
beforeAll(async () => {
  ({ root, packed } = await tinyPack(16, 12, { seed: 9, name: 'val' }));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('createValSession', () => {
  it('token-weighted mean over micro-batches in file order, ppl = exp(loss)', async () => {
    const v = await createValSession(layout, packed, opts);
    const r = await v.evaluate(params);
    await v.release();
    // reference: the grad graph's per-batch mean loss over the same blocks, weighted by non-pad targets
    const ds = await PackedDataset.open({ paths: packed, blockSize: 17, shuffle: false });
    const g = await createGradSession(layout, opts);
    let sum = 0;
    let n = 0;
    for (let b = 0; b < Math.floor(ds.totalBlocks / 2); b++) {
      const rows = Int32Array.from([...(await ds.readBlock(2 * b)), ...(await ds.readBlock(2 * b + 1))]);
      const { inputs, targets } = splitBatch(rows, 17);
      const k = [...targets].filter((t) => t !== 256n).length;
      if (k === 0) continue;
      sum += (await g.run(inputs, targets, params)).loss * k;
      n += k;
    }
    await g.release();
    await ds.close();
    expect(v.batches).toBe(Math.floor(v.blocks / 2));
    expect(r.tokens).toBe(n);
    expect(Math.abs(r.loss - sum / n) / (sum / n)).toBeLessThan(1e-6);
    expect(r.ppl).toBeCloseTo(Math.exp(r.loss), 6);
    expect(r.loss).toBeGreaterThan(Math.log(512) - 1); // an untrained model: near uniform over the vocab
  });

  it('eval_batches scores only the first micro-batches', async () => {
    const v = await createValSession(layout, packed, { ...opts, maxBatches: 1 });
    const r = await v.evaluate(params);
    await v.release();
    expect(r.batches).toBe(1);
    expect(r.tokens).toBeLessThanOrEqual(2 * 16);
  });

  it('a set smaller than one micro-batch is TRAINER_BAD_CONFIG', async () => {
    const e = await createValSession(layout, packed, { ...opts, batch: 1000 }).catch((x: unknown) => x);
    expect(isTrainerError(e, 'TRAINER_BAD_CONFIG')).toBe(true);
    expect((e as Error).message).toMatch(/fewer than one micro-batch of 1000/);
  });
});

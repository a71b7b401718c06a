// Tests of loop.ts: with validation and metrics on, k steps + resume + N−k equals N straight steps bit for bit
// (params, train rows, val losses); validation at step 0 / eval_every / the end; MFU from flopsPerToken and
// peak_flops; a stop request finishes the step and leaves a resumable checkpoint; the report is written.
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { flopsPerToken, getPreset } from '@steel/moe-model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTrainConfig, type TrainConfig } from './config.js';
import { trainLoop } from './loop.js';
import { readMetrics, type TrainRow, type ValRow } from './metrics.js';
import { tinyConfig, tinyPack } from './test-helpers.js';
import { Trainer } from './trainer.js';

const model = getPreset('steel-tiny');
let root = '';
let packed = '';
let val = '';
beforeAll(async () => {
  ({ root, packed } = await tinyPack(16));
  ({ packed: val } = await tinyPack(16, 16, { seed: 99, name: 'val', root }));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function withVal(out: string, run: Partial<TrainConfig['run']>): TrainConfig {
  const c = tinyConfig(packed, out, { save_every: 3, ...run });
  return parseTrainConfig({
    ...c,
    data: { ...c.data, val },
    run: { ...c.run, eval_every: 2, peak_flops: 1e11, ...run },
  });
}

const trainRows = async (dir: string) =>
  (await readMetrics(dir)).filter((r): r is TrainRow => r.kind === 'train');
const valRows = async (dir: string) => (await readMetrics(dir)).filter((r): r is ValRow => r.kind === 'val');
const numbers = (r: TrainRow) => [r.step, r.loss, r.lr, r.grad_norm, r.tokens];

describe('trainLoop', () => {
  it('resume with validation and metrics on is bit-identical to a straight run', async () => {
    const a = join(root, 'straight');
    const ta = await Trainer.start(withVal(a, { max_steps: 6 }), model);
    const ra = await trainLoop(ta, { report: false });
    await ta.close();
    expect(ra.step).toBe(6);
    expect((await valRows(a)).map((r) => r.step)).toEqual([0, 2, 4, 6]);
    expect(ra.lastVal!.val_loss).toBeLessThan(ra.firstVal!.val_loss);

    const b = join(root, 'resumed');
    const tb = await Trainer.start(withVal(b, { max_steps: 3 }), model);
    await trainLoop(tb, { report: false });
    await tb.close();
    const tc = await Trainer.resume(withVal(b, { max_steps: 6 }), model, 'latest');
    await trainLoop(tc, { report: false });
    await tc.close();

    for (const [n, p] of ta.params)
      expect(Buffer.from(tc.params.get(n)!.buffer).equals(Buffer.from(p.buffer))).toBe(true);
    expect((await trainRows(b)).map(numbers)).toEqual((await trainRows(a)).map(numbers));
    const vb = new Map((await valRows(b)).map((r) => [r.step, r.val_loss]));
    expect([...vb.keys()]).toEqual([0, 2, 3, 4, 6]); // + the end of the first process
    for (const r of await valRows(a)) expect(vb.get(r.step)).toBe(r.val_loss);
    const rows = await trainRows(b);
    expect(rows[3]!.elapsed_s).toBeGreaterThan(rows[2]!.elapsed_s); // elapsed continues across the resume
  });

  it('rows carry tokens/s, MFU = tokens/s × FLOPs/token / peak_flops, ETA; events in order', async () => {
    const out = join(root, 'mfu');
    const t = await Trainer.start(withVal(out, { max_steps: 2 }), model);
    const kinds: string[] = [];
    const r = await trainLoop(t, { report: false, onEvent: (e) => kinds.push(e.kind) });
    await t.close();
    expect(kinds).toEqual(['start', 'val', 'train', 'train', 'val', 'saved']);
    const [first, second] = await trainRows(out);
    const perToken = flopsPerToken(model, 16).training;
    expect(first!.tokens).toBe(2 * 16 * 2);
    expect(second!.tokens).toBe(2 * first!.tokens);
    expect(first!.tokens_per_s).toBeCloseTo(first!.tokens / (first!.step_ms / 1000), 6);
    expect(first!.mfu).toBeCloseTo((first!.tokens_per_s * perToken) / 1e11, 12);
    expect(second!.eta_s).toBe(0);
    expect(first!.eta_s).toBeGreaterThan(0);
    expect(r.checkpoint).toBe(join(out, 'step-000002'));
  });

  it('a stop request ends after the current step with a checkpoint that resumes', async () => {
    const out = join(root, 'stop');
    const cfg = withVal(out, { save_every: 100 });
    const t = await Trainer.start(cfg, model);
    let n = 0;
    const r = await trainLoop(t, {
      report: false,
      onEvent: (e) => {
        if (e.kind === 'train') n++;
      },
      stopRequested: () => (n >= 2 ? 'SIGINT' : undefined),
    });
    await t.close();
    expect(r).toMatchObject({ step: 2, stopped: 'SIGINT', checkpoint: join(out, 'step-000002') });
    const back = await Trainer.resume(cfg, model, 'latest');
    expect(back.step).toBe(2);
    await back.close();
  });

  it('writes report.svg and report.html into the run dir at the end', async () => {
    const out = join(root, 'report');
    const t = await Trainer.start(withVal(out, { max_steps: 2 }), model);
    const r = await trainLoop(t);
    await t.close();
    expect(r.report).toEqual({ svg: join(out, 'report.svg'), html: join(out, 'report.html') });
    expect(existsSync(join(out, 'report.svg')) && existsSync(join(out, 'report.html'))).toBe(true);
  });
});

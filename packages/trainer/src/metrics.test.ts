// Tests of metrics.ts: the contract's row shapes in metrics.jsonl / metrics.csv / val.csv, continuing on resume
// (rows beyond the resumed step dropped), a torn last line from a crash skipped, a fresh run starting over.
import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MetricsLog, readMetrics, type TrainRow, type ValRow } from './metrics.js';

const train = (step: number): TrainRow => ({
  kind: 'train',
  step,
  loss: 5 - step / 10,
  lr: 1e-3,
  grad_norm: 0.5,
  tokens: step * 64,
  tokens_per_s: 1000,
  mfu: step === 2 ? null : 0.01,
  step_ms: 64,
  elapsed_s: step * 0.064,
  eta_s: 1,
  time: '2025-01-01T00:00:00.000Z',
});
const val = (step: number): ValRow => ({
  kind: 'val',
  step,
  val_loss: 4,
  val_ppl: Math.exp(4),
  tokens: 99,
  time: '2025-01-01T00:00:00.000Z',
});

describe('MetricsLog', () => {
  it('writes the contract rows, continues on resume dropping later rows, skips a torn line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'steel-metrics-'));
    const a = await MetricsLog.open(dir, null);
    await a.append(val(0));
    for (const s of [1, 2, 3, 4]) await a.append(train(s));
    await a.append(val(4));
    await appendFile(join(dir, 'metrics.jsonl'), '{"kind":"train","st'); // crash mid-append
    const jsonl = (await readFile(join(dir, 'metrics.jsonl'), 'utf8')).split('\n');
    expect(JSON.parse(jsonl[1]!)).toEqual(train(1));
    const csv = (await readFile(join(dir, 'metrics.csv'), 'utf8')).trim().split('\n');
    expect(csv[0]).toBe('kind,step,loss,lr,grad_norm,tokens,tokens_per_s,mfu,step_ms,elapsed_s,eta_s,time');
    expect(csv[2]).toBe('train,2,4.8,0.001,0.5,128,1000,,64,0.128,1,2025-01-01T00:00:00.000Z');
    expect(csv).toHaveLength(5);

    const b = await MetricsLog.open(dir, 2); // resumed from the step-2 checkpoint
    expect(b.lastTrain).toEqual(train(2));
    expect(b.hasVal(0)).toBe(true);
    expect(b.hasVal(4)).toBe(false);
    await b.append(train(3));
    expect((await readMetrics(dir)).map((r) => `${r.kind}${r.step}`)).toEqual([
      'val0',
      'train1',
      'train2',
      'train3',
    ]);
    const csv2 = (await readFile(join(dir, 'metrics.csv'), 'utf8')).trim().split('\n');
    expect(csv2.map((l) => l.split(',')[1])).toEqual(['step', '1', '2', '3']);
    const v = (await readFile(join(dir, 'val.csv'), 'utf8')).trim().split('\n');
    expect(v).toEqual([
      'kind,step,val_loss,val_ppl,tokens,time',
      `val,0,4,${Math.exp(4)},99,2025-01-01T00:00:00.000Z`,
    ]);

    const c = await MetricsLog.open(dir, null); // a fresh run in the same folder starts over
    expect(await readMetrics(dir)).toEqual([]);
    expect(c.lastTrain).toBeUndefined();
    await rm(dir, { recursive: true, force: true });
  });
});

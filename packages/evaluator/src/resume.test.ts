// Tests of resume.ts through runBenchmark: finished subjects are stored atomically and not recomputed (counted in
// model calls), a missing subject is recomputed alone, other settings or changed data in the same folder are
// errors; plus the bad-input errors a run meets before any model time (missing split folder, no answers).
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isEvaluatorError } from './errors.js';
import { settingsFingerprint } from './resume.js';
import { runBenchmark } from './run-benchmark.js';
import { controlledScorer } from './scoring/test-helpers.js';

const FIX = fileURLToPath(new URL('../test/fixtures/run', import.meta.url));
const LETTERS = { P1: { A: 3 }, P2: { B: 1 }, L1: { B: 1 } };
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'steel-eval-resume-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const base = {
  benchmark: 'ceval',
  dataDir: `${FIX}/ceval`,
  subjects: ['college_physics', 'logic'],
  protocol: 'loglik',
} as const;

describe('resume', () => {
  it('stores each subject, reuses them on rerun, recomputes only what is missing', async () => {
    const out = join(dir, 'run1');
    const a = await controlledScorer(LETTERS);
    const first = await runBenchmark({ ...base, scorer: a.scorer, outDir: out, date: 'D' });
    expect(first.computed).toEqual(['college_physics', 'logic']);
    expect(a.model.calls.items).toBe(24);
    expect((await readdir(join(out, 'subjects'))).sort()).toEqual(['college_physics.json', 'logic.json']);
    expect((await readdir(out)).sort()).toEqual([
      'categories.csv',
      'report.json',
      'report.md',
      'report.svg',
      'subjects',
      'subjects.csv',
    ]);

    const b = await controlledScorer(LETTERS);
    const again = await runBenchmark({ ...base, scorer: b.scorer, outDir: out, date: 'D' });
    expect([again.computed, again.reused]).toEqual([[], ['college_physics', 'logic']]);
    expect(b.model.calls).toMatchObject({ scoreContinuations: 0, items: 0 });
    expect(again.report).toEqual(first.report);

    await rm(join(out, 'subjects/logic.json'));
    const c = await controlledScorer(LETTERS);
    const third = await runBenchmark({ ...base, scorer: c.scorer, outDir: out, date: 'D' });
    expect([third.computed, third.reused]).toEqual([['logic'], ['college_physics']]);
    expect(c.model.calls.items).toBe(8); // 2 logic questions × 4 options
    expect(third.report).toEqual(first.report);
  });

  it('refuses a folder made under other settings, naming what differs', async () => {
    const out = join(dir, 'run2');
    const a = await controlledScorer(LETTERS);
    await runBenchmark({ ...base, scorer: a.scorer, outDir: out });
    await expect(runBenchmark({ ...base, shots: 5, scorer: a.scorer, outDir: out })).rejects.toSatisfy(
      (e) =>
        isEvaluatorError(e, 'EVAL_RESUME_MISMATCH') &&
        e.message.includes('college_physics.json') &&
        e.message.includes('shots: stored 0, now 5'),
    );
  });

  it('refuses a record whose questions no longer match the data', async () => {
    const data = join(dir, 'data');
    await cp(`${FIX}/ceval`, data, { recursive: true });
    const out = join(dir, 'run3');
    const a = await controlledScorer(LETTERS);
    await runBenchmark({ ...base, dataDir: data, scorer: a.scorer, outDir: out });
    const file = join(data, 'val/logic_val.csv');
    await writeFile(file, `${await readFile(file, 'utf8')}9,【L3】新题,1,2,3,4,A,\n`);
    await expect(runBenchmark({ ...base, dataDir: data, scorer: a.scorer, outDir: out })).rejects.toThrow(
      /logic\.json: holds 2 questions of 'logic', the data now has 3/,
    );
  });

  it('fingerprints ignore key order', () => {
    expect(settingsFingerprint({ a: 1, b: 'x' })).toBe(settingsFingerprint({ b: 'x', a: 1 }));
    expect(settingsFingerprint({ a: 1 })).not.toBe(settingsFingerprint({ a: 2 }));
  });
});

describe('bad input before any model call', () => {
  it('a data dir without the split folder', async () => {
    const { scorer, model } = await controlledScorer({});
    await expect(runBenchmark({ ...base, dataDir: `${FIX}/cmmlu`, scorer, shots: 0 })).rejects.toSatisfy(
      (e) =>
        isEvaluatorError(e, 'EVAL_MISSING_SPLIT') &&
        /cmmlu\/val: no val\/ folder; expected the official C-Eval layout \(dev\/ val\/ test\/\)/.test(
          e.message,
        ),
    );
    expect(model.calls.items).toBe(0);
  });

  it('a missing subject file names the file', async () => {
    const { scorer } = await controlledScorer({});
    await expect(runBenchmark({ ...base, subjects: ['law'], scorer })).rejects.toSatisfy(
      (e) => isEvaluatorError(e, 'EVAL_MISSING_SPLIT') && String(e.details.file).endsWith('val/law_val.csv'),
    );
  });

  it('the C-Eval test split has no answers', async () => {
    const { scorer } = await controlledScorer({});
    await expect(runBenchmark({ ...base, subjects: ['logic'], split: 'test', scorer })).rejects.toThrow(
      /logic_test\.csv:2: the test split has no answers to score against/,
    );
  });

  it('an unknown subject and too few dev shots', async () => {
    const { scorer } = await controlledScorer({});
    await expect(runBenchmark({ ...base, subjects: ['astrology'], scorer })).rejects.toThrow(
      /unknown C-Eval subject 'astrology'/,
    );
    await expect(runBenchmark({ ...base, shots: 6, subjects: ['logic'], scorer })).rejects.toSatisfy((e) =>
      isEvaluatorError(e, 'EVAL_NOT_ENOUGH_SHOTS'),
    );
  });
});

// Tests of benchmarks/mmlu.ts: the 57-subject table and its categories (hendrycks/test categories.py), the
// headerless CSV reader with `data/` nesting, and errors naming file and line.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isEvaluatorError } from '../errors.js';
import { MMLU_SUBJECTS, mmluSubject, parseMmluCsv, readMmluSubject } from './mmlu.js';

const DATA = fileURLToPath(new URL('../../test/fixtures/run/mmlu', import.meta.url));

describe('MMLU subject table', () => {
  it('has 57 unique subjects', () => {
    expect(new Set(MMLU_SUBJECTS.map((s) => s.id)).size).toBe(57);
  });

  it.each([
    ['STEM', 18],
    ['humanities', 13],
    ['social sciences', 12],
    ['other (business, health, misc.)', 14],
  ])('%s has %i subjects', (cat, n) => {
    expect(MMLU_SUBJECTS.filter((s) => s.category === cat)).toHaveLength(n);
  });

  it.each([
    ['anatomy', 'health', 'other (business, health, misc.)'],
    ['human_sexuality', 'culture', 'social sciences'],
    ['formal_logic', 'philosophy', 'humanities'],
    ['high_school_statistics', 'math', 'STEM'],
  ])('%s → %s → %s', (id, sub, cat) => {
    expect([mmluSubject(id).subcategory, mmluSubject(id).category]).toEqual([sub, cat]);
  });
});

describe('reading MMLU', () => {
  it('reads data/test/{subject}_test.csv without a header, quoted fields intact', async () => {
    const qs = await readMmluSubject(DATA, 'astronomy', 'test');
    expect(qs.map((q) => [q.id, q.answer, q.line])).toEqual([
      ['0', 'B', 1],
      ['1', 'B', 2],
    ]);
    expect(qs[1]!.question).toBe('[M2] Invented: which, of these, is a "moon"?');
  });

  it.each([
    ['five fields', 'q,a,b,c,A\n', 'EVAL_BAD_COLUMNS', 1, 'expected 6 fields'],
    ['a header row', 'question,A,B,C,D,answer\nq,a,b,c,d,A\n', 'EVAL_BAD_COLUMNS', 1, 'headerless'],
    ['answer outside A-D', 'q,a,b,c,d,A\nq,a,b,c,d,F\n', 'EVAL_BAD_ANSWER', 2, "found 'F'"],
    ['empty file', '', 'EVAL_EMPTY_SUBJECT', 1, 'empty'],
  ] as const)('%s', (_n, text, code, line, msg) => {
    try {
      parseMmluCsv(text, 'anatomy', 'test/anatomy_test.csv');
      expect.unreachable();
    } catch (e) {
      expect(isEvaluatorError(e, code)).toBe(true);
      if (isEvaluatorError(e)) {
        expect(e.details.line).toBe(line);
        expect(e.message).toContain('test/anatomy_test.csv');
        expect(e.message).toContain(msg);
      }
    }
  });

  it('names a missing file', async () => {
    await expect(readMmluSubject(DATA, 'virology', 'val')).rejects.toSatisfy(
      (e) =>
        isEvaluatorError(e, 'EVAL_MISSING_SPLIT') &&
        String(e.details.file).endsWith('data/val/virology_val.csv'),
    );
  });
});

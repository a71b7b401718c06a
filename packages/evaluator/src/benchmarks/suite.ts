// The three multiple-choice benchmarks behind one shape: subject table, splits, the split each protocol scores
// (C-Eval val — its test split has no answers —, CMMLU test, MMLU test), few-shot examples from dev, a reader,
// and a check that the split folders exist before any model time is spent.
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { EvaluatorError } from '../errors.js';
import { CEVAL_SPLITS, CEVAL_SUBJECTS, type CevalSplit, readCevalSubject } from './ceval.js';
import { CMMLU_SPLITS, CMMLU_SUBJECTS, type CmmluSplit, readCmmluSubject } from './cmmlu.js';
import { MMLU_SPLITS, MMLU_SUBJECTS, type MmluSplit, mmluRoot, readMmluSubject } from './mmlu.js';
import type { McQuestion, SubjectInfo } from './question.js';

export type BenchmarkName = 'ceval' | 'cmmlu' | 'mmlu';
export const BENCHMARKS: readonly BenchmarkName[] = ['ceval', 'cmmlu', 'mmlu'];

export interface BenchmarkSuite {
  name: BenchmarkName;
  /** Display name (C-Eval, CMMLU, MMLU). */
  title: string;
  subjects: readonly SubjectInfo[];
  splits: readonly string[];
  /** The split scored by default. */
  evalSplit: string;
  /** Where few-shot examples come from. */
  shotSplit: 'dev';
  /** The folder holding the split folders (MMLU: `dataDir` or `dataDir/data`). */
  root(dataDir: string): Promise<string>;
  read(dataDir: string, subject: string, split: string): Promise<McQuestion[]>;
}

const same = async (dataDir: string) => dataDir;

const SUITES: Readonly<Record<BenchmarkName, BenchmarkSuite>> = {
  ceval: {
    name: 'ceval',
    title: 'C-Eval',
    subjects: CEVAL_SUBJECTS,
    splits: CEVAL_SPLITS,
    evalSplit: 'val',
    shotSplit: 'dev',
    root: same,
    read: (d, s, split) => readCevalSubject(d, s, split as CevalSplit),
  },
  cmmlu: {
    name: 'cmmlu',
    title: 'CMMLU',
    subjects: CMMLU_SUBJECTS,
    splits: CMMLU_SPLITS,
    evalSplit: 'test',
    shotSplit: 'dev',
    root: same,
    read: (d, s, split) => readCmmluSubject(d, s, split as CmmluSplit),
  },
  mmlu: {
    name: 'mmlu',
    title: 'MMLU',
    subjects: MMLU_SUBJECTS,
    splits: MMLU_SPLITS,
    evalSplit: 'test',
    shotSplit: 'dev',
    root: mmluRoot,
    read: (d, s, split) => readMmluSubject(d, s, split as MmluSplit),
  },
};

/** The suite of a benchmark name; throws EVAL_BAD_OPTIONS for another name. */
export function getSuite(name: string): BenchmarkSuite {
  const s = SUITES[name as BenchmarkName];
  if (s === undefined) {
    throw new EvaluatorError('EVAL_BAD_OPTIONS', `unknown benchmark '${name}'`, {
      field: 'benchmark',
      expected: BENCHMARKS.join('|'),
      found: name,
    });
  }
  return s;
}

/** The subjects to run: all of the table (in its order) or the named ones (each must exist). */
export function selectSubjects(suite: BenchmarkSuite, ids?: readonly string[]): SubjectInfo[] {
  if (ids === undefined || ids.length === 0) return [...suite.subjects];
  const known = new Map(suite.subjects.map((s) => [s.id, s]));
  return ids.map((id) => {
    const s = known.get(id);
    if (s === undefined) {
      throw new EvaluatorError('EVAL_UNKNOWN_SUBJECT', `unknown ${suite.title} subject '${id}'`, {
        expected: `one of the ${suite.subjects.length} ${suite.title} subject ids`,
        found: id,
      });
    }
    return s;
  });
}

/**
 * Checks that `dataDir` holds each split folder, so a wrong `--data-dir` fails before the model loads.
 * Throws EVAL_MISSING_SPLIT naming the folder and the layout expected.
 */
export async function checkSplitFolders(
  suite: BenchmarkSuite,
  dataDir: string,
  splits: readonly string[],
): Promise<void> {
  const root = await suite.root(dataDir);
  for (const split of splits) {
    if (!suite.splits.includes(split)) {
      throw new EvaluatorError('EVAL_BAD_OPTIONS', `${suite.title} has no split '${split}'`, {
        field: 'split',
        expected: suite.splits.join('|'),
        found: split,
      });
    }
    const dir = join(root, split);
    const ok = await stat(dir).then(
      (s) => s.isDirectory(),
      () => false,
    );
    if (!ok) {
      throw new EvaluatorError(
        'EVAL_MISSING_SPLIT',
        `${dir}: no ${split}/ folder; expected the official ${suite.title} layout (${suite.splits.map((s) => `${s}/`).join(' ')}) under ${root}`,
        { file: dir, expected: `${split}/ folder`, found: 'nothing' },
      );
    }
  }
}

// MMLU (Hendrycks et al. 2021, github.com/hendrycks/test): 57 subjects, splits dev (5 per subject), val and test.
// The official tarball's layout is `data/{split}/{subject}_{split}.csv`, headerless, columns
// `question,A,B,C,D,answer`. The subject table restates hendrycks/test `categories.py` (subcategories →
// categories), facts only. MMLU has no Chinese names: `nameZh` repeats the English name so reports stay uniform.
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseCsv } from '../csv.js';
import { EvaluatorError } from '../errors.js';
import { readText } from './ceval.js';
import { type McQuestion, parseAnswer, type SubjectInfo } from './question.js';

export type MmluCategory = 'STEM' | 'humanities' | 'social sciences' | 'other (business, health, misc.)';
export type MmluSplit = 'dev' | 'val' | 'test';
export const MMLU_SPLITS: readonly MmluSplit[] = ['dev', 'val', 'test'];

// categories.py: which subcategories make up each category.
const CATEGORY_OF: Readonly<Record<string, MmluCategory>> = {
  physics: 'STEM',
  chemistry: 'STEM',
  biology: 'STEM',
  'computer science': 'STEM',
  math: 'STEM',
  engineering: 'STEM',
  history: 'humanities',
  philosophy: 'humanities',
  law: 'humanities',
  politics: 'social sciences',
  culture: 'social sciences',
  economics: 'social sciences',
  geography: 'social sciences',
  psychology: 'social sciences',
  other: 'other (business, health, misc.)',
  business: 'other (business, health, misc.)',
  health: 'other (business, health, misc.)',
};

// [id, subcategory], in categories.py order.
const ROWS: readonly (readonly [string, string])[] = [
  ['abstract_algebra', 'math'],
  ['anatomy', 'health'],
  ['astronomy', 'physics'],
  ['business_ethics', 'business'],
  ['clinical_knowledge', 'health'],
  ['college_biology', 'biology'],
  ['college_chemistry', 'chemistry'],
  ['college_computer_science', 'computer science'],
  ['college_mathematics', 'math'],
  ['college_medicine', 'health'],
  ['college_physics', 'physics'],
  ['computer_security', 'computer science'],
  ['conceptual_physics', 'physics'],
  ['econometrics', 'economics'],
  ['electrical_engineering', 'engineering'],
  ['elementary_mathematics', 'math'],
  ['formal_logic', 'philosophy'],
  ['global_facts', 'other'],
  ['high_school_biology', 'biology'],
  ['high_school_chemistry', 'chemistry'],
  ['high_school_computer_science', 'computer science'],
  ['high_school_european_history', 'history'],
  ['high_school_geography', 'geography'],
  ['high_school_government_and_politics', 'politics'],
  ['high_school_macroeconomics', 'economics'],
  ['high_school_mathematics', 'math'],
  ['high_school_microeconomics', 'economics'],
  ['high_school_physics', 'physics'],
  ['high_school_psychology', 'psychology'],
  ['high_school_statistics', 'math'],
  ['high_school_us_history', 'history'],
  ['high_school_world_history', 'history'],
  ['human_aging', 'health'],
  ['human_sexuality', 'culture'],
  ['international_law', 'law'],
  ['jurisprudence', 'law'],
  ['logical_fallacies', 'philosophy'],
  ['machine_learning', 'computer science'],
  ['management', 'business'],
  ['marketing', 'business'],
  ['medical_genetics', 'health'],
  ['miscellaneous', 'other'],
  ['moral_disputes', 'philosophy'],
  ['moral_scenarios', 'philosophy'],
  ['nutrition', 'health'],
  ['philosophy', 'philosophy'],
  ['prehistory', 'history'],
  ['professional_accounting', 'other'],
  ['professional_law', 'law'],
  ['professional_medicine', 'health'],
  ['professional_psychology', 'psychology'],
  ['public_relations', 'politics'],
  ['security_studies', 'politics'],
  ['sociology', 'culture'],
  ['us_foreign_policy', 'politics'],
  ['virology', 'health'],
  ['world_religions', 'philosophy'],
];

/** All 57 MMLU subjects with their subcategory and category (groups = [category]). */
export const MMLU_SUBJECTS: readonly (SubjectInfo<MmluCategory> & { subcategory: string })[] = ROWS.map(
  ([id, subcategory]) => {
    const nameEn = id.replaceAll('_', ' ');
    const category = CATEGORY_OF[subcategory] as MmluCategory;
    return { id, nameZh: nameEn, nameEn, category, subcategory, groups: [category] };
  },
);

const BY_ID = new Map(MMLU_SUBJECTS.map((s) => [s.id, s]));

/** The subject's entry; throws EVAL_UNKNOWN_SUBJECT for a name categories.py does not have. */
export function mmluSubject(id: string): SubjectInfo<MmluCategory> & { subcategory: string } {
  const s = BY_ID.get(id);
  if (s === undefined) {
    throw new EvaluatorError('EVAL_UNKNOWN_SUBJECT', `unknown MMLU subject '${id}'`, {
      expected: 'one of the 57 MMLU subject ids',
      found: id,
    });
  }
  return s;
}

/**
 * The folder holding `dev/ val/ test/`: `dataDir` itself, or `dataDir/data` as the official tarball unpacks.
 */
export async function mmluRoot(dataDir: string): Promise<string> {
  const nested = join(dataDir, 'data');
  const isDir = await stat(nested).then(
    (s) => s.isDirectory(),
    () => false,
  );
  return isDir ? nested : dataDir;
}

/** Path of one subject's split file under an MMLU root (see `mmluRoot`). */
export function mmluFile(root: string, subject: string, split: MmluSplit): string {
  return join(root, split, `${subject}_${split}.csv`);
}

/** Parses one headerless MMLU CSV; every row needs six fields and an answer A–D. */
export function parseMmluCsv(text: string, subject: string, file: string): McQuestion[] {
  const records = parseCsv(text, file);
  if (records.length === 0) {
    throw new EvaluatorError('EVAL_EMPTY_SUBJECT', `${file}: the file is empty; expected question rows`, {
      file,
      line: 1,
      expected: 'at least one row',
      found: '0 rows',
    });
  }
  return records.map((r, i) => {
    const f = r.fields;
    if (f.length !== 6) {
      throw new EvaluatorError(
        'EVAL_BAD_COLUMNS',
        `${file}:${r.line}: expected 6 fields (question,A,B,C,D,answer; MMLU files have no header), found ${f.length}`,
        { file, line: r.line, expected: '6', found: String(f.length) },
      );
    }
    if (i === 0 && f[5]?.trim().toLowerCase() === 'answer') {
      throw new EvaluatorError(
        'EVAL_BAD_COLUMNS',
        `${file}:${r.line}: found a header row; the official MMLU files are headerless`,
        { file, line: r.line, expected: 'a question row', found: f.join(',') },
      );
    }
    return {
      subject,
      id: String(i),
      question: f[0] ?? '',
      options: [f[1] ?? '', f[2] ?? '', f[3] ?? '', f[4] ?? ''],
      answer: parseAnswer(f[5] ?? '', file, r.line),
      explanation: '',
      file,
      line: r.line,
    };
  });
}

/**
 * Reads one subject's split from the official layout (`dataDir` or `dataDir/data`).
 * @example const qs = await readMmluSubject('/data/mmlu', 'anatomy', 'test');
 */
export async function readMmluSubject(
  dataDir: string,
  subject: string,
  split: MmluSplit,
): Promise<McQuestion[]> {
  mmluSubject(subject);
  const file = mmluFile(await mmluRoot(dataDir), subject, split);
  const text = await readText(file, `MMLU ${split} split of '${subject}'`);
  return parseMmluCsv(text, subject, file);
}

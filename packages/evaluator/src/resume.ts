// Resume records: one JSON file per finished subject under `outDir/subjects/`, written atomically, holding the
// settings fingerprint, the question ids scored and every result. A rerun with the same settings reuses them and
// scores only the missing subjects; different settings or changed data in the same folder are an error (a
// report must never mix protocols).
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { EvaluatorError } from './errors.js';
import { writeFileAtomic } from './fs-atomic.js';
import type { QuestionRecord } from './protocols/run-types.js';

export const SUBJECT_RECORD_FORMAT = 'steel-eval-subject';

/** Everything that changes a subject's results; stored and compared on resume. */
export type RunSettings = Readonly<Record<string, string | number | boolean | null>>;

const letter = z.enum(['A', 'B', 'C', 'D']);
const RecordSchema = z.strictObject({
  subject: z.string(),
  id: z.string(),
  gold: letter,
  predicted: letter.nullable(),
  logprobs: z.array(z.number()).optional(),
  reply: z.string().optional(),
  rule: z.string().nullable().optional(),
});
const FileSchema = z.strictObject({
  format: z.literal(SUBJECT_RECORD_FORMAT),
  version: z.literal(1),
  fingerprint: z.string(),
  settings: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  subject: z.string(),
  questionIds: z.array(z.string()),
  seconds: z.number(),
  finishedAt: z.string(),
  results: z.array(RecordSchema),
});

/** sha256 of the settings with sorted keys. */
export function settingsFingerprint(settings: RunSettings): string {
  const sorted = Object.fromEntries(Object.entries(settings).sort(([a], [b]) => (a < b ? -1 : 1)));
  return createHash('sha256').update(JSON.stringify(sorted)).digest('hex');
}

export class SubjectStore {
  readonly fingerprint: string;

  constructor(
    readonly outDir: string,
    readonly settings: RunSettings,
  ) {
    this.fingerprint = settingsFingerprint(settings);
  }

  file(subject: string): string {
    return join(this.outDir, 'subjects', `${subject}.json`);
  }

  /**
   * The stored results of a subject, or undefined when it has not finished. Throws EVAL_RESUME_MISMATCH when the
   * record was made under other settings or for other questions.
   */
  async load(subject: string, questionIds: readonly string[]): Promise<QuestionRecord[] | undefined> {
    const file = this.file(subject);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
    let parsed: z.infer<typeof FileSchema>;
    try {
      parsed = FileSchema.parse(JSON.parse(text));
    } catch (e) {
      throw mismatch(file, `not a ${SUBJECT_RECORD_FORMAT} record (${(e as Error).message.slice(0, 200)})`);
    }
    if (parsed.fingerprint !== this.fingerprint) {
      const keys = new Set([...Object.keys(parsed.settings), ...Object.keys(this.settings)]);
      const diff = [...keys]
        .filter((k) => parsed.settings[k] !== this.settings[k])
        .map(
          (k) =>
            `${k}: stored ${JSON.stringify(parsed.settings[k])}, now ${JSON.stringify(this.settings[k])}`,
        );
      throw mismatch(file, `made under other settings (${diff.join('; ')}); use another --out`);
    }
    const same =
      parsed.questionIds.length === questionIds.length &&
      parsed.questionIds.every((id, i) => id === questionIds[i]);
    if (!same || parsed.subject !== subject || parsed.results.length !== questionIds.length) {
      throw mismatch(
        file,
        `holds ${parsed.questionIds.length} questions of '${parsed.subject}', the data now has ${questionIds.length} of '${subject}'; the data changed, use another --out`,
      );
    }
    return parsed.results as QuestionRecord[];
  }

  /** Stores a finished subject atomically. */
  async save(
    subject: string,
    questionIds: readonly string[],
    results: readonly QuestionRecord[],
    seconds: number,
  ): Promise<void> {
    const body = {
      format: SUBJECT_RECORD_FORMAT,
      version: 1,
      fingerprint: this.fingerprint,
      settings: this.settings,
      subject,
      questionIds,
      seconds,
      finishedAt: new Date().toISOString(),
      results,
    };
    await writeFileAtomic(this.file(subject), `${JSON.stringify(body, null, 1)}\n`);
  }
}

function mismatch(file: string, why: string): EvaluatorError {
  return new EvaluatorError('EVAL_RESUME_MISMATCH', `${file}: ${why}`, {
    file,
    expected: 'a record of this run',
    found: why,
  });
}

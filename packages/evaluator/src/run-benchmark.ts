// Runs one benchmark under one protocol: validates the settings, reads every subject before any model time is
// spent, scores subject by subject (batched, with progress), stores each finished subject in the out folder so a
// rerun only scores what is missing, and builds the report (written as JSON/CSV/markdown/SVG when there is an
// out folder).
import type { McQuestion, SubjectInfo } from './benchmarks/question.js';
import { type BenchmarkName, checkSplitFolders, getSuite, selectSubjects } from './benchmarks/suite.js';
import { EvaluatorError } from './errors.js';
import { PROTOCOLS, type ProtocolName, STEEL_SYSTEM_PROMPT, takeShots } from './protocols/prompts.js';
import { scoreByLoglik } from './protocols/run-choice.js';
import { scoreByGeneration } from './protocols/run-generate.js';
import type { ProtocolSettings, QuestionRecord, ScoringMode, SubjectTask } from './protocols/run-types.js';
import { promptStyle } from './protocols/styles.js';
import { buildReport, type EvalReport } from './report.js';
import { type ReportFiles, writeReportFiles } from './report-files.js';
import { type RunSettings, SubjectStore } from './resume.js';
import type { EvalScorer } from './scoring/scorer.js';

export interface RunBenchmarkOptions {
  benchmark: BenchmarkName;
  dataDir: string;
  protocol: ProtocolName;
  scorer: EvalScorer;
  /** Default 0 (steel-chat must be 0, opencompass-5shot must be 5; loglik any k ≤ dev size). */
  shots?: number;
  /** Subject ids; default every subject of the table. */
  subjects?: readonly string[];
  /** Default the benchmark's scored split (C-Eval val, CMMLU test, MMLU test). */
  split?: string;
  /** Resume records and report files go here; none = nothing written. */
  outDir?: string;
  /** opencompass-5shot: 'loglik' (next-token over A–D, default) or 'generate'. */
  scoring?: ScoringMode;
  /** loglik: default " " (lm-eval). */
  targetDelimiter?: string;
  /** loglik: default "\n\n" (lm-eval). */
  fewshotDelimiter?: string;
  /** Generation: default 512 for steel-chat (Qwen chat eval), 32 for opencompass-5shot. */
  maxNewTokens?: number;
  systemPrompt?: string;
  /** Sequences per forward pass (default 8): loglik scores ⌈batch/4⌉ questions (4 options each) per call. */
  batchSize?: number;
  /** Only the first n questions of each subject. */
  limit?: number;
  /** ISO date for the report (default now). */
  date?: string;
  onProgress?: (p: EvalProgress) => void;
}

export interface EvalProgress {
  kind: 'subject-start' | 'questions' | 'subject-done';
  subject: string;
  /** 0-based index of the subject in the run. */
  subjectIndex: number;
  subjects: number;
  /** Questions finished in the whole run (reused subjects count at once). */
  questionsDone: number;
  questionsTotal: number;
  /** subject-done: reused from the out folder. */
  reused?: boolean;
  /** subject-done: accuracy of the subject, percent. */
  accuracy?: number;
}

export interface RunBenchmarkResult {
  report: EvalReport;
  records: QuestionRecord[];
  /** Subjects scored now, and subjects taken from the out folder. */
  computed: string[];
  reused: string[];
  files?: ReportFiles;
}

const bad = (field: string, expected: string, found: unknown) =>
  new EvaluatorError('EVAL_BAD_OPTIONS', `${field}: expected ${expected}, found ${JSON.stringify(found)}`, {
    field,
    expected,
    found: String(found),
  });

const positive = (field: string, v: number | undefined, dflt: number): number => {
  const x = v ?? dflt;
  if (!Number.isInteger(x) || x < 1) throw bad(field, 'a positive integer', v);
  return x;
};

/** Resolves and checks the protocol settings (steel-chat 0-shot generation, opencompass 5-shot, …). */
export function resolveSettings(
  o: Omit<RunBenchmarkOptions, 'scorer' | 'dataDir' | 'benchmark'>,
): ProtocolSettings {
  if (!PROTOCOLS.includes(o.protocol)) throw bad('protocol', PROTOCOLS.join('|'), o.protocol);
  const p = o.protocol;
  const shots = o.shots ?? (p === 'opencompass-5shot' ? 5 : 0);
  if (!Number.isInteger(shots) || shots < 0) throw bad('shots', 'an integer ≥ 0', o.shots);
  if (p === 'steel-chat' && shots !== 0) throw bad('shots', '0 for steel-chat (a 0-shot protocol)', shots);
  if (p === 'opencompass-5shot' && shots !== 5) throw bad('shots', '5 for opencompass-5shot', shots);
  const scoring: ScoringMode = o.scoring ?? (p === 'steel-chat' ? 'generate' : 'loglik');
  if (p === 'steel-chat' && scoring !== 'generate')
    throw bad('scoring', "'generate' for steel-chat", scoring);
  if (p === 'loglik' && scoring !== 'loglik')
    throw bad('scoring', "'loglik' for the loglik protocol", scoring);
  if (scoring !== 'loglik' && scoring !== 'generate') throw bad('scoring', 'loglik|generate', scoring);
  const batchSize = positive('batchSize', o.batchSize, 8);
  const limit = o.limit === undefined ? null : positive('limit', o.limit, 1);
  return {
    protocol: p,
    shots,
    scoring,
    targetDelimiter: o.targetDelimiter ?? (p === 'loglik' ? ' ' : ''),
    fewshotDelimiter: o.fewshotDelimiter ?? '\n\n',
    maxNewTokens: positive('maxNewTokens', o.maxNewTokens, p === 'steel-chat' ? 512 : 32),
    systemPrompt: o.systemPrompt ?? STEEL_SYSTEM_PROMPT,
    batchQuestions: scoring === 'loglik' ? Math.max(1, Math.floor(batchSize / 4)) : batchSize,
    limit,
  };
}

/** The settings recorded in reports and resume records (only those that change results). */
function recordedSettings(s: ProtocolSettings): Record<string, string | number | boolean | null> {
  const base = { scoring: s.scoring, limit: s.limit };
  if (s.scoring === 'generate') {
    return s.protocol === 'steel-chat'
      ? { ...base, maxNewTokens: s.maxNewTokens, systemPrompt: s.systemPrompt, decoding: 'greedy' }
      : { ...base, maxNewTokens: s.maxNewTokens, decoding: 'greedy', postprocess: 'first-capital' };
  }
  return s.protocol === 'loglik'
    ? { ...base, targetDelimiter: s.targetDelimiter, fewshotDelimiter: s.fewshotDelimiter }
    : { ...base, targetDelimiter: s.targetDelimiter };
}

/**
 * Scores a benchmark under a protocol and reports it.
 * @example
 * const { report } = await runBenchmark({ benchmark: 'ceval', dataDir: '/data/ceval', protocol: 'loglik',
 *   shots: 5, scorer, outDir: 'out/ceval-loglik' });
 */
export async function runBenchmark(o: RunBenchmarkOptions): Promise<RunBenchmarkResult> {
  const suite = getSuite(o.benchmark);
  const s = resolveSettings(o);
  const subjects = selectSubjects(suite, o.subjects);
  const split = o.split ?? suite.evalSplit;
  await checkSplitFolders(suite, o.dataDir, s.shots > 0 ? [split, suite.shotSplit] : [split]);
  const style = promptStyle(suite.name);

  // Read (and so validate) everything first.
  const tasks: SubjectTask[] = [];
  for (const subject of subjects) {
    let questions: McQuestion[] = await suite.read(o.dataDir, subject.id, split);
    const unanswered = questions.find((q) => q.answer === null);
    if (unanswered !== undefined) {
      throw new EvaluatorError(
        'EVAL_BAD_ANSWER',
        `${unanswered.file}:${unanswered.line}: the ${split} split has no answers to score against (C-Eval test answers are not public; score val)`,
        { file: unanswered.file, line: unanswered.line, expected: 'A|B|C|D', found: '' },
      );
    }
    if (s.limit !== null) questions = questions.slice(0, s.limit);
    const dev = s.shots > 0 ? await suite.read(o.dataDir, subject.id, suite.shotSplit) : [];
    takeShots(dev, s.shots, subject.id);
    tasks.push({ subject, questions, dev });
  }

  const settings: RunSettings = {
    benchmark: suite.name,
    split,
    protocol: s.protocol,
    shots: s.shots,
    model: o.scorer.model,
    tokenizer: o.scorer.tokenizer,
    ...recordedSettings(s),
  };
  const store = o.outDir === undefined ? undefined : new SubjectStore(o.outDir, settings);
  const total = tasks.reduce((a, t) => a + t.questions.length, 0);
  const progress = o.onProgress ?? (() => {});
  const records: QuestionRecord[] = [];
  const computed: string[] = [];
  const reused: string[] = [];
  let doneQ = 0;

  for (const [i, task] of tasks.entries()) {
    const id = task.subject.id;
    const ids = task.questions.map((q) => q.id);
    const base = { subject: id, subjectIndex: i, subjects: tasks.length, questionsTotal: total };
    const stored = await store?.load(id, ids);
    let results: QuestionRecord[];
    if (stored !== undefined) {
      results = stored;
      reused.push(id);
      doneQ += results.length;
    } else {
      progress({ ...base, kind: 'subject-start', questionsDone: doneQ });
      const t0 = performance.now();
      const onDone = (n: number) => {
        doneQ += n;
        progress({ ...base, kind: 'questions', questionsDone: doneQ });
      };
      results =
        s.scoring === 'loglik'
          ? await scoreByLoglik(task, o.scorer, style, s, onDone)
          : await scoreByGeneration(task, o.scorer, style, s, onDone);
      await store?.save(id, ids, results, (performance.now() - t0) / 1000);
      computed.push(id);
    }
    records.push(...results);
    const correct = results.filter((r) => r.predicted === r.gold).length;
    progress({
      ...base,
      kind: 'subject-done',
      questionsDone: doneQ,
      reused: stored !== undefined,
      accuracy: (100 * correct) / results.length,
    });
  }

  const { benchmark: _b, split: _s, protocol: _p, shots: _k, model, tokenizer, ...rest } = settings;
  const report = buildReport(
    {
      benchmark: suite.name,
      split,
      protocol: s.protocol,
      shots: s.shots,
      model: String(model),
      tokenizer: String(tokenizer),
      date: o.date ?? new Date().toISOString(),
      settings: rest,
    },
    subjects as SubjectInfo[],
    records,
  );
  const files = o.outDir === undefined ? undefined : await writeReportFiles(o.outDir, report, suite.title);
  return { report, records, computed, reused, files };
}

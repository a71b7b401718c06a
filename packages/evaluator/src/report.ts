// Evaluation reports: per-subject and per-group (category, Hard, China specific) accuracy, overall micro (over
// questions) and macro (unweighted mean over subjects, as C-Eval/CMMLU and Steel report), unparseable count, and the
// protocol, model, tokenizer and date — a score without its protocol is not comparable (steel-reference "Evaluation").
import type { OptionLetter, SubjectInfo } from './benchmarks/question.js';
import { EvaluatorError } from './errors.js';
import type { ProtocolName } from './protocols/prompts.js';

export interface QuestionResult {
  subject: string;
  id: string;
  gold: OptionLetter;
  /** null = the reply could not be parsed (counts as wrong and as unparseable). */
  predicted: OptionLetter | null;
}

export interface ReportMeta {
  benchmark: string;
  split: string;
  protocol: ProtocolName;
  shots: number;
  model: string;
  tokenizer: string;
  /** ISO 8601 date-time of the run. */
  date: string;
  /** Everything else the scores depend on (scoring mode, delimiters, max new tokens, limit, …). */
  settings?: Readonly<Record<string, string | number | boolean | null>>;
}

export interface SubjectScore {
  subject: string;
  nameZh: string;
  category: string;
  groups: readonly string[];
  questions: number;
  correct: number;
  unparseable: number;
  /** Percent, 0–100. */
  accuracy: number;
}

export interface GroupScore {
  group: string;
  subjects: number;
  questions: number;
  correct: number;
  /** Mean of subject accuracies, percent. */
  macro: number;
  /** correct / questions, percent. */
  micro: number;
}

export interface EvalReport extends ReportMeta {
  /** The average each protocol headlines: macro for steel-chat and opencompass-5shot, micro for loglik. */
  headline: 'macro' | 'micro';
  overall: GroupScore & { unparseable: number };
  groups: GroupScore[];
  subjects: SubjectScore[];
}

/** The average a protocol reports as its score. */
export function headlineAverage(protocol: ProtocolName): 'macro' | 'micro' {
  return protocol === 'loglik' ? 'micro' : 'macro';
}

/**
 * Scores question results into a report. Subjects follow `subjects`' order; every subject must have results.
 * @example buildReport(meta, CEVAL_SUBJECTS.filter((s) => done.has(s.id)), results)
 */
export function buildReport(
  meta: ReportMeta,
  subjects: readonly SubjectInfo[],
  results: readonly QuestionResult[],
): EvalReport {
  const tallies = new Map(subjects.map((s) => [s.id, { questions: 0, correct: 0, unparseable: 0 }]));
  for (const r of results) {
    const t = tallies.get(r.subject);
    if (t === undefined) {
      throw new EvaluatorError(
        'EVAL_BAD_RESULTS',
        `result for subject '${r.subject}' (id ${r.id}) not in the report`,
        {
          expected: 'one of the reported subjects',
          found: r.subject,
        },
      );
    }
    t.questions += 1;
    if (r.predicted === null) t.unparseable += 1;
    else if (r.predicted === r.gold) t.correct += 1;
  }
  const scores: SubjectScore[] = subjects.map((s) => {
    const t = tallies.get(s.id) ?? { questions: 0, correct: 0, unparseable: 0 };
    if (t.questions === 0) {
      throw new EvaluatorError('EVAL_EMPTY_SUBJECT', `subject '${s.id}' has no results`, {
        expected: 'at least one question',
        found: '0',
      });
    }
    return {
      subject: s.id,
      nameZh: s.nameZh,
      category: s.category,
      groups: s.groups,
      ...t,
      accuracy: (100 * t.correct) / t.questions,
    };
  });
  const groupNames: string[] = [];
  for (const s of scores) for (const g of s.groups) if (!groupNames.includes(g)) groupNames.push(g);
  const overall = aggregate('Overall', scores);
  return {
    ...meta,
    headline: headlineAverage(meta.protocol),
    overall: { ...overall, unparseable: scores.reduce((a, s) => a + s.unparseable, 0) },
    groups: groupNames.map((g) =>
      aggregate(
        g,
        scores.filter((s) => s.groups.includes(g)),
      ),
    ),
    subjects: scores,
  };
}

function aggregate(group: string, scores: readonly SubjectScore[]): GroupScore {
  const questions = scores.reduce((a, s) => a + s.questions, 0);
  const correct = scores.reduce((a, s) => a + s.correct, 0);
  return {
    group,
    subjects: scores.length,
    questions,
    correct,
    macro: scores.reduce((a, s) => a + s.accuracy, 0) / scores.length,
    micro: (100 * correct) / questions,
  };
}

/** The headline number of a report (percent). */
export function headlineScore(r: EvalReport): number {
  return r.headline === 'macro' ? r.overall.macro : r.overall.micro;
}

/** Pretty JSON, stable key order as built. */
export function reportToJson(r: EvalReport): string {
  return `${JSON.stringify(r, null, 2)}\n`;
}

function csvCell(v: string | number): string {
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

const pct = (x: number): string => x.toFixed(2);

/** Per-subject CSV; every row repeats benchmark, split and protocol so a row alone stays comparable. */
export function reportToCsv(r: EvalReport): string {
  const head = [
    'benchmark',
    'split',
    'protocol',
    'shots',
    'model',
    'subject',
    'name_zh',
    'category',
    'groups',
  ];
  const rows = [[...head, 'questions', 'correct', 'unparseable', 'accuracy'].join(',')];
  for (const s of r.subjects) {
    const cells = [
      r.benchmark,
      r.split,
      r.protocol,
      r.shots,
      r.model,
      s.subject,
      s.nameZh,
      s.category,
      s.groups.join('|'),
    ];
    rows.push([...cells, s.questions, s.correct, s.unparseable, pct(s.accuracy)].map(csvCell).join(','));
  }
  return `${rows.join('\n')}\n`;
}

/** Per-group CSV (categories, Hard, China specific, then Overall), each row naming benchmark and protocol. */
export function reportGroupsToCsv(r: EvalReport): string {
  const rows = ['benchmark,split,protocol,shots,model,group,subjects,questions,correct,macro,micro'];
  for (const g of [...r.groups, r.overall]) {
    const cells = [
      r.benchmark,
      r.split,
      r.protocol,
      r.shots,
      r.model,
      g.group,
      g.subjects,
      g.questions,
      g.correct,
    ];
    rows.push([...cells, pct(g.macro), pct(g.micro)].map(csvCell).join(','));
  }
  return `${rows.join('\n')}\n`;
}

const settingText = (v: string | number | boolean | null) =>
  typeof v === 'string' ? JSON.stringify(v) : String(v);

/** A markdown summary: the headline with its protocol, then groups and subjects. */
export function reportToMarkdown(r: EvalReport): string {
  const lines = [
    `# ${r.benchmark} (${r.split}) — ${pct(headlineScore(r))} (${r.headline}, protocol ${r.protocol}, ${r.shots}-shot)`,
    '',
    `- protocol: \`${r.protocol}\`, ${r.shots}-shot, headline = ${r.headline} average`,
    `- model: ${r.model}`,
    `- tokenizer: ${r.tokenizer}`,
    `- date: ${r.date}`,
    ...(r.settings && Object.keys(r.settings).length > 0
      ? [
          `- settings: ${Object.entries(r.settings)
            .map(([k, v]) => `${k}=${settingText(v)}`)
            .join(', ')}`,
        ]
      : []),
    `- questions: ${r.overall.questions}, correct: ${r.overall.correct}, unparseable: ${r.overall.unparseable}`,
    `- overall: macro ${pct(r.overall.macro)}, micro ${pct(r.overall.micro)} over ${r.overall.subjects} subjects`,
    '',
    '| group | subjects | questions | macro | micro |',
    '|---|---:|---:|---:|---:|',
    ...r.groups.map(
      (g) => `| ${g.group} | ${g.subjects} | ${g.questions} | ${pct(g.macro)} | ${pct(g.micro)} |`,
    ),
    '',
    '| subject | 科目 | category | questions | correct | unparseable | accuracy |',
    '|---|---|---|---:|---:|---:|---:|',
    ...r.subjects.map(
      (s) =>
        `| ${s.subject} | ${s.nameZh} | ${s.category} | ${s.questions} | ${s.correct} | ${s.unparseable} | ${pct(s.accuracy)} |`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}

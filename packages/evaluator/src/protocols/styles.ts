// Per-benchmark prompt text for the three protocols. C-Eval uses prompts.ts as is. The others restate:
// - CMMLU loglik: lm-evaluation-harness tasks/cmmlu (description "以下是关于{科目}的单项选择题，请直接给出正确答案的选项。\n\n",
//   the same `…\n答案：` question); opencompass: configs/datasets/cmmlu/cmmlu_gen (HUMAN "以下是关于{科目}的单项选择题，
//   请直接给出正确答案的选项。\n题目：{question}\nA. …\nD. {D}", BOT "答案是: {answer}", FixK 0–4).
// - MMLU loglik: lm-eval tasks/mmlu default ("The following are multiple choice questions (with answers) about
//   {subject}.\n\n", `…\nAnswer:`); steel-chat: Qwen eval/evaluate_chat_mmlu.py `format_example`; opencompass:
//   configs/datasets/mmlu/mmlu_gen_4d595a (hint "There is a single choice question about {subject}. Answer the
//   question by replying A, B, C or D.", `Question: …\nAnswer: `, BOT "{target}\n").

import {
  type McQuestion,
  OPTION_LETTERS,
  type OptionLetter,
  type SubjectInfo,
} from '../benchmarks/question.js';
import type { BenchmarkName } from '../benchmarks/suite.js';
import { EvaluatorError } from '../errors.js';
import {
  buildOpenCompassPrompt,
  formatChatQuestion,
  formatLoglikQuestion,
  lmEvalCevalDescription,
  takeShots,
} from './prompts.js';

export interface PromptStyle {
  /** steel-chat: the user turn of a 0-shot question. */
  chatQuestion(q: McQuestion): string;
  /** loglik: the description before the shots. */
  loglikDescription(s: SubjectInfo): string;
  /** loglik: one question ending with the answer cue (no delimiter). */
  loglikQuestion(q: McQuestion): string;
  /** opencompass-5shot: the prompt with the first k dev questions as rounds, ending where the answer goes. */
  openCompass(q: McQuestion, s: SubjectInfo, dev: readonly McQuestion[], k: number): string;
}

const options = (q: McQuestion) => OPTION_LETTERS.map((l, i) => `${l}. ${q.options[i]}`).join('\n');

function answerOf(q: McQuestion): OptionLetter {
  if (q.answer === null) {
    throw new EvaluatorError('EVAL_BAD_ANSWER', `${q.file}:${q.line}: a few-shot example needs an answer`, {
      file: q.file,
      line: q.line,
      expected: 'A|B|C|D',
      found: '',
    });
  }
  return q.answer;
}

/** OpenCompass rounds without a meta template: HUMAN and BOT items joined by "\n" (LMTemplateParser). */
function rounds(
  q: McQuestion,
  dev: readonly McQuestion[],
  k: number,
  human: (x: McQuestion) => string,
  bot: (answer: string) => string,
): string {
  const items: string[] = [];
  for (const s of takeShots(dev, k, q.subject)) items.push(human(s), bot(answerOf(s)));
  items.push(human(q));
  const open = bot('');
  if (open !== '') items.push(open);
  return items.join('\n');
}

const CEVAL: PromptStyle = {
  chatQuestion: formatChatQuestion,
  loglikDescription: (s) => lmEvalCevalDescription(s.nameZh),
  loglikQuestion: formatLoglikQuestion,
  openCompass: (q, s, dev, k) => buildOpenCompassPrompt(q, s.nameZh, dev, k),
};

const CMMLU: PromptStyle = {
  chatQuestion: formatChatQuestion,
  loglikDescription: (s) => `以下是关于${s.nameZh}的单项选择题，请直接给出正确答案的选项。\n\n`,
  loglikQuestion: formatLoglikQuestion,
  openCompass: (q, s, dev, k) =>
    rounds(
      q,
      dev,
      k,
      (x) =>
        `以下是关于${s.nameZh}的单项选择题，请直接给出正确答案的选项。\n题目：${x.question}\n${options(x)}`,
      (a) => `答案是: ${a}`,
    ),
};

const MMLU: PromptStyle = {
  chatQuestion: (q) =>
    'The following is a multiple-choice question. Please choose the most suitable one among A, B, C and D as the ' +
    `answer to this question.\n\n${q.question}\n${options(q)}\n`,
  loglikDescription: (s) =>
    `The following are multiple choice questions (with answers) about ${s.nameEn}.\n\n`,
  loglikQuestion: (q) => `${q.question.trim()}\n${options(q)}\nAnswer:`,
  openCompass: (q, s, dev, k) =>
    rounds(
      q,
      dev,
      k,
      (x) =>
        `There is a single choice question about ${s.nameEn}. Answer the question by replying A, B, C or D.\n` +
        `Question: ${x.question}\n${options(x)}\nAnswer: `,
      (a) => (a === '' ? '' : `${a}\n`),
    ),
};

/** The prompt style of a benchmark. */
export function promptStyle(benchmark: BenchmarkName): PromptStyle {
  return benchmark === 'ceval' ? CEVAL : benchmark === 'cmmlu' ? CMMLU : MMLU;
}

export interface LoglikPromptOptions {
  /** Between context and option letter; lm-eval's default " ". */
  targetDelimiter?: string;
  /** Between shots; lm-eval's default "\n\n". */
  fewshotDelimiter?: string;
}

/** loglik context (description, shots joined by the few-shot delimiter, then the question) and continuations. */
export function loglikPrompt(
  style: PromptStyle,
  subject: SubjectInfo,
  q: McQuestion,
  shots: readonly McQuestion[],
  o: LoglikPromptOptions = {},
): { context: string; continuations: string[] } {
  const td = o.targetDelimiter ?? ' ';
  const fd = o.fewshotDelimiter ?? '\n\n';
  const parts = shots.map((s) => `${style.loglikQuestion(s)}${td}${answerOf(s)}`);
  parts.push(style.loglikQuestion(q));
  return {
    context: `${style.loglikDescription(subject)}${parts.join(fd)}`,
    continuations: OPTION_LETTERS.map((l) => `${td}${l}`),
  };
}

// Loglikelihood scoring of one subject (lm-eval `acc`): for each question, ll_i = Σ_t log p(cont_i,t | context,
// cont_i,<t) over the tokens of option i's continuation; the prediction is argmax_i ll_i (first on ties, as
// numpy's argmax). Used by `loglik` (lm-eval prompt, " A" continuations) and by `opencompass-5shot` next-token
// scoring (OpenCompass prompt ending "答案: ", continuations "A"…"D").
import { OPTION_LETTERS, type OptionLetter } from '../benchmarks/question.js';
import { EvaluatorError } from '../errors.js';
import type { EvalScorer, LoglikTextRequest } from '../scoring/scorer.js';
import { takeShots } from './prompts.js';
import type { ProtocolSettings, QuestionRecord, QuestionsDone, SubjectTask } from './run-types.js';
import { loglikPrompt, type PromptStyle } from './styles.js';

/** The context of one question under the settings' protocol. */
export function choiceContext(
  task: SubjectTask,
  index: number,
  style: PromptStyle,
  s: ProtocolSettings,
): LoglikTextRequest {
  const q = task.questions[index]!;
  const where = `${q.file}:${q.line}`;
  if (s.protocol === 'opencompass-5shot') {
    const context = style.openCompass(q, task.subject, task.dev, s.shots);
    return { context, continuations: OPTION_LETTERS.map((l) => `${s.targetDelimiter}${l}`), where };
  }
  const shots = takeShots(task.dev, s.shots, task.subject.id);
  const p = loglikPrompt(style, task.subject, q, shots, {
    targetDelimiter: s.targetDelimiter,
    fewshotDelimiter: s.fewshotDelimiter,
  });
  return { ...p, where };
}

/** argmax with the first maximum winning; throws on NaN (a broken model, not an unparseable answer). */
export function pickLetter(logprobs: readonly number[], where: string): OptionLetter {
  let best = 0;
  logprobs.forEach((x, i) => {
    if (Number.isNaN(x)) {
      throw new EvaluatorError('EVAL_BAD_MODEL', `${where}: the model gave a NaN loglikelihood`, {
        expected: 'finite log-probabilities',
        found: 'NaN',
      });
    }
    if (x > (logprobs[best] as number)) best = i;
  });
  return OPTION_LETTERS[best] as OptionLetter;
}

/** Scores a subject by option loglikelihoods, `s.batchQuestions` questions per scorer call. */
export async function scoreByLoglik(
  task: SubjectTask,
  scorer: EvalScorer,
  style: PromptStyle,
  s: ProtocolSettings,
  done: QuestionsDone = () => {},
): Promise<QuestionRecord[]> {
  const out: QuestionRecord[] = [];
  const n = task.questions.length;
  for (let start = 0; start < n; start += s.batchQuestions) {
    const idx = Array.from({ length: Math.min(s.batchQuestions, n - start) }, (_, i) => start + i);
    const requests = idx.map((i) => choiceContext(task, i, style, s));
    const scores = await scorer.loglik(requests);
    idx.forEach((qi, k) => {
      const q = task.questions[qi]!;
      const logprobs = scores[k]!;
      out.push({
        subject: task.subject.id,
        id: q.id,
        gold: q.answer as OptionLetter,
        predicted: pickLetter(logprobs, `${q.file}:${q.line}`),
        logprobs,
      });
    });
    done(idx.length);
  }
  return out;
}

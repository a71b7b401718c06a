// Generation scoring of one subject: a greedy reply per question, then the letter parsed from it.
// - steel-chat: 0-shot chat template (system + user turn rendered by the model's template), the Qwen/Steel
//   extraction cascade with its fuzzy fallback (protocols/extract.ts).
// - opencompass-5shot with generation: the 5-shot prompt as is, OpenCompass's `first_capital_postprocess` (the
//   first uppercase letter of the reply; anything but A–D, or none, is unparseable).
import { isOptionLetter, type OptionLetter } from '../benchmarks/question.js';
import type { EvalScorer } from '../scoring/scorer.js';
import { extractAnswer } from './extract.js';
import { buildSteelChatMessages } from './prompts.js';
import type { ProtocolSettings, QuestionRecord, QuestionsDone, SubjectTask } from './run-types.js';
import type { PromptStyle } from './styles.js';

/** OpenCompass first_capital_postprocess: the first uppercase character, as a letter when it is A–D. */
export function firstCapital(reply: string): OptionLetter | null {
  const m = /\p{Lu}/u.exec(reply);
  return m !== null && isOptionLetter(m[0]) ? m[0] : null;
}

/** The generation prompt of one question under the settings' protocol. */
export function generationPrompt(
  task: SubjectTask,
  index: number,
  scorer: EvalScorer,
  style: PromptStyle,
  s: ProtocolSettings,
): string {
  const q = task.questions[index]!;
  if (s.protocol === 'opencompass-5shot') return style.openCompass(q, task.subject, task.dev, s.shots);
  const messages = buildSteelChatMessages(q, s.systemPrompt);
  messages[1] = { role: 'user', content: style.chatQuestion(q) };
  return scorer.renderChat(messages);
}

/** Scores a subject by greedy generation, `s.batchQuestions` prompts per scorer call. */
export async function scoreByGeneration(
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
    const prompts = idx.map((i) => generationPrompt(task, i, scorer, style, s));
    const replies = await scorer.generate(prompts, { maxNewTokens: s.maxNewTokens });
    idx.forEach((qi, k) => {
      const q = task.questions[qi]!;
      const reply = replies[k] ?? '';
      const parsed =
        s.protocol === 'opencompass-5shot'
          ? (() => {
              const letter = firstCapital(reply);
              return { letter, rule: letter === null ? null : ('first-capital' as const) };
            })()
          : extractAnswer(reply, q.question, q.options);
      out.push({
        subject: task.subject.id,
        id: q.id,
        gold: q.answer as OptionLetter,
        predicted: parsed.letter,
        reply,
        rule: parsed.rule,
      });
    });
    done(idx.length);
  }
  return out;
}

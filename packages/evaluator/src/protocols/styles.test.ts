// Tests of protocols/styles.ts: the exact prompt strings of each benchmark under each protocol, written out from
// the templates they restate (C-Eval must equal prompts.ts's builders).
import { describe, expect, it } from 'vitest';
import type { McQuestion, SubjectInfo } from '../benchmarks/question.js';
import { buildLoglikRequest } from './prompts.js';
import { loglikPrompt, promptStyle } from './styles.js';

const q = (question: string, answer: 'A' | 'B' | 'C' | 'D' = 'B'): McQuestion => ({
  subject: 's',
  id: '0',
  question,
  options: ['一', '二', '三', '四'],
  answer,
  explanation: '',
  file: 'f.csv',
  line: 2,
});
const subject: SubjectInfo = {
  id: 's',
  nameZh: '解剖学',
  nameEn: 'anatomy',
  category: 'STEM',
  groups: ['STEM'],
};
const dev = [q('例一', 'A'), q('例二', 'C')];
const OPTS = 'A. 一\nB. 二\nC. 三\nD. 四';

describe('prompt styles', () => {
  it('C-Eval loglik equals buildLoglikRequest', () => {
    const got = loglikPrompt(promptStyle('ceval'), subject, q('问？'), dev);
    const want = buildLoglikRequest(q('问？'), { subjectZh: '解剖学', shots: dev });
    expect(got).toEqual({ context: want.context, continuations: [...want.continuations] });
  });

  it('CMMLU loglik: lm-eval cmmlu description', () => {
    const got = loglikPrompt(promptStyle('cmmlu'), subject, q('问？'), [], { targetDelimiter: '' });
    expect(got.context).toBe(
      `以下是关于解剖学的单项选择题，请直接给出正确答案的选项。\n\n问？\n${OPTS}\n答案：`,
    );
    expect(got.continuations).toEqual(['A', 'B', 'C', 'D']);
  });

  it('CMMLU opencompass: 题目：… rounds with BOT "答案是: X", open BOT turn last', () => {
    const h = (t: string) => `以下是关于解剖学的单项选择题，请直接给出正确答案的选项。\n题目：${t}\n${OPTS}`;
    expect(promptStyle('cmmlu').openCompass(q('问？'), subject, dev, 2)).toBe(
      `${h('例一')}\n答案是: A\n${h('例二')}\n答案是: C\n${h('问？')}\n答案是: `,
    );
  });

  it('C-Eval opencompass: 答案: with the answer on the next item', () => {
    const h = (t: string) =>
      `以下是中国关于解剖学考试的单项选择题，请选出其中的正确答案。\n${t}\n${OPTS}\n答案: `;
    expect(promptStyle('ceval').openCompass(q('问？'), subject, dev, 1)).toBe(
      `${h('例一')}\nA\n${h('问？')}`,
    );
  });

  it('MMLU: lm-eval loglik, Qwen chat question, OpenCompass gen rounds', () => {
    const s = promptStyle('mmlu');
    const m = { ...q('What?'), options: ['a', 'b', 'c', 'd'] as const };
    const o = 'A. a\nB. b\nC. c\nD. d';
    expect(loglikPrompt(s, subject, m, []).context).toBe(
      `The following are multiple choice questions (with answers) about anatomy.\n\nWhat?\n${o}\nAnswer:`,
    );
    expect(s.chatQuestion(m)).toBe(
      'The following is a multiple-choice question. Please choose the most suitable one among A, B, C and D as ' +
        `the answer to this question.\n\nWhat?\n${o}\n`,
    );
    const h = (t: string) =>
      `There is a single choice question about anatomy. Answer the question by replying A, B, C or D.\nQuestion: ${t}\n${o}\nAnswer: `;
    const shot = { ...m, question: 'Ex?', answer: 'D' as const };
    expect(s.openCompass(m, subject, [shot], 1)).toBe(`${h('Ex?')}\nD\n\n${h('What?')}`);
  });

  it('a shot without an answer is an error naming its row', () => {
    const noAnswer = { ...q('x'), answer: null };
    expect(() => loglikPrompt(promptStyle('ceval'), subject, q('y'), [noAnswer])).toThrow(
      /f\.csv:2: a few-shot example needs an answer/,
    );
  });
});

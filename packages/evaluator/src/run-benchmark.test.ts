// Tests of run-benchmark.ts on the fixtures under test/fixtures/run with a controlled-logit model: every protocol
// scores exactly as computed by hand (per subject, per group, micro vs macro, unparseable), logprobs have their
// closed forms, the prompts hold the right shots, and settings are checked.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isEvaluatorError } from './errors.js';
import { choiceContext } from './protocols/run-choice.js';
import { promptStyle } from './protocols/styles.js';
import { resolveSettings, runBenchmark } from './run-benchmark.js';
import { controlledScorer } from './scoring/test-helpers.js';

const FIX = fileURLToPath(new URL('../test/fixtures/run', import.meta.url));
const CEVAL = `${FIX}/ceval`;
const V = 259;

// Preferred letters per question marker (absent = all logits 0: a tie, argmax takes A).
const LETTERS = {
  P1: { A: 3, B: 1 }, // gold A → A ✓
  P2: { C: 2 }, // gold B → C ✗
  P3: { D: 1 }, // gold D → D ✓
  // P4: tie → A, gold C ✗
  L1: { B: 5 }, // gold B → B ✓
  L2: { A: 1, B: 0.5 }, // gold A → A ✓
  M1: { B: 1 }, // MMLU astronomy, gold B ✓
  M2: { A: 1 }, // gold B ✗
  // N1: tie → A, gold A ✓
  C1: { B: 1 }, // CMMLU anatomy, gold B ✓
  C2: { A: 2 }, // gold A ✓
  C3: { C: 1 }, // gold B ✗
  H1: { C: 1 }, // chinese_history, gold C ✓
};
// steel-chat replies per marker.
const REPLIES = {
  P1: '答案是A。', // answer-is → A ✓
  P2: '我认为应该选择B选项', // answer-is → B ✓
  P3: '抱歉，我不知道。', // nothing, no shared character with "1".."4" → unparseable
  P4: 'C', // leading letter → C ✓
  L1: '正确答案：D', // D, gold B ✗
  L2: '真', // option text → A ✓
};

const ceval = { benchmark: 'ceval', dataDir: CEVAL, subjects: ['college_physics', 'logic'] } as const;
const lse = (...xs: number[]) => Math.log(xs.reduce((a, x) => a + Math.exp(x), 0) + (V - xs.length));

describe('runBenchmark on C-Eval fixtures (hand-computed scores)', () => {
  it('loglik 0-shot: argmax of Σ log p(" X"), micro headline', async () => {
    const { scorer } = await controlledScorer(LETTERS);
    const { report, records } = await runBenchmark({ ...ceval, protocol: 'loglik', scorer, date: 'D' });
    expect(records.map((r) => r.predicted)).toEqual(['A', 'C', 'D', 'A', 'B', 'A']);
    expect(report.subjects.map((s) => [s.subject, s.correct, s.questions, s.accuracy])).toEqual([
      ['college_physics', 2, 4, 50],
      ['logic', 2, 2, 100],
    ]);
    expect(report.overall.micro).toBeCloseTo(400 / 6, 10);
    expect(report.overall.macro).toBe(75);
    expect(report.headline).toBe('micro');
    expect(report.groups.map((g) => [g.group, g.macro])).toEqual([
      ['STEM', 50],
      ['Hard', 50],
      ['Humanities', 100],
    ]);
    // P1: the rule fires after "答案：" and after "答案： ", so log p(' ' | …答案：) = 0 − lse(3, 1) (the space keeps
    // logit 0), then log p('A' | …答案： ) = 3 − lse(3, 1) and log p('C' | …) = 0 − lse(3, 1).
    const p1 = records[0]!.logprobs!;
    expect(p1[0]).toBeCloseTo(-lse(3, 1) + 3 - lse(3, 1), 10);
    expect(p1[2]).toBeCloseTo(-lse(3, 1) - lse(3, 1), 10);
    expect(report.settings).toEqual({
      scoring: 'loglik',
      limit: null,
      targetDelimiter: ' ',
      fewshotDelimiter: '\n\n',
    });
  });

  it('loglik with target delimiter "": the letter right after 答案：', async () => {
    const { scorer } = await controlledScorer(LETTERS);
    const { records } = await runBenchmark({ ...ceval, protocol: 'loglik', scorer, targetDelimiter: '' });
    expect(records[0]!.logprobs![0]).toBeCloseTo(3 - lse(3, 1), 10);
    expect(records.map((r) => r.predicted)).toEqual(['A', 'C', 'D', 'A', 'B', 'A']);
  });

  it('loglik 5-shot: the first five dev questions precede the question', async () => {
    const { scorer } = await controlledScorer(LETTERS);
    const { report } = await runBenchmark({ ...ceval, protocol: 'loglik', shots: 5, scorer });
    expect([report.shots, report.overall.correct, report.overall.micro]).toEqual([5, 4, (100 * 4) / 6]);
  });

  it('opencompass-5shot next-token: macro headline', async () => {
    const { scorer } = await controlledScorer(LETTERS);
    const { report, records } = await runBenchmark({ ...ceval, protocol: 'opencompass-5shot', scorer });
    expect(records.map((r) => r.predicted)).toEqual(['A', 'C', 'D', 'A', 'B', 'A']);
    expect([report.headline, report.overall.macro, report.shots]).toEqual(['macro', 75, 5]);
    // "答案: " + "A": the trailing space moves to the continuation (" A" after "答案:"); the rule fires after
    // "答案:" (space at logit 0) and after "答案: ".
    expect(records[0]!.logprobs![0]).toBeCloseTo(-lse(3, 1) + 3 - lse(3, 1), 10);
  });

  it('opencompass-5shot generation: first capital letter; a reply without one is unparseable', async () => {
    const { scorer } = await controlledScorer(LETTERS);
    const { report, records } = await runBenchmark({
      ...ceval,
      protocol: 'opencompass-5shot',
      scoring: 'generate',
      maxNewTokens: 4,
      scorer,
    });
    // P4 ties at every step → id 0 (NUL) is generated: no capital.
    expect(records.map((r) => r.predicted)).toEqual(['A', 'C', 'D', null, 'B', 'A']);
    expect(records[0]!.reply).toBe('A');
    expect([report.overall.macro, report.overall.micro, report.overall.unparseable]).toEqual([
      75,
      400 / 6,
      1,
    ]);
  });

  it('steel-chat: chat template, greedy replies, the extraction cascade, macro headline', async () => {
    const { scorer } = await controlledScorer(LETTERS, REPLIES);
    const { report, records } = await runBenchmark({
      ...ceval,
      protocol: 'steel-chat',
      scorer,
      maxNewTokens: 40,
    });
    expect(records.map((r) => [r.predicted, r.rule])).toEqual([
      ['A', 'answer-is'],
      ['B', 'answer-is'],
      [null, null],
      ['C', 'leading-letter'],
      ['D', 'answer-is'],
      ['A', 'leading-letter'],
    ]);
    expect(records[4]!.reply).toBe('正确答案：D');
    expect(report.subjects.map((s) => [s.accuracy, s.unparseable])).toEqual([
      [75, 1],
      [50, 0],
    ]);
    expect([report.headline, report.overall.macro, report.overall.micro, report.overall.unparseable]).toEqual(
      ['macro', 62.5, 400 / 6, 1],
    );
    expect(report.settings).toMatchObject({ maxNewTokens: 40, systemPrompt: 'You are a helpful assistant.' });
  });

  it('batches questions: 8 sequences per call = 2 questions of 4 options', async () => {
    const { scorer, model } = await controlledScorer(LETTERS, {}, 8);
    await runBenchmark({ ...ceval, protocol: 'loglik', scorer, batchSize: 8 });
    // physics 4 questions → 2 calls, logic 2 → 1 call
    expect(model.calls).toMatchObject({ scoreContinuations: 3, items: 24 });
    const one = await controlledScorer(LETTERS, {}, 1);
    await runBenchmark({ ...ceval, protocol: 'loglik', scorer: one.scorer, batchSize: 1 });
    expect(one.model.calls.scoreContinuations).toBe(6);
  });

  it('reports progress per batch and per subject', async () => {
    const { scorer } = await controlledScorer(LETTERS);
    const seen: string[] = [];
    await runBenchmark({
      ...ceval,
      protocol: 'loglik',
      scorer,
      batchSize: 8,
      onProgress: (p) => seen.push(`${p.kind}:${p.subject}:${p.questionsDone}/${p.questionsTotal}`),
    });
    expect(seen).toEqual([
      'subject-start:college_physics:0/6',
      'questions:college_physics:2/6',
      'questions:college_physics:4/6',
      'subject-done:college_physics:4/6',
      'subject-start:logic:4/6',
      'questions:logic:6/6',
      'subject-done:logic:6/6',
    ]);
  });
});

describe('CMMLU and MMLU fixtures', () => {
  it('CMMLU loglik: China specific group, micro vs macro', async () => {
    const { scorer } = await controlledScorer(LETTERS);
    const { report } = await runBenchmark({
      benchmark: 'cmmlu',
      dataDir: `${FIX}/cmmlu`,
      subjects: ['anatomy', 'chinese_history'],
      protocol: 'loglik',
      scorer,
    });
    expect(report.split).toBe('test');
    expect(report.groups.map((g) => [g.group, g.correct, g.questions])).toEqual([
      ['STEM', 2, 3],
      ['Humanities', 1, 1],
      ['China specific', 1, 1],
    ]);
    expect([report.overall.micro, report.overall.macro]).toEqual([75, (200 / 3 + 100) / 2]);
  });

  it('MMLU opencompass-5shot (data/ nesting, headerless CSVs)', async () => {
    const { scorer } = await controlledScorer(LETTERS);
    const { report } = await runBenchmark({
      benchmark: 'mmlu',
      dataDir: `${FIX}/mmlu`,
      subjects: ['astronomy', 'philosophy'],
      protocol: 'opencompass-5shot',
      scorer,
    });
    expect(report.groups.map((g) => [g.group, g.macro])).toEqual([
      ['STEM', 50],
      ['humanities', 100],
    ]);
    expect(report.overall.macro).toBe(75);
  });
});

describe('prompts and settings', () => {
  it('loglik k-shot context: description, first k dev questions with " X" answers, the question', async () => {
    const task = {
      subject: {
        id: 'logic',
        nameZh: '逻辑学',
        nameEn: 'Logic',
        category: 'Humanities',
        groups: ['Humanities'],
      },
      questions: [
        {
          subject: 'logic',
          id: '0',
          question: 'Q?',
          options: ['a', 'b', 'c', 'd'] as const,
          answer: 'A' as const,
          explanation: '',
          file: 'f',
          line: 2,
        },
      ],
      dev: ['甲', '乙', '丙'].map((t, i) => ({
        subject: 'logic',
        id: String(i),
        question: t,
        options: ['1', '2', '3', '4'] as const,
        answer: 'B' as const,
        explanation: '',
        file: 'd',
        line: i + 2,
      })),
    };
    const s = resolveSettings({ protocol: 'loglik', shots: 2 });
    const req = choiceContext(task, 0, promptStyle('ceval'), s);
    const shot = (t: string) => `${t}\nA. 1\nB. 2\nC. 3\nD. 4\n答案： B`;
    expect(req.context).toBe(
      `以下是中国关于逻辑学的单项选择题，请选出其中的正确答案。\n\n${shot('甲')}\n\n${shot('乙')}\n\nQ?\nA. a\nB. b\nC. c\nD. d\n答案：`,
    );
    expect(req.continuations).toEqual([' A', ' B', ' C', ' D']);
  });

  it.each([
    [{ protocol: 'steel-chat', shots: 5 }, 'shots'],
    [{ protocol: 'opencompass-5shot', shots: 3 }, 'shots'],
    [{ protocol: 'loglik', scoring: 'generate' }, 'scoring'],
    [{ protocol: 'loglik', batchSize: 0 }, 'batchSize'],
    [{ protocol: 'nope' }, 'protocol'],
  ] as const)('rejects %j', (o, field) => {
    expect(() => resolveSettings(o as never)).toThrow(expect.objectContaining({ code: 'EVAL_BAD_OPTIONS' }));
    try {
      resolveSettings(o as never);
    } catch (e) {
      expect(isEvaluatorError(e) && e.details.field).toBe(field);
    }
  });
});

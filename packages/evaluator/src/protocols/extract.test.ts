import { describe, expect, it } from 'vitest';
import { extractAnswer, fuzzyMatch, matchCascade, replaceOptionTexts, similarity } from './extract.js';

const Q = '下列关于传输层面向连接服务的说法，正确的是____。';
const OPTS = [
  '既不保证可靠也不保证按序',
  '不保证可靠但保证按序',
  '保证可靠但不保证按序',
  '既保证可靠也保证按序交付',
];

describe('matchCascade', () => {
  it.each([
    ['答案是B', 'B', 'answer-is'],
    ['答案：C', 'C', 'answer-is'],
    ['答案为 D。', 'D', 'answer-is'],
    ['正确答案是：A。', 'A', 'answer-is'],
    ['我选C', 'C', 'answer-is'],
    ['应该选择B选项。', 'B', 'answer-is'],
    ['【答案】D', 'D', 'answer-is'],
    // A known weakness kept from the Python: a negated answer falls through to the first letter.
    ['答案不是A，是B', 'A', 'first-letter'],
    ['A选项正确', 'A', 'option-correct'],
    ['C项符合题意', 'C', 'option-correct'],
    ['B是对的', 'B', 'option-correct'],
    ['A选项不正确，D选项正确', 'D', 'option-correct'],
    ['B', 'B', 'leading-letter'],
    ['C。', 'C', 'leading-letter'],
    ['D.', 'D', 'leading-letter'],
    ['根据题意，本题应当是 C 吧', 'C', 'first-letter'],
    ['According to DNA, B', 'B', 'first-letter'],
    ['设A=1，则结果为C', 'C', 'first-letter'],
    ['无法确定', null, null],
    ['ABC are letters', null, null],
  ] as const)('%s → %s (%s)', (gen, letter, rule) => {
    expect(matchCascade(gen)).toEqual({ letter, rule });
  });
});

describe('replaceOptionTexts', () => {
  it.each([
    ['下列关于传输层面向连接服务的说法，正确的是既保证可靠也保证按序交付', '答案是D'],
    ['不保证可靠但保证按序', 'B'],
    ['保证可靠但不保证按序。', 'C。'],
  ])('%s → %s', (reply, want) => {
    expect(replaceOptionTexts(reply, Q, OPTS)).toBe(want);
  });
});

describe('fuzzy fallback', () => {
  it.each([
    ['', [1, 2].map(String), null],
    ['北京', ['上海', '北京市', '广州', '深圳'], 'B'],
    ['xyz', ['上海', '北京', '广州', '深圳'], null],
  ] as const)('%j', (reply, opts, want) => {
    expect(fuzzyMatch(reply, opts)).toBe(want);
  });

  it.each([
    ['abc', 'abc', 1],
    ['abc', 'abd', 2 / 3],
    ['', '', 1],
    ['', 'ab', 0],
  ] as const)('similarity(%s,%s)', (a, b, s) => {
    expect(similarity(a, b)).toBeCloseTo(s, 10);
  });
});

describe('extractAnswer (real-looking Chinese replies)', () => {
  const opts = ['长江', '黄河', '珠江', '淮河'];
  const q = '中国最长的河流是____。';
  it.each([
    ['答案是A。长江全长约6300公里。', 'A', 'answer-is'],
    ['正确答案：B', 'B', 'answer-is'],
    ['我认为应该选择C选项，因为……', 'C', 'answer-is'],
    ['选项D正确。', 'D', 'option-correct'],
    ['A', 'A', 'leading-letter'],
    ['中国最长的河流是长江', 'A', 'answer-is'],
    ['长江', 'A', 'leading-letter'],
    ['显然是 B 项', 'B', 'first-letter'],
    ['我觉得是长江吧', 'A', 'first-letter'],
    ['抱歉，我不知道。', null, null],
    ['   ', null, null],
  ] as const)('%s → %s', (reply, letter, rule) => {
    expect(extractAnswer(reply, q, opts)).toEqual({ letter, rule });
  });

  it('falls back to fuzzy when no letter survives', () => {
    expect(
      extractAnswer('大概是珠江流域', '哪个？', ['长江流域的', '黄河流域的', '珠江流域的', '淮河流域的']),
    ).toEqual({
      letter: 'C',
      rule: 'fuzzy',
    });
  });
});

describe('extractAnswer: a table of real-looking chat replies (Qwen/Steel-style phrasings)', () => {
  const q = '下列关于传输层面向连接服务的说法，正确的是____。';
  it.each([
    // "B\n" is not "B$": the answer-is rule needs punctuation or the end after the letter (as in Python).
    ['答案：B\n解析：面向连接的服务不保证可靠……', 'B', 'first-letter'],
    ['选B。因为题干说的是面向连接。', 'B', 'answer-is'],
    ['本题选D', 'D', 'answer-is'],
    ['故选：A', 'A', 'answer-is'],
    ['正确选项为C。', 'C', 'answer-is'],
    ['我的答案是A选项', 'A', 'answer-is'],
    ['答案：\n\nC', 'C', 'answer-is'],
    ['A和B都不对，所以答案是D', 'D', 'answer-is'],
    ['正确答案是B。而不是A', 'B', 'answer-is'],
    ['正确答案是B而不是A', 'B', 'first-letter'],
    ['根据题意，正确答案是 C：保证可靠但不保证按序。', 'C', 'answer-is'],
    ['以上选项中，只有C符合题意。', 'C', 'option-correct'],
    ['D选项错误，A选项正确', 'A', 'option-correct'],
    ['B项是对的，其他都不对。', 'B', 'option-correct'],
    ['A. 既不保证可靠也不保证按序', 'A', 'leading-letter'],
    ['D', 'D', 'leading-letter'],
    ['（B）不保证可靠但保证按序', 'B', 'leading-letter'],
    ['The answer is B.', 'B', 'first-letter'],
    ['我不确定，可能是A也可能是B', 'A', 'first-letter'],
    ['既保证可靠也保证按序交付', 'D', 'leading-letter'],
    ['我选（C）', 'C', 'first-letter'],
    ['(D) 既保证可靠也保证按序交付', 'D', 'leading-letter'],
    ['既保证可靠，也保证按序交付', 'D', 'fuzzy'],
    ['这道题我不会。', 'C', 'fuzzy'], // shares 不 with the options: the fuzzy step still picks one
    ['抱歉，我无法回答。', null, null],
  ] as const)('%j → %s (%s)', (reply, letter, rule) => {
    expect(extractAnswer(reply, q, OPTS)).toEqual({ letter, rule });
  });
});

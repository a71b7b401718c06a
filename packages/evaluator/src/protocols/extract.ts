// Answer extraction for generated (chat) answers, ported from QwenLM/Qwen eval/evaluate_chat_ceval.py
// (`process_before_extraction` + `extract_choice`), the cascade Steel's C-Eval/CMMLU chat scripts use:
// answer-is / choose → option-correct → leading letter → first standalone letter → fuzzy match on option texts.
// The four regexes restate the Python ones (same syntax in JS; a duplicated `\)` dropped).
// Differences from the Python: the fuzzy step is a Levenshtein ratio (thefuzz's `fuzz.ratio` family, not its WRatio
// heuristics) and it returns null, counted as unparseable, when the reply is empty or shares no character with any
// option; Python's `$` (end or before a final newline) is approximated by end of string after trimming the reply.
import { OPTION_LETTERS, type OptionLetter } from '../benchmarks/question.js';

export type ExtractionRule = 'answer-is' | 'option-correct' | 'leading-letter' | 'first-letter' | 'fuzzy';

export interface Extraction {
  letter: OptionLetter | null;
  /** Which step of the cascade decided; null when nothing did. */
  rule: ExtractionRule | null;
}

// 答案是A | 选项是A | 应该选A选项 — skipping "答案不是…" by the negative lookahead.
const ANSWER_IS =
  /(?:(?:选|选择|选定)[：:]?\s*|(?:(?:答案|选项)(?![^ABCD]{0,10}?(?:不|非)[^ABCD]{0,10}?(?:是|选|为|：|:|】))[^ABCD]{0,10}?(?:是|选|为|：|:|】))[^ABCD]{0,10}?)(A|B|C|D)(?:选项)?(?:\)|。|\.|，|,|．|、|A|B|C|D|$|：|:|）)/;
// A选项正确 | A选项符合题意 — but not "A选项不正确".
const OPTION_CORRECT =
  /(A|B|C|D)(?:选?项)?(?![^ABCD]{0,4}?(?:不|非)[^ABCD]{0,4}?(?:正确|对[的，。：]|符合))[^ABCD]{0,4}?(?:正确|对[的，。：]|符合)/;
// The reply starts with the letter, optionally in parentheses.
const LEADING_LETTER = /^[(（]?(A|B|C|D)(?:。|\)|）|\.|，|,|．|：|:|$)/;
// First A–D not inside a Latin word (and not "A=").
const FIRST_LETTER = /(?<![a-zA-Z])(A|B|C|D)(?![a-zA-Z=])/;

const CASCADE: readonly (readonly [ExtractionRule, RegExp])[] = [
  ['answer-is', ANSWER_IS],
  ['option-correct', OPTION_CORRECT],
  ['leading-letter', LEADING_LETTER],
  ['first-letter', FIRST_LETTER],
];

/**
 * Qwen's pre-pass: where the reply restates the question stem, that stem becomes "答案是"; option texts in the reply
 * become their letters, longest option first. E.g. stem "关于X的特性是____。" + reply "关于X的特性是保证可靠" → "答案是D".
 */
export function replaceOptionTexts(reply: string, question: string, options: readonly string[]): string {
  let gen = reply;
  const parts = question.replace(/。+$/, '').split('。');
  const stem = (parts[parts.length - 1] ?? '').split('_');
  const head = stem[0] ?? '';
  const tail = stem[stem.length - 1] ?? '';
  if (head.trim().length > 4) gen = gen.split(head).join('答案是');
  if (tail.trim().length > 4) gen = gen.split(tail).join('');
  const byLength = OPTION_LETTERS.map((l, i) => [l, options[i] ?? ''] as const).sort(
    (a, b) => b[1].length - a[1].length,
  );
  for (const [letter, text] of byLength) {
    const t = text.replace(/。+$/, '');
    if (t !== '') gen = gen.split(t).join(letter);
  }
  return gen;
}

/** Runs the regex cascade on a (pre-processed) reply; null when no rule matches. */
export function matchCascade(gen: string): Extraction {
  for (const [rule, re] of CASCADE) {
    const m = re.exec(gen);
    if (m?.[1] !== undefined) return { letter: m[1] as OptionLetter, rule };
  }
  return { letter: null, rule: null };
}

/** Levenshtein similarity in [0, 1] (1 = equal), over code points. */
export function similarity(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  if (x.length === 0 && y.length === 0) return 1;
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) {
      const sub = (prev[j - 1] ?? 0) + (x[i - 1] === y[j - 1] ? 0 : 1);
      cur.push(Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, sub));
    }
    prev = cur;
  }
  return 1 - (prev[y.length] ?? 0) / Math.max(x.length, y.length);
}

/** Last resort: the option whose text is most similar to the reply; null when nothing is shared at all. */
export function fuzzyMatch(reply: string, options: readonly string[]): OptionLetter | null {
  const r = reply.trim();
  if (r === '') return null;
  let best: OptionLetter | null = null;
  let bestScore = 0;
  OPTION_LETTERS.forEach((l, i) => {
    const opt = options[i] ?? '';
    const shares = [...opt].some((c) => r.includes(c));
    const s = shares ? similarity(r, opt) : 0;
    if (s > bestScore) {
      bestScore = s;
      best = l;
    }
  });
  return best;
}

/**
 * Extracts the chosen letter from a chat reply: pre-pass, regex cascade, then fuzzy match against the option texts.
 * @example extractAnswer('答案是B。', '1+1=?', ['1', '2', '3', '4']) // { letter: 'B', rule: 'answer-is' }
 */
export function extractAnswer(reply: string, question: string, options: readonly string[]): Extraction {
  const gen = replaceOptionTexts(reply.trim(), question, options);
  const hit = matchCascade(gen);
  if (hit.letter !== null) return hit;
  const letter = fuzzyMatch(gen, options);
  return { letter, rule: letter === null ? null : 'fuzzy' };
}

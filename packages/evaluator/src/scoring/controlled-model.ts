// A language model whose next-token logits are set by rules, for testing evaluators against hand computations.
// Byte-level vocabulary as @steel/binpack's byte tokenizer (ids 0–255 = UTF-8 bytes, then the specials), so every
// score has a closed form: logits default to 0 (uniform over V), a rule sets chosen tokens' logits after a prefix.
import { BYTE_SPECIALS, createByteTokenizer, type TextTokenizer } from '@steel/binpack';
import { EvaluatorError } from '../errors.js';
import type { ContinuationItem, ContinuationScore, TextGenerator } from './scorer.js';

/** What a rule sees: the prefix as ids and as text (specials by name; partial UTF-8 as U+FFFD). */
export interface PrefixView {
  ids: readonly number[];
  text: string;
}

/**
 * Next-token logits: a record keyed by token text (one ASCII/byte character or a special's name), or a map keyed
 * by token id or text. Tokens not named keep logit 0.
 */
export type LogitSet = Readonly<Record<string, number>> | ReadonlyMap<number | string, number>;

/** Logits after a prefix; undefined = the rule does not apply (the next rule is asked). */
export type LogitRule = (prefix: PrefixView) => LogitSet | undefined;

export interface ControlledModel {
  readonly tokenizer: TextTokenizer;
  readonly vocabSize: number;
  /** Calls made so far, for tests that count work (resume). */
  readonly calls: { scoreContinuations: number; items: number; logits: number; generate: number };
  /** [B, T, V] logits of equal-length rows (row-major). */
  logits(rows: readonly (readonly number[])[]): Promise<Float32Array>;
  scoreContinuations(
    items: readonly ContinuationItem[],
    opts?: { batchSize?: number },
  ): Promise<ContinuationScore[]>;
  /** log-softmax of the next-token logits after `prefix`. */
  logprobsAfter(prefix: readonly number[]): Float64Array;
  /** Greedy decoding under the rules, stopping at <|im_end|> or <|endoftext|>; special tokens dropped. */
  generate: TextGenerator;
  /** Synchronous byte-level encoding (specials matched by name). */
  encodeSync(text: string): number[];
  close(): Promise<void>;
}

/**
 * Builds a controlled model: the first rule returning logits for a prefix wins; otherwise all logits are 0.
 * @example
 * const m = await createControlledModel([(p) => (p.text.endsWith('答案：') ? { A: 2, B: 1 } : undefined)]);
 */
export async function createControlledModel(
  rules: readonly LogitRule[],
  specials: readonly string[] = BYTE_SPECIALS,
): Promise<ControlledModel> {
  const tokenizer = await createByteTokenizer(specials);
  const V = tokenizer.info.vocabSize;
  const ids = new Map(specials.map((s, i) => [s, 256 + i]));
  const utf8 = new TextEncoder();
  const calls = { scoreContinuations: 0, items: 0, logits: 0, generate: 0 };

  const decodeSync = (prefix: readonly number[], skip = false) => decodeBytes(prefix, specials, skip);
  const encodeSync = (text: string) => encodeBytes(text, specials);

  const tokenId = (key: string): number => {
    const special = ids.get(key);
    if (special !== undefined) return special;
    const b = utf8.encode(key);
    if (b.length !== 1) {
      throw new EvaluatorError('EVAL_BAD_ARGUMENT', `controlled model: '${key}' is not one byte token`, {
        expected: 'one byte or a special token name',
        found: key,
      });
    }
    return b[0] as number;
  };

  const logitsAfter = (prefix: readonly number[]): Float64Array => {
    const out = new Float64Array(V);
    const view = { ids: prefix, text: decodeSync(prefix) };
    for (const rule of rules) {
      const set = rule(view);
      if (set === undefined) continue;
      const entries = set instanceof Map ? [...set.entries()] : Object.entries(set);
      for (const [k, v] of entries) out[typeof k === 'number' ? k : tokenId(k)] = v;
      break;
    }
    return out;
  };

  const logprobsAfter = (prefix: readonly number[]): Float64Array => {
    const l = logitsAfter(prefix);
    let max = -Infinity;
    for (const x of l) max = Math.max(max, x);
    let sum = 0;
    for (const x of l) sum += Math.exp(x - max);
    const lse = max + Math.log(sum);
    return l.map((x) => x - lse);
  };

  const argmax = (a: Float64Array): number => {
    let best = 0;
    for (let i = 1; i < a.length; i++) if ((a[i] as number) > (a[best] as number)) best = i;
    return best;
  };

  const stops = new Set([ids.get('<|im_end|>'), ids.get('<|endoftext|>')].filter((x) => x !== undefined));

  return {
    tokenizer,
    vocabSize: V,
    calls,
    async logits(rows) {
      calls.logits++;
      const T = rows[0]?.length ?? 0;
      const out = new Float32Array(rows.length * T * V);
      rows.forEach((row, b) => {
        for (let t = 0; t < T; t++) out.set(logitsAfter(row.slice(0, t + 1)), (b * T + t) * V);
      });
      return out;
    },
    async scoreContinuations(items) {
      calls.scoreContinuations++;
      calls.items += items.length;
      return items.map(({ context, continuation }) => {
        const seq = [...context, ...continuation];
        let greedy = true;
        const tokenLogprobs = continuation.map((t, j) => {
          const lp = logprobsAfter(seq.slice(0, context.length + j));
          if (argmax(lp) !== t) greedy = false;
          return lp[t] as number;
        });
        return { logprob: tokenLogprobs.reduce((a, x) => a + x, 0), tokenLogprobs, greedy };
      });
    },
    logprobsAfter,
    async generate(prompts, opts) {
      calls.generate++;
      return prompts.map((p) => {
        const seq = encodeSync(p);
        const reply: number[] = [];
        for (let i = 0; i < opts.maxNewTokens; i++) {
          const next = argmax(logitsAfter(seq));
          if (stops.has(next)) break;
          seq.push(next);
          reply.push(next);
        }
        return decodeSync(reply, true);
      });
    },
    encodeSync,
    async close() {},
  };
}

/**
 * A rule that writes `reply(prompt)` after the last `marker` (default ChatML's open assistant turn), then
 * `<|im_end|>`; `prompt` is the text up to and including the marker. Undefined reply = rule does not apply.
 */
export function scriptedReplies(
  reply: (prompt: string) => string | undefined,
  marker = '<|im_start|>assistant\n',
  end = '<|im_end|>',
  specials: readonly string[] = BYTE_SPECIALS,
): LogitRule {
  const encode = (text: string) => encodeBytes(text, specials);
  return ({ ids, text }) => {
    const at = text.lastIndexOf(marker);
    if (at < 0) return undefined;
    const prompt = text.slice(0, at + marker.length);
    const r = reply(prompt);
    if (r === undefined) return undefined;
    const head = encode(prompt).length;
    const want = [...encode(r), ...encode(end)];
    const done = ids.slice(head);
    if (done.length >= want.length || done.some((t, i) => t !== want[i])) return undefined;
    return new Map([[want[done.length] as number, 50]]);
  };
}

/** Byte-level encoding as the byte tokenizer does it (specials matched by name, longest first), synchronously. */
export function encodeBytes(text: string, specials: readonly string[] = BYTE_SPECIALS): number[] {
  const out: number[] = [];
  const sorted = [...specials].sort((a, b) => b.length - a.length);
  const utf8 = new TextEncoder();
  let plain = '';
  const flush = () => {
    for (const b of utf8.encode(plain)) out.push(b);
    plain = '';
  };
  let i = 0;
  while (i < text.length) {
    const s = sorted.find((sp) => text.startsWith(sp, i));
    if (s !== undefined) {
      flush();
      out.push(256 + specials.indexOf(s));
      i += s.length;
    } else plain += text[i++];
  }
  flush();
  return out;
}

/** Byte-level decoding (specials by name unless skipped; incomplete UTF-8 becomes U+FFFD). */
export function decodeBytes(
  ids: readonly number[],
  specials: readonly string[] = BYTE_SPECIALS,
  skip = false,
): string {
  let text = '';
  let bytes: number[] = [];
  const flush = () => {
    text += new TextDecoder().decode(new Uint8Array(bytes));
    bytes = [];
  };
  for (const t of ids) {
    if (t < 256) bytes.push(t);
    else {
      flush();
      if (!skip) text += specials[t - 256] ?? '\ufffd';
    }
  }
  flush();
  return text;
}

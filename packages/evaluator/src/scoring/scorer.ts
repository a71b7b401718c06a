// The scoring interface the protocol runners use, and its implementation over any token-level language model
// (the ONNX model of runtime/model.ts, or a controlled-logit model in tests). Text → tokens follows
// lm-evaluation-harness `_encode_pair`: trailing whitespace of the context moves to the continuation, the pair is
// encoded whole and the continuation is what follows the context's own tokens.
import type { TextTokenizer } from '@steel/binpack';
import { EvaluatorError } from '../errors.js';
import type { ChatMessage } from '../protocols/prompts.js';

/** One loglikelihood item in token ids. */
export interface ContinuationItem {
  context: number[];
  continuation: number[];
}

/** Per item: `logprob` = Σ tokenLogprobs; `greedy` = every continuation token was the argmax. */
export interface ContinuationScore {
  logprob: number;
  tokenLogprobs: number[];
  greedy: boolean;
}

/** What scoring needs from a model: a structural subset of runtime/model.ts's LoadedModel. */
export interface TokenLanguageModel {
  readonly tokenizer: Pick<TextTokenizer, 'info' | 'encode' | 'decode'>;
  readonly vocabSize: number;
  scoreContinuations(
    items: readonly ContinuationItem[],
    opts?: { batchSize?: number },
  ): Promise<ContinuationScore[]>;
}

/** Greedy generation from prompt strings; returns the reply text of each (special tokens dropped). */
export type TextGenerator = (
  prompts: readonly string[],
  opts: { maxNewTokens: number; batchSize: number },
) => Promise<string[]>;

/** A multiple-choice loglikelihood request: one context, one continuation per option. */
export interface LoglikTextRequest {
  context: string;
  continuations: readonly string[];
  /** `file:line` of the question, for error messages. */
  where?: string;
}

/** Everything a protocol runner calls. Implemented by `createScorer`; tests may implement it directly. */
export interface EvalScorer {
  /** Model and tokenizer names for reports. */
  readonly model: string;
  readonly tokenizer: string;
  /** Σ log p(continuation tokens | context) per request and continuation. */
  loglik(requests: readonly LoglikTextRequest[]): Promise<number[][]>;
  /** Greedy replies to raw prompt strings. */
  generate(prompts: readonly string[], opts: { maxNewTokens: number }): Promise<string[]>;
  /** The chat prompt for `messages`, ending with the open assistant turn. */
  renderChat(messages: readonly ChatMessage[]): string;
  /** Token ids of each continuation after `context` (checks the vocabulary; throws EVAL_BAD_VOCAB). */
  continuationTokens(context: string, continuations: readonly string[], where?: string): Promise<number[][]>;
}

export interface ScorerOptions {
  model: TokenLanguageModel;
  /** Names in reports. */
  modelName: string;
  tokenizerName?: string;
  generate?: TextGenerator;
  renderChat?: (messages: readonly ChatMessage[]) => string;
  /** Sequences per forward pass (default 8). */
  batchSize?: number;
}

/** Splits trailing whitespace off the context onto the continuation (lm-eval `_encode_pair`). */
export function splitTrailingSpace(context: string, continuation: string): [string, string] {
  const n = context.length - context.trimEnd().length;
  return n === 0 ? [context, continuation] : [context.slice(0, -n), context.slice(-n) + continuation];
}

/**
 * A scorer over a token-level model.
 * @example const scorer = createScorer({ model, modelName: 'steel-1b', generate, renderChat });
 */
export function createScorer(o: ScorerOptions): EvalScorer {
  const tok = o.model.tokenizer;
  const batchSize = o.batchSize ?? 8;

  // The context's tokens and, per continuation, the continuation's tokens, checked against the vocabulary.
  async function encode(context: string, continuations: readonly string[], where?: string) {
    const pairs = continuations.map((c) => splitTrailingSpace(context, c));
    const contexts = new Map<string, number[]>();
    for (const [ctx] of pairs) if (!contexts.has(ctx)) contexts.set(ctx, await tok.encode(ctx));
    const out: ContinuationItem[] = [];
    for (const [ctx, cont] of pairs) {
      const ctxIds = contexts.get(ctx) as number[];
      const whole = await tok.encode(ctx + cont);
      // When the tokenizer merges across the boundary the context's tokens are no prefix of the whole: the
      // continuation is then encoded on its own after the context's tokens.
      const prefixOk = ctxIds.length < whole.length && ctxIds.every((t, i) => whole[i] === t);
      const contIds = prefixOk ? whole.slice(ctxIds.length) : await tok.encode(cont);
      await checkVocab(cont, contIds, where);
      out.push({ context: ctxIds, continuation: contIds });
    }
    return out;
  }

  async function checkVocab(text: string, ids: number[], where?: string) {
    const at = where ? `${where}: ` : '';
    const bad = ids.find((t) => !Number.isInteger(t) || t < 0 || t >= o.model.vocabSize);
    const back = ids.length > 0 ? await tok.decode(ids) : '';
    if (ids.length === 0 || bad !== undefined || back !== text) {
      const why =
        ids.length === 0
          ? 'it encodes to no tokens'
          : bad !== undefined
            ? `token ${bad} is outside the model's vocabulary of ${o.model.vocabSize}`
            : `its tokens [${ids.join(', ')}] decode to ${JSON.stringify(back)}`;
      throw new EvaluatorError(
        'EVAL_BAD_VOCAB',
        `${at}option continuation ${JSON.stringify(text)} cannot be scored with tokenizer '${tok.info.name}': ${why}`,
        { field: 'continuation', expected: JSON.stringify(text), found: `[${ids.join(', ')}]` },
      );
    }
  }

  return {
    model: o.modelName,
    tokenizer: o.tokenizerName ?? tok.info.name,
    async continuationTokens(context, continuations, where) {
      return (await encode(context, continuations, where)).map((i) => i.continuation);
    },
    async loglik(requests) {
      const items: ContinuationItem[] = [];
      for (const r of requests) items.push(...(await encode(r.context, r.continuations, r.where)));
      const scores = await o.model.scoreContinuations(items, { batchSize });
      if (scores.length !== items.length) {
        throw new EvaluatorError(
          'EVAL_BAD_MODEL',
          `scoreContinuations returned ${scores.length} scores for ${items.length} items`,
          { expected: String(items.length), found: String(scores.length) },
        );
      }
      let k = 0;
      return requests.map((r) => r.continuations.map(() => (scores[k++] as ContinuationScore).logprob));
    },
    async generate(prompts, opts) {
      if (o.generate === undefined) {
        throw new EvaluatorError(
          'EVAL_BAD_MODEL',
          'this scorer has no generator; generation protocols need one',
          {
            expected: 'a generator',
            found: 'none',
          },
        );
      }
      const replies = await o.generate(prompts, { maxNewTokens: opts.maxNewTokens, batchSize });
      if (replies.length !== prompts.length) {
        throw new EvaluatorError(
          'EVAL_BAD_MODEL',
          `the generator returned ${replies.length} replies for ${prompts.length} prompts`,
          { expected: String(prompts.length), found: String(replies.length) },
        );
      }
      return replies;
    },
    renderChat(messages) {
      if (o.renderChat === undefined) {
        throw new EvaluatorError('EVAL_BAD_MODEL', 'this scorer has no chat template renderer', {
          expected: 'renderChat',
          found: 'none',
        });
      }
      return o.renderChat(messages);
    },
  };
}

// A chat conversation over a LoadedModel: system prompt + history, rendered with the model's chat template,
// replies generated through the KV cache with streaming; the oldest turns are dropped when the prompt would not
// fit max_position_embeddings. One seeded Rng serves every turn, so a session replays exactly from its seed.
import { Rng, type RngState } from '@steel/moe-model';
import { EvaluatorError } from '../errors.js';
import { defaultStopIds, type Generation, generate } from '../generate/decode.js';
import type { SamplingOptions } from '../generate/sampling.js';
import type { ChatMessage } from '../protocols/prompts.js';
import type { LoadedModel } from '../runtime/model.js';
import type { ChatCommand } from './commands.js';
import { compileChatTemplate } from './template.js';

export interface ChatSessionOptions extends SamplingOptions {
  /** System prompt; undefined leaves it to the template (Qwen's inserts "You are a helpful assistant."). */
  system?: string;
  /** Tokens per reply at most (default 512). */
  maxNewTokens?: number;
  /** Sampling seed (default 0). */
  seed?: number;
  /** Default: the tokenizer's <|im_end|> and <|endoftext|>. */
  stopIds?: readonly number[];
}

export interface ChatReply extends Generation {
  /** Prompt tokens fed for this turn. */
  promptTokens: number;
  /** Earlier turns dropped to fit the context window. */
  droppedTurns: number;
}

/** What a command did (for the app to print). */
export type CommandOutcome =
  | { kind: 'reset' }
  | { kind: 'system'; system: string | undefined; changed: boolean }
  | { kind: 'exit' }
  | { kind: 'help' }
  | { kind: 'unknown'; name: string };

export class ChatSession {
  readonly model: LoadedModel;
  private opts: ChatSessionOptions;
  private turns: ChatMessage[] = [];
  private sys: string | undefined;
  private rng: Rng;

  /**
   * @example
   * const chat = new ChatSession(model, { system: '你是一个AI助手。', temperature: 0.7, topP: 0.8, seed: 1 });
   * const r = await chat.send('你好', (t) => process.stdout.write(t));
   */
  constructor(model: LoadedModel, opts: ChatSessionOptions = {}) {
    this.model = model;
    this.opts = opts;
    this.sys = opts.system;
    this.rng = Rng.create(opts.seed ?? 0, 'chat');
  }

  /** The system prompt (undefined: the template's default). */
  get system(): string | undefined {
    return this.sys;
  }

  /** Conversation so far, without the system message. */
  get history(): readonly ChatMessage[] {
    return this.turns;
  }

  /** Sampling generator state (serializable). */
  get rngState(): RngState {
    return this.rng.state();
  }

  /** Forget the conversation; the system prompt stays. */
  reset(): void {
    this.turns = [];
  }

  /** New system prompt: the conversation restarts (earlier turns were answered under the old one). */
  setSystem(text: string | undefined): void {
    this.sys = text;
    this.turns = [];
  }

  /** Apply a parsed command (/reset, /system); /exit, /help and unknown ones are only reported back. */
  apply(cmd: ChatCommand): CommandOutcome {
    switch (cmd.kind) {
      case 'reset':
        this.reset();
        return cmd;
      case 'system':
        if (cmd.text === undefined) return { kind: 'system', system: this.sys, changed: false };
        this.setSystem(cmd.text);
        return { kind: 'system', system: this.sys, changed: true };
      default:
        return cmd;
    }
  }

  /** Messages of the next prompt: system (when set) + the last `keep` history messages + the user's. */
  messages(user: string, keep = this.turns.length): ChatMessage[] {
    return [
      ...(this.sys === undefined ? [] : [{ role: 'system' as const, content: this.sys }]),
      ...this.turns.slice(this.turns.length - keep),
      { role: 'user', content: user },
    ];
  }

  /** The rendered prompt text for `user` with the full history. */
  promptText(user: string): string {
    return this.render(this.messages(user));
  }

  private render(messages: ChatMessage[]): string {
    return compileChatTemplate(this.model.chatTemplate).render(messages, {
      addGenerationPrompt: true,
      vars: this.model.chatTemplateVars,
    });
  }

  /** Send a user message; `onText` receives the reply's text as it is generated (complete characters). */
  async send(user: string, onText?: (text: string) => void | Promise<void>): Promise<ChatReply> {
    const maxNewTokens = this.opts.maxNewTokens ?? 512;
    const limit = this.model.config.max_position_embeddings;
    let keep = this.turns.length;
    let ids = await this.model.tokenizer.encode(this.render(this.messages(user, keep)));
    // drop the oldest user/assistant pairs until the prompt leaves room for at least one new token
    while (ids.length + Math.min(maxNewTokens, 1) > limit && keep > 0) {
      keep = Math.max(0, keep - 2);
      ids = await this.model.tokenizer.encode(this.render(this.messages(user, keep)));
    }
    if (ids.length >= limit)
      throw new EvaluatorError(
        'EVAL_BAD_ARGUMENT',
        `the message alone is ${ids.length} tokens; the model's context is ${limit}`,
        { expected: `< ${limit}`, found: String(ids.length) },
      );
    const [g] = await generate(this.model, [ids], {
      ...this.opts,
      maxNewTokens,
      stopIds: this.opts.stopIds ?? defaultStopIds(this.model),
      rngs: [this.rng],
      ...(onText ? { onToken: (e) => (e.text ? onText(e.text) : undefined) } : {}),
    });
    const dropped = (this.turns.length - keep) / 2;
    this.turns = [...this.turns.slice(this.turns.length - keep), { role: 'user', content: user }];
    this.turns.push({ role: 'assistant', content: g!.text });
    return { ...g!, promptTokens: ids.length, droppedTurns: dropped };
  }
}

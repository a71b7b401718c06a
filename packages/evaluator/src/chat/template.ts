// Chat templates: tokenizer_config.json's `chat_template` (Jinja) rendered with @huggingface/jinja, with the
// variables transformers' apply_chat_template passes (messages, add_generation_prompt, the special-token strings
// bos_token / eos_token / pad_token / unk_token, plus any extra ones); the built-in ChatML when there is none.
import { Template } from '@huggingface/jinja';
import { EvaluatorError } from '../errors.js';
import type { ChatMessage } from '../protocols/prompts.js';
import { QWEN_CHATML_TEMPLATE } from './qwen-chatml.js';

export interface RenderChatOptions {
  /** Append the assistant header so the model writes the reply (default true). */
  addGenerationPrompt?: boolean;
  /** Extra template variables (special-token strings, tools, …); `messages` and `add_generation_prompt` win. */
  vars?: Readonly<Record<string, unknown>>;
}

export interface ChatTemplate {
  readonly source: string;
  render(messages: readonly ChatMessage[], opts?: RenderChatOptions): string;
}

const cache = new Map<string, ChatTemplate>();

/**
 * Parse a Jinja chat template once (cached by its text); `undefined` → the built-in Qwen ChatML template.
 * @example compileChatTemplate(model.chatTemplate).render([{ role: 'user', content: '你好' }])
 */
export function compileChatTemplate(source: string = QWEN_CHATML_TEMPLATE): ChatTemplate {
  const hit = cache.get(source);
  if (hit) return hit;
  let tpl: Template;
  try {
    tpl = new Template(source);
  } catch (e) {
    throw new EvaluatorError(
      'EVAL_BAD_TEMPLATE',
      `chat template does not parse: ${(e as Error).message} (template starts ${JSON.stringify(source.slice(0, 80))})`,
      { found: source.slice(0, 200) },
      { cause: e },
    );
  }
  const compiled: ChatTemplate = {
    source,
    render(messages, opts = {}) {
      try {
        return tpl.render({
          ...opts.vars,
          messages: messages.map((m) => ({ ...m })),
          add_generation_prompt: opts.addGenerationPrompt ?? true,
        });
      } catch (e) {
        throw new EvaluatorError(
          'EVAL_BAD_TEMPLATE',
          `chat template failed on ${messages.length} message(s): ${(e as Error).message}`,
          { found: JSON.stringify(messages).slice(0, 200) },
          { cause: e },
        );
      }
    },
  };
  cache.set(source, compiled);
  return compiled;
}

/** Render `messages` with `source` (default: built-in ChatML). */
export function renderChatTemplate(
  source: string | undefined,
  messages: readonly ChatMessage[],
  opts?: RenderChatOptions,
): string {
  return compileChatTemplate(source).render(messages, opts);
}

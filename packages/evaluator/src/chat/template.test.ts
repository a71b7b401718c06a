// Tests of template.ts — Qwen1.5's real chat_template (read from ../shared when present) and the built-in ChatML
// template render exactly the strings written by hand from Qwen's template definition.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isEvaluatorError } from '../errors.js';
import type { ChatMessage } from '../protocols/prompts.js';
import { QWEN_CHATML_TEMPLATE } from './qwen-chatml.js';
import { compileChatTemplate, renderChatTemplate } from './template.js';

const CONFIG = fileURLToPath(
  new URL('../../../../../shared/data/tokenizer/qwen1.5/tokenizer_config.json', import.meta.url),
);
const QWEN = existsSync(CONFIG)
  ? (JSON.parse(readFileSync(CONFIG, 'utf8')) as { chat_template: string }).chat_template
  : undefined;

const SYS = '<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n';
const u = (content: string): ChatMessage => ({ role: 'user', content });
const a = (content: string): ChatMessage => ({ role: 'assistant', content });
const s = (content: string): ChatMessage => ({ role: 'system', content });

// [name, messages, add_generation_prompt, expected text]
const CASES: [string, ChatMessage[], boolean, string][] = [
  [
    'single turn, default system',
    [u('Hello')],
    true,
    `${SYS}<|im_start|>user\nHello<|im_end|>\n<|im_start|>assistant\n`,
  ],
  ['single turn, no generation prompt', [u('Hello')], false, `${SYS}<|im_start|>user\nHello<|im_end|>\n`],
  [
    'own system prompt (no default inserted)',
    [s('你是一个AI助手。'), u('你好')],
    true,
    '<|im_start|>system\n你是一个AI助手。<|im_end|>\n<|im_start|>user\n你好<|im_end|>\n<|im_start|>assistant\n',
  ],
  [
    'multi-turn, Chinese',
    [u('中国的首都是哪里？'), a('北京。'), u('那上海呢？')],
    true,
    `${SYS}<|im_start|>user\n中国的首都是哪里？<|im_end|>\n<|im_start|>assistant\n北京。<|im_end|>\n` +
      '<|im_start|>user\n那上海呢？<|im_end|>\n<|im_start|>assistant\n',
  ],
  [
    'multi-turn ending with the assistant, no generation prompt',
    [s('S'), u('q'), a('r')],
    false,
    '<|im_start|>system\nS<|im_end|>\n<|im_start|>user\nq<|im_end|>\n<|im_start|>assistant\nr<|im_end|>\n',
  ],
  [
    'content with newlines and template-like text is verbatim',
    [u('line 1\n\nline 2 {{ x }} {% if %}')],
    true,
    `${SYS}<|im_start|>user\nline 1\n\nline 2 {{ x }} {% if %}<|im_end|>\n<|im_start|>assistant\n`,
  ],
  ['empty content', [u('')], true, `${SYS}<|im_start|>user\n<|im_end|>\n<|im_start|>assistant\n`],
  ['no messages, generation prompt only', [], true, '<|im_start|>assistant\n'],
  ['no messages at all', [], false, ''],
];

describe.each([
  ['built-in ChatML', QWEN_CHATML_TEMPLATE as string | undefined],
  ['Qwen1.5 tokenizer_config.json', QWEN],
])('%s template', (_name, template) => {
  it.skipIf(template === undefined).each(CASES)('%s', (_case, messages, gen, want) => {
    expect(renderChatTemplate(template, messages, { addGenerationPrompt: gen })).toBe(want);
  });
});

describe('compileChatTemplate', () => {
  it.skipIf(QWEN === undefined)('the built-in template renders what Qwen1.5’s does (same cases)', () => {
    for (const [, m, gen] of CASES)
      expect(renderChatTemplate(undefined, m, { addGenerationPrompt: gen })).toBe(
        renderChatTemplate(QWEN, m, { addGenerationPrompt: gen }),
      );
  });

  it('passes special-token variables and defaults add_generation_prompt to true', () => {
    const t = compileChatTemplate(
      '{{ bos_token }}{{ messages[0].content }}{% if add_generation_prompt %}>{% endif %}',
    );
    expect(t.render([u('x')], { vars: { bos_token: '<s>' } })).toBe('<s>x>');
    expect(compileChatTemplate(t.source)).toBe(t);
  });

  it.each([
    ['a parse error', '{% for m in messages %}', 'EVAL_BAD_TEMPLATE'],
    ['raise_exception', "{{ raise_exception('roles must alternate') }}", 'EVAL_BAD_TEMPLATE'],
  ])('%s → %s', (_n, src, code) => {
    const e = (() => {
      try {
        renderChatTemplate(src, [u('x')]);
      } catch (x) {
        return x;
      }
    })();
    expect(isEvaluatorError(e, code as 'EVAL_BAD_TEMPLATE')).toBe(true);
  });
});

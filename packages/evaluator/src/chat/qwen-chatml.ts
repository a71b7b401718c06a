// Steel's built-in chat template for tokenizers that carry none (the byte tokenizer): Qwen's ChatML as documented
// by Qwen (`<|im_start|>{role}\n{content}<|im_end|>\n` per message, the default system prompt "You are a helpful
// assistant." when the conversation does not open with one, `<|im_start|>assistant\n` as the generation prompt).

/** Qwen's default system prompt, inserted when `messages[0]` is not a system message. */
export const QWEN_DEFAULT_SYSTEM = 'You are a helpful assistant.';

/**
 * The built-in ChatML template (Jinja). Renders the same text as Qwen1.5's tokenizer_config.json template;
 * literal newlines between tags are removed by the `-` whitespace control, newlines in the output come from
 * the `'\n'` escapes inside the string expressions.
 */
export const QWEN_CHATML_TEMPLATE = [
  '{%- for message in messages -%}',
  "{%- if loop.first and message['role'] != 'system' -%}",
  `{{ '<|im_start|>system\\n${QWEN_DEFAULT_SYSTEM}<|im_end|>\\n' }}`,
  '{%- endif -%}',
  "{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>\\n' }}",
  '{%- endfor -%}',
  "{%- if add_generation_prompt -%}{{ '<|im_start|>assistant\\n' }}{%- endif -%}",
].join('\n');

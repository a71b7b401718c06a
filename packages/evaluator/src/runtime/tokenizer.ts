// The tokenizer a model folder carries (the helpers' checkpoint contract): `--tokenizer <x>` when given, else the
// folder's tokenizer.json (+ tokenizer_config.json), else its steel-tokenizer.json (a binpack TokenizerSpec for the
// built-in byte tokenizer), else an error. The chat template comes from tokenizer_config.json when there is one.
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { loadTokenizer, type TextTokenizer, tokenizerFromSpec } from '@steel/binpack';
import { z } from 'zod';
import { EvaluatorError } from '../errors.js';

export const STEEL_TOKENIZER_FILE = 'steel-tokenizer.json';

const ByteSpec = z.strictObject({ kind: z.literal('byte'), specials: z.array(z.string().min(1)) });

export interface ModelTokenizer {
  tokenizer: TextTokenizer;
  /** Where it came from: 'byte', a tokenizer.json path or a steel-tokenizer.json path. */
  source: string;
  /** tokenizer_config.json's chat_template (a named list's "default" entry), when present. */
  chatTemplate?: string;
  /** Special-token strings for templates (bos_token, eos_token, pad_token, unk_token) that the tokenizer defines. */
  templateVars: Record<string, string>;
}

const TEMPLATE_TOKENS = ['bos_token', 'eos_token', 'pad_token', 'unk_token'] as const;

/** tokenizer_config.json's special-token entries: a string or an AddedToken object {content}. */
function specialStrings(cfg: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of TEMPLATE_TOKENS) {
    const v = cfg[k];
    if (typeof v === 'string') out[k] = v;
    else if (v && typeof (v as { content?: unknown }).content === 'string')
      out[k] = (v as { content: string }).content;
  }
  return out;
}

/** The byte tokenizer's Qwen-style roles: eos <|im_end|>, pad <|endoftext|> (those of its specials it has). */
function byteVars(t: TextTokenizer): Record<string, string> {
  const out: Record<string, string> = {};
  if (t.tokenToId('<|im_end|>') !== undefined) out.eos_token = '<|im_end|>';
  if (t.tokenToId('<|endoftext|>') !== undefined) out.pad_token = '<|endoftext|>';
  return out;
}

/** chat_template of a tokenizer_config.json: a string, or HF's list form [{name, template}] (→ "default"). */
export function pickTemplate(raw: unknown): string | undefined {
  if (typeof raw === 'string') return raw;
  if (Array.isArray(raw)) {
    const list = raw as { name?: unknown; template?: unknown }[];
    const t = list.find((x) => x?.name === 'default') ?? list[0];
    return typeof t?.template === 'string' ? t.template : undefined;
  }
  return undefined;
}

async function readTokenizerConfig(
  configPath: string,
): Promise<{ chatTemplate?: string; vars: Record<string, string> }> {
  if (!existsSync(configPath)) return { vars: {} };
  let cfg: Record<string, unknown>;
  try {
    cfg = JSON.parse(await readFile(configPath, 'utf8'));
  } catch (e) {
    throw new EvaluatorError('EVAL_NO_TOKENIZER', `${configPath}: not JSON (${(e as Error).message})`, {
      file: configPath,
    });
  }
  const chatTemplate = pickTemplate(cfg.chat_template);
  return { ...(chatTemplate ? { chatTemplate } : {}), vars: specialStrings(cfg) };
}

async function readByteSpec(path: string): Promise<TextTokenizer> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (e) {
    throw new EvaluatorError('EVAL_NO_TOKENIZER', `${path}: not JSON (${(e as Error).message})`, {
      file: path,
    });
  }
  const spec = ByteSpec.safeParse(raw);
  if (!spec.success)
    throw new EvaluatorError(
      'EVAL_NO_TOKENIZER',
      `${path}: expected {"kind":"byte","specials":[…]}, found ${JSON.stringify(raw).slice(0, 200)}`,
      {
        file: path,
        expected: '{"kind":"byte","specials":[string…]}',
        found: JSON.stringify(raw).slice(0, 200),
      },
    );
  return tokenizerFromSpec(spec.data);
}

async function fromSource(source: string): Promise<ModelTokenizer> {
  if (source === 'byte') {
    const tokenizer = await loadTokenizer('byte');
    return { tokenizer, source, templateVars: byteVars(tokenizer) };
  }
  if (existsSync(source) && statSync(source).isFile() && source.endsWith(STEEL_TOKENIZER_FILE)) {
    const tokenizer = await readByteSpec(source);
    return { tokenizer, source, templateVars: byteVars(tokenizer) };
  }
  const isDir = existsSync(source) && statSync(source).isDirectory();
  if (isDir && !existsSync(join(source, 'tokenizer.json')) && existsSync(join(source, STEEL_TOKENIZER_FILE)))
    return fromSource(join(source, STEEL_TOKENIZER_FILE));
  let tokenizer: TextTokenizer;
  try {
    tokenizer = await loadTokenizer(source);
  } catch (e) {
    throw new EvaluatorError(
      'EVAL_NO_TOKENIZER',
      `tokenizer ${source}: ${(e as Error).message}`,
      {
        file: source,
      },
      { cause: e },
    );
  }
  const json = isDir ? join(source, 'tokenizer.json') : source;
  const cfg = await readTokenizerConfig(join(dirname(json), 'tokenizer_config.json'));
  const chatTemplate = cfg.chatTemplate ?? tokenizer.info.chatTemplate;
  return { tokenizer, source: json, ...(chatTemplate ? { chatTemplate } : {}), templateVars: cfg.vars };
}

/**
 * Load the tokenizer for the model in `dir` (or `override`: 'byte', a folder, a tokenizer.json, a steel-tokenizer.json).
 * @example const { tokenizer, chatTemplate } = await loadModelTokenizer('runs/demo/step-000020')
 */
export async function loadModelTokenizer(dir: string, override?: string): Promise<ModelTokenizer> {
  if (override !== undefined) return fromSource(override);
  if (existsSync(join(dir, 'tokenizer.json'))) return fromSource(dir);
  if (existsSync(join(dir, STEEL_TOKENIZER_FILE))) return fromSource(join(dir, STEEL_TOKENIZER_FILE));
  throw new EvaluatorError(
    'EVAL_NO_TOKENIZER',
    `${dir}: no tokenizer.json and no ${STEEL_TOKENIZER_FILE}; pass --tokenizer byte|<dir>|<tokenizer.json>`,
    { file: dir, expected: `tokenizer.json or ${STEEL_TOKENIZER_FILE}`, found: 'neither' },
  );
}

// steel-chat's command line: flags → validated options. Sampling defaults come from the model folder's
// generation_config.json when it has one, else Qwen1.5-Chat's (temperature 0.7, top-p 0.8, top-k 20,
// repetition penalty 1.05); flags win. `--temperature 0` is greedy.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEVICES, type Device, type SamplingOptions } from '@steel/evaluator';

export const USAGE = `usage:
  steel-chat --model <dir> [--tokenizer byte|<dir>|<tokenizer.json>] [--prompt "..."] [--system "..."]
             [--max-new-tokens N] [--temperature t] [--top-k k] [--top-p p] [--repetition-penalty r] [--seed s]
             [--device cpu|cuda|webgpu] [--threads N] [--debug]
  interactive commands: /reset  /system <text>  /system  /help  /exit`;

export class UsageError extends Error {}

export interface ChatCliOptions {
  model: string;
  tokenizer?: string;
  prompt?: string;
  system?: string;
  maxNewTokens: number;
  sampling: SamplingOptions;
  seed: number;
  device: Device;
  threads: number;
  help: boolean;
}

/** Qwen1.5-Chat's generation_config.json sampling values. */
export const QWEN_CHAT_SAMPLING: Required<SamplingOptions> = {
  temperature: 0.7,
  topK: 20,
  topP: 0.8,
  repetitionPenalty: 1.05,
};

function num(name: string, v: string | undefined, int: boolean, min: number): number | undefined {
  if (v === undefined) return undefined;
  const x = Number(v);
  if (v.trim() === '' || !Number.isFinite(x) || (int && !Number.isInteger(x)) || x < min)
    throw new UsageError(
      `--${name} must be ${int ? 'an integer' : 'a number'} ≥ ${min} (got ${JSON.stringify(v)})`,
    );
  return x;
}

/** generation_config.json → sampling defaults and max_new_tokens (fields it lacks stay undefined). */
export function readGenerationConfig(dir: string): { sampling: SamplingOptions; maxNewTokens?: number } {
  const path = join(dir, 'generation_config.json');
  if (!existsSync(path)) return { sampling: {} };
  let g: Record<string, unknown>;
  try {
    g = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new UsageError(`${path}: not JSON (${(e as Error).message})`);
  }
  const n = (k: string) => (typeof g[k] === 'number' ? (g[k] as number) : undefined);
  const sampling: SamplingOptions = {};
  if (g.do_sample === false) sampling.temperature = 0;
  else if (n('temperature') !== undefined) sampling.temperature = n('temperature')!;
  if (n('top_k') !== undefined) sampling.topK = n('top_k')!;
  if (n('top_p') !== undefined) sampling.topP = n('top_p')!;
  if (n('repetition_penalty') !== undefined) sampling.repetitionPenalty = n('repetition_penalty')!;
  const maxNewTokens = n('max_new_tokens');
  return { sampling, ...(maxNewTokens === undefined ? {} : { maxNewTokens }) };
}

/** Parse argv (without node and the script); throws UsageError with the offending value. */
export function parseChatArgs(argv: string[]): ChatCliOptions {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      model: { type: 'string' },
      tokenizer: { type: 'string' },
      prompt: { type: 'string' },
      system: { type: 'string' },
      'max-new-tokens': { type: 'string' },
      temperature: { type: 'string' },
      'top-k': { type: 'string' },
      'top-p': { type: 'string' },
      'repetition-penalty': { type: 'string' },
      seed: { type: 'string' },
      device: { type: 'string' },
      threads: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: true,
  });
  if (values.help) return { help: true } as ChatCliOptions;
  if (positionals.length) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`);
  if (!values.model) throw new UsageError('missing --model <dir>');
  const device = (values.device ?? 'cpu') as Device;
  if (!DEVICES.includes(device))
    throw new UsageError(
      `--device must be one of ${DEVICES.join('|')} (got ${JSON.stringify(values.device)})`,
    );
  const topP = num('top-p', values['top-p'], false, 0);
  if (topP !== undefined && !(topP > 0 && topP <= 1))
    throw new UsageError(`--top-p must be in (0, 1] (got ${JSON.stringify(values['top-p'])})`);
  const rp = num('repetition-penalty', values['repetition-penalty'], false, 0);
  if (rp === 0) throw new UsageError('--repetition-penalty must be > 0 (got "0")');
  const gen = readGenerationConfig(values.model);
  const flags: SamplingOptions = {};
  const t = num('temperature', values.temperature, false, 0);
  if (t !== undefined) flags.temperature = t;
  const k = num('top-k', values['top-k'], true, 0);
  if (k !== undefined) flags.topK = k;
  if (topP !== undefined) flags.topP = topP;
  if (rp !== undefined) flags.repetitionPenalty = rp;
  return {
    model: values.model,
    ...(values.tokenizer ? { tokenizer: values.tokenizer } : {}),
    ...(values.prompt !== undefined ? { prompt: values.prompt } : {}),
    ...(values.system !== undefined ? { system: values.system } : {}),
    maxNewTokens: num('max-new-tokens', values['max-new-tokens'], true, 1) ?? gen.maxNewTokens ?? 256,
    sampling: { ...QWEN_CHAT_SAMPLING, ...gen.sampling, ...flags },
    seed: num('seed', values.seed, true, 0) ?? 0,
    device,
    threads: num('threads', values.threads, true, 1) ?? 1,
    help: false,
  };
}

// steel-chat: chat with a Steel model folder in the terminal (streamed replies, history, /reset, /system, /exit)
// or one-shot with --prompt. Exit codes: 0 ok, 1 bad model/tokenizer/device, 2 bad usage, 3 unexpected.
// Only this file prints or exits.
import { createInterface } from 'node:readline';
import { isBinpackError } from '@steel/binpack';
import {
  CHAT_HELP,
  ChatSession,
  isEvaluatorError,
  type LoadedModel,
  loadModel,
  messageText,
  parseChatCommand,
} from '@steel/evaluator';
import { isMoeModelError } from '@steel/moe-model';
import { type ChatCliOptions, parseChatArgs, USAGE, UsageError } from './options.js';

const out = (s: string) => process.stdout.write(s);
const err = (line: string) => process.stderr.write(`${line}\n`);

function describeModel(m: LoadedModel, o: ChatCliOptions): string {
  const s = o.sampling;
  const sampling =
    (s.temperature ?? 0) > 0
      ? `temperature ${s.temperature}, top-k ${s.topK}, top-p ${s.topP}, repetition penalty ${s.repetitionPenalty}, seed ${o.seed}`
      : `greedy, repetition penalty ${s.repetitionPenalty}`;
  return (
    `steel-chat: ${m.dir} (${m.config.FFN_type}, ${m.config.num_hidden_layers} layers, vocab ${m.vocabSize}), ` +
    `tokenizer ${m.tokenizer.info.name}, ${m.device} × ${m.threads} thread(s); ${sampling}; ` +
    `max ${o.maxNewTokens} new tokens`
  );
}

async function chat(o: ChatCliOptions): Promise<number> {
  const model = await loadModel(o.model, {
    device: o.device,
    threads: o.threads,
    ...(o.tokenizer ? { tokenizer: o.tokenizer } : {}),
  });
  try {
    const session = new ChatSession(model, {
      ...o.sampling,
      maxNewTokens: o.maxNewTokens,
      seed: o.seed,
      ...(o.system !== undefined ? { system: o.system } : {}),
    });
    if (o.prompt !== undefined) {
      await session.send(o.prompt, (t) => {
        out(t);
      });
      out('\n');
      return 0;
    }
    err(describeModel(model, o));
    err('type a message; /help for commands');
    const tty = Boolean(process.stdin.isTTY);
    const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: tty, prompt: '> ' });
    if (tty) rl.prompt();
    for await (const line of rl) {
      const cmd = parseChatCommand(line);
      if (cmd) {
        const r = session.apply(cmd);
        if (r.kind === 'exit') break;
        if (r.kind === 'reset') out('[conversation cleared]\n');
        else if (r.kind === 'system')
          out(
            r.changed
              ? `[system prompt set; new conversation]\n`
              : `[system prompt: ${r.system ?? '(template default)'}]\n`,
          );
        else if (r.kind === 'help') out(`${CHAT_HELP}\n`);
        else out(`[unknown command /${r.name}; /help lists them]\n`);
      } else if (line.trim()) {
        try {
          const reply = await session.send(messageText(line), (t) => {
            out(t);
          });
          out('\n');
          if (reply.finishReason === 'length') err(`[reply cut at ${o.maxNewTokens} tokens]`);
        } catch (e) {
          // a message too long for the context: say so and keep the session
          if (!isEvaluatorError(e, 'EVAL_BAD_ARGUMENT')) throw e;
          err(`steel-chat: ${e.message}`);
        }
      }
      if (tty) rl.prompt();
    }
    rl.close();
    return 0;
  } finally {
    await model.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const debug = argv.includes('--debug');
  const args = argv.filter((a) => a !== '--debug');
  try {
    const o = parseChatArgs(args);
    if (o.help) {
      out(`${USAGE}\n`);
      return 0;
    }
    return await chat(o);
  } catch (e) {
    if (debug) err((e as Error).stack ?? String(e));
    const code = (e as { code?: string }).code;
    if (e instanceof UsageError || code?.startsWith('ERR_PARSE_ARGS')) {
      err(`steel-chat: ${(e as Error).message}\n${USAGE}`);
      return 2;
    }
    if (isEvaluatorError(e)) {
      err(`steel-chat: ${e.code}: ${e.message}`);
      return e.code === 'EVAL_BAD_ARGUMENT' ? 2 : 1;
    }
    if (isBinpackError(e) || isMoeModelError(e)) {
      err(`steel-chat: ${e.code}: ${e.message}`);
      return 1;
    }
    err(`steel-chat: unexpected error: ${(e as Error).message ?? e} (rerun with --debug for the stack)`);
    return 3;
  }
}

process.exitCode = await main(process.argv.slice(2));

// End-to-end tests of the steel-chat CLI: spawn it from source on a tiny byte-tokenizer model folder written here;
// --prompt prints exactly the reply the library generates; interactive /system, /reset, /exit via stdin; bad
// --model and bad flags give exit codes 1 and 2 with clear messages.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ChatSession, loadModel } from '@steel/evaluator';
import { buildLayout, getPreset, initParams, tensorsFromParams, writeHfFolder } from '@steel/moe-model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QWEN_CHAT_SAMPLING } from './options.js';

const MAIN = resolve(import.meta.dirname, 'main.ts');
const NODE_ARGS = [
  '--conditions=@steel/source',
  '--import',
  pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href,
  MAIN,
];

function cli(args: string[], stdin = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = execFile(
      process.execPath,
      [...NODE_ARGS, ...args],
      { env: { ...process.env, FORCE_COLOR: '0' } },
      (error, stdout, stderr) =>
        done({ code: error ? (typeof error.code === 'number' ? error.code : 99) : 0, stdout, stderr }),
    );
    child.stdin!.end(stdin);
  });
}

let dir: string;
let model: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'steel-chat-cli-'));
  model = join(dir, 'tiny');
  const config = getPreset('steel-tiny');
  const layout = buildLayout(config);
  await writeHfFolder(model, { config, tensors: tensorsFromParams(layout, initParams(layout, 5)) });
  await writeFile(
    join(model, 'steel-tokenizer.json'),
    '{"kind":"byte","specials":["<|endoftext|>","<|im_start|>","<|im_end|>"]}\n',
  );
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** What the library replies to `turns` (strings are messages, ['system', x] sets the system prompt). */
async function expected(turns: (string | ['system', string])[], seed: number, maxNewTokens: number) {
  const m = await loadModel(model);
  try {
    const chat = new ChatSession(m, { ...QWEN_CHAT_SAMPLING, seed, maxNewTokens });
    const replies: string[] = [];
    for (const t of turns)
      if (typeof t === 'string') replies.push((await chat.send(t)).text);
      else chat.setSystem(t[1]);
    return replies;
  } finally {
    await m.close();
  }
}

describe('steel-chat', () => {
  it('--prompt prints the generated reply and exits 0', async () => {
    const r = await cli(['--model', model, '--prompt', '你好', '--max-new-tokens', '12', '--seed', '3']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const [want] = await expected(['你好'], 3, 12);
    expect(want!.length).toBeGreaterThan(0);
    expect(r.stdout).toBe(`${want}\n`);
  });

  it('interactive: streams replies, keeps history, /system, /reset, /exit', async () => {
    const stdin = 'hi\n/system Be brief.\n/system\nhello\n/reset\n/help\n/nope\n/exit\nnever sent\n';
    const r = await cli(['--model', model, '--max-new-tokens', '6', '--seed', '1'], stdin);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      /^steel-chat: .*tiny \(softmoe_v3, 2 layers, vocab 512\), tokenizer byte, cpu × 1/,
    );
    const [a, b] = await expected(['hi', ['system', 'Be brief.'], 'hello'], 1, 6);
    const lines = r.stdout.split('\n');
    expect(lines.slice(0, 4)).toEqual([
      a,
      '[system prompt set; new conversation]',
      '[system prompt: Be brief.]',
      b,
    ]);
    expect(lines[4]).toBe('[conversation cleared]');
    expect(r.stdout).toContain('/system <text>   set the system prompt');
    expect(r.stdout).toContain('[unknown command /nope; /help lists them]');
  });

  it.each([
    [['--model', '/nonexistent/model'], 1, /EVAL_BAD_MODEL: model \/nonexistent\/model: .*no config\.json/],
    [
      ['--model', 'MODEL', '--tokenizer', '/nonexistent/tok.json'],
      1,
      /EVAL_NO_TOKENIZER: tokenizer \/nonexistent/,
    ],
    [['--prompt', 'x'], 2, /missing --model <dir>/],
    [['--model', 'MODEL', '--top-p', '2'], 2, /--top-p must be in \(0, 1\] \(got "2"\)/],
    [['--model', 'MODEL', '--temperature', 'hot'], 2, /--temperature must be a number ≥ 0 \(got "hot"\)/],
    [['--model', 'MODEL', '--device', 'tpu'], 2, /--device must be one of cpu\|cuda\|webgpu/],
    [['--model', 'MODEL', '--bogus'], 2, /Unknown option '--bogus'/],
  ])('%j → exit %d', async (args, code, msg) => {
    const r = await cli(args.map((a) => (a === 'MODEL' ? model : a)));
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(msg);
    expect(r.stdout).toBe('');
  });

  it('--help prints usage and exits 0', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^usage:\n {2}steel-chat --model <dir>/);
  });
});

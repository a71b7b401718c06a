// End-to-end tests of the steel-eval CLI: spawned from source on the evaluator's fixtures with a real steel-tiny
// model folder whose weights make it a known bigram model (so the printed scores are hand-computed), resume on
// rerun, perplexity of a JSONL file, the hub download from a local server, and exit codes for bad input.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bigramWeights } from '@steel/evaluator';
import { buildLayout, getPreset, tensorsFromParams, writeHfFolder } from '@steel/moe-model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const MAIN = resolve(import.meta.dirname, 'main.ts');
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const FIX = resolve(import.meta.dirname, '../../../packages/evaluator/test/fixtures/run');

function cli(args: string[], cwd: string, env: Record<string, string> = {}) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
    execFile(
      process.execPath,
      ['--conditions=@steel/source', '--import', TSX, MAIN, ...args],
      { cwd, env: { ...process.env, FORCE_COLOR: '0', ...env } },
      (error, stdout, stderr) =>
        done({ code: error ? (typeof error.code === 'number' ? error.code : 99) : 0, stdout, stderr }),
    );
  });
}

// After ' ': C (logit 2) or A (1) → every loglik question picks C. After '\n': B, after 'B': <|im_end|>.
const TABLE = new Map([
  [
    32,
    new Map([
      [67, 2],
      [65, 1],
    ]),
  ],
  [10, new Map([[66, 5]])],
  [66, new Map([[258, 5]])],
]);
let dir: string;
let model: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'steel-eval-cli-'));
  model = join(dir, 'bigram');
  const config = getPreset('steel-tiny');
  await writeHfFolder(model, {
    config,
    tensors: tensorsFromParams(buildLayout(config), bigramWeights(config, TABLE)),
  });
  await writeFile(
    join(model, 'steel-tokenizer.json'),
    JSON.stringify({ kind: 'byte', specials: ['<|endoftext|>', '<|im_start|>', '<|im_end|>'] }),
  );
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const ceval = (extra: string[]) => [
  'ceval',
  '--model',
  model,
  '--data-dir',
  join(FIX, 'ceval'),
  '--subjects',
  'college_physics,logic',
  '--threads',
  '1',
  ...extra,
];

describe('steel-eval', () => {
  it('ceval loglik: prints every score with its protocol, writes the reports, resumes on rerun', async () => {
    const r = await cli(ceval(['--protocol', 'loglik', '--out', 'out1']), dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // golds A B D C / B A, every prediction C: physics 1/4, logic 0/2.
    expect(r.stdout).toMatch(/^college_physics +25\.00 +\[loglik 0-shot\]$/m);
    expect(r.stdout).toMatch(/^logic +0\.00 +\[loglik 0-shot\]$/m);
    expect(r.stdout).toMatch(
      /C-Eval val — protocol loglik 0-shot: micro 16\.67 \(macro 12\.50\) over 6 questions/,
    );
    for (const f of [
      'report.md',
      'report.json',
      'subjects.csv',
      'categories.csv',
      'report.svg',
      'subjects/logic.json',
    ])
      expect(existsSync(join(dir, 'out1', f))).toBe(true);
    const report = JSON.parse(await readFile(join(dir, 'out1/report.json'), 'utf8'));
    expect([report.protocol, report.shots, report.tokenizer, report.model]).toEqual([
      'loglik',
      0,
      'byte',
      model,
    ]);

    const again = await cli(ceval(['--protocol', 'loglik', '--out', 'out1']), dir);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^logic +0\.00 +\[loglik 0-shot\] +\(reused\)$/m);
    expect(again.stdout).toMatch(/reused 2 finished subject\(s\)/);
  });

  it('ceval steel-chat: chat replies "B" through the model template, macro headline', async () => {
    const r = await cli(ceval(['--protocol', 'steel-chat', '--max-new-tokens', '8', '--out', 'out2']), dir);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/protocol steel-chat 0-shot: macro 37\.50 \(micro 33\.33\)/);
  });

  it('ppl on JSONL: the hand-computed mean NLL', async () => {
    await writeFile(join(dir, 'held.jsonl'), '{"text":" C C"}\n');
    const r = await cli(
      ['ppl', '--model', model, '--data', 'held.jsonl', '--block-size', '8', '--out', 'ppl.json'],
      dir,
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // " C C<|im_end|>" → targets C|' ' (logit 2), ' '|C, C|' ', eos|C (uniform over 512); pads not scored.
    const lse = Math.log(Math.exp(2) + Math.exp(1) + 510);
    const mean = (2 * (lse - 2) + 2 * Math.log(512)) / 4;
    const saved = JSON.parse(await readFile(join(dir, 'ppl.json'), 'utf8'));
    expect(saved.tokens).toBe(4);
    expect(saved.meanNll).toBeCloseTo(mean, 5);
    expect(r.stdout).toContain(`mean NLL ${mean.toFixed(4)} nats/token`);
  });

  it('--download fetches the archive from $HF_ENDPOINT when the split folder is missing', async () => {
    const zip = await readFile(join(FIX, '../download/ceval-mini.zip'));
    const server: Server = createServer((req, res) => {
      if (req.url?.endsWith('/datasets/ceval/ceval-exam/resolve/main/ceval-exam.zip')) res.end(zip);
      else res.writeHead(404).end();
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const data = join(dir, 'dl');
    const r = await cli(
      [
        'ceval',
        '--model',
        model,
        '--data-dir',
        data,
        '--subjects',
        'logic',
        '--protocol',
        'loglik',
        '--download',
        '--out',
        'out3',
      ],
      dir,
      { HF_ENDPOINT: endpoint },
    );
    await new Promise((ok) => server.close(ok));
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/downloaded .*ceval-exam\.zip .*files into/);
    expect(r.stdout).toMatch(/^logic +\d+\.\d\d +\[loglik 0-shot\]$/m);
  });

  it.each([
    [['ceval', '--data-dir', 'x', '--protocol', 'loglik'], 2, /missing --model/],
    [['ceval', '--model', 'm', '--data-dir', 'x'], 2, /missing --protocol/],
    [['ceval', '--model', 'm', '--data-dir', 'x', '--protocol', 'zero-shot'], 2, /--protocol must be one of/],
    [
      ['ceval', '--model', 'm', '--data-dir', 'x', '--protocol', 'steel-chat', '--shots', '5'],
      2,
      /EVAL_BAD_OPTIONS: shots/,
    ],
    [['bleu'], 2, /unknown command bleu/],
  ])('%j → exit %i', async (args, code, msg) => {
    const r = await cli(args, dir);
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(msg);
  });

  it('bad data: a missing split folder and a model folder without weights exit 1 naming the path', async () => {
    const a = await cli(
      ceval(['--protocol', 'loglik']).map((x) => (x.endsWith('/ceval') ? join(FIX, 'cmmlu') : x)),
      dir,
    );
    expect(a.code).toBe(1);
    expect(a.stderr).toMatch(/EVAL_MISSING_SPLIT: .*cmmlu\/val: no val\/ folder/);
    const b = await cli(
      ceval(['--protocol', 'loglik']).map((x) => (x === model ? join(dir, 'nothing') : x)),
      dir,
    );
    expect(b.code).toBe(1);
    expect(b.stderr).toMatch(/nothing/);
  });
});

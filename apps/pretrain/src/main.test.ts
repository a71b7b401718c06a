// End-to-end tests of the steel-pretrain CLI: spawn it from source; the demo trains with validation, metrics and
// the report; a YAML config run stops at --max-steps and resumes; --init; SIGINT/SIGTERM leave a checkpoint that
// Trainer.resume loads; plot; bad configs, --add-data misuse and a missing CUDA provider fail cleanly.
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { formatTrainConfigYaml, readMetrics, readTrainConfig, Trainer } from '@steel/trainer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const MAIN = resolve(import.meta.dirname, 'main.ts');
const NODE_ARGS = [
  '--conditions=@steel/source',
  '--import',
  pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href,
  MAIN,
];

function cli(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [...NODE_ARGS, ...args],
      { cwd, env: { ...process.env, FORCE_COLOR: '0' } },
      (error, stdout, stderr) =>
        done({ code: error ? (typeof error.code === 'number' ? error.code : 99) : 0, stdout, stderr }),
    );
  });
}

/** A copy of the demo's run config with `patch` applied to its run section, written as YAML. */
async function variant(name: string, run: Record<string, unknown>, optim: Record<string, unknown> = {}) {
  const c = await readTrainConfig(join(dir, 'demo/train.yaml'));
  const patched = {
    ...c,
    optim: { ...c.optim, ...optim },
    run: { ...c.run, out_dir: join(dir, name), ...run },
  };
  await writeFile(join(dir, `${name}.yaml`), formatTrainConfigYaml(patched as typeof c));
  return `${name}.yaml`;
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'steel-pretrain-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('steel-pretrain', () => {
  it('demo: packs a generated corpus, trains steel-tiny, validation ppl falls, writes everything it lists', async () => {
    const r = await cli(['demo', '--out', 'demo', '--steps', '8', '--threads', '1'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // not a TTY: the first and the last step (log_every 50), each with the monitoring fields
    const steps = [
      ...r.stdout.matchAll(
        /^step (\d+)\/8 +loss (\S+) +lr \S+ +grad_norm \S+ +tok\/s \d+ +mfu \S+% +\d+ ms +eta \S+$/gm,
      ),
    ];
    expect(steps.map((m) => m[1])).toEqual(['1', '8']);
    const val = [...r.stdout.matchAll(/^val +step (\d+): loss (\S+) +ppl (\S+)/gm)];
    expect(val.map((m) => m[1])).toEqual(['0', '2', '4', '6', '8']);
    expect(Number(val[4]![3])).toBeLessThan(Number(val[0]![3]) / 4);
    const run = join(dir, 'demo/run');
    for (const f of [
      'step-000004',
      'step-000008',
      'metrics.jsonl',
      'metrics.csv',
      'val.csv',
      'report.svg',
      'report.html',
    ])
      expect(existsSync(join(run, f))).toBe(true);
    expect(existsSync(join(run, 'step-000008/steel-tokenizer.json'))).toBe(true);
    expect((await readFile(join(run, 'latest'), 'utf8')).trim()).toBe('step-000008');
    expect((await readMetrics(run)).filter((x) => x.kind === 'train').map((x) => x.step)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8,
    ]);
    expect(r.stdout).toMatch(/^ +validation +val ppl \S+ → \S+ /m);
    expect(r.stdout).toContain('steel-chat --model demo/run/step-000008 --prompt');
  });

  it('--config (YAML) stops at --max-steps, then --resume latest continues the run and its metrics', async () => {
    const cfg = await variant('run2', { save_every: 2 });
    const a = await cli(['--config', cfg, '--max-steps', '4'], dir);
    expect(a.code).toBe(0);
    expect(a.stdout).toMatch(/^step 4\/4 /m);
    expect(a.stdout).toMatch(/^checkpoint: .*step-000004$/m);
    const b = await cli(['train', '--config', cfg, '--resume', 'latest'], dir);
    expect(b.code).toBe(0);
    expect(b.stdout).toMatch(/^resuming at step 4/m);
    expect(b.stdout).toMatch(/^step 5\/8 /m);
    expect(b.stdout).not.toMatch(/^val +step 0/m);
    const rows = await readMetrics(join(dir, 'run2'));
    expect(rows.filter((x) => x.kind === 'train').map((x) => x.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('--init starts from an HF folder with fresh optimizer state', async () => {
    const cfg = await variant('run3', {});
    const r = await cli(['--config', cfg, '--init', 'demo/run/step-000008', '--max-steps', '2'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^init: weights and config from .*step-000008 \(fresh optimizer state\)/m);
    const first = Number(/^step 1\/2 +loss (\S+)/m.exec(r.stdout)![1]);
    expect(first).toBeLessThan(Math.log(512) - 1); // trained weights, not a fresh init
  });

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)(
    '%s finishes the step, writes a checkpoint Trainer.resume loads, exits %i',
    async (sig, want) => {
      const cfg = await variant(
        `sig-${sig}`,
        { max_steps: 5000, save_every: 100000, log_every: 1 },
        { max_steps: 5000 },
      );
      const child = spawn(process.execPath, [...NODE_ARGS, '--config', cfg], { cwd: dir });
      let stdout = '';
      let sent = false;
      child.stdout.on('data', (b: Buffer) => {
        stdout += b.toString();
        if (!sent && /^step +1\/5000 /m.test(stdout)) {
          sent = true;
          child.kill(sig);
        }
      });
      const guard = setTimeout(() => child.kill('SIGKILL'), 30_000); // never leave it running
      const code = await new Promise<number | null>((done) => child.on('exit', (c) => done(c)));
      clearTimeout(guard);
      expect(code).toBe(want);
      expect(stdout).toMatch(new RegExp(`^stopped by ${sig} at step \\d+; checkpoint `, 'm'));
      const config = await readTrainConfig(join(dir, cfg));
      const t = await Trainer.resume(config, undefined, 'latest');
      expect(t.step).toBeGreaterThanOrEqual(1);
      expect(t.step).toBeLessThan(5000);
      await t.close();
    },
  );

  it('plot rewrites the report of a run folder; a folder without metrics exits 1', async () => {
    await rm(join(dir, 'demo/run/report.svg'));
    const r = await cli(['plot', 'demo/run'], dir);
    expect(r.code).toBe(0);
    expect(existsSync(join(dir, 'demo/run/report.svg'))).toBe(true);
    expect((await cli(['plot', 'demo'], dir)).code).toBe(1);
  });

  it('a bad YAML config exits 2 naming the key, its line and the value', async () => {
    await writeFile(
      join(dir, 'bad.yaml'),
      'model: { preset: steel-tiny }\ndata:\n  train: x\n  block_size: -4\n  micro_batch_size: 1\noptim: { max_steps: 5 }\nrun: { out_dir: o }\n',
    );
    const r = await cli(['--config', 'bad.yaml'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/TRAINER_BAD_CONFIG: .*data.block_size \(line 4\): .*\(got -4\)/);
  });

  it('--device cuda without the CUDA provider exits 1 with TRAINER_EP_UNAVAILABLE (no CPU fallback)', async () => {
    const r = await cli(['--config', 'run2.yaml', '--device', 'cuda'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/TRAINER_EP_UNAVAILABLE: execution provider 'cuda' is not available/);
    expect(r.stdout).not.toMatch(/^step /m);
  });

  it.each([
    [['frobnicate'], /unknown command frobnicate/],
    [['--config', 'run2.yaml', '--add-data', 'demo/packed'], /--add-data appends to a resumed run/],
    [
      ['--config', 'run2.yaml', '--resume', 'latest', '--init', 'x'],
      /--resume and --init exclude each other/,
    ],
  ])('usage error %o exits 2', async (args, msg) => {
    const r = await cli(args, dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(msg);
  });
});

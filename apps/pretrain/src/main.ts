// steel-pretrain: the pretraining CLI. Parses arguments, drives @steel/trainer, prints progress, and maps errors
// to exit codes (see USAGE: 0 ok, 1 bad data/checkpoint, 2 bad usage/config, 3 unexpected, 130/143 stopped by a
// signal after a checkpoint). Only this file and the command files beside it print or exit.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isBinpackError } from '@steel/binpack';
import { isMoeModelError } from '@steel/moe-model';
import {
  isTrainerError,
  METRICS_JSONL,
  parseTrainConfig,
  readTrainConfig,
  writeTrainingReport,
} from '@steel/trainer';
import { runPretrainDemo } from './demo.js';
import { runTraining } from './run.js';
import { intFlag, USAGE, UsageError } from './usage.js';

const out = (line: string) => process.stdout.write(`${line}\n`);
const err = (line: string) => process.stderr.write(`${line}\n`);

async function train(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      config: { type: 'string' },
      resume: { type: 'string' },
      init: { type: 'string' },
      'add-data': { type: 'string', multiple: true },
      'max-steps': { type: 'string' },
      device: { type: 'string' },
      threads: { type: 'string' },
    },
    strict: true,
  });
  if (!values.config) throw new UsageError('missing --config <run.yaml>');
  if (values.resume && values.init) throw new UsageError('--resume and --init exclude each other');
  const addData = (values['add-data'] ?? []).map((p) => resolve(p));
  if (addData.length && !values.resume)
    throw new UsageError('--add-data appends to a resumed run: give --resume too');
  const config = await readTrainConfig(values.config);
  const maxSteps = intFlag('max-steps', values['max-steps']);
  const threads = intFlag('threads', values.threads);
  // flags override the file; re-validated so flag values get the same messages
  const effective = parseTrainConfig(
    {
      ...config,
      // --init: the HF folder's weights and config replace config.model (the same path as model.init)
      model: values.init ? { init: resolve(values.init) } : config.model,
      run: {
        ...config.run,
        ...(maxSteps ? { max_steps: maxSteps } : {}),
        ...(threads ? { threads } : {}),
        ...(values.device ? { device: values.device } : {}),
      },
    },
    values.config,
  );
  const r = await runTraining(effective, { resume: values.resume, addData, out });
  if (r.lastVal)
    out(
      `val ppl ${r.firstVal!.val_ppl.toFixed(2)} (step ${r.firstVal!.step}) → ${r.lastVal.val_ppl.toFixed(2)} (step ${r.lastVal.step})`,
    );
  return r.code;
}

async function plot(argv: string[]): Promise<number> {
  const { positionals } = parseArgs({ args: argv, allowPositionals: true, strict: true });
  if (positionals.length !== 1) throw new UsageError('plot takes one run folder');
  const runDir = resolve(positionals[0]!);
  if (!existsSync(join(runDir, METRICS_JSONL))) {
    err(`steel-pretrain: ${join(runDir, METRICS_JSONL)}: no such file (is ${runDir} a run folder?)`);
    return 1;
  }
  const r = await writeTrainingReport(runDir);
  out(`report: ${r.html} (${r.svg})`);
  return 0;
}

async function demo(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      data: { type: 'string' },
      out: { type: 'string' },
      steps: { type: 'string' },
      threads: { type: 'string' },
    },
    strict: true,
  });
  return runPretrainDemo(
    {
      data: values.data,
      out: values.out ?? 'steel-pretrain-demo',
      steps: intFlag('steps', values.steps),
      threads: intFlag('threads', values.threads),
    },
    out,
  );
}

async function main(argv: string[]): Promise<number> {
  const debug = argv.includes('--debug');
  const args = argv.filter((a) => a !== '--debug');
  try {
    const [cmd, ...rest] = args;
    if (cmd === 'demo') return await demo(rest);
    if (cmd === 'plot') return await plot(rest);
    if (cmd === 'train') return await train(rest);
    if (cmd === '--help' || cmd === '-h' || cmd === 'help') {
      out(USAGE);
      return 0;
    }
    if (cmd?.startsWith('--')) return await train(args);
    throw new UsageError(cmd ? `unknown command ${cmd}` : 'no command');
  } catch (e) {
    if (debug) err((e as Error).stack ?? String(e));
    const code = (e as { code?: string }).code;
    if (e instanceof UsageError || code?.startsWith('ERR_PARSE_ARGS')) {
      err(`steel-pretrain: ${(e as Error).message}\n${USAGE}`);
      return 2;
    }
    if (isTrainerError(e)) {
      err(`steel-pretrain: ${e.code}: ${e.message}`);
      return e.code === 'TRAINER_BAD_CONFIG' ? 2 : 1;
    }
    if (isBinpackError(e) || isMoeModelError(e)) {
      err(`steel-pretrain: ${e.code}: ${e.message}`);
      return 1;
    }
    err(`steel-pretrain: unexpected error: ${(e as Error).message ?? e} (rerun with --debug for the stack)`);
    return 3;
  }
}

process.exitCode = await main(process.argv.slice(2));

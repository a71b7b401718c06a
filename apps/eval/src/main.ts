// steel-eval: C-Eval / CMMLU / MMLU under a named protocol, perplexity, and the optional hub download. Parses
// arguments, drives @steel/evaluator, prints every score with its protocol, and maps errors to exit codes
// (0 ok, 1 bad model/data, 2 bad usage, 3 unexpected). Only this folder prints or exits.
import { rename, stat, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isBinpackError } from '@steel/binpack';
import {
  checkSplitFolders,
  DEVICES,
  downloadBenchmark,
  type EvalReport,
  getSuite,
  headlineScore,
  isEvaluatorError,
  jsonlRows,
  type LoadedModel,
  loadModel,
  PROTOCOLS,
  packedRows,
  perplexity,
  resolveSettings,
  runBenchmark,
  scorerForModel,
} from '@steel/evaluator';
import { isMoeModelError } from '@steel/moe-model';
import { createPrinter } from './progress.js';
import { countFlag, intFlag, oneOf, USAGE, UsageError } from './usage.js';

const out = (line: string) => process.stdout.write(`${line}\n`);
const err = (line: string) => process.stderr.write(`${line}\n`);
const bar = process.stderr.isTTY ? (s: string) => process.stderr.write(s) : undefined;
const MODEL_FLAGS = {
  model: { type: 'string' },
  device: { type: 'string' },
  threads: { type: 'string' },
  tokenizer: { type: 'string' },
  'batch-size': { type: 'string' },
} as const;

async function openModel(v: { model?: string; device?: string; threads?: string; tokenizer?: string }) {
  if (!v.model) throw new UsageError('missing --model <hf-dir>');
  const device = oneOf('device', v.device, DEVICES);
  const threads = intFlag('threads', v.threads);
  return loadModel(resolve(v.model), {
    ...(device ? { device } : {}),
    ...(threads ? { threads } : {}),
    ...(v.tokenizer ? { tokenizer: v.tokenizer } : {}),
  });
}

function hubOptions() {
  return {
    ...(process.env.HF_ENDPOINT ? { endpoint: process.env.HF_ENDPOINT } : {}),
    ...(process.env.HF_TOKEN ? { token: process.env.HF_TOKEN } : {}),
  };
}

function summary(r: EvalReport, title: string, label: string): string[] {
  const other =
    r.headline === 'macro' ? `micro ${r.overall.micro.toFixed(2)}` : `macro ${r.overall.macro.toFixed(2)}`;
  return [
    `${title} ${r.split} — protocol ${label}: ${r.headline} ${headlineScore(r).toFixed(2)} (${other}) over ` +
      `${r.overall.questions} questions in ${r.overall.subjects} subjects, ${r.overall.unparseable} unparseable`,
    ...r.groups.map(
      (g) =>
        `  ${g.group.padEnd(26)} macro ${g.macro.toFixed(2).padStart(6)}  micro ${g.micro.toFixed(2).padStart(6)}  [${label}]`,
    ),
  ];
}

async function evaluate(benchmark: string, argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...MODEL_FLAGS,
      'data-dir': { type: 'string' },
      protocol: { type: 'string' },
      shots: { type: 'string' },
      subjects: { type: 'string' },
      split: { type: 'string' },
      out: { type: 'string' },
      limit: { type: 'string' },
      scoring: { type: 'string' },
      delimiter: { type: 'string' },
      'max-new-tokens': { type: 'string' },
      system: { type: 'string' },
      download: { type: 'boolean' },
    },
    strict: true,
  });
  const suite = getSuite(benchmark);
  if (!values.model) throw new UsageError('missing --model <hf-dir>');
  if (!values['data-dir']) throw new UsageError('missing --data-dir <dir>');
  const protocol = oneOf('protocol', values.protocol, PROTOCOLS);
  if (!protocol) throw new UsageError(`missing --protocol ${PROTOCOLS.join('|')}`);
  const dataDir = resolve(values['data-dir']);
  const opts = {
    protocol,
    ...(values.shots !== undefined ? { shots: countFlag('shots', values.shots) } : {}),
    ...(values.scoring ? { scoring: oneOf('scoring', values.scoring, ['loglik', 'generate'] as const) } : {}),
    ...(values.delimiter !== undefined ? { targetDelimiter: values.delimiter } : {}),
    ...(values['max-new-tokens']
      ? { maxNewTokens: intFlag('max-new-tokens', values['max-new-tokens']) }
      : {}),
    ...(values.system !== undefined ? { systemPrompt: values.system } : {}),
    ...(values['batch-size'] ? { batchSize: intFlag('batch-size', values['batch-size']) } : {}),
    ...(values.limit ? { limit: intFlag('limit', values.limit) } : {}),
  };
  const s = resolveSettings(opts); // bad combinations fail before the model loads
  const split = values.split ?? suite.evalSplit;
  const splits = s.shots > 0 ? [split, suite.shotSplit] : [split];
  try {
    await checkSplitFolders(suite, dataDir, splits);
  } catch (e) {
    if (!values.download || !isEvaluatorError(e, 'EVAL_MISSING_SPLIT')) throw e;
    const d = await downloadBenchmark(suite.name, dataDir, hubOptions());
    out(`downloaded ${d.url} (${d.bytes} bytes): ${d.files.length} files into ${dataDir}`);
    await checkSplitFolders(suite, dataDir, splits);
  }
  const label =
    protocol === 'opencompass-5shot'
      ? `${protocol} ${s.scoring === 'loglik' ? 'next-token' : 'gen'}`
      : `${protocol} ${s.shots}-shot`;
  const model = await openModel(values);
  try {
    const modelName = resolve(values.model as string);
    const outDir = resolve(
      values.out ??
        join('steel-eval-out', basename(modelName), `${suite.name}-${split}-${label.replaceAll(' ', '-')}`),
    );
    const scorer = scorerForModel(model, {
      modelName,
      ...(opts.batchSize ? { batchSize: opts.batchSize } : {}),
    });
    out(
      `${suite.title} ${split}, protocol ${label} (${s.protocol === 'loglik' ? 'micro' : 'macro'} average), model ${modelName}, ` +
        `tokenizer ${scorer.tokenizer}, ${model.device}, out ${outDir}`,
    );
    const printer = createPrinter(out, bar, label);
    const subjects = values.subjects
      ?.split(',')
      .map((x) => x.trim())
      .filter(Boolean);
    const r = await runBenchmark({
      benchmark: suite.name,
      dataDir,
      scorer,
      outDir,
      split,
      ...opts,
      ...(subjects ? { subjects } : {}),
      onProgress: printer.onProgress,
    }).finally(() => printer.end());
    for (const line of summary(r.report, suite.title, label)) out(line);
    if (r.reused.length > 0)
      out(`reused ${r.reused.length} finished subject(s) from ${join(outDir, 'subjects')}`);
    out(
      `report: ${r.files?.markdown}, ${r.files?.json}, ${r.files?.subjectsCsv}, ${r.files?.categoriesCsv}, ${r.files?.svg}`,
    );
    return 0;
  } finally {
    await model.close();
  }
}

async function ppl(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...MODEL_FLAGS,
      data: { type: 'string' },
      'block-size': { type: 'string' },
      'text-key': { type: 'string' },
      'max-rows': { type: 'string' },
      out: { type: 'string' },
    },
    strict: true,
  });
  if (!values.model) throw new UsageError('missing --model <hf-dir>');
  if (!values.data) throw new UsageError('missing --data <packed dir|file.jsonl>');
  const data = resolve(values.data);
  const blockFlag = intFlag('block-size', values['block-size']);
  const maxRows = intFlag('max-rows', values['max-rows']);
  const batchSize = intFlag('batch-size', values['batch-size']) ?? 4;
  const isDir = (await stat(data)).isDirectory();
  const model: LoadedModel = await openModel(values);
  try {
    const tok = model.tokenizer.info;
    let source: AsyncIterable<readonly number[]>;
    let padId: number | null;
    let close = async () => {};
    if (isDir) {
      const p = await packedRows(data, blockFlag);
      source = p.rows;
      padId = p.padId ?? tok.padId ?? null;
      close = p.close;
    } else {
      const T = blockFlag ?? Math.min(model.config.max_position_embeddings, 2048);
      if (tok.padId === undefined)
        throw new UsageError(`tokenizer ${tok.name} has no pad token to fill the last row`);
      padId = tok.padId;
      source = jsonlRows(data, model.tokenizer, T, {
        padId: tok.padId,
        ...(values['text-key'] ? { textKey: values['text-key'] } : {}),
      });
    }
    const r = await perplexity(model, source, {
      batchSize,
      padId,
      ...(maxRows ? { maxRows } : {}),
      ...(bar
        ? {
            onProgress: (p) =>
              bar(`\r\x1b[K${p.rows} rows  ${p.tokens} tokens  mean NLL ${p.meanNll.toFixed(4)}`),
          }
        : {}),
    }).finally(async () => {
      if (bar) bar('\r\x1b[K');
      await close();
    });
    out(
      `ppl ${data}: mean NLL ${r.meanNll.toFixed(4)} nats/token, perplexity ${r.ppl.toFixed(4)} over ${r.tokens} tokens ` +
        `(${r.rows} rows of ${r.blockSize}+1${r.padId === null ? '' : `, pad id ${r.padId} not scored`}) [model ${resolve(values.model as string)}, tokenizer ${tok.name}]`,
    );
    if (values.out) {
      const file = resolve(values.out);
      const body = {
        data,
        model: resolve(values.model as string),
        tokenizer: tok.name,
        ...r,
        date: new Date().toISOString(),
      };
      await writeFile(`${file}.tmp`, `${JSON.stringify(body, null, 2)}\n`);
      await rename(`${file}.tmp`, file);
      out(`wrote ${file}`);
    }
    return 0;
  } finally {
    await model.close();
  }
}

async function download(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { 'data-dir': { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  const name = positionals[0];
  if (!name) throw new UsageError('download: which benchmark? (ceval|cmmlu)');
  if (!values['data-dir']) throw new UsageError('missing --data-dir <dir>');
  const d = await downloadBenchmark(getSuite(name).name, resolve(values['data-dir']), hubOptions());
  out(`downloaded ${d.url} (${d.bytes} bytes): ${d.files.length} files into ${resolve(values['data-dir'])}`);
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const debug = argv.includes('--debug');
  const args = argv.filter((a) => a !== '--debug');
  try {
    const [cmd, ...rest] = args;
    if (cmd === 'ceval' || cmd === 'cmmlu' || cmd === 'mmlu') return await evaluate(cmd, rest);
    if (cmd === 'ppl') return await ppl(rest);
    if (cmd === 'download') return await download(rest);
    if (cmd === '--help' || cmd === '-h' || cmd === 'help') {
      out(USAGE);
      return 0;
    }
    throw new UsageError(cmd ? `unknown command ${cmd}` : 'no command');
  } catch (e) {
    if (debug) err((e as Error).stack ?? String(e));
    const code = (e as { code?: string }).code ?? '';
    if (e instanceof UsageError || code.startsWith('ERR_PARSE_ARGS')) {
      err(`steel-eval: ${(e as Error).message}\n${USAGE}`);
      return 2;
    }
    if (isEvaluatorError(e)) {
      err(`steel-eval: ${e.code}: ${e.message}`);
      return e.code === 'EVAL_BAD_OPTIONS' ? 2 : 1;
    }
    if (isBinpackError(e) || isMoeModelError(e) || code === 'ENOENT') {
      err(`steel-eval: ${code}: ${(e as Error).message}`);
      return 1;
    }
    err(`steel-eval: unexpected error: ${(e as Error).message ?? e} (rerun with --debug for the stack)`);
    return 3;
  }
}

process.exitCode = await main(process.argv.slice(2));

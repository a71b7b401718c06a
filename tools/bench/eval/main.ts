// Benchmark of @steel/evaluator on a small model (steel-small, random weights, byte tokenizer, ORT CPU): questions/s
// of the `loglik` and `steel-chat` protocols through runBenchmark, batched vs unbatched (the anchor: batch 1 in the
// same process on the same questions), and greedy decode tokens/s through the KV cache (batch 8 vs batch 1).
// FFN types: Steel's softmoe_v3 (rows batch only with equal-length rows) and softmoe_causal (right-padded batches).
// `--write` replaces the eval section in docs/benchmarks.md.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createByteTokenizer } from '@steel/binpack';
import {
  createLoadedModel,
  type LoadedModel,
  measureDecodeSpeed,
  runBenchmark,
  scorerForModel,
} from '@steel/evaluator';
import { buildLayout, type FfnType, getPreset, initParams } from '@steel/moe-model';

const ROOT = resolve(import.meta.dirname, '../../..');
const THREADS = Number(process.env.BENCH_THREADS ?? 1);
const QUESTIONS = Number(process.env.BENCH_QUESTIONS ?? 16);
const WRITE = process.argv.includes('--write');
const MAX_NEW = 16;

/** C-Eval layout with one subject ('logic'): QUESTIONS val questions of varying length, 5 dev. */
async function writeData(dir: string): Promise<void> {
  const header = 'id,question,A,B,C,D,answer,explanation\n';
  const row = (i: number) =>
    `${i},虚构题${i}：${'下列说法中'.repeat(1 + (i % 5))}哪一项是正确的？,甲${i},乙${i},丙${i},丁${i},${'ABCD'[i % 4]},\n`;
  const { mkdir } = await import('node:fs/promises');
  await mkdir(join(dir, 'val'), { recursive: true });
  await mkdir(join(dir, 'dev'), { recursive: true });
  await writeFile(
    join(dir, 'val/logic_val.csv'),
    header + Array.from({ length: QUESTIONS }, (_, i) => row(i)).join(''),
  );
  await writeFile(
    join(dir, 'dev/logic_dev.csv'),
    header + Array.from({ length: 5 }, (_, i) => row(100 + i)).join(''),
  );
}

async function smallModel(ffn: FfnType): Promise<LoadedModel> {
  const config = getPreset('steel-small', { FFN_type: ffn });
  return createLoadedModel(
    config,
    initParams(buildLayout(config), 3, 'float32'),
    await createByteTokenizer(),
    {
      threads: THREADS,
    },
  );
}

/** questions/s of one protocol run (best of 2, after a warm-up subject run). */
async function questionsPerSecond(
  model: LoadedModel,
  data: string,
  protocol: 'loglik' | 'steel-chat',
  batchSize: number,
): Promise<number> {
  const scorer = scorerForModel(model, { modelName: 'steel-small', batchSize });
  const once = async (limit?: number) => {
    const t0 = performance.now();
    await runBenchmark({
      benchmark: 'ceval',
      dataDir: data,
      subjects: ['logic'],
      protocol,
      scorer,
      batchSize,
      maxNewTokens: MAX_NEW,
      ...(limit ? { limit } : {}),
    });
    return (performance.now() - t0) / 1000;
  };
  await once(2);
  const best = Math.min(await once(), await once());
  return QUESTIONS / best;
}

const rows: string[] = [];
const ratios: string[] = [];
const data = await mkdtemp(join(tmpdir(), 'steel-bench-eval-'));
try {
  await writeData(data);
  for (const ffn of ['softmoe_v3', 'softmoe_causal'] as const) {
    const model = await smallModel(ffn);
    try {
      const l1 = await questionsPerSecond(model, data, 'loglik', 1);
      const l16 = await questionsPerSecond(model, data, 'loglik', 16);
      const c1 = await questionsPerSecond(model, data, 'steel-chat', 1);
      const c8 = await questionsPerSecond(model, data, 'steel-chat', 8);
      const d1 = await measureDecodeSpeed(model, { promptLength: 64, newTokens: 32, batch: 1 });
      const d8 = await measureDecodeSpeed(model, { promptLength: 64, newTokens: 32, batch: 8 });
      rows.push(
        `| ${ffn} | ${l1.toFixed(2)} | ${l16.toFixed(2)} | **${(l16 / l1).toFixed(2)}×** | ${c1.toFixed(2)} | ${c8.toFixed(2)} | **${(c8 / c1).toFixed(2)}×** | ${d1.decodeTokensPerS.toFixed(0)} | ${d8.decodeTokensPerS.toFixed(0)} | **${(d8.decodeTokensPerS / d1.decodeTokensPerS).toFixed(2)}×** |`,
      );
      ratios.push(
        `${ffn}: loglik batched/unbatched ${(l16 / l1).toFixed(2)}×, steel-chat ${(c8 / c1).toFixed(2)}×, decode batch 8/1 ${(d8.decodeTokensPerS / d1.decodeTokensPerS).toFixed(2)}×`,
      );
    } finally {
      await model.close();
    }
  }
} finally {
  await rm(data, { recursive: true, force: true });
}

const ortVersion = JSON.parse(
  await readFile(join(ROOT, 'node_modules/onnxruntime-node/package.json'), 'utf8'),
).version;
const block = [
  '<!-- bench:eval:begin -->',
  `Machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${THREADS} intra-op thread(s), onnxruntime-node ${ortVersion}, Node ${process.version}. ` +
    'Command: `npm run bench:eval -- --write`.',
  '',
  `Model: steel-small (random weights, byte tokenizer), one C-Eval-shaped subject of ${QUESTIONS} questions of varying length. ` +
    `loglik = 0-shot, 4 continuations per question; steel-chat = ChatML prompt + ${MAX_NEW} greedy tokens (a random model never stops). ` +
    'Anchor: batch 1 in the same process. Decode: 64-token prompt, 32 new tokens through the KV cache.',
  '',
  '| FFN | loglik q/s, batch 1 | loglik q/s, batch 16 | ratio | steel-chat q/s, batch 1 | steel-chat q/s, batch 8 | ratio | decode tok/s, batch 1 | decode tok/s, batch 8 | ratio |',
  '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...rows,
  '<!-- bench:eval:end -->',
].join('\n');
process.stdout.write(`${block}\n\n${ratios.join('\n')}\n`);

if (WRITE) {
  const file = join(ROOT, 'docs/benchmarks.md');
  let doc = await readFile(file, 'utf8');
  const begin = '<!-- bench:eval:begin -->';
  const end = '<!-- bench:eval:end -->';
  if (doc.includes(begin)) doc = doc.replace(new RegExp(`${begin}[\\s\\S]*?${end}`), block);
  else doc += `\n## @steel/evaluator — questions/s batched vs unbatched, decode tokens/s\n\n${block}\n`;
  await writeFile(file, doc);
  process.stdout.write(`wrote ${file}\n`);
}

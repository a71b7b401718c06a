// Benchmark of @steel/trainer on the CPU: whole training steps through the public Trainer API (data, grad-graph
// runs, accumulation, clipping, AdamW, bookkeeping) for a full-Qwen-vocabulary and a small-vocabulary config, as
// tokens/s and model FLOP/s against the fp32 MatMul ceilings measured through ORT in the same process and thread
// count; the share of step time outside ORT; peak RSS; resume time at step 10 vs 10,000. `--write` fills the
// trainer section of docs/benchmarks.md. Each config runs in a child process (`--child i`), so RSS is its own.
import { spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import * as ort from 'onnxruntime-node';
import { type BenchConfig, type Measured, measure } from './measure.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const THREADS = Number(process.env.BENCH_THREADS ?? 2);
const STEPS = Number(process.env.BENCH_STEPS ?? 6);
const WRITE = process.argv.includes('--write');

const CONFIGS: BenchConfig[] = [
  // the LM head dominates: [B·T, 64] × [64, 151936] forward and backward, 19.6M parameters (97% embeddings)
  {
    label: 'steel-tiny, Qwen vocab',
    preset: 'steel-tiny',
    vocab: 151936,
    tokenizer: 'qwen',
    batch: 4,
    seq: 256,
    accum: 2,
  },
  // matrices ≥ 256 wide, 9.4M parameters; micro-batch 8 as Steel's run
  {
    label: 'steel-small, 4k vocab',
    preset: 'steel-small',
    vocab: 4096,
    tokenizer: 'byte',
    batch: 8,
    seq: 256,
    accum: 2,
  },
];

const child = process.argv.indexOf('--child');
if (child >= 0) {
  const r = await measure(CONFIGS[Number(process.argv[child + 1])]!, THREADS, STEPS);
  process.stdout.write(`\n${JSON.stringify(r)}\n`);
  process.exit(0);
}

const load0 = loadavg()[0]!;
const results: Measured[] = [];
for (let i = 0; i < CONFIGS.length; i++) {
  const p = spawnSync(process.execPath, [...process.execArgv, import.meta.filename, '--child', String(i)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 24,
  });
  if (p.status !== 0) throw new Error(`bench child ${i} (${CONFIGS[i]!.label}) exited ${p.status}`);
  results.push(JSON.parse(p.stdout.trim().split('\n').at(-1)!) as Measured);
}
const load1 = loadavg()[0]!;

const G = (x: number) => (x / 1e9).toFixed(1);
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const ms = (x: number) => `${x.toFixed(x < 10 ? 2 : 0)} ms`;
const lines: string[] = [];
lines.push(
  `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${THREADS} intra-op thread(s), onnxruntime-node ${ort.env.versions.common}, Node ${process.version}; ${new Date().toISOString().slice(0, 10)}; load average ${load0.toFixed(2)} → ${load1.toFixed(2)}. Command: \`npm run bench:trainer -- --write\` (${STEPS} measured steps per config after 2 warm-up steps; medians).`,
  '',
  '| config | params | tokens/step (B × T × accum) | step | tokens/s | model GFLOP/s | MatMul ceiling n³ / head shapes (GFLOP/s) | step vs ceiling n³ / head | outside ORT | of which optimizer | peak RSS |',
  '|---|---:|---|---:|---:|---:|---|---|---:|---:|---:|',
);
for (const r of results) {
  const flops = (r.flopsPerToken * r.tokensPerStep) / (r.stepMs / 1000);
  const other = r.stepMs - r.graphMs;
  lines.push(
    `| ${r.label} (${r.tokenizer} tokens) | ${(r.params / 1e6).toFixed(2)}M | ${r.tokensPerStep} | ${ms(r.stepMs)} | ${Math.round((r.tokensPerStep * 1000) / r.stepMs).toLocaleString('en')} | ${G(flops)} | ${G(r.ceilings.square)} / ${G(r.ceilings.head)} ${r.ceilings.headShape} | ${pct(flops / r.ceilings.square)} / ${pct(flops / r.ceilings.head)} | ${pct(other / r.stepMs)} (${ms(other)}) | ${pct(r.optimizerMs.wasm / r.stepMs)} (${ms(r.optimizerMs.wasm)}) | ${Math.round(r.rssMb).toLocaleString('en')} MB |`,
  );
}
lines.push(
  '',
  '| config | optimizer: wasm SIMD AdamW | optimizer: JS loop | first step (ORT arena warm-up) | resume at step 10: open / reader | resume at step 10,000: open / reader | late ÷ early (open) |',
  '|---|---:|---:|---:|---|---|---:|',
);
for (const r of results) {
  const { early: e, late: l } = r.resume;
  lines.push(
    `| ${r.label} | ${ms(r.optimizerMs.wasm)} (${r.optimizerMs.kernel}) | ${ms(r.optimizerMs.js)} | ${ms(r.firstStepMs)} | ${ms(e.open)} / ${ms(e.reader)} | ${ms(l.open)} / ${ms(l.reader)} | ${(l.open / e.open).toFixed(2)}× |`,
  );
}
lines.push(
  '',
  '"Step" is `Trainer.next()` wall time (read micro-batches, grad graph × accum, accumulate, clip, AdamW, report); "outside ORT" =',
  'step − time inside `InferenceSession.run` (ORT’s copy of the gradients into JS counts as ORT); "optimizer" = accumulation + global',
  'norm + clip + AdamW alone (`trainStep` on pre-made gradients), the rest of "outside ORT" is data, feeds and bookkeeping. Model FLOPs =',
  '`flopsPerToken(config, T).training` × tokens. Ceilings: fp32 MatMul through ORT at the same thread count, outputs sliced to 1×1 so',
  'no output copy is timed; "n³" = one 1536³ product, "head shapes" = the LM head’s three training products (x·w, xᵀ·dy, dy·wᵀ) at',
  'the config’s [B·T, C]×[C, V]. Resume "open" = `Trainer.resume` (read checkpoint, restore the reader, build and open the grad graph);',
  '"reader" = binpack restore + first micro-batch; the step-10,000 checkpoint is the same weights with its state.json moved to step',
  '10,000 (reader cursor and epoch at 10,000 × B × accum blocks).',
);
const section = lines.join('\n');
console.log(section);
if (WRITE) {
  const path = join(ROOT, 'docs/benchmarks.md');
  let doc = await readFile(path, 'utf8');
  const begin = '<!-- bench:trainer:begin -->';
  const end = '<!-- bench:trainer:end -->';
  const block = `${begin}\n${section}\n${end}`;
  if (doc.includes(begin)) doc = doc.replace(new RegExp(`${begin}[\\s\\S]*?${end}`), block);
  else
    doc = `${doc.trimEnd()}\n\n## @steel/trainer — whole training steps vs. the ORT MatMul ceiling\n\n${block}\n`;
  await writeFile(path, doc);
}

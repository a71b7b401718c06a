// One configuration of the trainer benchmark, run in its own process (so peak RSS is this config's): whole
// Trainer steps (public API) split into ORT graph runs vs the rest, the JS optimizer alone, the ORT MatMul
// ceilings at the same thread count, and resume time from a checkpoint at step 10 vs step 10,000.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PackedDataset, pack } from '@steel/binpack';
import {
  buildLayout,
  flopsPerToken,
  GraphBuilder,
  getPreset,
  initParams,
  onnxOps,
  serializeModel,
} from '@steel/moe-model';
import {
  type AdamWKernel,
  adamwKernelOf,
  createAdamWState,
  demoCorpus,
  type GradSession,
  parseTrainConfig,
  Trainer,
  trainStep,
} from '@steel/trainer';
import * as ort from 'onnxruntime-node';

export interface BenchConfig {
  label: string;
  preset: string;
  vocab: number;
  /** 'qwen' = the shared Qwen1.5 tokenizer (falls back to 'byte' when ../shared is absent). */
  tokenizer: 'qwen' | 'byte';
  batch: number;
  seq: number;
  accum: number;
}

export interface Measured {
  label: string;
  tokenizer: string;
  params: number;
  tokensPerStep: number;
  flopsPerToken: number;
  stepMs: number;
  graphMs: number;
  optimizerMs: { wasm: number; js: number; kernel: string };
  ceilings: { square: number; head: number; headShape: string };
  resume: { early: { open: number; reader: number }; late: { open: number; reader: number } };
  firstStepMs: number;
  steps: number;
  rssMb: number;
}

const QWEN = resolve(import.meta.dirname, '../../../../shared/data/tokenizer/qwen1.5');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function sessionOptions(threads: number): ort.InferenceSession.SessionOptions {
  return {
    executionProviders: ['cpu'],
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    extra: { session: { 'intra_op.allow_spinning': '0' } },
  };
}

/** Fastest of `repeats` runs (s) of a graph whose outputs are 1×1 slices: no output copy in the timing. */
async function ceiling(build: (b: GraphBuilder) => void, feeds: Record<string, ort.Tensor>, threads: number) {
  const b = new GraphBuilder('ceiling');
  build(b);
  const s = await ort.InferenceSession.create(serializeModel(b.build()), sessionOptions(threads));
  await s.run(feeds);
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    await s.run(feeds);
    times.push(performance.now() - t0);
  }
  await s.release();
  return Math.min(...times) / 1000;
}

const tensor = (shape: number[]) =>
  new ort.Tensor(
    'float32',
    Float32Array.from({ length: shape[0]! * shape[1]! }, (_, i) => Math.sin(i) * 0.1),
    shape,
  );
const corner = (b: GraphBuilder, v: ReturnType<GraphBuilder['input']>, name: string) =>
  b.output(onnxOps.slice(b, v, [0, 0], [1, 1], [0, 1]), name);

/** fp32 MatMul FLOP/s through ORT: one n³ product, and the LM head's three training products at [B·T, C]×[C, V]. */
async function ceilings(M: number, K: number, N: number, threads: number) {
  const n = 1536;
  const sq = await ceiling(
    (b) =>
      corner(b, onnxOps.matmul(b, b.input('a', 'float32', [n, n]), b.input('b', 'float32', [n, n])), 'c'),
    { a: tensor([n, n]), b: tensor([n, n]) },
    threads,
  );
  const head = await ceiling(
    (b) => {
      const x = b.input('x', 'float32', [M, K]);
      const w = b.input('w', 'float32', [K, N]);
      const dy = b.input('dy', 'float32', [M, N]);
      corner(b, onnxOps.matmul(b, x, w), 'y'); // logits
      corner(b, onnxOps.gemm(b, x, dy, null, { transA: true }), 'dw'); // xᵀ·dy
      corner(b, onnxOps.gemm(b, dy, w, null, { transB: true }), 'dx'); // dy·wᵀ
    },
    { x: tensor([M, K]), w: tensor([K, N]), dy: tensor([M, N]) },
    threads,
  );
  return {
    square: (2 * n ** 3) / sq,
    head: (3 * 2 * M * K * N) / head,
    headShape: `[${M}, ${K}]×[${K}, ${N}]`,
  };
}

/** A packed demo corpus (Qwen or byte tokenizer) with rows of seq + 1 tokens. */
async function packed(
  root: string,
  cfg: BenchConfig,
): Promise<{ dir: string; tokenizer: string; pad: number }> {
  const qwen = cfg.tokenizer === 'qwen' && existsSync(join(QWEN, 'tokenizer.json'));
  const input = join(root, 'corpus.jsonl');
  await writeFile(
    input,
    `${demoCorpus(800, 11)
      .map((text) => JSON.stringify({ text }))
      .join('\n')}\n`,
  );
  const dir = join(root, 'packed');
  await pack({
    tokenizer: qwen ? QWEN : 'byte',
    input,
    output: dir,
    prefix: 'bench',
    blockSize: cfg.seq,
    blocksPerChunk: 64,
    workers: 0,
    minLastChunkFill: 0,
  });
  return { dir, tokenizer: qwen ? 'Qwen1.5' : 'byte', pad: qwen ? 151643 : 256 };
}

/** The optimizer side of trainStep alone (accumulate, norm, clip, AdamW), fed pre-made gradients. */
async function optimizerMs(cfg: BenchConfig, layout: ReturnType<typeof buildLayout>, kernel: AdamWKernel) {
  const params = initParams(layout, 1) as Map<string, Float32Array>;
  const state = createAdamWState(params, { kernel });
  const rounds = 3;
  const made = Array.from({ length: rounds * cfg.accum }, (_, k) => {
    const g = new Map<string, Float32Array>();
    for (const p of layout.params)
      g.set(
        p.name,
        Float32Array.from(params.get(p.name)!, (x) => x * 1e-3 + k * 1e-7),
      );
    return g;
  });
  let next = 0;
  const replay: GradSession = {
    ep: 'cpu',
    threads: 1,
    batch: cfg.batch,
    seq: cfg.seq,
    graphSha256: '',
    run: async () => ({ loss: 1, grads: made[next++]! }),
    release: async () => {},
  };
  const hyper = {
    schedule: { lr: 3e-4, minLr: 3e-5, warmupSteps: 1, decaySteps: 1000, gradAccum: cfg.accum },
    adamw: { beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.05 },
    gradClip: 1,
  };
  const micro = Array.from({ length: cfg.accum }, () => new Int32Array(cfg.batch * (cfg.seq + 1)));
  const times: number[] = [];
  for (let s = 0; s < rounds; s++) {
    const t0 = performance.now();
    await trainStep(replay, params, state, micro, s, hyper);
    times.push(performance.now() - t0);
  }
  return Math.min(...times);
}

/** Rewrite a checkpoint's state.json as if `step` optimizer steps (and their blocks) had been consumed. */
async function pretendStep(dir: string, step: number, blocksPerStep: number): Promise<void> {
  const file = join(dir, 'state.json');
  const state = JSON.parse(await readFile(file, 'utf8'));
  const order = state.data.order;
  const consumed = step * blocksPerStep;
  state.data.order = {
    ...order,
    epoch: Math.floor(consumed / order.base),
    cursor: consumed % order.base,
    layers: [],
  };
  state.step = step;
  state.microIteration = step * state.schedule.gradAccum;
  await writeFile(file, `${JSON.stringify(state, null, 2)}\n`);
}

export async function measure(cfg: BenchConfig, threads: number, steps: number): Promise<Measured> {
  const root = await mkdtemp(join(tmpdir(), 'steel-bench-trainer-'));
  try {
    const data = await packed(root, cfg);
    const model = getPreset(cfg.preset, { vocab_size: cfg.vocab });
    const layout = buildLayout(model);
    const config = parseTrainConfig({
      model: { preset: cfg.preset },
      data: {
        train: data.dir,
        block_size: cfg.seq,
        micro_batch_size: cfg.batch,
        grad_accum: cfg.accum,
        ignore_index: data.pad,
      },
      optim: { lr: 3e-4, min_lr: 3e-5, warmup_steps: 2, max_steps: 100_000 },
      run: { out_dir: join(root, 'out'), save_every: 1_000_000, keep_last: 5, threads },
    });
    // every ORT run of the process is timed: the grad graph runs (copying outputs into JS included)
    let graph = 0;
    const proto = (ort.InferenceSession as unknown as { prototype: ort.InferenceSession }).prototype;
    const run0 = proto.run;
    proto.run = async function (this: ort.InferenceSession, ...a: Parameters<typeof run0>) {
      const t0 = performance.now();
      try {
        return await run0.apply(this, a);
      } finally {
        graph += performance.now() - t0;
      }
    } as typeof run0;
    const t = await Trainer.start(config, model);
    const first = await t.next(); // the first run sizes ORT's arena: reported, not averaged
    await t.next();
    const stepMs: number[] = [];
    const graphMs: number[] = [];
    for (let s = 0; s < steps; s++) {
      graph = 0;
      const r = await t.next();
      stepMs.push(r.ms);
      graphMs.push(graph);
    }
    // checkpoints "at step 10" and "at step 10,000": same weights, reader state moved to the later position
    const at = async (step: number) => {
      t.step = step;
      t.optimizer.step = step;
      return t.save();
    };
    const early = await at(10);
    const late = await at(10_000);
    await t.close();
    proto.run = run0;
    const blocksPerStep = cfg.batch * cfg.accum;
    await pretendStep(early, 10, blocksPerStep);
    await pretendStep(late, 10_000, blocksPerStep);
    const resume = async (dir: string) => {
      const t0 = performance.now();
      const r = await Trainer.resume(config, model, dir);
      const open = performance.now() - t0;
      await r.close();
      // the step-dependent part alone: reader restore + its first micro-batch
      const state = JSON.parse(await readFile(join(dir, 'state.json'), 'utf8')).data;
      const t1 = performance.now();
      const ds = await PackedDataset.restore(state);
      const it = ds.batches({ batchSize: cfg.batch });
      await it.next();
      const reader = performance.now() - t1;
      await it.return(undefined);
      await ds.close();
      return { open, reader };
    };
    await resume(early); // warm the page cache and the graph build for both
    const re = await resume(early);
    const rl = await resume(late);
    const wasm = await optimizerMs(cfg, layout, 'auto');
    const js = await optimizerMs(cfg, layout, 'js');
    const probe = createAdamWState(new Map([['x', new Float32Array(4)]]));
    const c = await ceilings(cfg.batch * cfg.seq, layout.dims.hidden, cfg.vocab, threads);
    return {
      label: cfg.label,
      tokenizer: data.tokenizer,
      params: layout.totalParams,
      tokensPerStep: cfg.batch * cfg.seq * cfg.accum,
      flopsPerToken: flopsPerToken(model, cfg.seq).training,
      stepMs: median(stepMs),
      graphMs: median(graphMs),
      optimizerMs: { wasm, js, kernel: adamwKernelOf(probe) },
      ceilings: c,
      resume: { early: re, late: rl },
      firstStepMs: first.ms,
      steps,
      rssMb: process.resourceUsage().maxRSS / 1024,
    };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

// Tests of superstep-session.ts: on the CPU EP, N optimizer steps through the superstep graph (the graph device
// EPs run) against N steps of the JS path (createGradSession + trainStep): params, moments, losses, grad norms.
import { buildLayout, getPreset, initParams, type ParamLayout, weightDecayGroups } from '@steel/moe-model';
import { describe, expect, it } from 'vitest';
import { type AdamWOptions, createAdamWState } from './adamw.js';
import { isTrainerError } from './errors.js';
import { type LrSchedule, lrForStep } from './schedule.js';
import { createGradSession } from './session.js';
import { createSuperstepSession } from './superstep-session.js';
import { trainStep } from './train-step.js';

const IGNORE = 31; // steel-micro's vocab is 32: the last id plays the pad
const B = 2;
const T = 8;

/** Deterministic rows of T+1 tokens in [0, V), every 7th target the ignored id. */
function microBatches(steps: number, accum: number, seed: number, vocab: number): Int32Array[][] {
  let x = seed;
  const next = () => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return x >>> 8;
  };
  return Array.from({ length: steps }, () =>
    Array.from({ length: accum }, () =>
      Int32Array.from({ length: B * (T + 1) }, (_, i) => (i % 7 === 6 ? IGNORE : next() % vocab)),
    ),
  );
}

const clone = (m: ReadonlyMap<string, Float32Array>) => new Map([...m].map(([k, v]) => [k, v.slice()]));

/** max |a − b| / max |b| over one tensor (robust to near-zero entries). */
function rel(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0;
  let den = 1e-30;
  for (let i = 0; i < a.length; i++) {
    num = Math.max(num, Math.abs(a[i]! - b[i]!));
    den = Math.max(den, Math.abs(b[i]!));
  }
  return num / den;
}

interface Agreement {
  /** Relative differences of the micro losses and their mean. */
  loss: number;
  /** Relative difference of the pre-clip global norms. */
  norm: number;
  /**
   * Worst |p_graph − p_js| / Σ_s lr_s: relative to the largest move AdamW can make (≈ lr per step), so
   * elements whose gradient is pure rounding noise (e.g. k_proj.bias: softmax ignores it) are judged fairly.
   */
  param: number;
  /** Σ|Δ_graph − Δ_js| / Σ|Δ_js| over every element (Δ = p_N − p₀, the whole update of the run). */
  update: number;
  m: number;
  v: number;
  /** Smallest pre-clip norm seen (above gradClip: the clip was active). */
  minNorm: number;
}

/**
 * Run `steps` steps both ways from the same start, each path on its own state (free-running trajectories);
 * returns the worst disagreement of each quantity over the steps (params/moments compared at the end).
 */
async function compare(
  layout: ParamLayout,
  accum: number,
  policy: 'steel' | 'matrices',
  gradClip: number,
  steps: number,
): Promise<Agreement> {
  const schedule: LrSchedule = { lr: 1e-2, minLr: 1e-3, warmupSteps: 1, decaySteps: 10, gradAccum: accum };
  const adamw: AdamWOptions = {
    beta1: 0.9,
    beta2: 0.95,
    eps: 1e-8,
    weightDecay: 0.1,
    noDecay: weightDecayGroups(layout, policy).noDecay,
  };
  const start = initParams(layout, 3) as Map<string, Float32Array>;
  const batches = microBatches(steps, accum, 11, layout.dims.vocab);
  const js = await createGradSession(layout, { batch: B, seq: T, ignoreIndex: IGNORE });
  const ss = await createSuperstepSession(layout, {
    batch: B,
    seq: T,
    accum,
    ignoreIndex: IGNORE,
    adamw,
    gradClip,
  });
  const pJ = clone(start);
  const pG = clone(start);
  const oJ = createAdamWState(start);
  const oG = createAdamWState(start);
  const w: Agreement = {
    loss: 0,
    norm: 0,
    param: 0,
    update: 0,
    m: 0,
    v: 0,
    minNorm: Number.POSITIVE_INFINITY,
  };
  for (let s = 0; s < steps; s++) {
    const rJ = await trainStep(js, pJ, oJ, batches[s]!, s, { schedule, adamw, gradClip });
    const rG = await ss.run(batches[s]!, pG, oG, s, lrForStep(schedule, s));
    expect(oG.step).toBe(oJ.step);
    expect(rG.tokens).toBe(rJ.tokens);
    w.loss = Math.max(w.loss, rel(rG.microLosses, rJ.microLosses), Math.abs(rG.loss - rJ.loss) / rJ.loss);
    w.norm = Math.max(w.norm, Math.abs(rG.gradNorm - rJ.gradNorm) / rJ.gradNorm);
    w.minNorm = Math.min(w.minNorm, rJ.gradNorm);
  }
  let lrSum = 0;
  for (let s = 0; s < steps; s++) lrSum += lrForStep(schedule, s);
  let diffSum = 0;
  let updateSum = 0;
  for (const [n, p] of pJ) {
    const p0 = start.get(n)!;
    const g = pG.get(n)!;
    for (let i = 0; i < p.length; i++) {
      w.param = Math.max(w.param, Math.abs(g[i]! - p[i]!) / lrSum);
      diffSum += Math.abs(g[i]! - p[i]!);
      updateSum += Math.abs(p[i]! - p0[i]!);
    }
    w.m = Math.max(w.m, rel(oG.m.get(n)!, oJ.m.get(n)!));
    w.v = Math.max(w.v, rel(oG.v.get(n)!, oJ.v.get(n)!));
  }
  w.update = diffSum / updateSum;
  await js.release();
  await ss.release();
  return w;
}

const micro = buildLayout(getPreset('steel-micro'));

describe('createSuperstepSession (CPU EP) vs the JS step', () => {
  it.each([
    [2, 'steel', 0.05],
    [2, 'matrices', 0.05],
    [3, 'matrices', 0.05],
    [1, 'steel', 0],
  ] as const)(
    'accum %i, decay %s, clip %d: 3 steps agree within float32 rounding',
    async (accum, policy, clip) => {
      const w = await compare(micro, accum, policy, clip, 3);
      if (clip > 0) expect(w.minNorm).toBeGreaterThan(clip); // the clip was active in every step
      expect(w.loss).toBeLessThan(1e-6);
      expect(w.norm).toBeLessThan(1e-5);
      // measured: param ≤ 9.8e-6 (2 float32 ulps at |p| ≈ 1: the graph rounds p·(1 − lr·wd) before subtracting the
      // Adam term, as torch does; the JS loop rounds once), update ≤ 5e-7, m ≤ 1.4e-6, v ≤ 1.8e-6, norm ≤ 7e-8
      expect(w.param).toBeLessThan(4e-5);
      expect(w.update).toBeLessThan(1e-5);
      expect(w.m).toBeLessThan(1e-5);
      expect(w.v).toBeLessThan(1e-5);
    },
  );
});

const hyper = {
  batch: B,
  seq: T,
  accum: 2,
  ignoreIndex: IGNORE,
  adamw: { beta1: 0.9, beta2: 0.95, weightDecay: 0.1 },
  gradClip: 1,
};

describe('createSuperstepSession', () => {
  it('the same options give the same graph identity', async () => {
    const a = await createSuperstepSession(micro, hyper);
    const b = await createSuperstepSession(micro, hyper);
    const c = await createSuperstepSession(micro, { ...hyper, gradClip: 0.5 });
    expect(a.graphSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(b.graphSha256).toBe(a.graphSha256);
    expect(c.graphSha256).not.toBe(a.graphSha256);
    expect([a.ep, a.threads, a.accum]).toEqual(['cpu', 1, 2]);
    await Promise.all([a.release(), b.release(), c.release()]);
  });

  it('rejects a wrong micro-batch count or shape and changes nothing', async () => {
    const s = await createSuperstepSession(micro, hyper);
    const params = initParams(micro, 1) as Map<string, Float32Array>;
    const opt = createAdamWState(params);
    const [batch] = microBatches(1, 2, 5, 32);
    const few = await s.run(batch!.slice(0, 1), params, opt, 0, 1e-3).catch((e: unknown) => e);
    expect(isTrainerError(few, 'TRAINER_BAD_ARGUMENT')).toBe(true);
    expect((few as Error).message).toMatch(/needs 2 micro-batches, got 1/);
    const short = await s
      .run([batch![0]!, batch![1]!.slice(1)], params, opt, 0, 1e-3)
      .catch((e: unknown) => e);
    expect((short as Error).message).toMatch(/micro-batch 1 has 17 tokens, expected \[2, 9\]/);
    expect(opt.step).toBe(0);
    await s.release();
  });

  it('a non-finite loss is TRAINER_NON_FINITE and leaves params and moments untouched', async () => {
    const s = await createSuperstepSession(micro, hyper);
    const params = initParams(micro, 1) as Map<string, Float32Array>;
    params.get('model.norm.weight')![0] = Number.NaN;
    const before = clone(params);
    const opt = createAdamWState(params);
    const e = await s.run(microBatches(1, 2, 5, 32)[0]!, params, opt, 4, 1e-3).catch((x: unknown) => x);
    expect(isTrainerError(e, 'TRAINER_NON_FINITE')).toBe(true);
    expect((e as Error).message).toMatch(/step 4: micro-batch 0 loss is NaN/);
    expect(opt.step).toBe(0);
    expect(params.get('lm_head.weight')).toEqual(before.get('lm_head.weight'));
    expect(opt.m.get('lm_head.weight')!.every((x) => x === 0)).toBe(true);
    await s.release();
  });

  // Device providers: this machine has none, so opening them must fail loudly; where one exists the very
  // same graph must give the CPU EP's step.
  it.each(['cuda', 'webgpu'] as const)(
    "'%s' opens and agrees with the CPU EP, or is TRAINER_EP_UNAVAILABLE",
    async (ep) => {
      const s = await createSuperstepSession(micro, { ...hyper, ep }).catch((e: unknown) => e);
      if (s instanceof Error) {
        expect(isTrainerError(s, 'TRAINER_EP_UNAVAILABLE')).toBe(true);
        expect(s.message).toMatch(
          new RegExp(`execution provider '${ep}' is not available.*or use --device cpu`),
        );
        expect(s.message).toMatch(ep === 'cuda' ? /ONNXRUNTIME_NODE_INSTALL=cuda12/ : /GPU adapter/);
        return;
      }
      const cpu = await createSuperstepSession(micro, hyper);
      const start = initParams(micro, 2) as Map<string, Float32Array>;
      const [pD, pC] = [clone(start), clone(start)];
      const [oD, oC] = [createAdamWState(start), createAdamWState(start)];
      const batch = microBatches(1, 2, 9, 32)[0]!;
      const rD = await (s as Awaited<ReturnType<typeof createSuperstepSession>>).run(batch, pD, oD, 0, 1e-3);
      const rC = await cpu.run(batch, pC, oC, 0, 1e-3);
      expect(Math.abs(rD.loss - rC.loss) / rC.loss).toBeLessThan(1e-4);
      for (const [n, p] of pC) expect(rel(pD.get(n)!, p)).toBeLessThan(1e-4);
    },
  );
});

// trainStep: the input/target shift, accumulation (two copies of a micro-batch at grad_accum 2 == one at 1, bit
// for bit, since g/2 + g/2 = g exactly in float32), and the loss falling on a repeated batch.
import { buildLayout, getPreset, initParams } from '@steel/moe-model';
import { describe, expect, it } from 'vitest';
import { adamwStep, clipGradNorm, createAdamWState, globalGradNorm } from './adamw.js';
import { createGradSession, type GradSession } from './session.js';
import { type StepHyper, splitBatch, trainStep } from './train-step.js';

const layout = buildLayout(getPreset('steel-tiny'));
const hyper = (gradAccum: number): StepHyper => ({
  schedule: { lr: 1e-2, minLr: 1e-3, warmupSteps: 0, decaySteps: 100, gradAccum },
  adamw: { beta1: 0.9, beta2: 0.95, weightDecay: 0.05 },
  gradClip: 1,
});
const rows = Int32Array.from({ length: 2 * 9 }, (_, i) => (i * 7 + 3) % 200);

describe('splitBatch', () => {
  it('inputs are row[:-1], targets row[1:]', () => {
    const { inputs, targets } = splitBatch(Int32Array.from([1, 2, 3, 4, 5, 6]), 3);
    expect([...inputs].map(Number)).toEqual([1, 2, 4, 5]);
    expect([...targets].map(Number)).toEqual([2, 3, 5, 6]);
  });

  it('widens every int32 exactly as BigInt() does (sign, 0, extremes, Qwen ids)', () => {
    const vals = [0, 1, -1, 151935, 151643, 2 ** 31 - 1, -(2 ** 31), 256, -7, 65536];
    const rows = Int32Array.from(vals);
    const { inputs, targets } = splitBatch(rows, 5);
    expect([...inputs]).toEqual([0, 1, 2, 3, 5, 6, 7, 8].map((i) => BigInt(vals[i]!)));
    expect([...targets]).toEqual([1, 2, 3, 4, 6, 7, 8, 9].map((i) => BigInt(vals[i]!)));
  });

  it('rows that do not divide evenly are refused', () => {
    expect(() => splitBatch(new Int32Array(7), 3)).toThrow(/batch of 7 tokens is not rows of 3/);
  });
});

/** A stand-in grad session replaying fixed gradients (fresh copies per run, as ORT returns fresh outputs). */
function replaySession(grads: Map<string, Float32Array>[], losses: number[]): GradSession {
  let k = 0;
  return {
    ep: 'cpu',
    threads: 1,
    batch: 1,
    seq: 2,
    graphSha256: '',
    async run() {
      const g = grads[k % grads.length]!;
      const loss = losses[k++ % losses.length]!;
      return { loss, grads: new Map([...g].map(([n, t]) => [n, t.slice()])) };
    },
    async release() {},
  };
}

/** Deterministic gradients of mixed magnitudes (down to subnormal), zeros and both signs. */
function gradients(seed: number): Map<string, Float32Array> {
  let s = seed;
  const next = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  const t = (n: number) =>
    Float32Array.from({ length: n }, (_, i) => (i % 13 ? (next() - 0.5) * 10 ** (next() * 44 - 44) : 0));
  return new Map([
    ['w', t(3000)],
    ['b', t(41)],
  ]);
}

const bits = (a: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('hex');

describe('trainStep fused passes vs accumulate → norm → clip → AdamW one pass at a time', () => {
  it.each([
    [1, 1e-3],
    [1, 0],
    [2, 1e-3],
    [2, 0], // unclipped: subnormal gradients keep the bits each rounding decides
    [3, 1e-3],
    [3, 1e12], // clipping on but never active
    [4, 0],
  ])('grad_accum %d, grad_clip %d: params, moments and grad norm bit for bit', async (accum, clip) => {
    const micro = Array.from({ length: accum }, (_, k) => gradients(100 + k));
    const h: StepHyper = { ...hyper(accum), gradClip: clip };
    const fused = new Map([...gradients(7)].map(([n, p]) => [n, p.map((x) => x * 1e30)]));
    const ref = new Map([...fused].map(([n, p]) => [n, p.slice()]));
    const so = createAdamWState(fused);
    const ro = createAdamWState(ref);
    const rows = Array.from({ length: accum }, () => new Int32Array(3));
    for (let step = 0; step < 2; step++) {
      const r = await trainStep(replaySession(micro, [2, 3, 4, 5]), fused, so, rows, step, h);
      // the reference: each micro-batch scaled in its own pass, summed, normed, clipped, stepped
      const scale = 1 / accum;
      const acc = new Map([...micro[0]!].map(([n, g]) => [n, g.map((x) => x * scale)]));
      for (const g of micro.slice(1))
        for (const [n, t] of g) {
          const a = acc.get(n)!;
          for (let i = 0; i < t.length; i++) a[i] = a[i]! + t[i]! * scale;
        }
      const norm = clip > 0 ? clipGradNorm(acc.values(), clip).norm : globalGradNorm(acc.values());
      adamwStep(ref, acc, ro, r.lr, h.adamw);
      expect(r.gradNorm).toBe(norm);
      expect(r.tokens).toBe(accum * 2);
      for (const n of ref.keys()) {
        expect(bits(fused.get(n)!)).toBe(bits(ref.get(n)!));
        expect(bits(so.m.get(n)!)).toBe(bits(ro.m.get(n)!));
        expect(bits(so.v.get(n)!)).toBe(bits(ro.v.get(n)!));
      }
    }
  });
});

describe('trainStep', () => {
  it('grad_accum 2 over two equal micro-batches equals one micro-batch at accum 1', async () => {
    const s = await createGradSession(layout, { batch: 2, seq: 8, ignoreIndex: 256 });
    // a constant lr: the schedule itself depends on grad_accum (lengths in micro-iterations)
    const flat = (accum: number): StepHyper => ({
      ...hyper(accum),
      schedule: { ...hyper(accum).schedule, minLr: 1e-2 },
    });
    const run = async (accum: number) => {
      const params = initParams(layout, 3) as Map<string, Float32Array>;
      const opt = createAdamWState(params);
      const losses: number[] = [];
      for (let step = 0; step < 3; step++)
        losses.push((await trainStep(s, params, opt, Array(accum).fill(rows), step, flat(accum))).loss);
      return { params, losses };
    };
    const a = await run(1);
    const b = await run(2);
    expect(b.losses).toEqual(a.losses);
    for (const [n, p] of a.params) expect(b.params.get(n)).toEqual(p);
    expect(a.losses[2]!).toBeLessThan(a.losses[0]!);
    await s.release();
  });

  it('reports lr of the last micro-iteration, tokens and grad norm', async () => {
    const s = await createGradSession(layout, { batch: 2, seq: 8, ignoreIndex: 256 });
    const params = initParams(layout, 3) as Map<string, Float32Array>;
    const h = { ...hyper(2), schedule: { ...hyper(2).schedule, warmupSteps: 2 } };
    const r = await trainStep(s, params, createAdamWState(params), [rows, rows], 0, h);
    expect(r.lr).toBeCloseTo(1e-2 / 4, 15); // it = 1 of a 4-micro-iteration warmup
    expect(r.tokens).toBe(32);
    expect(r.gradNorm).toBeGreaterThan(0);
    expect(r.microLosses).toHaveLength(2);
    await s.release();
  });
});

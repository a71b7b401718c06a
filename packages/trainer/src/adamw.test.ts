// AdamW + clipping against torch 1.13 (test/adamw_ref.py → test/fixtures/adamw-golden.json): 3 steps, lr 0 then
// 0.01 then 0.005, clipping active on steps 1 and 3, weight decay on everything (Steel) or matrices only.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  type AdamWOptions,
  type AdamWState,
  adamwKernelOf,
  adamwStep,
  clipGradNorm,
  createAdamWState,
  globalGradNorm,
} from './adamw.js';
import { inArena, wasmAdamWAvailable } from './adamw-wasm.js';

/** The scalar reference the fused loops must reproduce bit for bit (the original implementation, verbatim). */
function referenceAdamW(
  params: Map<string, Float32Array>,
  grads: Map<string, Float32Array>,
  state: AdamWState,
  lr: number,
  opts: AdamWOptions,
): void {
  const { beta1, beta2, eps = 1e-8, weightDecay } = opts;
  const noDecay = new Set(opts.noDecay ?? []);
  state.step += 1;
  const bc1 = 1 - beta1 ** state.step;
  const bc2Sqrt = Math.sqrt(1 - beta2 ** state.step);
  const stepSize = lr / bc1;
  for (const [name, p] of params) {
    const g = grads.get(name)!;
    const m = state.m.get(name)!;
    const v = state.v.get(name)!;
    const decay = noDecay.has(name) ? 1 : 1 - lr * weightDecay;
    for (let i = 0; i < p.length; i++) {
      const gi = g[i]!;
      const mi = beta1 * m[i]! + (1 - beta1) * gi;
      const vi = beta2 * v[i]! + (1 - beta2) * gi * gi;
      m[i] = mi;
      v[i] = vi;
      p[i] = p[i]! * decay - (stepSize * m[i]!) / (Math.sqrt(v[i]!) / bc2Sqrt + eps);
    }
  }
}

/** The reference clip: norm pass, then an in-place scaling pass; returns the coefficient. */
function referenceClip(grads: Map<string, Float32Array>, maxNorm: number): number {
  let sq = 0;
  for (const g of grads.values()) for (let i = 0; i < g.length; i++) sq += g[i]! * g[i]!;
  const coef = maxNorm / (Math.sqrt(sq) + 1e-6);
  if (coef >= 1) return 1;
  for (const g of grads.values()) for (let i = 0; i < g.length; i++) g[i] = g[i]! * coef;
  return coef;
}

/** Deterministic tensors mixing magnitudes 1e-41 (subnormal) … 1e3, zeros and both signs. */
function randomTensors(sizes: Record<string, number>, seed: number): Map<string, Float32Array> {
  let s = seed >>> 0 || 1;
  const next = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  return new Map(
    Object.entries(sizes).map(([n, len]) => [
      n,
      Float32Array.from({ length: len }, (_, i) =>
        i % 17 === 0 ? 0 : (next() - 0.5) * 10 ** (next() * 44 - 41),
      ),
    ]),
  );
}

const sameBits = (a: Float32Array, b: Float32Array) =>
  Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

interface Golden {
  hp: { beta1: number; beta2: number; eps: number; weightDecay: number; maxNorm: number };
  lrs: number[];
  init: Record<string, number[]>;
  grads: Record<string, number[]>[];
  cases: Record<
    'steel' | 'matrices',
    {
      norm: number;
      params: Record<string, number[]>;
      m: Record<string, number[]>;
      v: Record<string, number[]>;
    }[]
  >;
}
const golden = JSON.parse(
  readFileSync(new URL('../test/fixtures/adamw-golden.json', import.meta.url), 'utf8'),
) as Golden;

function maxRel(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    d = Math.max(d, Math.abs(a[i]! - b[i]!));
    s = Math.max(s, Math.abs(b[i]!));
  }
  return d / (s || 1);
}

describe('adamwStep + clipGradNorm vs torch.optim.AdamW', () => {
  it.each(['steel', 'matrices'] as const)('policy %s: 3 steps match torch in float32', (policy) => {
    const params = new Map(Object.entries(golden.init).map(([n, v]) => [n, Float32Array.from(v)]));
    const state = createAdamWState(params);
    const noDecay =
      policy === 'steel' ? [] : [...params.keys()].filter((n) => !n.endsWith('embed_tokens.weight'));
    const init = new Map([...params].map(([n, p]) => [n, Float64Array.from(p)]));
    for (let k = 0; k < 3; k++) {
      const grads = new Map(Object.entries(golden.grads[k]!).map(([n, v]) => [n, Float32Array.from(v)]));
      const { norm, coef } = clipGradNorm(grads.values(), golden.hp.maxNorm);
      const ref = golden.cases[policy][k]!;
      expect(norm).toBeCloseTo(ref.norm, 5);
      expect(coef < 1).toBe(k !== 1);
      adamwStep(params, grads, state, golden.lrs[k]!, { ...golden.hp, noDecay });
      for (const [n, p] of params) {
        expect(maxRel(state.m.get(n)!, ref.m[n]!)).toBeLessThan(1e-6);
        expect(maxRel(state.v.get(n)!, ref.v[n]!)).toBeLessThan(1e-6);
        expect(maxRel(p, ref.params[n]!)).toBeLessThan(1e-6);
        // relative error of the accumulated update p − p0 (the bar is 1e-3; float32 ulp of p ≈ 1e-5 of it)
        const upd = p.map((x, i) => x - init.get(n)![i]!);
        const refUpd = ref.params[n]!.map((x, i) => x - init.get(n)![i]!);
        if (k > 0) expect(maxRel(upd, refUpd)).toBeLessThan(1e-4);
      }
    }
    expect(state.step).toBe(3);
  });

  it('lr 0 leaves parameters unchanged but moves the moments', () => {
    const params = new Map([['w', Float32Array.from([1, -2])]]);
    const state = createAdamWState(params);
    adamwStep(params, new Map([['w', Float32Array.from([0.5, 0.5])]]), state, 0, {
      beta1: 0.9,
      beta2: 0.95,
      weightDecay: 0.05,
    });
    expect([...params.get('w')!]).toEqual([1, -2]);
    expect(state.m.get('w')![0]).toBeCloseTo(0.05, 7);
  });
});

describe('fused adamwStep vs the one-operation-per-pass scalar reference', () => {
  it.each([
    ['no clip, decay on all', 1e9, [], false],
    ['clip folded in (gradScale < 1)', 0.37, [], true],
    ['matrices-only decay', 0.81, ['b'], true],
  ] as const)('%s: params and moments bit for bit over 3 steps', (_n, maxNorm, noDecay, clips) => {
    const opts = { beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.05, noDecay };
    const a = randomTensors({ a: 1000, b: 37 }, 1);
    const b = new Map([...a].map(([n, p]) => [n, p.slice()]));
    const sa = createAdamWState(a);
    const sb = createAdamWState(b);
    for (let k = 0; k < 3; k++) {
      const grads = randomTensors({ a: 1000, b: 37 }, 10 + k);
      const copy = new Map([...grads].map(([n, g]) => [n, g.slice()]));
      const coef = referenceClip(copy, maxNorm);
      referenceAdamW(b, copy, sb, 1e-2 * (k + 1), opts);
      adamwStep(a, grads, sa, 1e-2 * (k + 1), opts, coef);
      expect(coef < 1).toBe(clips);
    }
    for (const n of a.keys()) {
      expect(sameBits(a.get(n)!, b.get(n)!)).toBe(true);
      expect(sameBits(sa.m.get(n)!, sb.m.get(n)!)).toBe(true);
      expect(sameBits(sa.v.get(n)!, sb.v.get(n)!)).toBe(true);
    }
  });

  const sizes = { one: 1, two: 2, odd: 8192 * 2 + 3, chunk: 8192, w: 999 };
  const kernel = wasmAdamWAvailable() && process.env.STEEL_ADAMW_KERNEL !== 'js' ? 'wasm-simd' : 'js';

  it(`the ${kernel} kernel equals the JS loop bit for bit (odd lengths, several chunks)`, () => {
    const opts = { beta1: 0.9, beta2: 0.95, weightDecay: 0.1, noDecay: ['w'] };
    const a = randomTensors(sizes, 3);
    const b = new Map([...a].map(([n, p]) => [n, p.slice()]));
    const sa = createAdamWState(a);
    const sb = createAdamWState(b, { kernel: 'js' });
    expect(adamwKernelOf(sa)).toBe(kernel);
    expect(adamwKernelOf(sb)).toBe('js');
    for (let k = 0; k < 4; k++) {
      const grads = randomTensors(sizes, 20 + k);
      adamwStep(a, grads, sa, 3e-3, opts, k % 2 ? 0.3 : 1);
      adamwStep(b, grads, sb, 3e-3, opts, k % 2 ? 0.3 : 1);
    }
    for (const n of a.keys()) {
      expect(sameBits(a.get(n)!, b.get(n)!)).toBe(true);
      expect(sameBits(sa.m.get(n)!, sb.m.get(n)!)).toBe(true);
      expect(sameBits(sa.v.get(n)!, sb.v.get(n)!)).toBe(true);
    }
  });

  it('plain moments (as read from a checkpoint) are adopted on their first step, values unchanged', () => {
    const a = randomTensors(sizes, 4);
    const b = new Map([...a].map(([n, p]) => [n, p.slice()]));
    const moments = () => randomTensors(sizes, 5);
    const plain: AdamWState = {
      step: 7,
      m: moments(),
      v: new Map([...moments()].map(([n, t]) => [n, t.map(Math.abs)])),
    };
    const ref: AdamWState = {
      step: 7,
      m: moments(),
      v: new Map([...moments()].map(([n, t]) => [n, t.map(Math.abs)])),
    };
    const grads = randomTensors(sizes, 6);
    const opts = { beta1: 0.9, beta2: 0.95, weightDecay: 0.05 };
    adamwStep(a, grads, plain, 1e-3, opts);
    referenceAdamW(b, grads, ref, 1e-3, opts);
    expect(inArena(plain.m.get('odd')!)).toBe(kernel === 'wasm-simd');
    expect(plain.step).toBe(8);
    for (const n of a.keys()) {
      expect(sameBits(a.get(n)!, b.get(n)!)).toBe(true);
      expect(sameBits(plain.m.get(n)!, ref.m.get(n)!)).toBe(true);
      expect(sameBits(plain.v.get(n)!, ref.v.get(n)!)).toBe(true);
    }
    expect([...plain.m.keys()]).toEqual(Object.keys(sizes)); // order kept
  });

  it('a gradient missing for one tensor is refused before anything moves', () => {
    const params = randomTensors({ a: 4, b: 4 }, 2);
    const before = params.get('a')!.slice();
    const state = createAdamWState(params);
    const grads = new Map([['a', new Float32Array(4)]]);
    expect(() => adamwStep(params, grads, state, 1, { beta1: 0.9, beta2: 0.95, weightDecay: 0 })).toThrow(
      /parameter b \(4 values\) has no matching gradient/,
    );
    expect(state.step).toBe(0);
    expect(params.get('a')).toEqual(before);
  });
});

describe('clipGradNorm', () => {
  it.each([
    [[3, 4], 10, 1, [3, 4]],
    [[3, 4], 1, 1 / (5 + 1e-6), [3 / (5 + 1e-6), 4 / (5 + 1e-6)]],
  ])('%o with max %d', (g, max, coef, want) => {
    const a = Float32Array.from(g);
    const r = clipGradNorm([a], max);
    expect(r.norm).toBe(5);
    expect(r.coef).toBeCloseTo(coef, 12);
    expect([...a].map((x) => Number(x.toFixed(6)))).toEqual(want.map((x) => Number(x.toFixed(6))));
  });

  it('a non-finite norm is an error, not a silent step', () => {
    expect(() => clipGradNorm([Float32Array.from([Number.NaN])], 1)).toThrow(/gradient norm is NaN/);
  });

  it('globalGradNorm spans tensors', () => {
    expect(globalGradNorm([Float32Array.from([3]), Float32Array.from([4])])).toBe(5);
  });
});

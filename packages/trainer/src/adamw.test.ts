// AdamW + clipping against torch 1.13 (test/adamw_ref.py → test/fixtures/adamw-golden.json): 3 steps, lr 0 then
// 0.01 then 0.005, clipping active on steps 1 and 3, weight decay on everything (Steel) or matrices only.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { adamwStep, clipGradNorm, createAdamWState, globalGradNorm } from './adamw.js';
import { randomTensors, referenceAdamW, referenceClip, sameBits } from './reference-kernels.js';

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
    ['no clip, decay on all', 1, []],
    ['clip folded in (gradScale < 1)', 0.37, []],
    ['matrices-only decay', 0.81, ['b']],
  ] as const)('%s: params and moments bit for bit over 3 steps', (_n, maxNorm, noDecay) => {
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
      expect(coef < 1).toBe(maxNorm < 1);
    }
    for (const n of a.keys()) {
      expect(sameBits(a.get(n)!, b.get(n)!)).toBe(true);
      expect(sameBits(sa.m.get(n)!, sb.m.get(n)!)).toBe(true);
      expect(sameBits(sa.v.get(n)!, sb.v.get(n)!)).toBe(true);
    }
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

// AdamW with PyTorch's semantics (torch.optim.AdamW, Loshchilov & Hutter): decoupled decay p ← p·(1 − lr·wd),
// bias-corrected moments; plus torch's clip_grad_norm_ (coef = max_norm / (norm + 1e-6), applied when < 1).
// The loops are one fused pass per tensor; every float32 rounding happens where the scalar reference rounds.
import { TrainerError } from './errors.js';

export interface AdamWOptions {
  beta1: number;
  beta2: number;
  /** Default 1e-8 (torch and Steel). */
  eps?: number;
  weightDecay: number;
  /** Names exempt from weight decay (e.g. `weightDecayGroups(layout, 'matrices').noDecay`); Steel: none. */
  noDecay?: Iterable<string>;
}

/** Moments `m`/`v` per parameter name (float32, like torch's state) and the number of steps taken. */
export interface AdamWState {
  step: number;
  m: Map<string, Float32Array>;
  v: Map<string, Float32Array>;
}

/** Fresh zero moments for the given parameters. */
export function createAdamWState(params: ReadonlyMap<string, Float32Array>): AdamWState {
  const m = new Map<string, Float32Array>();
  const v = new Map<string, Float32Array>();
  for (const [name, p] of params) {
    m.set(name, new Float32Array(p.length));
    v.set(name, new Float32Array(p.length));
  }
  return { step: 0, m, v };
}

/** Σ g² of one tensor, continuing the float64 running sum `sq` in element order. */
export function sumSquares(g: Float32Array, sq = 0): number {
  const n = g.length;
  for (let i = 0; i < n; i++) {
    const x = g[i]!;
    sq += x * x;
  }
  return sq;
}

/** Global L2 norm over every gradient (accumulated in float64, tensor after tensor, element by element). */
export function globalGradNorm(grads: Iterable<Float32Array>): number {
  let sq = 0;
  for (const g of grads) sq = sumSquares(g, sq);
  return Math.sqrt(sq);
}

/** clip_grad_norm_'s coefficient for a known norm: max_norm / (norm + 1e-6) when < 1, else 1. */
export function clipCoefficient(norm: number, maxNorm: number): number {
  if (!Number.isFinite(norm))
    throw new TrainerError('TRAINER_NON_FINITE', `gradient norm is ${norm}`, { found: String(norm) });
  const coef = maxNorm / (norm + 1e-6);
  return coef < 1 ? coef : 1;
}

/**
 * torch.nn.utils.clip_grad_norm_: scales every gradient in place by max_norm / (norm + 1e-6) when that is < 1.
 * Returns the norm before clipping and the coefficient applied (1 when none).
 */
export function clipGradNorm(grads: Iterable<Float32Array>, maxNorm: number): { norm: number; coef: number } {
  const list = [...grads];
  const norm = globalGradNorm(list);
  const coef = clipCoefficient(norm, maxNorm);
  if (coef === 1) return { norm, coef };
  for (const g of list) {
    const n = g.length;
    for (let i = 0; i < n; i++) g[i] = g[i]! * coef;
  }
  return { norm, coef };
}

/**
 * The fused per-tensor update. Per element, exactly the scalar reference's float64 expressions and float32
 * stores: g ← f32(g·gradScale) (the clip, folded in: ×1 is exact); m ← f32(β1·m + (1−β1)·g);
 * v ← f32(β2·v + (1−β2)·g·g); p ← f32(p·decay − (stepSize·m) / (√v / bc2Sqrt + eps)).
 */
function adamwTensor(
  p: Float32Array,
  g: Float32Array,
  m: Float32Array,
  v: Float32Array,
  gradScale: number,
  beta1: number,
  beta2: number,
  oneMinusBeta1: number,
  oneMinusBeta2: number,
  stepSize: number,
  bc2Sqrt: number,
  eps: number,
  decay: number,
): void {
  const n = p.length;
  for (let i = 0; i < n; i++) {
    const gi = Math.fround(g[i]! * gradScale);
    const mi = Math.fround(beta1 * m[i]! + oneMinusBeta1 * gi);
    const vi = Math.fround(beta2 * v[i]! + oneMinusBeta2 * gi * gi);
    m[i] = mi;
    v[i] = vi;
    p[i] = p[i]! * decay - (stepSize * mi) / (Math.sqrt(vi) / bc2Sqrt + eps);
  }
}

/**
 * One AdamW step at learning rate `lr`, in place on `params` and `state`. Per element, as torch:
 * p ← p(1 − lr·wd); m ← β1m + (1−β1)g; v ← β2v + (1−β2)g²; p ← p − (lr/(1−β1ᵗ))·m / (√v/√(1−β2ᵗ) + eps).
 * `gradScale` (default 1) multiplies each gradient first, rounded to float32 — the clip coefficient folded into
 * the same pass, identical to clipping the gradients in place beforehand. The gradients are not modified.
 * @example adamwStep(params, grads, state, 3e-4, { beta1: 0.9, beta2: 0.95, weightDecay: 0.05 })
 */
export function adamwStep(
  params: ReadonlyMap<string, Float32Array>,
  grads: ReadonlyMap<string, Float32Array>,
  state: AdamWState,
  lr: number,
  opts: AdamWOptions,
  gradScale = 1,
): void {
  const { beta1, beta2, eps = 1e-8, weightDecay } = opts;
  const noDecay = new Set(opts.noDecay ?? []);
  // checked up front: a mismatch must not leave half the tensors stepped
  for (const [name, p] of params) {
    const g = grads.get(name);
    const m = state.m.get(name);
    const v = state.v.get(name);
    if (!g || !m || !v || g.length !== p.length || m.length !== p.length || v.length !== p.length)
      throw new TrainerError(
        'TRAINER_BAD_ARGUMENT',
        `adamw: parameter ${name} (${p.length} values) has no matching gradient/moments`,
        { field: name, expected: String(p.length), found: String(g?.length ?? 'none') },
      );
  }
  state.step += 1;
  const bc1 = 1 - beta1 ** state.step;
  const bc2Sqrt = Math.sqrt(1 - beta2 ** state.step);
  const stepSize = lr / bc1;
  const decayAll = 1 - lr * weightDecay;
  for (const [name, p] of params)
    adamwTensor(
      p,
      grads.get(name)!,
      state.m.get(name)!,
      state.v.get(name)!,
      gradScale,
      beta1,
      beta2,
      1 - beta1,
      1 - beta2,
      stepSize,
      bc2Sqrt,
      eps,
      noDecay.has(name) ? 1 : decayAll,
    );
}

// AdamW with PyTorch's semantics (torch.optim.AdamW, Loshchilov & Hutter): decoupled decay p ← p·(1 − lr·wd),
// bias-corrected moments; plus torch's clip_grad_norm_ (coef = max_norm / (norm + 1e-6), applied when < 1).
// One fused pass per tensor, every float32 rounding where the scalar reference rounds; the pass runs as a wasm SIMD
// kernel over arena-resident moments (adamw-wasm.ts, bit-identical) or, without wasm SIMD, as the JS loop below.
import { allocateMoments, inArena, wasmAdamWAvailable, wasmAdamWTensor } from './adamw-wasm.js';
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

/** Which loop runs the update: 'auto' = the wasm SIMD kernel where available, 'js' = always the JS loop. */
export type AdamWKernel = 'auto' | 'js';

/** `STEEL_ADAMW_KERNEL=js` turns the wasm kernel off process-wide (debugging, benchmarks of the JS loop). */
const WASM_ENABLED = process.env.STEEL_ADAMW_KERNEL !== 'js' && wasmAdamWAvailable();

/** States whose moments stay plain Float32Arrays (kernel 'js'), and states already offered an arena. */
const jsOnly = new WeakSet<AdamWState>();
const adopted = new WeakSet<AdamWState>();

/** The loop `adamwStep` will run for `state`'s tensors ('wasm-simd' when its moments live in arenas). */
export function adamwKernelOf(state: AdamWState): 'wasm-simd' | 'js' {
  const m = state.m.values().next().value;
  return m && inArena(m) && !jsOnly.has(state) ? 'wasm-simd' : 'js';
}

/**
 * Fresh zero moments for the given parameters. With the wasm kernel (default) they live in wasm memory; they are
 * ordinary Float32Array views either way (checkpoints, ORT feeds and tests read them as usual).
 */
export function createAdamWState(
  params: ReadonlyMap<string, Float32Array>,
  opts: { kernel?: AdamWKernel } = {},
): AdamWState {
  const lengths = new Map([...params].map(([n, p]) => [n, p.length]));
  const arena = WASM_ENABLED && opts.kernel !== 'js' ? allocateMoments(lengths) : undefined;
  const m = arena?.m ?? new Map<string, Float32Array>();
  const v = arena?.v ?? new Map<string, Float32Array>();
  if (!arena)
    for (const [name, len] of lengths) {
      m.set(name, new Float32Array(len));
      v.set(name, new Float32Array(len));
    }
  const state = { step: 0, m, v };
  if (opts.kernel === 'js') jsOnly.add(state);
  adopted.add(state);
  return state;
}

/**
 * Moments read from a checkpoint (plain arrays) move into arenas on their first step: copied once, the map
 * entries replaced by the arena views (same values). Done at most once per state.
 */
function adoptMoments(state: AdamWState): void {
  adopted.add(state);
  if (!WASM_ENABLED || jsOnly.has(state)) return;
  const plain = [...state.m].filter(([n, m]) => !(inArena(m) && inArena(state.v.get(n)!)));
  if (plain.length === 0) return;
  const arena = allocateMoments(new Map(plain.map(([n, m]) => [n, m.length])));
  if (!arena) return;
  for (const [n] of plain) {
    arena.m.get(n)!.set(state.m.get(n)!);
    arena.v.get(n)!.set(state.v.get(n)!);
    state.m.set(n, arena.m.get(n)!);
    state.v.set(n, arena.v.get(n)!);
  }
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
  return Math.min(coef, 1);
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
  if (!adopted.has(state)) adoptMoments(state);
  state.step += 1;
  const bc1 = 1 - beta1 ** state.step;
  const bc2Sqrt = Math.sqrt(1 - beta2 ** state.step);
  const stepSize = lr / bc1;
  const decayAll = 1 - lr * weightDecay;
  const wasm = !jsOnly.has(state);
  for (const [name, p] of params) {
    const g = grads.get(name)!;
    const m = state.m.get(name)!;
    const v = state.v.get(name)!;
    const decay = noDecay.has(name) ? 1 : decayAll;
    const c = [gradScale, beta1, beta2, 1 - beta1, 1 - beta2, stepSize, bc2Sqrt, eps, decay] as const;
    if (!(wasm && wasmAdamWTensor(p, g, m, v, c))) adamwTensor(p, g, m, v, ...c);
  }
}

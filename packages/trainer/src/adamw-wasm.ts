// The AdamW update as a WebAssembly SIMD kernel (f64x2: two elements per instruction, the same float64
// operations in the same order and the same float32 roundings as the scalar loop in adamw.ts, so bit-identical),
// with the moments resident in wasm memory ("arenas") so that only p and g chunks are copied per step.
// The module is hand-assembled below (≈200 bytes); every instruction is a core or fixed-width SIMD opcode.

/** Elements per p/g chunk copied into the arena's scratch (2 × 32 KiB: stays in L2). */
const CHUNK = 8192;
const SCRATCH_BYTES = 2 * CHUNK * 4;
const PAGE = 65536;
/** One arena (a WebAssembly.Memory) holds at most this many bytes: i32 offsets stay below 2³¹. */
const MAX_ARENA_BYTES = 2 ** 31 - PAGE;

// --- the module: (func adamw (param pOff gOff mOff vOff n i32) (param coef β1 β2 1−β1 1−β2 stepSize bc2Sqrt eps decay f64))
const uleb = (n: number): number[] => {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
};
const name = (s: string) => [...uleb(s.length), ...[...s].map((c) => c.charCodeAt(0))];
const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];
const vec = (items: number[][]) => [...uleb(items.length), ...items.flat()];
const [I32, F64, V128] = [0x7f, 0x7c, 0x7b];
const simd = (op: number, ...imm: number[]) => [0xfd, ...uleb(op), ...imm];
const get = (i: number) => [0x20, ...uleb(i)];
const set = (i: number) => [0x21, ...uleb(i)];
const tee = (i: number) => [0x22, ...uleb(i)];
const load2 = simd(0x5d, 3, 0); // v128.load64_zero: two f32 into the low lane pair
const store2 = simd(0x5b, 3, 0, 0); // v128.store64_lane 0: the two f32 back
const promote = simd(0x5f); // f64x2.promote_low_f32x4 (exact)
const demote = simd(0x5e); // f32x4.demote_f64x2_zero (round to nearest even, as Math.fround)
const add = simd(0xf0); // f64x2.add
const sub = simd(0xf1); // f64x2.sub
const mul = simd(0xf2); // f64x2.mul
const div = simd(0xf3); // f64x2.div
const sqrt = simd(0xef); // f64x2.sqrt
const splat = simd(0x14); // f64x2.splat

function kernelModule(): Uint8Array {
  // params 0–4: pOff gOff mOff vOff n (i32); 5–13: the nine f64 constants. locals: 14 end (i32); 15–23 the
  // constants splatted (v128); 24 g, 25 m, 26 v (v128).
  const K = (k: number) => get(15 + k); // k: 0 coef, 1 β1, 2 β2, 3 1−β1, 4 1−β2, 5 stepSize, 6 bc2Sqrt, 7 eps, 8 decay
  const b: number[] = [];
  for (let k = 0; k < 9; k++) b.push(...get(5 + k), ...splat, ...set(15 + k));
  b.push(...get(0), ...get(4), 0x41, 2, 0x74, 0x6a, ...set(14)); // end = pOff + n·4
  b.push(0x02, 0x40, 0x03, 0x40); // block, loop
  b.push(...get(0), ...get(14), 0x4f, 0x0d, 1); // pOff ≥u end → exit
  // g ← f32(g·coef)
  b.push(...get(1), ...load2, ...promote, ...K(0), ...mul, ...demote, ...promote, ...set(24));
  // m ← f32(β1·m + (1−β1)·g), stored, kept as f64
  b.push(...get(2), ...K(1), ...get(2), ...load2, ...promote, ...mul, ...K(3), ...get(24), ...mul, ...add);
  b.push(...demote, ...tee(25), ...store2, ...get(25), ...promote, ...set(25));
  // v ← f32(β2·v + ((1−β2)·g)·g)
  b.push(
    ...get(3),
    ...K(2),
    ...get(3),
    ...load2,
    ...promote,
    ...mul,
    ...K(4),
    ...get(24),
    ...mul,
    ...get(24),
    ...mul,
  );
  b.push(...add, ...demote, ...tee(26), ...store2, ...get(26), ...promote, ...set(26));
  // p ← f32(p·decay − (stepSize·m) / (√v / bc2Sqrt + eps))
  b.push(...get(0), ...get(0), ...load2, ...promote, ...K(8), ...mul, ...K(5), ...get(25), ...mul);
  b.push(...get(26), ...sqrt, ...K(6), ...div, ...K(7), ...add, ...div, ...sub, ...demote, ...store2);
  for (const l of [0, 1, 2, 3]) b.push(...get(l), 0x41, 8, 0x6a, ...set(l)); // four pointers += 8 bytes
  b.push(0x0c, 0, 0x0b, 0x0b, 0x0b); // br loop; end loop; end block; end func
  const body = [
    ...vec([
      [1, I32],
      [12, V128],
    ]),
    ...b,
  ];
  const params = [...Array(5).fill([I32]), ...Array(9).fill([F64])] as number[][];
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vec([[0x60, ...vec(params), 0]])),
    ...section(2, vec([[...name('env'), ...name('mem'), 0x02, 0x00, 0x01]])), // memory import, min 1 page
    ...section(3, vec([[0]])),
    ...section(7, vec([[...name('adamw'), 0x00, 0]])),
    ...section(10, vec([[...uleb(body.length), ...body]])),
  ]);
}

type Kernel = (pOff: number, gOff: number, mOff: number, vOff: number, n: number, ...c: number[]) => void;

/** The slice of the WebAssembly JS API used here (@types/node declares no WebAssembly values without DOM libs). */
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  Memory: new (d: { initial: number }) => { buffer: ArrayBuffer };
}
const Wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

let compiled: object | null | undefined;
function module(): object | null {
  if (compiled === undefined) {
    const bytes = kernelModule();
    compiled = Wasm?.validate(bytes) ? new Wasm.Module(bytes) : null; // no (SIMD) wasm: the JS loop
  }
  return compiled;
}

/** One wasm memory with its kernel instance; `scratch` views the p and g chunk areas at its start. */
interface Arena {
  kernel: Kernel;
  scratch: Float32Array;
}
/** Arena of each moment buffer (the memory's ArrayBuffer), for moments created or adopted here. */
const arenas = new WeakMap<ArrayBufferLike, Arena>();

/** Whether the SIMD kernel runs on this engine (WebAssembly fixed-width SIMD, Node ≥ 16.4). */
export function wasmAdamWAvailable(): boolean {
  return module() !== null;
}

/**
 * Zeroed moments m and v for tensors of the given lengths, in as few wasm memories as fit (each ≤ 2 GiB); a
 * tensor too large for one arena gets plain Float32Arrays (and the JS loop). Undefined without wasm SIMD.
 */
export function allocateMoments(
  lengths: ReadonlyMap<string, number>,
): { m: Map<string, Float32Array>; v: Map<string, Float32Array> } | undefined {
  const mod = module();
  if (!mod) return undefined;
  const m = new Map<string, Float32Array>();
  const v = new Map<string, Float32Array>();
  const groups: [string, number][][] = [];
  let group: [string, number][] = [];
  let bytes = SCRATCH_BYTES;
  for (const [n, len] of lengths) {
    const need = 8 * len;
    if (SCRATCH_BYTES + need > MAX_ARENA_BYTES) {
      m.set(n, new Float32Array(len));
      v.set(n, new Float32Array(len));
      continue;
    }
    if (bytes + need > MAX_ARENA_BYTES) {
      groups.push(group);
      group = [];
      bytes = SCRATCH_BYTES;
    }
    group.push([n, len]);
    bytes += need;
  }
  if (group.length) groups.push(group);
  for (const g of groups) {
    const total = g.reduce((s, [, len]) => s + 8 * len, SCRATCH_BYTES);
    let memory: { buffer: ArrayBuffer };
    try {
      memory = new Wasm!.Memory({ initial: Math.ceil(total / PAGE) });
    } catch {
      return undefined; // the engine refused the memory (address space, RAM): plain arrays and the JS loop
    }
    const instance = new Wasm!.Instance(mod, { env: { mem: memory } });
    const buf = memory.buffer; // never grown: the views stay valid for the memory's lifetime
    arenas.set(buf, {
      kernel: instance.exports.adamw as Kernel,
      scratch: new Float32Array(buf, 0, 2 * CHUNK),
    });
    let at = SCRATCH_BYTES;
    for (const [n, len] of g) {
      m.set(n, new Float32Array(buf, at, len));
      v.set(n, new Float32Array(buf, at + 4 * len, len));
      at += 8 * len;
    }
  }
  // keep the caller's tensor order in the maps (checkpoints iterate the layout, tests may iterate these)
  const order = [...lengths.keys()];
  return { m: new Map(order.map((n) => [n, m.get(n)!])), v: new Map(order.map((n) => [n, v.get(n)!])) };
}

/**
 * The update of one tensor with the SIMD kernel when its m and v live in the same arena; false (nothing done)
 * otherwise. Constants as adamw.ts's `adamwTensor`.
 */
export function wasmAdamWTensor(
  p: Float32Array,
  g: Float32Array,
  m: Float32Array,
  v: Float32Array,
  c: readonly [number, number, number, number, number, number, number, number, number],
): boolean {
  const arena = m.buffer === v.buffer ? arenas.get(m.buffer) : undefined;
  if (!arena) return false;
  const { kernel, scratch } = arena;
  const [coef, beta1, beta2, c1, c2, stepSize, bc2Sqrt, eps, decay] = c;
  const n = p.length;
  for (let i = 0; i < n; i += CHUNK) {
    const e = Math.min(n, i + CHUNK);
    const pairs = (e - i) & ~1;
    scratch.set(p.subarray(i, i + pairs), 0);
    scratch.set(g.subarray(i, i + pairs), CHUNK);
    kernel(0, 4 * CHUNK, m.byteOffset + 4 * i, v.byteOffset + 4 * i, pairs, ...c);
    p.set(scratch.subarray(0, pairs), i);
    if (pairs < e - i) {
      // an odd last element: the scalar expressions of the kernel
      const j = e - 1;
      const gi = Math.fround(g[j]! * coef);
      const mi = Math.fround(beta1 * m[j]! + c1 * gi);
      const vi = Math.fround(beta2 * v[j]! + c2 * gi * gi);
      m[j] = mi;
      v[j] = vi;
      p[j] = p[j]! * decay - (stepSize * mi) / (Math.sqrt(vi) / bc2Sqrt + eps);
    }
  }
  return true;
}

/** Whether `a` is a moment tensor living in an arena. */
export function inArena(a: Float32Array): boolean {
  return arenas.has(a.buffer);
}

// The grad graph of @steel/moe-model in an onnxruntime-node session: static [B, T] shapes, parameters fed as
// inputs (zero-copy), outputs `loss` and `grad.<name>`. Execution providers are chosen explicitly, never by fallback.
import { createHash } from 'node:crypto';
import { buildGradGraph, type ParamLayout, serializeModel } from '@steel/moe-model';
import * as ort from 'onnxruntime-node';
import { TrainerError } from './errors.js';

/** Providers a session may ask for: onnxruntime-node bundles `cpu` and `webgpu` (linux x64); `cuda` is separate. */
export const EXECUTION_PROVIDERS = ['cpu', 'cuda', 'webgpu'] as const;
export type ExecutionProvider = (typeof EXECUTION_PROVIDERS)[number];

/** What to do when a provider cannot be opened. */
const EP_HINTS: Record<Exclude<ExecutionProvider, 'cpu'>, string> = {
  cuda: 'for CUDA: reinstall onnxruntime-node with ONNXRUNTIME_NODE_INSTALL=cuda12 on a machine with an NVIDIA driver',
  webgpu: 'WebGPU needs a GPU adapter (on Linux a Vulkan driver and libvulkan.so.1)',
};

/** `ep` if it is one of EXECUTION_PROVIDERS, else TRAINER_BAD_ARGUMENT (checked before building a graph). */
export function checkProvider(ep: string): ExecutionProvider {
  if (!(EXECUTION_PROVIDERS as readonly string[]).includes(ep))
    throw new TrainerError('TRAINER_BAD_ARGUMENT', `unknown execution provider ${String(ep)}`, {
      field: 'ep',
      expected: EXECUTION_PROVIDERS.join('|'),
      found: String(ep),
    });
  return ep as ExecutionProvider;
}

/**
 * Open `bytes` (a serialized graph; `what` names it in errors) on exactly `ep` — never a list with a CPU
 * fallback: an unavailable provider is TRAINER_EP_UNAVAILABLE with a hint, a bad graph TRAINER_GRAPH_RUN.
 */
export async function openTrainerSession(
  bytes: Uint8Array,
  ep: ExecutionProvider,
  threads: number,
  what: string,
): Promise<ort.InferenceSession> {
  checkProvider(ep);
  try {
    return await ort.InferenceSession.create(bytes, {
      executionProviders: [ep], // never ['cuda', 'cpu']: a missing provider must be an error
      intraOpNumThreads: threads,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      extra: { session: { 'intra_op.allow_spinning': '0' } },
    });
  } catch (e) {
    if (ep === 'cpu')
      throw new TrainerError(
        'TRAINER_GRAPH_RUN',
        `could not open the ${what}: ${(e as Error).message}`,
        {},
        { cause: e },
      );
    throw new TrainerError(
      'TRAINER_EP_UNAVAILABLE',
      `execution provider '${ep}' is not available in this onnxruntime-node install (${firstLine(e)}); ` +
        `${EP_HINTS[ep]}, or use --device cpu`,
      { field: 'ep', found: ep },
      { cause: e },
    );
  }
}

export interface GradSessionOptions {
  /** Rows per micro-batch (B). */
  batch: number;
  /** Training sequence length (T = block_size); rows read are T + 1 tokens. */
  seq: number;
  /** Targets equal to this id are ignored by the loss (Steel: 151643). */
  ignoreIndex: number;
  /**
   * Default 'cpu'. 'cuda' needs onnxruntime-node's CUDA provider installed (ONNXRUNTIME_NODE_INSTALL=cuda12),
   * 'webgpu' a GPU adapter.
   */
  ep?: ExecutionProvider;
  /** Intra-op threads (default 1); results are bit-identical only for the same count. */
  threads?: number;
}

export interface GradResult {
  /** Mean cross-entropy over non-ignored targets of this micro-batch. */
  loss: number;
  /** `grad.<name>` outputs keyed by parameter name (fresh arrays owned by the caller). */
  grads: Map<string, Float32Array>;
}

export interface GradSession {
  readonly ep: ExecutionProvider;
  readonly threads: number;
  readonly batch: number;
  readonly seq: number;
  /** sha256 of the serialized grad graph (an identity recorded in checkpoints). */
  readonly graphSha256: string;
  /** One forward + backward on int64 inputs / targets of shape [B, T]. */
  run(
    inputs: BigInt64Array,
    targets: BigInt64Array,
    params: ReadonlyMap<string, Float32Array>,
  ): Promise<GradResult>;
  release(): Promise<void>;
}

/**
 * Build the grad graph for `layout` and open it on the requested provider.
 * @example const s = await createGradSession(layout, { batch: 2, seq: 64, ignoreIndex: 256, threads: 2 })
 */
export async function createGradSession(layout: ParamLayout, opts: GradSessionOptions): Promise<GradSession> {
  const ep = opts.ep ?? 'cpu';
  const threads = opts.threads ?? 1;
  const { batch: B, seq: T } = opts;
  checkProvider(ep);
  const graph = buildGradGraph(layout.config, { batch: B, seq: T, ignoreIndex: opts.ignoreIndex });
  const bytes = serializeModel(graph.model);
  const session = await openTrainerSession(bytes, ep, threads, 'grad graph');
  const names = layout.params.map((p) => p.name);
  const shapes = new Map(layout.params.map((p) => [p.name, p.shape]));
  return {
    ep,
    threads,
    batch: B,
    seq: T,
    graphSha256: createHash('sha256').update(bytes).digest('hex'),
    async run(inputs, targets, params) {
      const feeds: Record<string, ort.Tensor> = {
        input_ids: new ort.Tensor('int64', inputs, [B, T]),
        targets: new ort.Tensor('int64', targets, [B, T]),
      };
      for (const n of names) {
        const p = params.get(n);
        if (!p) throw new TrainerError('TRAINER_BAD_ARGUMENT', `no values for parameter ${n}`, { field: n });
        feeds[n] = new ort.Tensor('float32', p, shapes.get(n)!);
      }
      let out: ort.InferenceSession.OnnxValueMapType;
      try {
        out = await session.run(feeds);
      } catch (e) {
        throw new TrainerError(
          'TRAINER_GRAPH_RUN',
          `grad graph run failed: ${firstLine(e)}`,
          {},
          { cause: e },
        );
      }
      const grads = new Map<string, Float32Array>();
      for (const n of names) grads.set(n, out[`grad.${n}`]!.data as Float32Array);
      return { loss: (out.loss!.data as Float32Array)[0]!, grads };
    },
    release: () => session.release(),
  };
}

/** The first line of an error's message (ORT's are long). */
export function firstLine(e: unknown): string {
  return String((e as Error)?.message ?? e).split('\n')[0]!;
}

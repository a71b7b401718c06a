// The inference graph of @steel/moe-model (weights embedded as initializers) in an onnxruntime-node session.
// Execution providers are explicit (never a silent CPU fallback, as in @steel/trainer's session.ts); models whose
// weights pass the 2 GB protobuf limit go through ONNX external data in a temp folder removed on release().
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type HostTensor, type ModelProto, serializeModel, writeModel } from '@steel/moe-model';
import * as ort from 'onnxruntime-node';
import { EvaluatorError } from '../errors.js';

export const DEVICES = ['cpu', 'cuda', 'webgpu'] as const;
export type Device = (typeof DEVICES)[number];

export interface InferSessionOptions {
  /** Default 'cpu'. 'cuda' needs onnxruntime-node's CUDA libraries (ONNXRUNTIME_NODE_INSTALL=cuda12). */
  device?: Device;
  /** Intra-op threads (default 1). */
  threads?: number;
  /** Weights above this many bytes go through ONNX external data in a temp folder (default 1.8e9). */
  inlineLimitBytes?: number;
}

/** Feeds by input name → the requested outputs (all when `fetch` is omitted), copied into host arrays. */
export type InferRun = (
  feeds: Readonly<Record<string, HostTensor>>,
  fetch?: readonly string[],
) => Promise<Record<string, HostTensor>>;

export interface InferSession {
  readonly device: Device;
  readonly threads: number;
  readonly inputNames: readonly string[];
  readonly run: InferRun;
  release(): Promise<void>;
}

/** Serialized models above this size go through external data (protobuf's hard limit is 2 GiB). */
const INLINE_LIMIT = 1.8e9;

function firstLine(e: unknown): string {
  return String((e as Error)?.message ?? e).split('\n')[0]!;
}

/**
 * Open `model` (an infer graph with embedded weights) on `device`.
 * @example const s = await openInferSession(buildInferGraph(config, { weights }), { threads: 2 })
 */
export async function openInferSession(
  model: ModelProto,
  opts: InferSessionOptions = {},
): Promise<InferSession> {
  const device = opts.device ?? 'cpu';
  const threads = opts.threads ?? 1;
  if (!DEVICES.includes(device))
    throw new EvaluatorError('EVAL_BAD_ARGUMENT', `unknown device ${JSON.stringify(device)}`, {
      field: 'device',
      expected: DEVICES.join('|'),
      found: String(device),
    });
  if (!Number.isInteger(threads) || threads < 1)
    throw new EvaluatorError('EVAL_BAD_ARGUMENT', `threads must be a positive integer, got ${threads}`, {
      field: 'threads',
      found: String(threads),
    });
  const weightBytes = model.graph.initializers.reduce((s, t) => s + t.data.byteLength, 0);
  let tmp: string | undefined;
  let source: Uint8Array | string;
  if (weightBytes > (opts.inlineLimitBytes ?? INLINE_LIMIT)) {
    tmp = await mkdtemp(join(tmpdir(), 'steel-infer-'));
    source = join(tmp, 'model.onnx');
    await writeModel(source, model, { threshold: 1024 });
  } else source = serializeModel(model);
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(source as Uint8Array, {
      executionProviders: [device], // never [device, 'cpu']: a missing provider must be an error
      intraOpNumThreads: threads,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      extra: { session: { 'intra_op.allow_spinning': '0' } },
    });
  } catch (e) {
    if (tmp) await rm(tmp, { recursive: true, force: true });
    if (device === 'cpu')
      throw new EvaluatorError(
        'EVAL_GRAPH_RUN',
        `could not open the inference graph: ${firstLine(e)}`,
        {},
        { cause: e },
      );
    throw new EvaluatorError(
      'EVAL_EP_UNAVAILABLE',
      `execution provider '${device}' is not available in this onnxruntime-node install (${firstLine(e)}); ` +
        `install its libraries (for CUDA: reinstall onnxruntime-node with ONNXRUNTIME_NODE_INSTALL=cuda12) or use --device cpu`,
      { field: 'device', found: device },
      { cause: e },
    );
  }
  const run: InferRun = async (feeds, fetch) => {
    const inputs: Record<string, ort.Tensor> = {};
    for (const [k, t] of Object.entries(feeds)) inputs[k] = new ort.Tensor(t.type, t.data, t.dims);
    let out: ort.InferenceSession.OnnxValueMapType;
    try {
      out = fetch ? await session.run(inputs, [...fetch]) : await session.run(inputs);
    } catch (e) {
      throw new EvaluatorError(
        'EVAL_GRAPH_RUN',
        `inference graph run failed: ${firstLine(e)}`,
        {},
        { cause: e },
      );
    }
    const res: Record<string, HostTensor> = {};
    for (const [k, t] of Object.entries(out))
      res[k] = { type: t.type as HostTensor['type'], data: t.data as HostTensor['data'], dims: [...t.dims] };
    return res;
  };
  return {
    device,
    threads,
    inputNames: session.inputNames,
    run,
    async release() {
      await session.release();
      if (tmp) await rm(tmp, { recursive: true, force: true });
    },
  };
}

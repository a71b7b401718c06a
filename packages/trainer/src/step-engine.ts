// How one optimizer step is executed: `js` = the grad graph per micro-batch + accumulation/clipping/AdamW in JS (the
// CPU path), `graph` = the superstep graph (K micro-batches, clipping and AdamW inside one ONNX Loop; device EPs).
import type { ParamLayout } from '@steel/moe-model';
import type { AdamWState } from './adamw.js';
import type { OptimizerPath } from './config.js';
import { lrForStep } from './schedule.js';
import { createGradSession, type ExecutionProvider } from './session.js';
import { type StepHyper, type StepResult, trainStep } from './train-step.js';

export interface StepEngineOptions {
  batch: number;
  seq: number;
  accum: number;
  ignoreIndex: number;
  ep: ExecutionProvider;
  threads: number;
  /** 'auto' (default): 'js' on the CPU EP, 'graph' on device EPs (one host↔device copy per step). */
  path?: OptimizerPath;
}

export interface StepEngine {
  readonly path: 'js' | 'graph';
  readonly ep: ExecutionProvider;
  readonly threads: number;
  /** sha256 of the graph this engine runs (grad or superstep); recorded in checkpoints. */
  readonly graphSha256: string;
  /** Optimizer step `step` (0-based) over `micro` (grad_accum batches of [B, T+1]); params/moments in place. */
  step(
    micro: readonly Int32Array[],
    params: Map<string, Float32Array>,
    optimizer: AdamWState,
    step: number,
  ): Promise<StepResult>;
  release(): Promise<void>;
}

/** Resolve 'auto' to the path a provider runs best on. */
export function resolveOptimizerPath(path: OptimizerPath, ep: ExecutionProvider): 'js' | 'graph' {
  if (path !== 'auto') return path;
  return ep === 'cpu' ? 'js' : 'graph';
}

/**
 * Open the step engine for `layout` on `opts.ep`.
 * @example const e = await createStepEngine(layout, hyper, { batch: 4, seq: 64, accum: 2, ignoreIndex: 256, ep: 'cpu', threads: 2 })
 */
export async function createStepEngine(
  layout: ParamLayout,
  hyper: StepHyper,
  opts: StepEngineOptions,
): Promise<StepEngine> {
  const path = resolveOptimizerPath(opts.path ?? 'auto', opts.ep);
  const common = {
    batch: opts.batch,
    seq: opts.seq,
    ignoreIndex: opts.ignoreIndex,
    ep: opts.ep,
    threads: opts.threads,
  };
  if (path === 'js') {
    const s = await createGradSession(layout, common);
    return {
      path,
      ep: s.ep,
      threads: s.threads,
      graphSha256: s.graphSha256,
      step: (micro, params, optimizer, step) => trainStep(s, params, optimizer, micro, step, hyper),
      release: () => s.release(),
    };
  }
  // Loaded on demand: CPU runs never build the superstep graph.
  const { createSuperstepSession } = await import('./superstep-session.js');
  const s = await createSuperstepSession(layout, {
    ...common,
    accum: opts.accum,
    adamw: hyper.adamw,
    gradClip: hyper.gradClip,
  });
  return {
    path,
    ep: s.ep,
    threads: s.threads,
    graphSha256: s.graphSha256,
    async step(micro, params, optimizer, step) {
      const lr = lrForStep(hyper.schedule, step);
      const r = await s.run(micro, params, optimizer, step, lr);
      return { step, loss: r.loss, microLosses: r.microLosses, lr, gradNorm: r.gradNorm, tokens: r.tokens };
    },
    release: () => s.release(),
  };
}

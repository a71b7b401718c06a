// The run config of steel-pretrain (issue #4 key names, documented in the README): zod strict objects, defaults =
// Steel's pretraining hyper-parameters (shared/design/steel-reference.md); every problem reported at once with
// the offending value (and its line when the config came from a file, see config-file.ts).
import { DEFAULT_IGNORE_INDEX } from '@steel/moe-model';
import { z } from 'zod';
import { TrainerError } from './errors.js';

const int = (min: number) => z.int().min(min);

/** Execution providers a run may name (session.ts decides which are available in this install). */
export const RUN_DEVICES = ['cpu', 'cuda', 'webgpu'] as const;
export type RunDevice = (typeof RUN_DEVICES)[number];
/** Where a step's optimizer runs (step-engine.ts). */
export const OPTIMIZER_PATHS = ['auto', 'js', 'graph'] as const;
export type OptimizerPath = (typeof OPTIMIZER_PATHS)[number];

const TrainPart = z.strictObject({
  /** A packed dataset folder (@steel/binpack), one LITPKDS file, or a folder of them. */
  path: z.string().min(1),
  /** Relative share of rows drawn from this dataset (normalised over the list). */
  weight: z.number().positive().default(1),
});
export type TrainPart = z.output<typeof TrainPart>;

export const TrainConfigSchema = z.strictObject({
  /** Exactly one of `init` (HF folder: weights + config, fresh optimizer), `preset` or `config`. */
  model: z
    .strictObject({
      init: z.string().min(1).optional(),
      preset: z.string().min(1).optional(),
      config: z.string().min(1).optional(),
    })
    .refine((m) => [m.init, m.preset, m.config].filter((v) => v !== undefined).length === 1, {
      message: 'give exactly one of model.init, model.preset or model.config',
    }),
  data: z.strictObject({
    /** A list of { path, weight } (weighted mixing when > 1); a bare path means [{ path, weight: 1 }]. */
    train: z.union([
      z
        .string()
        .min(1)
        .transform((path): TrainPart[] => [{ path, weight: 1 }]),
      z.array(TrainPart).min(1),
    ]),
    /** Held-out packed folder for validation (read in file order). */
    val: z.string().min(1).optional(),
    /** HF tokenizer folder copied into every checkpoint (tokenizer.json + tokenizer_config.json). */
    tokenizer: z.string().min(1).optional(),
    /** Tokens per training sequence; rows of block_size + 1 are read. */
    block_size: int(1),
    micro_batch_size: int(1),
    grad_accum: int(1).default(1),
    shuffle: z.boolean().default(true),
    seed: int(0).default(3407),
    /** Targets equal to this id are ignored (Qwen pad 151643; the byte tokenizer's pad is 256). */
    ignore_index: z.int().default(DEFAULT_IGNORE_INDEX),
  }),
  optim: z
    .strictObject({
      lr: z.number().positive().default(3e-4),
      min_lr: z.number().min(0).default(0),
      /** Optimizer steps (× grad_accum micro-iterations, as Steel). */
      warmup_steps: int(0).default(1000),
      /** Length of the cosine decay in optimizer steps; training stops here unless run.max_steps is smaller. */
      max_steps: int(1),
      beta1: z.number().min(0).lt(1).default(0.9),
      beta2: z.number().min(0).lt(1).default(0.95),
      eps: z.number().positive().default(1e-8),
      weight_decay: z.number().min(0).default(0.05),
      /** Max global gradient norm; 0 disables clipping. */
      grad_clip: z.number().min(0).default(1),
      /** 'all' decays every parameter (Steel); 'matrices' exempts norms and biases. */
      decay: z.enum(['all', 'matrices']).default('all'),
    })
    .superRefine((o, ctx) => {
      if (o.max_steps <= o.warmup_steps)
        ctx.addIssue({
          code: 'custom',
          path: ['max_steps'],
          message: `must be greater than warmup_steps (max_steps ${o.max_steps}, warmup_steps ${o.warmup_steps})`,
        });
      if (o.min_lr > o.lr)
        ctx.addIssue({
          code: 'custom',
          path: ['min_lr'],
          message: `must be ≤ lr (min_lr ${o.min_lr}, lr ${o.lr})`,
        });
    }),
  run: z.strictObject({
    /** Run folder: checkpoints, `latest`, metrics.jsonl/.csv, val.csv, report.svg/.html. */
    out_dir: z.string().min(1),
    save_every: int(1).default(1000),
    /** Validation on data.val every this many optimizer steps (and at step 0 and at the end). */
    eval_every: int(1).default(1000),
    /** Non-TTY output: one progress line every this many steps (metrics files get every step). */
    log_every: int(1).default(20),
    keep_last: int(1).default(3),
    /** Stop after this many optimizer steps (the schedule still follows optim.max_steps). */
    max_steps: int(1).optional(),
    device: z.enum(RUN_DEVICES).default('cpu'),
    /**
     * Where accumulation, clipping and AdamW run: 'js' (grad graph per micro-batch, optimizer in JS), 'graph'
     * (the superstep graph: one ONNX Loop per step), 'auto' (js on cpu, graph on cuda/webgpu).
     */
    optimizer: z.enum(OPTIMIZER_PATHS).default('auto'),
    threads: int(1).default(1),
    /** Peak FLOP/s of the hardware, for MFU; without it MFU is not computed (null). */
    peak_flops: z.number().positive().optional(),
    /** Seed of the fresh model init (ignored with model.init and on resume). */
    init_seed: int(0).default(0),
    /** Validate on the first this many micro-batches of data.val (default: all of it). */
    eval_batches: int(1).optional(),
  }),
});

export type TrainConfig = z.output<typeof TrainConfigSchema>;
export type TrainConfigInput = z.input<typeof TrainConfigSchema>;

/** Where a key of the raw config sits in its file (config-file.ts maps YAML nodes to lines). */
export type LocateKey = (path: readonly PropertyKey[]) => string | undefined;

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let v = raw;
  for (const k of path) v = v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  return v;
}

/**
 * Validate a run config; throws TRAINER_BAD_CONFIG listing every problem with the value found (and the line,
 * given `locate`).
 * @example parseTrainConfig({ model: { preset: 'steel-tiny' }, data: { train: 'packed', block_size: 64,
 *   micro_batch_size: 4 }, optim: { max_steps: 100 }, run: { out_dir: 'out' } })
 */
export function parseTrainConfig(raw: unknown, where = 'config', locate?: LocateKey): TrainConfig {
  const r = TrainConfigSchema.safeParse(raw);
  if (r.success) return r.data;
  const lines = r.error.issues.map((i) => {
    const v = valueAt(raw, i.path);
    const shown = v === undefined || typeof v === 'object' ? '' : ` (got ${JSON.stringify(v)})`;
    // an unknown key is reported on its parent: point at the key itself
    const key = i.code === 'unrecognized_keys' ? [...i.path, i.keys[0]!] : i.path;
    const at = locate?.(key);
    return `${i.path.join('.') || '<root>'}${at ? ` (${at})` : ''}: ${i.message}${shown}`;
  });
  throw new TrainerError('TRAINER_BAD_CONFIG', `${where}: ${lines.join('; ')}`, {
    file: where,
    issues: lines,
  });
}

// The training loop object: a run config + model → grad session, float32 params, AdamW state, the binpack reader
// and the validation session; `next()` takes one optimizer step (saving every save_every), `resume()` continues a
// checkpoint exactly, `evaluate()` scores data.val.
import type { Manifest } from '@steel/binpack';
import {
  buildLayout,
  initParams,
  type ParamLayout,
  type SteelConfig,
  weightDecayGroups,
} from '@steel/moe-model';
import { type AdamWState, createAdamWState } from './adamw.js';
import {
  readCheckpoint,
  readTrainerState,
  resolveCheckpoint,
  STATE_FILE,
  TRAINER_STATE_FORMAT,
  type TrainerState,
  writeCheckpoint,
} from './checkpoint.js';
import type { TrainConfig } from './config.js';
import {
  type AddedData,
  appendTrainData,
  openTrainData,
  readerManifests,
  restoreTrainData,
  type TrainData,
} from './data.js';
import { TrainerError } from './errors.js';
import { resolveModel, resolveModelConfig } from './model-source.js';
import { checkResumable, checkRowWidth, modelConfigSha256, scheduleOf } from './resume-checks.js';
import { checkSchedule, type LrSchedule } from './schedule.js';
import type { ExecutionProvider } from './session.js';
import { createStepEngine, type StepEngine } from './step-engine.js';
import { type CheckpointTokenizer, checkpointTokenizer, checkVocab } from './tokenizer-files.js';
import type { StepHyper, StepResult } from './train-step.js';
import { createValSession, type ValResult, type ValSession } from './val-session.js';

export interface StepReport extends StepResult {
  /** Wall time of the step in ms. */
  ms: number;
  /** Checkpoint written after this step, if any. */
  saved?: string;
}

export interface ResumeOptions {
  /** Packed folders appended to the reader (`--add-data`); recorded in state.json. */
  addData?: readonly string[];
}

/** Set-up facts shared by start and resume. */
interface Parts {
  config: TrainConfig;
  layout: ParamLayout;
  params: Map<string, Float32Array>;
  optimizer: AdamWState;
  data: TrainData;
  manifests: Manifest[];
  step: number;
  resumedFrom: number | null;
  elapsedS: number;
  addedData: AddedData[];
}

/** Optimizer hyper-parameters of a run config (decay groups from the layout). */
function hyperOf(config: TrainConfig, layout: ParamLayout): StepHyper {
  const o = config.optim;
  const noDecay = o.decay === 'matrices' ? weightDecayGroups(layout, 'matrices').noDecay : [];
  return {
    schedule: scheduleOf(config),
    adamw: { beta1: o.beta1, beta2: o.beta2, eps: o.eps, weightDecay: o.weight_decay, noDecay },
    gradClip: o.grad_clip,
  };
}

export class Trainer {
  private batches: AsyncGenerator<Int32Array, void, undefined>;
  private readonly startedAt = performance.now();

  private constructor(
    private readonly parts: Parts,
    /** How steps run: the grad graph + JS optimizer (CPU) or the superstep graph (device EPs); see step-engine.ts. */
    readonly session: StepEngine,
    readonly val: ValSession | undefined,
    readonly tokenizer: CheckpointTokenizer,
  ) {
    this.batches = parts.data.batches({ batchSize: parts.config.data.micro_batch_size, prefetch: 2 });
    this.step = parts.step;
  }

  /** Optimizer steps completed. */
  step: number;

  get config(): TrainConfig {
    return this.parts.config;
  }
  get layout(): ParamLayout {
    return this.parts.layout;
  }
  get params(): Map<string, Float32Array> {
    return this.parts.params;
  }
  get optimizer(): AdamWState {
    return this.parts.optimizer;
  }
  /** The training reader (PackedDataset, or MixedDataset for several data.train parts). */
  get data(): TrainData {
    return this.parts.data;
  }
  /** The step this run resumed at; null for a fresh run. */
  get resumedFrom(): number | null {
    return this.parts.resumedFrom;
  }
  /** `--add-data` folders of this run so far. */
  get addedData(): readonly AddedData[] {
    return this.parts.addedData;
  }
  /** Training wall time in seconds, summed over resumes. */
  get elapsedS(): number {
    return this.parts.elapsedS + (performance.now() - this.startedAt) / 1000;
  }

  /** Move the elapsed clock forward to at least `s` (a resume continuing metrics logged after its checkpoint). */
  continueElapsed(s: number): void {
    const now = this.elapsedS;
    if (s > now) this.parts.elapsedS += s - now;
  }

  /** The LR schedule in Steel's terms (lengths in optimizer steps, converted to micro-iterations by lrAt). */
  get schedule(): LrSchedule {
    return scheduleOf(this.config);
  }

  get hyper(): StepHyper {
    return hyperOf(this.config, this.layout);
  }

  /** Steps this run will take in total (run.max_steps, else optim.max_steps). */
  get lastStep(): number {
    return Math.min(this.config.run.max_steps ?? Number.POSITIVE_INFINITY, this.config.optim.max_steps);
  }

  /**
   * A fresh run. Without `model`, config.model is resolved (model.init: the HF folder's config and weights);
   * params start from `init`, else model.init's weights, else Steel's init with run.init_seed. Zero moments,
   * the reader at its start.
   * @example const t = await Trainer.start(cfg); while (t.step < t.lastStep) await t.next(); await t.close();
   */
  static async start(
    config: TrainConfig,
    model?: SteelConfig,
    init?: Map<string, Float32Array>,
  ): Promise<Trainer> {
    let weights = init;
    if (!model) {
      const m = await resolveModel(config.model);
      model = m.config;
      weights ??= m.init;
    }
    const layout = buildLayout(model);
    const params = weights ?? (initParams(layout, config.run.init_seed) as Map<string, Float32Array>);
    const { data, manifests } = await openTrainData(config);
    return Trainer.assemble({
      config,
      layout,
      params,
      optimizer: createAdamWState(params),
      data,
      manifests,
      step: 0,
      resumedFrom: null,
      elapsedS: 0,
      addedData: [],
    });
  }

  /**
   * Continue from `latest` (under run.out_dir) or a checkpoint folder: same next batch, same losses. Refuses a
   * checkpoint of another model config, schedule or block size; a missing data file is TRAINER_DATA_MISSING and
   * a changed one BINPACK_FILE_CHANGED (both name the file).
   */
  static async resume(
    config: TrainConfig,
    model?: SteelConfig,
    which = 'latest',
    opts: ResumeOptions = {},
  ): Promise<Trainer> {
    model ??= await resolveModelConfig(config.model);
    const layout = buildLayout(model);
    const dir = await resolveCheckpoint(config.run.out_dir, which);
    const state = await readTrainerState(dir);
    checkResumable(dir, state, model, config);
    const ck = await readCheckpoint(dir, layout);
    const data = await restoreTrainData(ck.state.data, `${dir}/${STATE_FILE}`);
    checkRowWidth(dir, data.blockSize, config);
    const added = await appendTrainData(data, opts.addData ?? [], config.data.block_size, ck.state.step);
    const manifests = await readerManifests(data);
    return Trainer.assemble({
      config,
      layout,
      params: ck.params,
      optimizer: ck.optimizer,
      data,
      manifests,
      step: ck.state.step,
      resumedFrom: ck.state.step,
      elapsedS: ck.state.elapsedS ?? 0,
      addedData: [...(ck.state.addedData ?? []), ...added],
    });
  }

  /**
   * `resume` when `opts.resume` is given (`latest` or a folder), else `start`; the model comes from config.model.
   * @example const t = await Trainer.open(await readTrainConfig('run.yaml'), { resume: 'latest' })
   */
  static async open(config: TrainConfig, opts: ResumeOptions & { resume?: string } = {}): Promise<Trainer> {
    if (opts.resume) return Trainer.resume(config, undefined, opts.resume, opts);
    if (opts.addData?.length)
      throw new TrainerError(
        'TRAINER_BAD_ARGUMENT',
        '--add-data appends to a resumed run: give --resume too',
        {
          field: 'add-data',
        },
      );
    return Trainer.start(config);
  }

  private static async assemble(p: Parts): Promise<Trainer> {
    const { config, layout } = p;
    checkSchedule(scheduleOf(config));
    const tokenizer = await checkpointTokenizer(p.manifests, config.data.tokenizer);
    checkVocab(tokenizer.identity, layout.dims.vocab);
    const ep = config.run.device as ExecutionProvider;
    const session = await createStepEngine(layout, hyperOf(config, layout), {
      batch: config.data.micro_batch_size,
      seq: config.data.block_size,
      accum: config.data.grad_accum,
      ignoreIndex: config.data.ignore_index,
      ep,
      threads: config.run.threads,
      path: config.run.optimizer,
    });
    let val: ValSession | undefined;
    try {
      if (config.data.val !== undefined)
        val = await createValSession(layout, config.data.val, {
          batch: config.data.micro_batch_size,
          seq: config.data.block_size,
          ignoreIndex: config.data.ignore_index,
          ep,
          threads: config.run.threads,
          maxBatches: config.run.eval_batches,
        });
    } catch (e) {
      await session.release();
      throw e;
    }
    return new Trainer(p, session, val, tokenizer);
  }

  /** One optimizer step; writes a checkpoint when the step count reaches a multiple of run.save_every. */
  async next(): Promise<StepReport> {
    const t0 = performance.now();
    const micro: Int32Array[] = [];
    const width = this.config.data.block_size + 1;
    for (let k = 0; k < this.config.data.grad_accum; k++) {
      const r = await this.batches.next();
      if (r.done || r.value.length !== this.config.data.micro_batch_size * width)
        throw new TrainerError('TRAINER_DATA_EXHAUSTED', `the data reader ran out at step ${this.step}`, {});
      micro.push(r.value);
    }
    const res = await this.session.step(micro, this.params, this.optimizer, this.step);
    this.step += 1;
    const report: StepReport = { ...res, ms: performance.now() - t0 };
    if (this.step % this.config.run.save_every === 0) report.saved = await this.save();
    return report;
  }

  /** Validation loss / perplexity on data.val with the current params; undefined without data.val. */
  async evaluate(): Promise<ValResult | undefined> {
    return this.val?.evaluate(this.params);
  }

  /** Write a checkpoint of the current state under run.out_dir (see checkpoint.ts). */
  async save(): Promise<string> {
    const state: TrainerState = {
      format: TRAINER_STATE_FORMAT,
      version: 1,
      step: this.step,
      microIteration: this.step * this.config.data.grad_accum,
      data: this.data.state(),
      schedule: this.schedule,
      identities: {
        modelConfigSha256: modelConfigSha256(this.layout.config),
        gradGraphSha256: this.session.graphSha256,
        threads: this.session.threads,
        ep: this.session.ep,
      },
      config: this.config,
      elapsedS: this.elapsedS,
      ...(this.tokenizer.identity ? { tokenizer: this.tokenizer.identity } : {}),
      ...(this.addedData.length ? { addedData: [...this.addedData] } : {}),
    };
    return writeCheckpoint(
      this.config.run.out_dir,
      {
        layout: this.layout,
        params: this.params,
        optimizer: this.optimizer,
        state,
        files: this.tokenizer.files,
      },
      this.config.run.keep_last,
    );
  }

  async close(): Promise<void> {
    await this.batches.return(undefined);
    await this.session.release();
    await this.val?.release();
    await this.data.close();
  }
}

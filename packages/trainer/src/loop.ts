// A whole run around a Trainer: validation at step 0 / every eval_every / at the end, a metrics row per step
// (loss, lr, grad norm, tokens/s, MFU, step time, ETA) into the run dir's files, checkpoints, a graceful stop on
// request (finish the step, save), and the SVG/HTML report at the end. Emits events; printing is the app's.
import { flopsPerToken } from '@steel/moe-model';
import { MetricsLog as Metrics, type MetricsLog, type TrainRow, type ValRow } from './metrics.js';
import { writeTrainingReport } from './report.js';
import type { StepReport, Trainer } from './trainer.js';

export type TrainEvent =
  | { kind: 'start'; step: number; lastStep: number; resumed: boolean }
  | { kind: 'train'; row: TrainRow; report: StepReport }
  | { kind: 'val'; row: ValRow }
  | { kind: 'saved'; step: number; dir: string }
  | { kind: 'stopped'; step: number; signal: string }
  | { kind: 'report'; svg: string; html: string };

export interface TrainLoopOptions {
  onEvent?: (e: TrainEvent) => void;
  /** Polled after every step: a non-empty value (e.g. the signal name) ends the run with a checkpoint. */
  stopRequested?: () => string | undefined;
  /** Write report.svg / report.html at the end (default true). */
  report?: boolean;
}

export interface TrainLoopResult {
  /** Optimizer steps completed. */
  step: number;
  /** Set when the run ended on a stop request. */
  stopped?: string;
  /** The newest checkpoint folder written by this run (undefined if none). */
  checkpoint?: string;
  /** First and last validation of this process (step 0 and the end for a fresh run). */
  firstVal?: ValRow;
  lastVal?: ValRow;
  report?: { svg: string; html: string };
}

/** Step times kept for the ETA (a recent window: the first steps are slow while caches warm). */
const ETA_WINDOW = 20;

/**
 * Run `trainer` to its last step (run.max_steps or optim.max_steps), logging into run.out_dir.
 * @example const t = await Trainer.open(config); const r = await trainLoop(t, { onEvent: console.log }); await t.close();
 */
export async function trainLoop(trainer: Trainer, opts: TrainLoopOptions = {}): Promise<TrainLoopResult> {
  const { config } = trainer;
  const emit = opts.onEvent ?? (() => {});
  const runDir = config.run.out_dir;
  const last = trainer.lastStep;
  const log: MetricsLog = await Metrics.open(runDir, trainer.resumedFrom);
  // the resumed step's row was logged after its checkpoint was written: keep elapsed_s monotonic
  if (log.lastTrain) trainer.continueElapsed(log.lastTrain.elapsed_s);
  const flops = flopsPerToken(trainer.layout.config, config.data.block_size).training;
  const peak = config.run.peak_flops;
  const tokensPerStep = config.data.micro_batch_size * config.data.block_size * config.data.grad_accum;
  const result: TrainLoopResult = { step: trainer.step };
  emit({ kind: 'start', step: trainer.step, lastStep: last, resumed: trainer.resumedFrom !== null });

  const validate = async () => {
    const v = await trainer.evaluate();
    if (!v) return;
    const row: ValRow = {
      kind: 'val',
      step: trainer.step,
      val_loss: v.loss,
      val_ppl: v.ppl,
      tokens: v.tokens,
      time: new Date().toISOString(),
    };
    await log.append(row);
    result.firstVal ??= row;
    result.lastVal = row;
    emit({ kind: 'val', row });
  };
  // the checkpoint of the current step exists (a resume starts from one)
  let savedAt = trainer.resumedFrom ?? -1;
  const saved = (dir: string) => {
    savedAt = trainer.step;
    result.checkpoint = dir;
    emit({ kind: 'saved', step: trainer.step, dir });
  };

  if (trainer.resumedFrom === null) await validate(); // the untrained model's perplexity
  const times: number[] = [];
  while (trainer.step < last) {
    const r = await trainer.next();
    times.push(r.ms);
    if (times.length > ETA_WINDOW) times.shift();
    const mean = times.reduce((a, b) => a + b, 0) / times.length;
    const tps = r.tokens / (r.ms / 1000);
    const row: TrainRow = {
      kind: 'train',
      step: trainer.step,
      loss: r.loss,
      lr: r.lr,
      grad_norm: r.gradNorm,
      tokens: trainer.step * tokensPerStep,
      tokens_per_s: tps,
      mfu: peak ? (tps * flops) / peak : null,
      step_ms: r.ms,
      elapsed_s: trainer.elapsedS,
      eta_s: ((last - trainer.step) * mean) / 1000,
      time: new Date().toISOString(),
    };
    await log.append(row);
    emit({ kind: 'train', row, report: r });
    if (r.saved) saved(r.saved);
    if (trainer.step % config.run.eval_every === 0 || trainer.step === last) await validate();
    const stop = opts.stopRequested?.();
    if (stop && trainer.step < last) {
      if (savedAt !== trainer.step) saved(await trainer.save());
      result.stopped = stop;
      emit({ kind: 'stopped', step: trainer.step, signal: stop });
      break;
    }
  }
  if (savedAt !== trainer.step) saved(await trainer.save());
  result.step = trainer.step;
  if (opts.report ?? true) {
    const report = await writeTrainingReport(runDir);
    result.report = report;
    emit({ kind: 'report', svg: report.svg, html: report.html });
  }
  return result;
}

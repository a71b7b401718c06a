// One training run as the CLI drives it: open (start / --resume / --add-data), install the graceful-stop signal
// handlers, run trainLoop with the progress printer, close. Shared by `steel-pretrain --config` and `demo`.
import {
  onStopSignals,
  type StopSignal,
  type TrainConfig,
  Trainer,
  type TrainLoopResult,
  trainLoop,
} from '@steel/trainer';
import { createProgress } from './progress.js';

/** Exit codes of a run stopped by a signal (128 + signal number, the shell convention). */
export const SIGNAL_EXIT: Record<StopSignal, number> = { SIGINT: 130, SIGTERM: 143 };

export interface RunOptions {
  resume?: string;
  addData?: string[];
  /** Print one line (stdout). */
  out: (line: string) => void;
}

export interface RunOutcome extends TrainLoopResult {
  params: number;
  /** Exit code: 0, or 130 / 143 after a graceful stop. */
  code: number;
}

export async function runTraining(config: TrainConfig, o: RunOptions): Promise<RunOutcome> {
  const trainer = await Trainer.open(config, { resume: o.resume, addData: o.addData });
  const { out } = o;
  if (config.model.init) out(`init: weights and config from ${config.model.init} (fresh optimizer state)`);
  for (const a of trainer.addedData.filter((x) => x.step === trainer.resumedFrom))
    out(`add-data: ${a.path}: ${a.files} file(s), ${a.blocks} blocks appended at step ${a.step}`);
  out(
    `${trainer.resumedFrom !== null ? `resuming at step ${trainer.step}` : 'training'}: ` +
      `${trainer.layout.totalParams.toLocaleString('en')} parameters, ` +
      `batch ${config.data.micro_batch_size}×${config.data.block_size} × accum ${config.data.grad_accum}, ` +
      `${trainer.session.ep} EP, ${trainer.session.threads} thread(s), run dir ${config.run.out_dir}`,
  );
  if (trainer.val) out(`val: ${config.data.val}: ${trainer.val.batches} micro-batch(es) per evaluation`);
  const progress = createProgress(
    (s) => process.stdout.write(s),
    process.stdout.isTTY === true,
    config.run.log_every,
  );
  // First signal: finish the step, checkpoint, return. A second one exits at once (the last checkpoint stays).
  const stop = onStopSignals((sig) => {
    progress.end();
    process.stderr.write(`steel-pretrain: second ${sig}, exiting without a new checkpoint\n`);
    process.exit(SIGNAL_EXIT[sig]);
  });
  let r: TrainLoopResult;
  try {
    r = await trainLoop(trainer, { onEvent: (e) => progress.onEvent(e), stopRequested: () => stop.signal });
  } finally {
    stop.dispose();
    progress.end();
    await trainer.close();
  }
  const code = r.stopped ? SIGNAL_EXIT[r.stopped as StopSignal] : 0;
  if (r.stopped)
    out(
      `stopped by ${r.stopped} at step ${r.step}; checkpoint ${r.checkpoint}; continue with --resume latest`,
    );
  return { ...r, params: trainer.layout.totalParams, code };
}

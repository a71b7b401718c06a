// What a checkpoint must match to be resumed by a run config: the model config (sha256 of its canonical JSON),
// Steel's schedule, the reader's row width. Refusals are TRAINER_BAD_CHECKPOINT naming the folder and the values.
import { createHash } from 'node:crypto';
import { formatSteelConfig, type SteelConfig } from '@steel/moe-model';
import type { TrainerState } from './checkpoint.js';
import type { TrainConfig } from './config.js';
import { TrainerError } from './errors.js';
import type { LrSchedule } from './schedule.js';

export const sha256 = (b: string | Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** Identity of a model config recorded in state.json. */
export const modelConfigSha256 = (model: SteelConfig): string => sha256(formatSteelConfig(model));

/** The LR schedule of a run config (lengths in optimizer steps; lrAt converts them to micro-iterations). */
export function scheduleOf(config: TrainConfig): LrSchedule {
  const o = config.optim;
  return {
    lr: o.lr,
    minLr: o.min_lr,
    warmupSteps: o.warmup_steps,
    decaySteps: o.max_steps,
    gradAccum: config.data.grad_accum,
  };
}

/** Refuse a checkpoint (`dir`, its state) written for another model config or schedule than the run's. */
export function checkResumable(
  dir: string,
  state: TrainerState,
  model: SteelConfig,
  config: TrainConfig,
): void {
  if (state.identities.modelConfigSha256 !== modelConfigSha256(model))
    throw new TrainerError(
      'TRAINER_BAD_CHECKPOINT',
      `${dir}: written for a different model config than the run's`,
      {
        file: dir,
        field: 'model',
      },
    );
  const want = JSON.stringify(scheduleOf(config));
  if (JSON.stringify(state.schedule) !== want)
    throw new TrainerError(
      'TRAINER_BAD_CHECKPOINT',
      `${dir}: written with schedule ${JSON.stringify(state.schedule)}, the run config gives ${want}`,
      { file: dir, field: 'schedule', expected: JSON.stringify(state.schedule), found: want },
    );
}

/** Refuse a restored reader whose rows are not block_size + 1 tokens. */
export function checkRowWidth(dir: string, rows: number, config: TrainConfig): void {
  const want = config.data.block_size + 1;
  if (rows !== want)
    throw new TrainerError(
      'TRAINER_BAD_CHECKPOINT',
      `${dir}: data rows of ${rows} tokens, config wants ${want}`,
      {
        file: dir,
        expected: String(want),
        found: String(rows),
      },
    );
}

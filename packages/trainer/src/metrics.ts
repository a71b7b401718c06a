// The run's metrics files (the helpers' contract): run_dir/metrics.jsonl (train + val rows, one JSON object per
// line), metrics.csv (train rows) and val.csv (val rows). Rows are appended one write each; on resume the files
// continue, rows beyond the resumed step (and a torn last line from a crash) dropped first.
import { existsSync } from 'node:fs';
import { appendFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const METRICS_JSONL = 'metrics.jsonl';
export const METRICS_CSV = 'metrics.csv';
export const VAL_CSV = 'val.csv';

/** One optimizer step. `step` is 1-based (= optimizer steps completed); `tokens` is cumulative. */
export interface TrainRow {
  kind: 'train';
  step: number;
  loss: number;
  lr: number;
  grad_norm: number;
  /** Training tokens (input positions) processed so far, this step included. */
  tokens: number;
  tokens_per_s: number;
  /** Model FLOPs utilisation (0–1); null without run.peak_flops. */
  mfu: number | null;
  step_ms: number;
  /** Training wall time so far, summed over resumes. */
  elapsed_s: number;
  /** Estimated time to the run's last step. */
  eta_s: number;
  time: string;
}

/** One validation; `tokens` = targets scored. */
export interface ValRow {
  kind: 'val';
  step: number;
  val_loss: number;
  val_ppl: number;
  tokens: number;
  time: string;
}

export type MetricsRow = TrainRow | ValRow;

export const TRAIN_COLUMNS = [
  'kind',
  'step',
  'loss',
  'lr',
  'grad_norm',
  'tokens',
  'tokens_per_s',
  'mfu',
  'step_ms',
  'elapsed_s',
  'eta_s',
  'time',
] as const satisfies readonly (keyof TrainRow)[];
export const VAL_COLUMNS = [
  'kind',
  'step',
  'val_loss',
  'val_ppl',
  'tokens',
  'time',
] as const satisfies readonly (keyof ValRow)[];

const csvLine = (row: Record<string, unknown>, cols: readonly string[]) =>
  `${cols.map((c) => (row[c] === null || row[c] === undefined ? '' : String(row[c]))).join(',')}\n`;

/** Rows of metrics.jsonl (torn or foreign lines skipped). */
export async function readMetrics(runDir: string): Promise<MetricsRow[]> {
  const file = join(runDir, METRICS_JSONL);
  if (!existsSync(file)) return [];
  const rows: MetricsRow[] = [];
  for (const line of (await readFile(file, 'utf8')).split('\n')) {
    if (!line) continue;
    try {
      const r = JSON.parse(line) as MetricsRow;
      if ((r.kind === 'train' || r.kind === 'val') && Number.isInteger(r.step)) rows.push(r);
    } catch {
      // a line torn by a crash mid-append
    }
  }
  return rows;
}

async function replace(file: string, text: string): Promise<void> {
  const tmp = `${file}.tmp-${process.pid}`;
  await writeFile(tmp, text);
  await rename(tmp, file);
}

export class MetricsLog {
  private constructor(
    readonly runDir: string,
    /** Rows kept from an earlier process (resume), in file order. */
    readonly kept: readonly MetricsRow[],
  ) {}

  /**
   * Open the run's metrics files. `keepThrough`: the resumed step — rows with step ≤ it are kept, later ones
   * dropped; null for a fresh run (existing files are started over).
   * @example const log = await MetricsLog.open('out/run', trainer.resumedFrom ?? null)
   */
  static async open(runDir: string, keepThrough: number | null): Promise<MetricsLog> {
    await mkdir(runDir, { recursive: true });
    const kept = keepThrough === null ? [] : (await readMetrics(runDir)).filter((r) => r.step <= keepThrough);
    const train = kept.filter((r): r is TrainRow => r.kind === 'train');
    const val = kept.filter((r): r is ValRow => r.kind === 'val');
    // rewritten whole (temp + rename) once at open; appends after that
    await replace(join(runDir, METRICS_JSONL), kept.map((r) => `${JSON.stringify(r)}\n`).join(''));
    await replace(
      join(runDir, METRICS_CSV),
      `${TRAIN_COLUMNS.join(',')}\n${train.map((r) => csvLine({ ...r }, TRAIN_COLUMNS)).join('')}`,
    );
    await replace(
      join(runDir, VAL_CSV),
      `${VAL_COLUMNS.join(',')}\n${val.map((r) => csvLine({ ...r }, VAL_COLUMNS)).join('')}`,
    );
    return new MetricsLog(runDir, kept);
  }

  /** The last kept train row (elapsed time to continue from). */
  get lastTrain(): TrainRow | undefined {
    return this.kept.filter((r): r is TrainRow => r.kind === 'train').at(-1);
  }

  /** Whether a val row for `step` is already there (a resume at a step that was validated). */
  hasVal(step: number): boolean {
    return this.kept.some((r) => r.kind === 'val' && r.step === step);
  }

  /** Append a row to metrics.jsonl and to metrics.csv or val.csv (one write per file: a crash tears ≤ 1 line). */
  async append(row: MetricsRow): Promise<void> {
    await appendFile(join(this.runDir, METRICS_JSONL), `${JSON.stringify(row)}\n`);
    if (row.kind === 'train')
      await appendFile(join(this.runDir, METRICS_CSV), csvLine({ ...row }, TRAIN_COLUMNS));
    else await appendFile(join(this.runDir, VAL_CSV), csvLine({ ...row }, VAL_COLUMNS));
  }
}

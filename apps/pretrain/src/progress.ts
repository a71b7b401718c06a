// Console output of a training run: on a TTY one live progress line redrawn with `\r` (other lines printed above
// it); otherwise one line per run.log_every steps (plus the first and the last). Fed by trainLoop's events.
import type { TrainEvent } from '@steel/trainer';

export function formatDuration(s: number): string {
  if (!Number.isFinite(s)) return '?';
  const t = Math.round(s);
  const h = Math.floor(t / 3600);
  const m = Math.floor((t % 3600) / 60);
  const sec = t % 60;
  return h > 0
    ? `${h}h${String(m).padStart(2, '0')}m`
    : m > 0
      ? `${m}m${String(sec).padStart(2, '0')}s`
      : `${sec}s`;
}

type TrainRowOf = Extract<TrainEvent, { kind: 'train' }>['row'];

export function formatStep(row: TrainRowOf, last: number): string {
  const mfu = row.mfu === null ? '' : `  mfu ${(row.mfu * 100).toFixed(2)}%`;
  return (
    `step ${String(row.step).padStart(String(last).length)}/${last}  loss ${row.loss.toFixed(4)}` +
    `  lr ${row.lr.toExponential(2)}  grad_norm ${row.grad_norm.toFixed(3)}  tok/s ${Math.round(row.tokens_per_s)}` +
    `${mfu}  ${row.step_ms.toFixed(0)} ms  eta ${formatDuration(row.eta_s)}`
  );
}

export interface ProgressPrinter {
  onEvent(e: TrainEvent): void;
  /** End the live line (TTY) before other output. */
  end(): void;
}

/**
 * @param write raw stdout write; `tty` selects the live line.
 * @example const p = createProgress((s) => process.stdout.write(s), process.stdout.isTTY === true, 20)
 */
export function createProgress(write: (s: string) => void, tty: boolean, logEvery: number): ProgressPrinter {
  let live = ''; // the TTY's current progress line ('' = none drawn)
  let first: number | undefined;
  let last = 0;
  // a permanent line: above the live one, which is redrawn below it
  const line = (s: string) => write(live ? `\r\x1b[K${s}\n${live}` : `${s}\n`);
  return {
    onEvent(e) {
      switch (e.kind) {
        case 'start':
          last = e.lastStep;
          first = e.step + 1;
          break;
        case 'train': {
          const s = formatStep(e.row, last);
          const keep = e.row.step % logEvery === 0 || e.row.step === last || e.row.step === first;
          if (!tty) {
            if (keep) line(s);
          } else if (keep) {
            write(`\r\x1b[K${s}\n`); // every log_every steps the line stays, for the history
            live = '';
          } else {
            write(`\r\x1b[K${s}`);
            live = s;
          }
          break;
        }
        case 'val':
          line(
            `val   step ${e.row.step}: loss ${e.row.val_loss.toFixed(4)}  ppl ${e.row.val_ppl.toFixed(2)}` +
              `  (${e.row.tokens} tokens)`,
          );
          break;
        case 'saved':
          line(`checkpoint: ${e.dir}`);
          break;
        case 'stopped':
          line(`${e.signal}: stopped after step ${e.step}`);
          break;
        case 'report':
          line(`report: ${e.html} (${e.svg})`);
          break;
      }
    },
    end() {
      if (live) write('\n');
      live = '';
    },
  };
}

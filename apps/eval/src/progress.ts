// Console output of an evaluation: one permanent line per finished subject (score with its protocol), and on a TTY
// a live progress bar on stderr (questions done, questions/s, ETA, current subject) redrawn with `\r`.
import type { EvalProgress } from '@steel/evaluator';

export function formatDuration(s: number): string {
  if (!Number.isFinite(s) || s < 0) return '?';
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

/** `[██████░░░░]  60%  6/10 q  2.5 q/s  eta 2s  logic (2/2)` */
export function formatBar(p: EvalProgress, rate: number, width = 24): string {
  const frac = p.questionsTotal === 0 ? 1 : p.questionsDone / p.questionsTotal;
  const full = Math.round(frac * width);
  const eta = rate > 0 ? (p.questionsTotal - p.questionsDone) / rate : Number.NaN;
  return (
    `[${'█'.repeat(full)}${'░'.repeat(width - full)}] ${String(Math.round(frac * 100)).padStart(3)}%` +
    `  ${p.questionsDone}/${p.questionsTotal} q  ${rate.toFixed(2)} q/s  eta ${formatDuration(eta)}` +
    `  ${p.subject} (${p.subjectIndex + 1}/${p.subjects})`
  );
}

export interface EvalPrinter {
  onProgress(p: EvalProgress): void;
  /** Clears the live bar before other output. */
  end(): void;
}

/**
 * @param out permanent lines (stdout); `bar` raw writes of the live bar (stderr), undefined = no bar (not a TTY).
 * @param label protocol text appended to every subject's score.
 */
export function createPrinter(
  out: (line: string) => void,
  bar: ((s: string) => void) | undefined,
  label: string,
): EvalPrinter {
  const t0 = performance.now();
  let scoredAtStart: number | undefined;
  let drawn = false;
  const clear = () => {
    if (drawn && bar) bar('\r\x1b[K');
    drawn = false;
  };
  return {
    onProgress(p) {
      if (p.kind === 'subject-done') {
        clear();
        out(
          `${p.subject.padEnd(28)} ${(p.accuracy ?? 0).toFixed(2).padStart(6)}  [${label}]${p.reused ? '  (reused)' : ''}`,
        );
      }
      if (bar === undefined) return;
      if (p.kind === 'subject-start' && scoredAtStart === undefined) scoredAtStart = p.questionsDone;
      const secs = (performance.now() - t0) / 1000;
      const rate = secs > 0 ? (p.questionsDone - (scoredAtStart ?? p.questionsDone)) / secs : 0;
      bar(`\r\x1b[K${formatBar(p, rate)}`);
      drawn = true;
    },
    end: clear,
  };
}

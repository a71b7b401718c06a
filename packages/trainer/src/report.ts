// The training report of a run folder: metrics.jsonl (the contract in metrics.ts) → report.svg (loss + val loss,
// lr and tokens/s against the optimizer step) and report.html (that SVG inline + a summary table), both
// self-contained and written atomically.
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { TrainerError } from './errors.js';
import { METRICS_JSONL, type MetricsRow, type TrainRow, type ValRow } from './metrics.js';
import { escapeXml, type Panel, renderChart } from './report-chart.js';

export const REPORT_SVG = 'report.svg';
export const REPORT_HTML = 'report.html';

// Plain (not strict) objects: keys a newer writer adds are ignored, so an older report still plots its rows.
const TrainRowSchema = z.object({
  kind: z.literal('train'),
  step: z.int().min(1),
  loss: z.number(),
  lr: z.number(),
  grad_norm: z.number(),
  tokens: z.number().min(0),
  tokens_per_s: z.number(),
  mfu: z.number().nullable(),
  step_ms: z.number(),
  elapsed_s: z.number(),
  eta_s: z.number(),
  time: z.string(),
});
const ValRowSchema = z.object({
  kind: z.literal('val'),
  step: z.int().min(0),
  val_loss: z.number(),
  val_ppl: z.number(),
  tokens: z.number().min(0),
  time: z.string(),
});
const RowSchema = z.discriminatedUnion('kind', [TrainRowSchema, ValRowSchema]);

/**
 * Rows of a metrics.jsonl text. A line that is not JSON or not a train/val row is TRAINER_BAD_METRICS naming
 * `file:line` and the offending value; only an unterminated last line (an append torn by a crash) is skipped.
 */
export function parseMetricsJsonl(text: string, file: string): MetricsRow[] {
  const lines = text.split('\n');
  const rows: MetricsRow[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const where = `${file}:${i + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (e) {
      if (i === lines.length - 1) continue; // no newline after it: torn mid-append, the row was never complete
      throw new TrainerError('TRAINER_BAD_METRICS', `${where}: not JSON (${(e as Error).message})`, {
        file,
        line: i + 1,
        found: line.slice(0, 80),
      });
    }
    const r = RowSchema.safeParse(value);
    if (!r.success) {
      const issues = r.error.issues.map((s) => `${s.path.join('.') || '<row>'}: ${s.message}`).join('; ');
      throw new TrainerError(
        'TRAINER_BAD_METRICS',
        `${where}: not a metrics row (${issues}); found ${line.slice(0, 120)}`,
        {
          file,
          line: i + 1,
          expected: 'a {"kind":"train"|"val",…} row (see metrics.ts)',
          found: line.slice(0, 120),
        },
      );
    }
    rows.push(r.data as MetricsRow);
  }
  return rows;
}

export interface ReportSummary {
  steps: number;
  finalLoss: number | null;
  bestValPpl: number | null;
  /** Step of the best validation. */
  bestValStep: number | null;
  totalTokens: number;
  meanTokensPerS: number | null;
  /** Mean MFU over the rows that have one; null when no row has (no run.peak_flops). */
  meanMfu: number | null;
  elapsedS: number | null;
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

/** The summary table's figures; rows in any order (sorted by step here). */
export function summarizeMetrics(rows: readonly MetricsRow[]): ReportSummary {
  const train = rows.filter((r): r is TrainRow => r.kind === 'train').sort((a, b) => a.step - b.step);
  const val = rows.filter((r): r is ValRow => r.kind === 'val');
  const last = train.at(-1);
  let best: ValRow | undefined;
  for (const v of val) if (!best || v.val_ppl < best.val_ppl) best = v;
  return {
    steps: last?.step ?? 0,
    finalLoss: last?.loss ?? null,
    bestValPpl: best?.val_ppl ?? null,
    bestValStep: best?.step ?? null,
    totalTokens: last?.tokens ?? 0,
    meanTokensPerS: mean(train.map((r) => r.tokens_per_s)),
    meanMfu: mean(train.flatMap((r) => (r.mfu === null ? [] : [r.mfu]))),
    elapsedS: last?.elapsed_s ?? null,
  };
}

const fmt = (x: number | null, digits = 4) =>
  x === null ? '—' : Number(x.toPrecision(digits)).toLocaleString('en');

/**
 * The report of `rows` (metrics.jsonl rows): a standalone SVG with three panels (loss and validation loss, lr,
 * tokens/s, each against the optimizer step) and an HTML page embedding it above a summary table.
 * @example const { svg, html } = renderTrainingReport(parseMetricsJsonl(text, 'run/metrics.jsonl'))
 */
export function renderTrainingReport(
  rows: readonly MetricsRow[],
  opts: { title?: string } = {},
): { svg: string; html: string } {
  const train = rows.filter((r): r is TrainRow => r.kind === 'train').sort((a, b) => a.step - b.step);
  const val = rows.filter((r): r is ValRow => r.kind === 'val').sort((a, b) => a.step - b.step);
  const title = opts.title ?? 'Steel training report';
  const panels: Panel[] = [
    {
      title: 'Loss',
      xLabel: 'optimizer step',
      yLabel: 'cross-entropy (nats)',
      series: [
        { label: 'train loss', color: '#1f77b4', points: train.map((r) => [r.step, r.loss]) },
        { label: 'val loss', color: '#ff7f0e', points: val.map((r) => [r.step, r.val_loss]), dots: true },
      ],
    },
    {
      title: 'Learning rate',
      xLabel: 'optimizer step',
      yLabel: 'lr',
      series: [{ label: 'lr', color: '#2ca02c', points: train.map((r) => [r.step, r.lr]) }],
    },
    {
      title: 'Throughput',
      xLabel: 'optimizer step',
      yLabel: 'tokens/s',
      series: [{ label: 'tokens/s', color: '#9467bd', points: train.map((r) => [r.step, r.tokens_per_s]) }],
    },
  ];
  const svg = `${renderChart(panels, title)}\n`;
  const s = summarizeMetrics(rows);
  const table: [string, string][] = [
    ['optimizer steps', fmt(s.steps, 12)],
    ['final train loss', fmt(s.finalLoss)],
    ['best val perplexity', s.bestValPpl === null ? '—' : `${fmt(s.bestValPpl)} (step ${s.bestValStep})`],
    ['total training tokens', fmt(s.totalTokens, 15)],
    ['mean tokens/s', fmt(s.meanTokensPerS)],
    ['mean MFU', s.meanMfu === null ? '— (no run.peak_flops)' : `${(100 * s.meanMfu).toFixed(2)}%`],
    ['training time', s.elapsedS === null ? '—' : `${fmt(s.elapsedS)} s`],
  ];
  const html = [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<title>${escapeXml(title)}</title>`,
    '<style>body{font-family:sans-serif;margin:24px;color:#222}table{border-collapse:collapse;margin-top:16px}' +
      'td,th{border:1px solid #ccc;padding:4px 10px;text-align:left}td.v{text-align:right}</style>',
    '</head>',
    '<body>',
    `<h1>${escapeXml(title)}</h1>`,
    svg.replace(/^<svg /, '<svg role="img" ').trimEnd(),
    '<table>',
    '<tr><th>summary</th><th>value</th></tr>',
    ...table.map(([k, v]) => `<tr><td>${escapeXml(k)}</td><td class="v">${escapeXml(v)}</td></tr>`),
    '</table>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
  return { svg, html };
}

async function writeAtomic(path: string, text: string): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  await writeFile(tmp, text);
  await rename(tmp, path);
}

/**
 * Read `runDir/metrics.jsonl`, write `report.svg` and `report.html` beside it (temp file + rename) and return
 * their paths. A missing metrics file or a malformed line is TRAINER_BAD_METRICS naming the file (and line).
 * @example const { html } = await writeTrainingReport('out/demo/run')
 */
export async function writeTrainingReport(runDir: string): Promise<{ svg: string; html: string }> {
  const file = join(runDir, METRICS_JSONL);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new TrainerError(
      'TRAINER_BAD_METRICS',
      `${file}: cannot read the run's metrics (${(e as Error).message})`,
      { file },
      { cause: e },
    );
  }
  const { svg, html } = renderTrainingReport(parseMetricsJsonl(text, file));
  const paths = { svg: join(runDir, REPORT_SVG), html: join(runDir, REPORT_HTML) };
  await writeAtomic(paths.svg, svg);
  await writeAtomic(paths.html, html);
  return paths;
}

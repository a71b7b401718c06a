// Tests of report.ts / report-chart.ts: well-formed standalone SVG, numbers landing on the expected axes and
// points, empty and one-row inputs, the summary table, and malformed metrics.jsonl lines named by file:line.
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isTrainerError } from './errors.js';
import type { MetricsRow, TrainRow, ValRow } from './metrics.js';
import { parseMetricsJsonl, renderTrainingReport, summarizeMetrics, writeTrainingReport } from './report.js';
import { formatTick, niceAxis, PANEL } from './report-chart.js';

const train = (step: number, loss: number, lr: number, tps: number, mfu: number | null = 0.1): TrainRow => ({
  kind: 'train',
  step,
  loss,
  lr,
  grad_norm: 1,
  tokens: step * 100,
  tokens_per_s: tps,
  mfu,
  step_ms: 10,
  elapsed_s: step * 0.5,
  eta_s: 0,
  time: '2026-01-01T00:00:00.000Z',
});
const val = (step: number, loss: number): ValRow => ({
  kind: 'val',
  step,
  val_loss: loss,
  val_ppl: Math.exp(loss),
  tokens: 64,
  time: '2026-01-01T00:00:00.000Z',
});

/** A minimal XML well-formedness check: every tag closes in order, attributes quoted, entities known. */
function assertWellFormed(xml: string): void {
  const stack: string[] = [];
  const body = xml.replace(/^<!DOCTYPE html>\s*/, '');
  const tag = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|<!--[\s\S]*?-->/g;
  let last = 0;
  for (let m = tag.exec(body); m; m = tag.exec(body)) {
    const text = body.slice(last, m.index);
    expect(text, `stray markup before ${m[0]}`).not.toMatch(/[<>]/);
    expect(text.replace(/&(amp|lt|gt|quot|apos|#\d+);/g, '')).not.toMatch(/&/);
    last = tag.lastIndex;
    if (!m[2]) continue;
    if (m[1]) expect(stack.pop(), `</${m[2]}> closes`).toBe(m[2]);
    else if (!m[4] && m[2] !== 'meta') stack.push(m[2]);
  }
  expect(body.slice(last).trim()).toBe('');
  expect(stack).toEqual([]);
}

const axes = (svg: string): [string, number, number][] =>
  [...svg.matchAll(/data-axis="(x|y)" data-lo="([^"]+)" data-hi="([^"]+)"/g)].map((m) => [
    m[1]!,
    Number(m[2]),
    Number(m[3]),
  ]);
const polyline = (svg: string, series: string) => {
  const m = svg.match(new RegExp(`data-series="${series}"[^>]*points="([^"]*)"`));
  return m ? m[1]!.split(' ').map((p) => p.split(',').map(Number) as [number, number]) : undefined;
};

describe('niceAxis / formatTick', () => {
  it.each([
    [1, 4, false, 1, 4, 1],
    [0, 97, false, 0, 100, 20],
    [1, 10, true, 0, 10, 2],
    [2e-4, 1e-3, false, 2e-4, 1e-3, 2e-4],
    [5, 5, true, 4, 6, 1],
  ])('[%d, %d] integer %s → [%d, %d] step %d', (min, max, integer, lo, hi, step) => {
    const a = niceAxis(min, max, 5, integer);
    expect([a.lo, a.hi]).toEqual([lo, hi]);
    expect(a.step).toBeCloseTo(step, 12);
    expect(a.ticks[0]).toBe(lo);
    expect(a.ticks.at(-1)).toBe(hi);
  });

  it.each([
    [0, 1, '0'],
    [2.5, 0.5, '2.5'],
    [12000, 2000, '12k'],
    [1.5e6, 5e5, '1.5M'],
    [4e-4, 2e-4, '4e-4'],
    [1.1e-3, 1e-4, '1.1e-3'],
  ])('%d (step %d) → %s', (v, step, want) => expect(formatTick(v, step)).toBe(want));
});

describe('renderTrainingReport', () => {
  const rows: MetricsRow[] = [
    val(0, 6),
    train(1, 4, 1e-3, 1000),
    train(2, 3, 2e-3, 1200),
    train(3, 2, 1.5e-3, 1100),
    train(4, 1, 1e-3, 1300, null),
    val(4, 2.5),
  ];

  it('draws one point per row on axes that span the data', () => {
    const { svg } = renderTrainingReport(rows);
    assertWellFormed(svg);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).not.toMatch(/href|<script|@import|url\(/); // self-contained
    const loss = polyline(svg, 'train loss')!;
    expect(loss).toHaveLength(4);
    expect(polyline(svg, 'val loss')).toHaveLength(2);
    expect(polyline(svg, 'lr')).toHaveLength(4);
    expect(polyline(svg, 'tokens/s')).toHaveLength(4);
    // loss panel: x over steps 0..4 (val at step 0), y over losses 1..6
    expect(axes(svg)[0]).toEqual(['x', 0, 4]);
    expect(axes(svg)[1]).toEqual(['y', 1, 6]);
    // step 4 sits on the right edge of the plot area, loss 1 on its bottom edge
    const { left, right, top, bottom, width, height } = PANEL;
    expect(loss[3]).toEqual([width - right, height - bottom]);
    expect(loss[0]![0]).toBeCloseTo(left + (width - left - right) / 4, 1);
    const valPts = polyline(svg, 'val loss')!;
    expect(valPts[0]).toEqual([left, top]); // (0, 6): top-left corner
    for (const label of ['Loss', 'Learning rate', 'Throughput', 'optimizer step', 'tokens/s', 'val loss'])
      expect(svg).toContain(`>${label}<`);
  });

  it('embeds the SVG in an HTML page with the summary table', () => {
    const { html } = renderTrainingReport(rows, { title: 'run <a&b>' });
    assertWellFormed(html);
    expect(html).toContain('<title>run &lt;a&amp;b&gt;</title>');
    expect(html).toContain('<svg role="img" xmlns="http://www.w3.org/2000/svg"');
    expect(html).toMatch(/final train loss<\/td><td class="v">1</);
    expect(html).toMatch(/best val perplexity<\/td><td class="v">12\.18 \(step 4\)/);
    expect(html).toMatch(/total training tokens<\/td><td class="v">400</);
    expect(html).toMatch(/mean tokens\/s<\/td><td class="v">1,150</);
    expect(html).toMatch(/mean MFU<\/td><td class="v">10\.00%/); // the null-MFU row is left out
  });

  it('summarizeMetrics', () => {
    expect(summarizeMetrics(rows)).toMatchObject({
      steps: 4,
      finalLoss: 1,
      bestValStep: 4,
      totalTokens: 400,
    });
    expect(summarizeMetrics([])).toMatchObject({
      steps: 0,
      finalLoss: null,
      meanTokensPerS: null,
      meanMfu: null,
    });
  });

  it.each([
    ['no rows', [] as MetricsRow[], 0],
    ['one row', [train(1, 5, 1e-3, 900)], 1],
  ])('%s: still a well-formed report with readable axes', (_n, rs, points) => {
    const { svg, html } = renderTrainingReport(rs);
    assertWellFormed(svg);
    assertWellFormed(html);
    for (const [, lo, hi] of axes(svg)) {
      expect(Number.isFinite(lo) && Number.isFinite(hi)).toBe(true);
      expect(hi).toBeGreaterThan(lo);
    }
    expect(polyline(svg, 'train loss')?.length ?? 0).toBe(points);
    if (points === 0) expect(svg).toContain('>no data<');
    else expect(svg).toContain('<circle'); // a lone point is dotted
    expect(svg).not.toMatch(/NaN|Infinity/);
  });
});

describe('parseMetricsJsonl / writeTrainingReport', () => {
  const good = `${JSON.stringify(train(1, 3, 1e-3, 100))}\n${JSON.stringify(val(1, 2.9))}\n`;

  it.each([
    ['not JSON', `${good}{"kind":"train",\n${good}`, /m\.jsonl:3: not JSON/],
    [
      'missing field',
      `${good}${JSON.stringify({ ...train(2, 1, 1, 1), loss: undefined })}\n`,
      /m\.jsonl:3: .*loss/,
    ],
    ['unknown kind', `{"kind":"eval","step":1}\n`, /m\.jsonl:1: not a metrics row/],
  ])('%s → TRAINER_BAD_METRICS naming file:line', (_n, text, msg) => {
    try {
      parseMetricsJsonl(text, 'run/m.jsonl');
      expect.unreachable();
    } catch (e) {
      expect(isTrainerError(e, 'TRAINER_BAD_METRICS')).toBe(true);
      expect((e as Error).message).toMatch(msg);
    }
  });

  it('skips only an unterminated last line (an append torn by a crash)', () => {
    expect(parseMetricsJsonl(`${good}{"kind":"tra`, 'm.jsonl')).toHaveLength(2);
  });

  it('writes report.svg and report.html atomically into the run folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'steel-report-'));
    await writeFile(join(dir, 'metrics.jsonl'), good);
    const r = await writeTrainingReport(dir);
    expect(r).toEqual({ svg: join(dir, 'report.svg'), html: join(dir, 'report.html') });
    expect(await readFile(r.svg, 'utf8')).toBe(renderTrainingReport(parseMetricsJsonl(good, 'x')).svg);
    expect((await readdir(dir)).sort()).toEqual(['metrics.jsonl', 'report.html', 'report.svg']); // no temp left
  });

  it('a folder without metrics.jsonl is a clear error', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'steel-report-'));
    await expect(writeTrainingReport(dir)).rejects.toThrow(/metrics\.jsonl: cannot read/);
    expect(existsSync(join(dir, 'report.svg'))).toBe(false);
  });
});

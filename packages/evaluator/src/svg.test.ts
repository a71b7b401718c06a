// Tests of svg.ts (and the report extensions it draws from): one bar per group plus Overall at the headline
// average, protocol in the title, escaped text, nothing external; the per-group CSV and settings in markdown.
import { describe, expect, it } from 'vitest';
import { buildReport, reportGroupsToCsv, reportToMarkdown } from './report.js';
import { reportToSvg } from './svg.js';

const report = buildReport(
  {
    benchmark: 'ceval',
    split: 'val',
    protocol: 'loglik',
    shots: 5,
    model: 'm<1>',
    tokenizer: 'byte',
    date: '2026-01-01',
    settings: { targetDelimiter: ' ', limit: null },
  },
  [
    { id: 'a', nameZh: '甲', nameEn: 'A', category: 'STEM', groups: ['STEM', 'Hard'] },
    { id: 'b', nameZh: '乙', nameEn: 'B', category: 'Humanities', groups: ['Humanities'] },
  ],
  [
    { subject: 'a', id: '0', gold: 'A', predicted: 'A' },
    { subject: 'a', id: '1', gold: 'A', predicted: 'B' },
    { subject: 'b', id: '0', gold: 'C', predicted: null },
  ],
);

describe('reportToSvg', () => {
  const svg = reportToSvg(report, 'C-Eval');
  it('is one self-contained SVG with the protocol in the title', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
    expect(svg).toContain('C-Eval (val) — 33.33 micro, protocol loglik, 5-shot');
    expect(svg).not.toMatch(/<script|href=|@import|url\(/);
    expect(svg).toContain('model m&lt;1&gt;');
  });

  it('draws one bar per group and Overall, widths proportional to the headline average', () => {
    const bars = [...svg.matchAll(/<rect x="190" y="[\d.]+" width="([\d.]+)"/g)].map((m) => Number(m[1]));
    // plot width 820 − 190 − 250 = 380: STEM 50%, Hard 50%, Humanities 0%, Overall micro 33.33%
    expect(bars).toEqual([190, 190, 0, 126.7]);
    expect(svg).toContain('Overall (2)');
    expect(svg).toContain('stroke-dasharray'); // the 25% chance line
  });
});

describe('report extensions', () => {
  it('per-group CSV ends with Overall', () => {
    expect(reportGroupsToCsv(report).trim().split('\n')).toEqual([
      'benchmark,split,protocol,shots,model,group,subjects,questions,correct,macro,micro',
      'ceval,val,loglik,5,m<1>,STEM,1,2,1,50.00,50.00',
      'ceval,val,loglik,5,m<1>,Hard,1,2,1,50.00,50.00',
      'ceval,val,loglik,5,m<1>,Humanities,1,1,0,0.00,0.00',
      'ceval,val,loglik,5,m<1>,Overall,2,3,1,25.00,33.33',
    ]);
  });

  it('markdown lists the settings', () => {
    expect(reportToMarkdown(report)).toContain('- settings: targetDelimiter=" ", limit=null');
  });
});

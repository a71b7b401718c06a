// A self-contained SVG bar chart of a report: one horizontal bar per group (categories, Hard, China specific) and
// one for Overall, at the protocol's headline average, with the chance line at 25%. No scripts, fonts or links.
import { type EvalReport, headlineScore } from './report.js';

const escapeXml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

const fmt = (x: number) => x.toFixed(2);

/**
 * The chart as SVG text. Bars are the headline average (macro or micro, as the protocol reports).
 * @example await writeFile('report.svg', reportToSvg(report));
 */
export function reportToSvg(r: EvalReport, title = r.benchmark): string {
  const rows = [...r.groups, { ...r.overall, group: 'Overall' }];
  const value = (g: { macro: number; micro: number }) => (r.headline === 'macro' ? g.macro : g.micro);
  const W = 820;
  const left = 190;
  const right = 250;
  const top = 74;
  const rowH = 28;
  const plotW = W - left - right;
  const H = top + rows.length * rowH + 40;
  const x = (pct: number) => left + (Math.max(0, Math.min(100, pct)) / 100) * plotW;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="#ffffff"/>`,
    `<text x="16" y="24" font-size="15" font-weight="bold">${escapeXml(
      `${title} (${r.split}) — ${fmt(headlineScore(r))} ${r.headline}, protocol ${r.protocol}, ${r.shots}-shot`,
    )}</text>`,
    `<text x="16" y="44" fill="#555">${escapeXml(`model ${r.model} · tokenizer ${r.tokenizer} · ${r.date}`)}</text>`,
    `<text x="16" y="60" fill="#555">${escapeXml(
      `${r.overall.questions} questions, ${r.overall.subjects} subjects, ${r.overall.unparseable} unparseable; bars = ${r.headline} accuracy (%)`,
    )}</text>`,
  ];
  for (const t of [0, 25, 50, 75, 100]) {
    const tx = x(t);
    const dash = t === 25 ? ' stroke-dasharray="4 3"' : '';
    const color = t === 25 ? '#c0392b' : '#dddddd';
    out.push(
      `<line x1="${tx}" y1="${top - 6}" x2="${tx}" y2="${top + rows.length * rowH}" stroke="${color}"${dash}/>`,
      `<text x="${tx}" y="${top + rows.length * rowH + 16}" text-anchor="middle" fill="#555">${t}</text>`,
    );
  }
  rows.forEach((g, i) => {
    const y = top + i * rowH;
    const v = value(g);
    const fill = g.group === 'Overall' ? '#2c3e50' : '#3b7dd8';
    out.push(
      `<text x="${left - 8}" y="${y + 17}" text-anchor="end">${escapeXml(`${g.group} (${g.subjects})`)}</text>`,
      `<rect x="${left}" y="${y + 5}" width="${(x(v) - left).toFixed(1)}" height="${rowH - 10}" fill="${fill}"/>`,
      `<text x="${left + plotW + 10}" y="${y + 17}">${escapeXml(`${fmt(v)}  (macro ${fmt(g.macro)} / micro ${fmt(g.micro)})`)}</text>`,
    );
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

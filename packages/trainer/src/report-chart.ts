// Line charts as plain SVG markup for the training report: "nice" 1-2-5 axis ticks, one panel per quantity,
// polylines per series, legend; no scripts, fonts or external assets (renders anywhere an SVG does).

export interface Series {
  /** Legend label and the `data-series` attribute of its polyline. */
  label: string;
  color: string;
  points: readonly (readonly [number, number])[];
  /** Also draw a dot per point (sparse series such as validation). */
  dots?: boolean;
}

export interface Panel {
  title: string;
  xLabel: string;
  yLabel: string;
  series: readonly Series[];
}

export interface Axis {
  lo: number;
  hi: number;
  step: number;
  ticks: number[];
}

/** Ticks at multiples of 1, 2 or 5 × 10^k covering [min, max] with about `target` intervals. */
export function niceAxis(min: number, max: number, target = 5, integer = false): Axis {
  if (!(Number.isFinite(min) && Number.isFinite(max))) return niceAxis(0, 1, target, integer);
  if (min > max) [min, max] = [max, min];
  if (min === max) {
    // one value: open a window around it (a single-row run still gets readable axes)
    const pad = integer ? 1 : Math.abs(min) * 0.1 || 1;
    min -= pad;
    max += pad;
    if (integer && min < 0 && max - pad >= 0) min = 0;
  }
  const raw = (max - min) / target;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const f = raw / mag;
  let step = (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
  if (integer) step = Math.max(1, Math.round(step));
  const lo = Math.floor(min / step + 1e-9) * step;
  const hi = Math.ceil(max / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let k = 0; lo + k * step <= hi + step * 1e-9; k++) ticks.push(clean(lo + k * step, step));
  return { lo: clean(lo, step), hi: clean(hi, step), step, ticks };
}

/** Drop float noise (0.30000000000000004 → 0.3) at the tick step's precision. */
function clean(v: number, step: number): number {
  const digits = Math.max(0, -Math.floor(Math.log10(step)) + 2);
  return Number(v.toFixed(Math.min(20, digits)));
}

/** Tick label: 12k / 1.5M for large values, 3e-4 for small ones, else as many decimals as the step needs. */
export function formatTick(v: number, step: number): string {
  const a = Math.abs(v);
  if (v === 0) return '0';
  if (a >= 1e6) return `${trim((v / 1e6).toFixed(decimals(step / 1e6)))}M`;
  if (a >= 1e4) return `${trim((v / 1e3).toFixed(decimals(step / 1e3)))}k`;
  if (a < 1e-2)
    return trim(v.toExponential(Math.max(0, Math.min(3, decimals(step / 10 ** Math.floor(Math.log10(a)))))));
  return trim(v.toFixed(decimals(step)));
}
const decimals = (step: number) => Math.max(0, Math.min(10, -Math.floor(Math.log10(step) + 1e-9)));
const trim = (s: string) => s.replace(/(\.\d*?)0+(e|$)/, '$1$2').replace(/\.(e|$)/, '$1');

/** Escape text for SVG/HTML content and attribute values. */
export function escapeXml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }[c]};`,
  );
}

const num = (x: number) => String(Math.round(x * 100) / 100);

/** Geometry of one panel (px): the plot area inside the axes. */
export const PANEL = { width: 880, height: 250, left: 84, right: 180, top: 34, bottom: 46 } as const;

/**
 * One panel as an SVG `<g>` translated to `y0`: frame, gridlines, ticks, axis labels, polylines, legend.
 * Axes are `data-axis="x|y"` groups with `data-lo`/`data-hi` (what tests and tools read back).
 */
export function renderPanel(panel: Panel, y0: number): string {
  const { width, height, left, right, top, bottom } = PANEL;
  const pw = width - left - right;
  const ph = height - top - bottom;
  const all = panel.series.flatMap((s) => s.points);
  const xs = all.map((p) => p[0]);
  const ys = all.map((p) => p[1]);
  const ax = niceAxis(
    Math.min(...xs, Number.POSITIVE_INFINITY),
    Math.max(...xs, Number.NEGATIVE_INFINITY),
    6,
    true,
  );
  const ay = niceAxis(
    Math.min(...ys, Number.POSITIVE_INFINITY),
    Math.max(...ys, Number.NEGATIVE_INFINITY),
    5,
  );
  const sx = (x: number) => left + ((x - ax.lo) / (ax.hi - ax.lo)) * pw;
  const sy = (y: number) => top + ph - ((y - ay.lo) / (ay.hi - ay.lo)) * ph;
  const out: string[] = [`<g transform="translate(0,${y0})" data-panel="${escapeXml(panel.title)}">`];
  out.push(
    `<text x="${left}" y="${top - 12}" font-size="15" font-weight="bold">${escapeXml(panel.title)}</text>`,
    `<rect x="${left}" y="${top}" width="${pw}" height="${ph}" fill="none" stroke="#444"/>`,
  );
  out.push(`<g data-axis="x" data-lo="${ax.lo}" data-hi="${ax.hi}" font-size="11" text-anchor="middle">`);
  for (const t of ax.ticks) {
    const x = num(sx(t));
    out.push(
      `<line x1="${x}" y1="${top}" x2="${x}" y2="${top + ph}" stroke="#e4e4e4"/>`,
      `<line x1="${x}" y1="${top + ph}" x2="${x}" y2="${top + ph + 5}" stroke="#444"/>`,
      `<text x="${x}" y="${top + ph + 18}">${escapeXml(formatTick(t, ax.step))}</text>`,
    );
  }
  out.push(
    `<text x="${left + pw / 2}" y="${height - 6}" font-size="12">${escapeXml(panel.xLabel)}</text>`,
    '</g>',
  );
  out.push(`<g data-axis="y" data-lo="${ay.lo}" data-hi="${ay.hi}" font-size="11" text-anchor="end">`);
  for (const t of ay.ticks) {
    const y = num(sy(t));
    out.push(
      `<line x1="${left}" y1="${y}" x2="${left + pw}" y2="${y}" stroke="#e4e4e4"/>`,
      `<line x1="${left - 5}" y1="${y}" x2="${left}" y2="${y}" stroke="#444"/>`,
      `<text x="${left - 8}" y="${num(sy(t) + 4)}">${escapeXml(formatTick(t, ay.step))}</text>`,
    );
  }
  const cy = top + ph / 2;
  out.push(
    `<text x="16" y="${cy}" font-size="12" text-anchor="middle" transform="rotate(-90 16 ${cy})">${escapeXml(panel.yLabel)}</text>`,
    '</g>',
  );
  if (all.length === 0)
    out.push(
      `<text x="${left + pw / 2}" y="${cy}" font-size="13" fill="#888" text-anchor="middle">no data</text>`,
    );
  for (const s of panel.series) {
    if (s.points.length === 0) continue;
    const pts = s.points.map(([x, y]) => `${num(sx(x))},${num(sy(y))}`).join(' ');
    out.push(
      `<polyline data-series="${escapeXml(s.label)}" fill="none" stroke="${s.color}" stroke-width="1.6" points="${pts}"/>`,
    );
    // a lone point draws no line: always dot it
    if (s.dots || s.points.length === 1)
      for (const [x, y] of s.points)
        out.push(`<circle cx="${num(sx(x))}" cy="${num(sy(y))}" r="2.8" fill="${s.color}"/>`);
  }
  out.push(`<g data-legend="" font-size="12">`);
  panel.series.forEach((s, i) => {
    const ly = top + 10 + i * 18;
    const lx = left + pw + 14;
    out.push(
      `<line x1="${lx}" y1="${ly}" x2="${lx + 22}" y2="${ly}" stroke="${s.color}" stroke-width="2.5"/>`,
      `<text x="${lx + 28}" y="${ly + 4}">${escapeXml(s.label)}</text>`,
    );
  });
  out.push('</g>', '</g>');
  return out.join('\n');
}

/** Panels stacked vertically in one standalone SVG document. */
export function renderChart(panels: readonly Panel[], title: string): string {
  const h = PANEL.height * panels.length + 30;
  const body = panels.map((p, i) => renderPanel(p, 30 + i * PANEL.height)).join('\n');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${PANEL.width}" height="${h}" viewBox="0 0 ${PANEL.width} ${h}" font-family="sans-serif">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="${PANEL.width / 2}" y="20" font-size="16" text-anchor="middle">${escapeXml(title)}</text>`,
    body,
    '</svg>',
  ].join('\n');
}

import { html } from "./html-escape.ts";

export interface Series {
  name: string;
  color: string;
  values: number[];
}

export interface BarChart {
  id: string;
  title: string;
  categories: string[];
  series: Series[];
  xLabel: string;
  yLabel: string;
  /** Stack the series in one bar per category (else side by side). */
  stacked?: boolean;
}

const W = 720;
const H = 300;
const M = { top: 36, right: 16, bottom: 64, left: 56 };

/**
 * A round axis maximum and its tick step, so the grid reads 0, 2, 4 … rather than 0, 1.7, 3.4; the
 * charts count releases, so a step is never below one.
 */
function axis(max: number): { top: number; step: number } {
  if (max <= 0) return { top: 1, step: 1 };
  const raw = Math.max(1, max / 5);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
  return { top: Math.ceil(max / step) * step, step };
}

/** A bar chart as plain SVG: axes with labels and ticks, a legend, one <rect> per non-empty value. */
export function barChart(c: BarChart): string {
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const totals = c.categories.map((_, i) => (c.stacked ? c.series.reduce((n, s) => n + (s.values[i] ?? 0), 0) : Math.max(0, ...c.series.map((s) => s.values[i] ?? 0))));
  const { top, step } = axis(Math.max(0, ...totals));
  const y = (v: number): number => M.top + plotH - (v / top) * plotH;
  const band = plotW / Math.max(1, c.categories.length);
  const parts: string[] = [];
  for (let v = 0; v <= top + step / 2; v += step) {
    const t = Math.round(v * 1000) / 1000;
    parts.push(`<line class="grid" x1="${M.left}" x2="${W - M.right}" y1="${y(t)}" y2="${y(t)}"/><text class="tick" x="${M.left - 6}" y="${y(t) + 4}" text-anchor="end">${t}</text>`);
  }
  // About seven labels fit under a 720-wide plot without overlapping.
  const every = Math.ceil(c.categories.length / 7);
  c.categories.forEach((cat, i) => {
    const x0 = M.left + i * band;
    let base = 0;
    c.series.forEach((s, k) => {
      const v = s.values[i] ?? 0;
      if (v <= 0) return;
      const width = c.stacked ? band * 0.7 : (band * 0.8) / c.series.length;
      const x = c.stacked ? x0 + band * 0.15 : x0 + band * 0.1 + k * width;
      const from = c.stacked ? base : 0;
      parts.push(`<rect class="bar" x="${x.toFixed(1)}" y="${y(from + v).toFixed(1)}" width="${width.toFixed(1)}" height="${(y(from) - y(from + v)).toFixed(1)}" fill="${s.color}"><title>${html(`${cat}: ${s.name} ${v}`)}</title></rect>`);
      if (c.stacked) base += v;
    });
    if (i % every === 0) parts.push(`<text class="tick" x="${(x0 + band / 2).toFixed(1)}" y="${H - M.bottom + 16}" text-anchor="middle">${html(cat)}</text>`);
  });
  const legend = c.series.map((s, k) => `<rect x="${M.left + k * 120}" y="10" width="12" height="12" fill="${s.color}"/><text class="legend" x="${M.left + k * 120 + 16}" y="20">${html(s.name)}</text>`).join("");
  return [
    `<svg id="${c.id}" class="chart" role="img" aria-label="${html(c.title)}" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" xmlns="http://www.w3.org/2000/svg">`,
    `<title>${html(c.title)}</title>`,
    legend,
    ...parts,
    `<line class="axis" x1="${M.left}" x2="${M.left}" y1="${M.top}" y2="${M.top + plotH}"/><line class="axis" x1="${M.left}" x2="${W - M.right}" y1="${M.top + plotH}" y2="${M.top + plotH}"/>`,
    `<text class="axis-label x-label" x="${M.left + plotW / 2}" y="${H - 14}" text-anchor="middle">${html(c.xLabel)}</text>`,
    `<text class="axis-label y-label" transform="translate(16 ${M.top + plotH / 2}) rotate(-90)" text-anchor="middle">${html(c.yLabel)}</text>`,
    "</svg>",
  ].join("");
}

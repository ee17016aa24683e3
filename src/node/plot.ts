/** One line of `convergenceSvg`: a label and its values per iteration. */
export interface PlotSeries {
  /** Panel title, e.g. the solver and its options. */
  label: string;
  /** Objective after each iteration. */
  values: number[];
}

const PANEL = { width: 340, height: 240, left: 64, right: 14, top: 30, bottom: 40 };

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const fmt = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(1));

/** One panel: objective (log scale, decades ticked) against iteration. */
function panel(s: PlotSeries, x0: number): string {
  const { width, height, left, right, top, bottom } = PANEL;
  const w = width - left - right;
  const h = height - top - bottom;
  const positive = s.values.filter((v) => v > 0 && Number.isFinite(v));
  const out = [`<g transform="translate(${x0},0)">`, `<text x="${left + w / 2}" y="18" text-anchor="middle" font-weight="bold">${esc(s.label)}</text>`];
  out.push(`<rect x="${left}" y="${top}" width="${w}" height="${h}" fill="none" stroke="#888"/>`);
  if (positive.length === 0) return [...out, `<text x="${left + w / 2}" y="${top + h / 2}" text-anchor="middle">no data</text></g>`].join('');
  let lo = Math.floor(Math.log10(positive.reduce((a, v) => Math.min(a, v))));
  let hi = Math.ceil(Math.log10(positive.reduce((a, v) => Math.max(a, v))));
  if (hi === lo) { lo -= 1; hi += 1; }
  const n = s.values.length;
  const px = (i: number) => left + (n === 1 ? w / 2 : (i / (n - 1)) * w);
  const py = (v: number) => top + h - ((Math.log10(Math.max(v, 10 ** lo)) - lo) / (hi - lo)) * h;
  const step = Math.ceil((hi - lo) / 6);
  for (let d = lo; d <= hi; d += step) {
    const y = py(10 ** d);
    out.push(`<line x1="${left}" x2="${left + w}" y1="${y}" y2="${y}" stroke="#ddd"/>`, `<text x="${left - 6}" y="${y + 4}" text-anchor="end">1e${d}</text>`);
  }
  for (const i of [0, Math.floor((n - 1) / 2), n - 1]) {
    out.push(`<text x="${px(i)}" y="${top + h + 16}" text-anchor="middle">${fmt(i + 1)}</text>`);
  }
  out.push(`<text x="${left + w / 2}" y="${height - 6}" text-anchor="middle">iteration</text>`);
  out.push(`<text transform="translate(14,${top + h / 2}) rotate(-90)" text-anchor="middle">objective</text>`);
  const points = s.values.map((v, i) => `${px(i).toFixed(1)},${py(v).toFixed(1)}`).join(' ');
  out.push(`<polyline points="${points}" fill="none" stroke="#2c728e" stroke-width="2"/>`);
  if (n === 1) out.push(`<circle cx="${px(0)}" cy="${py(s.values[0]!)}" r="3" fill="#2c728e"/>`);
  return [...out, '</g>'].join('');
}

/** An SVG of convergence curves, one panel per series side by side (each on its own scale). */
export function convergenceSvg(series: PlotSeries[]): string {
  const width = PANEL.width * Math.max(1, series.length);
  const body = series.map((s, i) => panel(s, i * PANEL.width)).join('\n');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${PANEL.height}" viewBox="0 0 ${width} ${PANEL.height}" font-family="sans-serif" font-size="11">\n<rect width="100%" height="100%" fill="white"/>\n${body}\n</svg>\n`;
}

// Canvas drawing: gray and colour images, kernel heatmaps, and the log-scale objective plot.
import { toCanvas, type Matrix } from 'convgrad';

/** Draws m (values in [0, 1], clipped) as a gray image at its own resolution. */
export function drawGray(canvas: HTMLCanvasElement, m: Matrix): void {
  toCanvas(m, { canvas });
}

/** Draws [r, g, b] (values in [0, 1], clipped) as a colour image at its own resolution. */
export function drawRgb(canvas: HTMLCanvasElement, channels: readonly Matrix[]): void {
  toCanvas(channels, { canvas, range: [0, 1] });
}

export function clearCanvas(canvas: HTMLCanvasElement): void {
  canvas.getContext('2d')!.clearRect(0, 0, canvas.width, canvas.height);
}

// Viridis, sampled at 9 stops (matplotlib's values), linearly interpolated.
const VIRIDIS = [
  [68, 1, 84], [71, 44, 122], [59, 81, 139], [44, 113, 142], [33, 144, 141],
  [39, 173, 129], [92, 200, 99], [170, 220, 50], [253, 231, 37],
] as const;

export function viridis(t: number): [number, number, number] {
  const s = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(s));
  const f = s - i;
  const a = VIRIDIS[i]!;
  const b = VIRIDIS[i + 1]!;
  return [a[0] + f * (b[0] - a[0]), a[1] + f * (b[1] - a[1]), a[2] + f * (b[2] - a[2])];
}

const HEATMAP_PX = 240;

/**
 * A kernel as a heatmap: each entry a block of pixels, coloured on [lo, hi] (viridis), drawn at
 * HEATMAP_PX device-independent pixels whatever the kernel size.
 */
export function drawHeatmap(canvas: HTMLCanvasElement, k: Matrix, lo: number, hi: number): void {
  const dpr = Math.max(1, Math.round(window.devicePixelRatio || 1));
  const side = HEATMAP_PX * dpr;
  canvas.width = side;
  canvas.height = side;
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = '#f4f5f7';
  ctx.fillRect(0, 0, side, side);
  const cell = side / Math.max(k.rows, k.cols);
  const x0 = (side - cell * k.cols) / 2;
  const y0 = (side - cell * k.rows) / 2;
  const span = hi > lo ? hi - lo : 1;
  for (let a = 0; a < k.rows; a++) {
    for (let b = 0; b < k.cols; b++) {
      const [r, g, bl] = viridis((k.data[a * k.cols + b]! - lo) / span);
      ctx.fillStyle = `rgb(${r | 0},${g | 0},${bl | 0})`;
      // Snap to whole pixels so neighbouring cells leave no seams.
      const xa = Math.round(x0 + b * cell);
      const ya = Math.round(y0 + a * cell);
      ctx.fillRect(xa, ya, Math.round(x0 + (b + 1) * cell) - xa, Math.round(y0 + (a + 1) * cell) - ya);
    }
  }
}

/** A horizontal colour bar for [lo, hi]. */
export function drawColorbar(canvas: HTMLCanvasElement): void {
  const w = 256;
  canvas.width = w;
  canvas.height = 1;
  const ctx = canvas.getContext('2d')!;
  for (let i = 0; i < w; i++) {
    const [r, g, b] = viridis(i / (w - 1));
    ctx.fillStyle = `rgb(${r | 0},${g | 0},${b | 0})`;
    ctx.fillRect(i, 0, 1, 1);
  }
}

export interface Series {
  label: string;
  values: number[];
  color: string;
}

function niceStep(range: number, target: number): number {
  const raw = range / target;
  const p = 10 ** Math.floor(Math.log10(raw));
  const m = raw / p;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}

function formatPower(e: number): string {
  return e === 0 ? '1' : e === 1 ? '10' : `1e${e}`;
}

/**
 * The objective per iteration on a log10 axis (decade grid lines), iterations 1… on x. Values ≤ 0
 * (an exact fit) are drawn at the bottom of the axis. A one-iteration solve is a single marker.
 */
export function drawObjectivePlot(canvas: HTMLCanvasElement, series: Series[], title: string): void {
  const dpr = Math.max(1, Math.round(window.devicePixelRatio || 1));
  const cssW = canvas.clientWidth || 520;
  const cssH = canvas.clientHeight || 260;
  canvas.width = Math.round(cssW * dpr);
  canvas.height = Math.round(cssH * dpr);
  const ctx = canvas.getContext('2d')!;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, cssW, cssH);
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, cssW, cssH);
  ctx.font = '12px system-ui, sans-serif';
  ctx.fillStyle = '#333';
  ctx.textBaseline = 'top';
  ctx.fillText(title, 8, 6);

  const left = 62;
  const right = cssW - 12;
  const top = 28;
  const bottom = cssH - 34;
  const all = series.flatMap((s) => s.values).filter((v) => v > 0 && Number.isFinite(v));
  ctx.strokeStyle = '#888';
  ctx.strokeRect(left, top, right - left, bottom - top);
  if (all.length === 0) {
    ctx.fillStyle = '#777';
    ctx.textAlign = 'center';
    ctx.fillText('no iterations yet', (left + right) / 2, (top + bottom) / 2);
    ctx.textAlign = 'left';
    return;
  }
  let lo = Math.floor(Math.log10(Math.min(...all)));
  let hi = Math.ceil(Math.log10(Math.max(...all)));
  if (hi === lo) {
    lo -= 1;
    hi += 1;
  }
  const n = Math.max(1, ...series.map((s) => s.values.length));
  // One iteration (a direct solve) sits in the middle of the axis.
  const X = (i: number) => (n === 1 ? (left + right) / 2 : left + ((i - 1) / (n - 1)) * (right - left));
  const Y = (v: number) => {
    const l = v > 0 && Number.isFinite(v) ? Math.log10(v) : lo;
    return bottom - ((l - lo) / (hi - lo)) * (bottom - top);
  };

  // Decade grid and labels.
  const every = Math.max(1, Math.ceil((hi - lo) / 8));
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (let e = lo; e <= hi; e++) {
    const y = Y(10 ** e);
    ctx.strokeStyle = '#e3e5e8';
    ctx.beginPath();
    ctx.moveTo(left, y);
    ctx.lineTo(right, y);
    ctx.stroke();
    if ((e - lo) % every === 0) {
      ctx.fillStyle = '#555';
      ctx.fillText(formatPower(e), left - 6, y);
    }
  }
  // Iteration ticks.
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  const step = n === 1 ? 1 : Math.max(1, niceStep(n - 1, 6));
  for (let i = 1; i <= n; i += i === 1 && step > 1 ? step - 1 : step) {
    const x = X(i);
    ctx.strokeStyle = '#888';
    ctx.beginPath();
    ctx.moveTo(x, bottom);
    ctx.lineTo(x, bottom + 4);
    ctx.stroke();
    ctx.fillStyle = '#555';
    ctx.fillText(String(i), x, bottom + 6);
  }
  ctx.fillText('iteration', (left + right) / 2, bottom + 19);
  ctx.save();
  ctx.translate(6, (top + bottom) / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.fillText('objective (log scale)', 0, 0);
  ctx.restore();

  // Series.
  ctx.save();
  ctx.beginPath();
  ctx.rect(left, top, right - left, bottom - top);
  ctx.clip();
  for (const s of series) {
    if (s.values.length === 0) continue;
    ctx.strokeStyle = s.color;
    ctx.fillStyle = s.color;
    ctx.lineWidth = 2;
    if (s.values.length === 1) {
      ctx.beginPath();
      ctx.arc(X(1), Y(s.values[0]!), 4.5, 0, 2 * Math.PI);
      ctx.fill();
      continue;
    }
    ctx.beginPath();
    s.values.forEach((v, i) => (i === 0 ? ctx.moveTo(X(i + 1), Y(v)) : ctx.lineTo(X(i + 1), Y(v))));
    ctx.stroke();
  }
  ctx.restore();

  // Legend.
  ctx.textAlign = 'right';
  ctx.textBaseline = 'top';
  let ly = top + 6;
  for (const s of series) {
    ctx.fillStyle = s.color;
    ctx.fillRect(right - 14, ly + 3, 10, 3);
    ctx.fillStyle = '#333';
    ctx.fillText(s.label, right - 20, ly);
    ly += 16;
  }
  ctx.textAlign = 'left';
}

import { ArgumentError } from '../errors.js';
import type { Matrix } from '../types.js';
import { checkOptions } from '../validate.js';
import { drawText, textSize } from './bitmap-text.js';
import { encodeImage, type Image } from './image-io.js';

// Viridis (matplotlib) at 9 evenly spaced stops: perceptually uniform and readable in gray.
const VIRIDIS = [
  [0x44, 0x01, 0x54], [0x47, 0x2d, 0x7b], [0x3b, 0x52, 0x8b], [0x2c, 0x72, 0x8e], [0x21, 0x91, 0x8c],
  [0x28, 0xae, 0x80], [0x5e, 0xc9, 0x62], [0xad, 0xdc, 0x30], [0xfd, 0xe7, 0x25],
] as const;

function viridis(t: number): [number, number, number] {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x));
  const f = x - i;
  const a = VIRIDIS[i]!;
  const b = VIRIDIS[i + 1]!;
  return [0, 1, 2].map((c) => (a[c]! + f * (b[c]! - a[c]!)) / 255) as [number, number, number];
}

/** Options of `kernelHeatmap` / `kernelHeatmapPng`. */
export interface HeatmapOptions {
  /** Pixels per kernel tap; default so the widest kernel is about 256 px wide. */
  scale?: number;
  /** Value range mapped to the colour scale; default [min(0, smallest tap), largest tap] over all kernels. */
  range?: [number, number];
  /**
   * One caption per kernel (e.g. 'true kernel', 'estimate'): drawn above it with the kernel's size,
   * and a colour bar with the values at its ends and middle is drawn at the right. Printable ASCII
   * (× ≥ ≤ − Σ are spelled out; other characters print as '?'). Default: the bare heatmaps.
   */
  labels?: string[];
}

const HEATMAP_OPTIONS = ['scale', 'range', 'labels'] as const;

/** A colour bar's tick value, short: 3 significant digits, exponent form when tiny or huge. */
function tick(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1e-3 && a < 1e4 ? String(Number(v.toPrecision(3))) : v.toExponential(2);
}

/**
 * Kernels drawn side by side as enlarged heatmaps on one shared colour scale (viridis), separated
 * by a white gap, so estimates can be compared with the truth at a glance. With `labels`, each is
 * captioned with its label and size, and a colour bar shows the value range.
 *
 * @param kernels the kernels (at least one), any sizes.
 * @param options `scale` (pixels per tap), `range` (values at the colour scale's ends), `labels`.
 * @returns an 8-bit RGB image (planes in [0, 1]).
 * @throws ArgumentError for no kernels, unknown options, or labels not one string per kernel.
 * @example
 * ```js fragment
 * const img = kernelHeatmap([trueKernel, estimate], { labels: ['true kernel', 'estimate'] });
 * ```
 */
export function kernelHeatmap(kernels: Matrix[], options: HeatmapOptions = {}): Image {
  checkOptions('options', options, HEATMAP_OPTIONS, 'kernelHeatmap');
  if (kernels.length === 0) throw new ArgumentError('kernelHeatmap needs at least one kernel');
  const { labels } = options;
  if (labels !== undefined && (!Array.isArray(labels) || labels.length !== kernels.length || labels.some((l) => typeof l !== 'string'))) {
    throw new ArgumentError(`options.labels must be one string per kernel (${kernels.length}), got ${Array.isArray(labels) ? `${labels.length} entries` : typeof labels}`);
  }
  const widest = Math.max(...kernels.map((k) => Math.max(k.rows, k.cols)));
  const scale = options.scale ?? Math.max(1, Math.round(256 / widest));
  let lo = 0;
  let hi = -Infinity;
  for (const k of kernels) for (const v of k.data) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  const [rlo, rhi] = options.range ?? [lo, hi];
  const span = rhi - rlo || 1;
  if (labels !== undefined) return labelledHeatmap(kernels, labels, scale, rlo, rhi);
  const gap = scale;
  const height = Math.max(...kernels.map((k) => k.rows)) * scale;
  const width = kernels.reduce((w, k) => w + k.cols * scale, 0) + gap * (kernels.length - 1);
  const planes = [0, 1, 2].map(() => new Float64Array(width * height).fill(1));
  let x0 = 0;
  for (const k of kernels) {
    for (let y = 0; y < k.rows * scale; y++) {
      for (let x = 0; x < k.cols * scale; x++) {
        const rgb = viridis((k.data[Math.floor(y / scale) * k.cols + Math.floor(x / scale)]! - rlo) / span);
        for (let c = 0; c < 3; c++) planes[c]![y * width + x0 + x] = rgb[c]!;
      }
    }
    x0 += k.cols * scale + gap;
  }
  return { width, height, bitDepth: 8, channels: planes.map((data) => ({ data, rows: height, cols: width })) };
}

// The labelled layout, in image pixels: text at 2 px per font pixel, margins and gaps.
const TEXT = 2;
const PAD = 10;
const COLUMN_GAP = 18;
const BAR_WIDTH = 16;
const INK = [0.1, 0.1, 0.1];

/** Captions above each kernel (label, then size), panels top-aligned, a colour bar at the right. */
function labelledHeatmap(kernels: Matrix[], labels: string[], scale: number, rlo: number, rhi: number): Image {
  const line = textSize('', TEXT).height;
  const sizes = kernels.map((k) => `${k.rows}x${k.cols}`);
  const columns = kernels.map((k, i) => Math.max(k.cols * scale, textSize(labels[i]!, TEXT).width, textSize(sizes[i]!, TEXT).width));
  const ticks = [rhi, (rlo + rhi) / 2, rlo].map(tick);
  const tickWidth = Math.max(...ticks.map((t) => textSize(t, TEXT).width));
  const panelTop = PAD + 2 * line + 2 * TEXT + PAD;
  const panelHeight = Math.max(...kernels.map((k) => k.rows)) * scale;
  const barLeft = PAD + columns.reduce((w, c) => w + c + COLUMN_GAP, 0);
  const width = barLeft + BAR_WIDTH + 2 * TEXT + 2 * TEXT + tickWidth + PAD;
  const height = panelTop + Math.max(panelHeight, 3 * line) + PAD;
  const planes = [0, 1, 2].map(() => new Float64Array(width * height).fill(1));
  const put = (x: number, y: number, rgb: readonly number[]) => planes.forEach((p, c) => { p[y * width + x] = rgb[c]!; });
  const centred = (text: string, left: number, column: number, y: number) =>
    drawText(planes, width, left + Math.floor((column - textSize(text, TEXT).width) / 2), y, text, TEXT, INK);

  let left = PAD;
  kernels.forEach((k, i) => {
    centred(labels[i]!, left, columns[i]!, PAD);
    centred(sizes[i]!, left, columns[i]!, PAD + line + 2 * TEXT);
    const x0 = left + Math.floor((columns[i]! - k.cols * scale) / 2);
    for (let y = 0; y < k.rows * scale; y++) {
      for (let x = 0; x < k.cols * scale; x++) {
        put(x0 + x, panelTop + y, viridis((k.data[Math.floor(y / scale) * k.cols + Math.floor(x / scale)]! - rlo) / (rhi - rlo || 1)));
      }
    }
    left += columns[i]! + COLUMN_GAP;
  });

  // The colour bar: the top row is rhi, the bottom row rlo; ticks at both ends and the middle.
  const barHeight = Math.max(panelHeight, 3 * line);
  for (let y = 0; y < barHeight; y++) {
    const rgb = viridis(1 - y / Math.max(1, barHeight - 1));
    for (let x = 0; x < BAR_WIDTH; x++) put(barLeft + x, panelTop + y, rgb);
  }
  const tickRows = [panelTop, panelTop + Math.floor((barHeight - TEXT) / 2), panelTop + barHeight - TEXT];
  const textRows = [panelTop, panelTop + Math.floor((barHeight - line) / 2), panelTop + barHeight - line];
  ticks.forEach((t, i) => {
    for (let y = 0; y < TEXT; y++) for (let x = 0; x < 2 * TEXT; x++) put(barLeft + BAR_WIDTH + x, tickRows[i]! + y, INK);
    drawText(planes, width, barLeft + BAR_WIDTH + 4 * TEXT, textRows[i]!, t, TEXT, INK);
  });
  return { width, height, bitDepth: 8, channels: planes.map((data) => ({ data, rows: height, cols: width })) };
}

/**
 * `kernelHeatmap` encoded as an 8-bit RGB PNG.
 *
 * @param kernels one kernel or several (drawn side by side).
 * @param options as kernelHeatmap: `scale`, `range`, `labels`.
 * @returns the PNG file's bytes.
 * @throws ArgumentError as kernelHeatmap.
 * @example
 * ```js fragment
 * await writeFile('kernel.png', kernelHeatmapPng(estimate, { labels: ['estimated kernel'] }));
 * ```
 */
export function kernelHeatmapPng(kernels: Matrix | Matrix[], options: HeatmapOptions = {}): Uint8Array {
  return encodeImage(kernelHeatmap(Array.isArray(kernels) ? kernels : [kernels], options), 'png');
}

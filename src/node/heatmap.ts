import { ArgumentError } from '../errors.js';
import type { Matrix } from '../types.js';
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
}

/**
 * Kernels drawn side by side as enlarged heatmaps on one shared colour scale (viridis), separated
 * by a white gap, so estimates can be compared with the truth at a glance.
 */
export function kernelHeatmap(kernels: Matrix[], options: HeatmapOptions = {}): Image {
  if (kernels.length === 0) throw new ArgumentError('kernelHeatmap needs at least one kernel');
  const widest = Math.max(...kernels.map((k) => Math.max(k.rows, k.cols)));
  const scale = options.scale ?? Math.max(1, Math.round(256 / widest));
  let lo = 0;
  let hi = -Infinity;
  for (const k of kernels) for (const v of k.data) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  const [rlo, rhi] = options.range ?? [lo, hi];
  const span = rhi - rlo || 1;
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

/** `kernelHeatmap` encoded as an 8-bit RGB PNG. */
export function kernelHeatmapPng(kernels: Matrix | Matrix[], options: HeatmapOptions = {}): Uint8Array {
  return encodeImage(kernelHeatmap(Array.isArray(kernels) ? kernels : [kernels], options), 'png');
}

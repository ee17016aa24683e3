// "Deblur in colour": the photo's R, G and B channels blurred and deblurred one channel per
// worker through convgrad/pool — in a browser bundle that import is the Web Worker pool, the same
// API as on Node's worker_threads. Each channel is its own job; Promise.all keeps them in order.
import type { DeconvolveOptions, IterationInfo, Matrix } from 'convgrad';
import { createPool, type Pool } from 'convgrad/pool';
import { addGaussianNoise, crop, padReplicate, validOffsetInSame } from './geometry';

let pool: Promise<Pool> | null = null;

/** The page's pool, started on first use: one worker per channel, at most the cores there are. */
export function colourPool(): Promise<Pool> {
  pool ??= createPool({ workers: Math.max(1, Math.min(3, navigator.hardwareConcurrency || 2)) });
  pool.catch(() => { pool = null; }); // a failed start is reported, and the next click tries again
  return pool;
}

export interface ColourRequest {
  /** The sharp photo's channels [r, g, b], in [0, 1]. */
  rgb: Matrix[];
  /** The blur to simulate. */
  blurKernel: Matrix;
  /** The kernel to deblur with (the true or the estimated one). */
  deblurKernel: Matrix;
  noise: number;
  options: Pick<DeconvolveOptions, 'method' | 'nonNegative' | 'tikhonov' | 'tv' | 'maxIterations'>;
  signal: AbortSignal;
  /** Called with each channel's latest iteration (0 = red). */
  onIteration(channel: number, info: IterationInfo): void;
}

export interface ColourResult {
  blurred: Matrix<Float64Array>[];
  deblurred: Matrix<Float64Array>[];
  workers: number;
  iterations: number[];
  /** The three solves' own times added up (each result.elapsed). */
  solverMs: number;
  method: string;
}

/** Blurs each channel (edges replicated, seeded noise, clipped to [0, 1]) and deblurs it, all on the pool. */
export async function deblurColour(req: ColourRequest): Promise<ColourResult> {
  const p = await colourPool();
  const { blurKernel: h, deblurKernel: k, signal } = req;
  const blurred = await Promise.all(req.rgb.map(async (c, i) => {
    // What a camera records: the scene beyond the frame continues the edge pixels.
    // The padded copy and this job's own copy of h move to the worker (h itself must stay: the
    // other channels' jobs still need it).
    const y = await p.conv2d(padReplicate(c, h.rows, h.cols), { ...h, data: h.data.slice() }, 'valid', { signal, transfer: true });
    const data = Float64Array.from(y.data);
    addGaussianNoise(data, req.noise, 1000 + i);
    for (let j = 0; j < data.length; j++) data[j] = Math.min(1, Math.max(0, data[j]!));
    return { data, rows: y.rows, cols: y.cols };
  }));
  const solved = await Promise.all(blurred.map((y, i) => p.deconvolve(k, y, {
    ...req.options, mode: 'valid', signal, onIteration: (info) => req.onIteration(i, info),
  })));
  // 'valid': each solution reaches k−1 pixels past the frame; keep the part inside it.
  const deblurred = solved.map((r, i) => crop(r.image, validOffsetInSame(k.rows), validOffsetInSame(k.cols), blurred[i]!.rows, blurred[i]!.cols));
  return { blurred, deblurred, workers: p.size, iterations: solved.map((r) => r.iterations), solverMs: solved.reduce((t, r) => t + r.elapsed, 0), method: solved[0]!.method };
}

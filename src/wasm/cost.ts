import type { Operation } from '../backend.js';
import { nextFastEvenSize, nextFastSize } from './fft.js';
import { forwardSize } from './fft-conv.js';
import { usesDotProducts } from './module.js';

/*
 * The cost model behind method 'auto': predicted nanoseconds of the direct kernels and of the FFT
 * path for one call, each a sum of counts of what the code does times a rate per count. The
 * counts follow the kernels' structure, so the model holds off the grid it was fitted on:
 *
 *  direct   corrValidRows works in tiles of 2 rows × 4 vectors (16 f32 / 8 f64 columns), then
 *           single vectors, then scalar columns, each with its own rate per multiply-add, plus a
 *           cost per tile and kernel row; corrValidDots (small outputs, large "kernels": ∇ₕ)
 *           works on groups of 4 outputs with vectors along kernel rows, scalar row tails and
 *           single outputs. Copies and canvases cost per element, more once the image is past L2.
 *  fft      row transforms (half-length complex FFTs: m + k + R rows for a forward) and column
 *           passes (3 for a forward) at a rate per element·log₂, more per doubling of the spectrum
 *           past 1 MB (cache); pointwise products per spectrum element; copies per element.
 *  fixed    per call, each path.
 *
 * The least-squares functions count what they run: the residual's forward, then for ∇ₕ the
 * correlation of x with the residual, for ∇ₓ the canvas and the correlation with h (direct), or
 * the residual's transform and one cropped inverse per gradient (FFT). Each function decides on
 * its own counts, so objective, gradKernel, gradImage and valueAndGrad may take different paths
 * for one problem (their results then differ in the last bits, as any two summation orders do).
 *
 * Rates: a weighted least-squares fit (relative error) to medians of both paths over the grid
 * images 64²…2048² × kernels 3…51 × the five functions, measured on this project's reference
 * machine (2-core AMD EPYC, L2 1 MiB/core, L3 32 MiB, Node 20; `node bench/crossover.bench.mjs
 * --json=…`, BENCHMARKS.md). The scalar binary scales them by factors measured the same way.
 */
interface Rates {
  call: number; pixel: number; pixelPastL2: number;
  tile: number; vector: number; scalar: number; tileRow: number;
  dotVector: number; dotScalar: number; dotRow: number; dotSingle: number;
  fftCall: number; fft: number; fftPastCache: number; pointwise: number; fftPixel: number; fftPixelPastCache: number;
}

const SIMD: Record<'float32' | 'float64', Rates> = {
  float32: {
    call: 1012, pixel: 0.2189, pixelPastL2: 0.07728,
    tile: 0.05423, vector: 0.1723, scalar: 0.6959, tileRow: 0.03496,
    dotVector: 0.06342, dotScalar: 0.4974, dotRow: 0.7679, dotSingle: 0.173,
    fftCall: 3829, fft: 0.2161, fftPastCache: 0.01658, pointwise: 0.4448, fftPixel: 0.4875, fftPixelPastCache: 0.04349,
  },
  float64: {
    call: 0, pixel: 0.2563, pixelPastL2: 0.1095,
    tile: 0.1033, vector: 0.3556, scalar: 0.5279, tileRow: 0.8334,
    dotVector: 0.1251, dotScalar: 0.4189, dotRow: 0, dotSingle: 0.3554,
    fftCall: 2686, fft: 0.3798, fftPastCache: 0.01652, pointwise: 2.017, fftPixel: 0.753, fftPixelPastCache: 0.1541,
  },
};

/**
 * The scalar binary: the SIMD rates on its one-lane tiles, its multiply-adds and transforms
 * slower by these factors (fixed and per-element costs are the same JS and memory traffic);
 * fitted to conv2d and valueAndGrad at 128² and 512², k = 3…15 (`--binary=scalar`).
 */
const SCALAR_FACTOR: Record<'float32' | 'float64', { direct: number; fft: number }> = {
  float32: { direct: 11.2, fft: 3.3 },
  float64: { direct: 4.6, fft: 1.75 },
};

const log2 = (v: number) => Math.log2(Math.max(v, 2));

/** Direct multiply-add counts of one valid correlation (R×C output, kr×kc kernel), priced. */
function corrValidCost(r: Rates, R: number, C: number, kr: number, kc: number, lanes: number): number {
  if (usesDotProducts(R, C, kr, kc)) {
    const grouped = C - (C % 4);
    return R * grouped * kr * ((kc - (kc % lanes)) * r.dotVector + (kc % lanes) * r.dotScalar)
      + R * C * kr * r.dotRow + R * (C % 4) * kr * kc * r.dotSingle;
  }
  const W = 4 * lanes;
  const tiled = C - (C % W);
  const vectors = (C % W) - (C % lanes);
  const kl = kr * kc;
  return (R - (R % 2)) * tiled * kl * r.tile + ((R % 2) * tiled + R * vectors) * kl * r.vector
    + R * (C % lanes) * kl * r.scalar + R * (Math.floor(C / W) + 1) * kr * r.tileRow;
}

/** Predicted ns of the direct path. */
function directCost(op: Operation, r: Rates, lanes: number, maddScale: number, bytes: number, m: number, n: number, k: number, l: number, R: number, C: number): number {
  const canvas = R + k - 1 === m && C + l - 1 === n ? 0 : (R + k - 1) * (C + l - 1);
  let madds = corrValidCost(r, R, C, k, l, lanes);
  let pixels = m * n + R * C + canvas;
  if (op.kind === 'objective') {
    pixels += 2 * R * C; // y in, the residual
    if (op.gradKernel) madds += corrValidCost(r, k, l, R, C, lanes);
    if (op.gradImage) {
      pixels += (m + k - 1) * (n + l - 1) + m * n;
      madds += corrValidCost(r, m, n, k, l, lanes);
    }
  }
  const pastL2 = Math.max(0, Math.log2(Math.max(m * n * bytes, 1)) - 21);
  return r.call + madds * maddScale + pixels * (r.pixel + pastL2 * r.pixelPastL2);
}

/** Predicted ns of the FFT path. */
function fftCost(op: Operation, r: Rates, workScale: number, bytes: number, m: number, n: number, k: number, l: number, R: number, C: number, r0: number, c0: number): number {
  const forward = op.kind === 'forward';
  const Tr = forward ? forwardSize(m, k, r0, R, false) : nextFastSize(m + k - 1);
  const Tc = forward ? forwardSize(n, l, c0, C, true) : nextFastEvenSize(n + l - 1);
  const half = Tc / 2;
  const spectrum = Tr * (half + 1);
  let rows = m + k + R; // x and h forward (zero rows skipped), the cropped inverse
  let columnPasses = 3;
  let products = 1;
  let pixels = m * n + R * C;
  if (!forward) {
    pixels += 2 * R * C;
    const grads = (op.gradKernel ? 1 : 0) + (op.gradImage ? 1 : 0);
    if (grads > 0) {
      rows += Tr + (op.gradImage ? m : 0) + (op.gradKernel ? k : 0);
      columnPasses += 1 + grads;
      products += grads;
      pixels += Tr * Tc + (op.gradImage ? m * n : 0);
    }
  }
  const work = rows * half * log2(half) + columnPasses * (half + 1) * Tr * log2(Tr);
  const pastCache = Math.max(0, Math.log2(spectrum * 2 * bytes) - 20);
  return r.fftCall + (work * (r.fft + pastCache * r.fftPastCache) + products * spectrum * r.pointwise) * workScale
    + pixels * (r.fftPixel + pastCache * r.fftPixelPastCache);
}

/** Predicted ns of both paths for one call (prefersFft decides on them; the tests check them). */
export function predictCosts(
  op: Operation, simd: boolean, f32: boolean, m: number, n: number, k: number, l: number, R: number, C: number, r0: number, c0: number,
): { direct: number; fft: number } {
  const dtype = f32 ? 'float32' : 'float64';
  const r = SIMD[dtype];
  const bytes = f32 ? 4 : 8;
  const scale = simd ? { direct: 1, fft: 1 } : SCALAR_FACTOR[dtype];
  const direct = directCost(op, r, simd ? 16 / bytes : 1, scale.direct, bytes, m, n, k, l, R, C);
  // Below the FFT path's fixed cost (small problems, where a decision's time shows) the transform
  // sizes need not be worked out.
  if (direct < r.fftCall) return { direct, fft: Infinity };
  return { direct, fft: fftCost(op, r, scale.fft, bytes, m, n, k, l, R, C, r0, c0) };
}

export function prefersFft(
  op: Operation, simd: boolean, f32: boolean, m: number, n: number, k: number, l: number, R: number, C: number, r0: number, c0: number,
): boolean {
  const { direct, fft } = predictCosts(op, simd, f32, m, n, k, l, R, C, r0, c0);
  return fft < direct;
}

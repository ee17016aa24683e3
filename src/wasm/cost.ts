import type { Operation } from '../backend.js';
import { nextFastEvenSize, nextFastSize } from './fft.js';
import { forwardSize } from './fft-conv.js';

/*
 * The cost model behind method 'auto': predicted nanoseconds for the direct kernels and for the
 * FFT path, with constants fitted to medians measured on this project's reference machine (2-core
 * AMD EPYC, Node 20; `node bench/crossover.bench.mjs`, tables in BENCHMARKS.md):
 *
 *   conv2d / correlate2d   direct ≈ R·C·k·l × perMadd                 fft ≈ N·log₂N × perNlogN + fixed
 *   least squares          direct ≈ (2·R·C + m·n)·k·l × perMadd × 1.2  fft ≈ 2.35 × that (N of the full size)
 *
 * N is the transform's rows × cols. A forward is ~2.4 transforms (the kernel's is cheap: its zero
 * rows are skipped) plus a pointwise product; the least-squares path adds the residual's transform
 * and one cropped inverse per gradient. Only the ratio matters, and both sides scale alike across
 * machines, so the crossover (k ≈ 9–13 from 64² to 2048²) carries over.
 *
 * The least-squares functions (objective, gradKernel, gradImage, valueAndGrad) decide on the
 * cost with both gradients, whatever they are asked for, so all of them take the same path for
 * one problem and agree exactly; an objective alone near the crossover may be up to ~20% slower
 * than its best path.
 */
interface Rates {
  perMadd: number;
  perNlogN: number;
  fixed: number;
}

const RATES: Record<'simd' | 'scalar', Record<'float32' | 'float64', Rates>> = {
  simd: {
    float32: { perMadd: 0.062, perNlogN: 0.33, fixed: 10_000 },
    float64: { perMadd: 0.118, perNlogN: 0.64, fixed: 12_000 },
  },
  scalar: {
    float32: { perMadd: 0.75, perNlogN: 1.0, fixed: 15_000 },
    float64: { perMadd: 0.75, perNlogN: 1.15, fixed: 15_000 },
  },
};

/** The residual's forward, ∇ₕ (R·C·k·l) and ∇ₓ (m·n·k·l) directly; their overheads add ~20%. */
const LEAST_SQUARES = { directOverhead: 1.2, fftTransforms: 2.35 };

export function prefersFft(
  op: Operation, simd: boolean, f32: boolean, m: number, n: number, k: number, l: number, R: number, C: number, r0: number, c0: number,
): boolean {
  const rates = RATES[simd ? 'simd' : 'scalar'][f32 ? 'float32' : 'float64'];
  const forward = op.kind === 'forward';
  const rows = forward ? forwardSize(m, k, r0, R, false) : nextFastSize(m + k - 1);
  const cols = forward ? forwardSize(n, l, c0, C, true) : nextFastEvenSize(n + l - 1);
  const N = rows * cols;
  const madds = forward ? R * C * k * l : (2 * R * C + m * n) * k * l * LEAST_SQUARES.directOverhead;
  const direct = madds * rates.perMadd;
  const fft = (N * Math.log2(Math.max(N, 2)) * rates.perNlogN + rates.fixed) * (forward ? 1 : LEAST_SQUARES.fftTransforms);
  return fft < direct;
}

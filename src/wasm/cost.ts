import type { Operation } from '../backend.js';
import { nextFastEvenSize, nextFastSize } from './fft.js';
import { forwardSize } from './fft-conv.js';

/*
 * The cost model behind method 'auto': predicted nanoseconds for the direct kernels and for the
 * FFT path, from constants measured on this project's reference machine (2-core x86-64, Node 20;
 * see BENCHMARKS.md, "Cost model"). Only the ratio matters, and both sides scale alike across
 * machines, so the crossover carries over.
 *
 *   direct ≈ (multiply-adds) × perMadd
 *   fft    ≈ (transforms) × N·log₂N × perPointLog + N × perPoint + fixed,   N = transform rows × cols
 *
 * `fixed` is the per-call cost of writing the plans (~0.05 ms) and the extra calls, which keeps
 * small problems on the direct path.
 */
const FIXED_NS = 30_000;
interface Rates {
  perMadd: number;
  perPointLog: number;
  perPoint: number;
}

const RATES: Record<'simd' | 'scalar', Record<'float32' | 'float64', Rates>> = {
  simd: {
    float32: { perMadd: 0.062, perPointLog: 0.105, perPoint: 1.2 },
    float64: { perMadd: 0.125, perPointLog: 0.2, perPoint: 2.0 },
  },
  scalar: {
    float32: { perMadd: 0.75, perPointLog: 0.4, perPoint: 2.5 },
    float64: { perMadd: 0.75, perPointLog: 0.45, perPoint: 3.0 },
  },
};

/** Effective full-size transforms of a forward: the kernel's transform and the cropped inverse cost less. */
const TRANSFORMS = { forward: 2.4 };

export function prefersFft(
  op: Operation, simd: boolean, f32: boolean, m: number, n: number, k: number, l: number, R: number, C: number, r0: number, c0: number,
): boolean {
  const rates = RATES[simd ? 'simd' : 'scalar'][f32 ? 'float32' : 'float64'];
  // The least-squares functions decide on their residual's forward alone, so objective,
  // gradients and valueAndGrad of one problem always take the same path and agree exactly;
  // the gradients' work scales alike on both paths.
  const madds = R * C * k * l;
  const rows = op.kind === 'forward' ? forwardSize(m, k, r0, R, false) : nextFastSize(m + k - 1);
  const cols = op.kind === 'forward' ? forwardSize(n, l, c0, C, true) : nextFastEvenSize(n + l - 1);
  const transforms = TRANSFORMS.forward;
  const N = rows * cols;
  const direct = madds * rates.perMadd;
  const fft = transforms * N * Math.log2(Math.max(N, 2)) * rates.perPointLog + N * rates.perPoint + FIXED_NS;
  return fft < direct;
}

import type { Matrix } from '../types.js';
import type { Arena } from './arena.js';
import { FftPlan2d, nextFastEvenSize, nextFastSize, type FftExports } from './fft.js';

/*
 * Convolution, correlation and both gradients through real 2-D FFTs (assembly/fft.ts).
 *
 * A circular convolution of period T equals the linear one on the rows it returns when no wrapped
 * term lands there: for a crop starting at r0 with R rows of the full result (m+k−1 rows) that
 * needs T ≥ max(m+k−1−r0, r0+R) — T ≥ m for 'valid', about m+k/2 for 'same', m+k−1 for 'full'.
 * Transform sizes are the next ones with prime factors 2, 3, 5 (columns even, which halves the
 * work of the real transform). Gradients correlate the residual, embedded in a canvas of the full
 * size, with h and with x: multiplication by the conjugate spectrum.
 *
 * Plans are rebuilt per call in the call's arena: writing one costs ~0.05 ms, under 1% of a
 * transform, and keeps no memory pinned between calls. The FftPlan2d objects (sizes) are cached.
 */

const plans = new WeakMap<FftExports, Map<string, FftPlan2d>>();

function planFor(ex: FftExports, rows: number, cols: number, dtype: 'float32' | 'float64'): FftPlan2d {
  let byKey = plans.get(ex);
  if (!byKey) plans.set(ex, (byKey = new Map()));
  const key = `${rows}x${cols}:${dtype}`;
  let plan = byKey.get(key);
  if (!plan) byKey.set(key, (plan = new FftPlan2d(ex, rows, cols, dtype)));
  return plan;
}

/** Transform size for a crop [r0, r0+R) of a full axis of m+k−1 (wrap-free on the crop). */
export function forwardSize(m: number, k: number, r0: number, R: number, even: boolean): number {
  // Both inputs must fit the transform too.
  const need = Math.max(m + k - 1 - r0, r0 + R, m, k);
  return even ? nextFastEvenSize(need) : nextFastSize(need);
}

/** The exponent-scaling exports (assembly/finite.ts); absent from binaries built before them. */
interface ScaleExports {
  maxAbs_f32?(x: number, n: number): number;
  maxAbs_f64?(x: number, n: number): number;
  scalePow2_f32?(x: number, n: number, e: number): void;
  scalePow2_f64?(x: number, n: number, e: number): void;
}

/**
 * Operands are brought to magnitude ~1 by an exact power-of-two factor before their transforms
 * when their largest value's exponent is past ±SCALE_AT, and results scaled back: the spectra and
 * their products then stay far from the dtype's overflow and underflow however large or small
 * the data (float32 overflowed at data ~1e16 — a 64² image's spectrum times another's), and since
 * power-of-two scaling commutes with rounding, results are bitwise those of the unscaled path
 * wherever that one did not overflow or underflow.
 */
const SCALE_AT = { float32: 20, float64: 200 } as const;

/** Scales n elements at ptr in place to max |·| in [1, 2) when needed; returns the exponent e removed (x = x'·2^e). */
function normalise(ex: FftExports, dtype: 'float32' | 'float64', ptr: number, n: number): number {
  const s = ex as unknown as ScaleExports;
  const maxAbs = dtype === 'float32' ? s.maxAbs_f32 : s.maxAbs_f64;
  const scale = dtype === 'float32' ? s.scalePow2_f32 : s.scalePow2_f64;
  if (!maxAbs || !scale) return 0;
  const max = maxAbs(ptr, n);
  if (!(max > 0) || !Number.isFinite(max)) return 0;
  const e = Math.floor(Math.log2(max));
  if (Math.abs(e) <= SCALE_AT[dtype]) return 0;
  scale(ptr, n, -e);
  return e;
}

/** Multiplies n elements at ptr by 2^e (undoing normalise on a result). */
function unscale(ex: FftExports, dtype: 'float32' | 'float64', ptr: number, n: number, e: number): void {
  if (e === 0) return;
  const s = ex as unknown as ScaleExports;
  (dtype === 'float32' ? s.scalePow2_f32 : s.scalePow2_f64)!(ptr, n, e);
}

const dtypeOf = (m: Matrix) => (m.data instanceof Float32Array ? 'float32' : 'float64') as 'float32' | 'float64';

/** out = crop (r0, c0) of x ∗ kernel, where kernel is h or rot180(h) (for correlation). */
export function fftForward(
  ex: FftExports, arena: Arena, out: Matrix, x: Matrix, kernel: Matrix, r0: number, c0: number, what: () => string,
): void {
  const { rows: m, cols: n } = x;
  const { rows: k, cols: l } = kernel;
  const { rows: R, cols: C } = out;
  const plan = planFor(ex, forwardSize(m, k, r0, R, false), forwardSize(n, l, c0, C, true), dtypeOf(x));
  const b = x.data.BYTES_PER_ELEMENT;
  arena.reset();
  const [planPtr, work, X, H, xPtr, hPtr, outPtr] = arena.allocAll(
    [plan.planBytes, plan.workBytes, plan.spectrumBytes, plan.spectrumBytes, m * n * b, k * l * b, R * C * b],
    what,
  ) as [number, number, number, number, number, number, number];
  arena.view(x.data, xPtr, m * n).set(x.data);
  arena.view(kernel.data, hPtr, k * l).set(kernel.data);
  const dtype = dtypeOf(x);
  const shift = normalise(ex, dtype, xPtr, m * n) + normalise(ex, dtype, hPtr, k * l);
  plan.prepare(planPtr, work);
  plan.forward(X, xPtr, m, n);
  plan.forward(H, hPtr, k, l);
  plan.multiply(X, X, H);
  plan.inverse(outPtr, X, { row: r0, col: c0, rows: R, cols: C });
  unscale(ex, dtype, outPtr, R * C, shift);
  out.data.set(arena.view(out.data, outPtr, R * C));
}

/** Bytes fftForward places in WASM memory (for the memory preflight). */
export function fftForwardBytes(ex: FftExports, m: number, n: number, k: number, l: number, R: number, C: number, r0: number, c0: number, b: number): number {
  const plan = planFor(ex, forwardSize(m, k, r0, R, false), forwardSize(n, l, c0, C, true), b === 4 ? 'float32' : 'float64');
  return plan.planBytes + plan.workBytes + 2 * plan.spectrumBytes + (m * n + k * l + R * C) * b + 7 * 16;
}

/**
 * value = ½‖crop(x ∗ h) − y‖²; gradImage = (E ⋆ h)[0:m, 0:n], gradKernel = (E ⋆ x)[0:k, 0:l] with
 * E the residual placed at (r0, c0) in a zero canvas — all on one transform size of at least the
 * full result, so nothing wraps. `residual` is the module's residual export for the dtype.
 */
export function fftValueAndGrad(
  ex: FftExports, arena: Arena, residual: (r: number, z: number, y: number, n: number) => number,
  embed: (dst: number, dr: number, dc: number, src: number, sr: number, sc: number, ro: number, co: number) => void,
  x: Matrix, h: Matrix, y: Matrix, r0: number, c0: number, gradKernel: Matrix | null, gradImage: Matrix | null,
  what: () => string,
): number {
  const { rows: m, cols: n } = x;
  const { rows: k, cols: l } = h;
  const { rows: R, cols: C } = y;
  const plan = planFor(ex, nextFastSize(m + k - 1), nextFastEvenSize(n + l - 1), dtypeOf(x));
  const b = x.data.BYTES_PER_ELEMENT;
  const T = plan.rows * plan.cols;
  arena.reset();
  const [planPtr, work, X, H, Ehat, S, xPtr, hPtr, yPtr, rPtr, canvas, gkPtr, giPtr] = arena.allocAll(
    [
      plan.planBytes, plan.workBytes, plan.spectrumBytes, plan.spectrumBytes, plan.spectrumBytes, plan.spectrumBytes,
      m * n * b, k * l * b, R * C * b, R * C * b, T * b, gradKernel ? k * l * b : 0, gradImage ? m * n * b : 0,
    ],
    what,
  ) as number[] as [number, number, number, number, number, number, number, number, number, number, number, number, number];
  arena.view(x.data, xPtr, m * n).set(x.data);
  arena.view(h.data, hPtr, k * l).set(h.data);
  arena.view(y.data, yPtr, R * C).set(y.data);
  const dtype = dtypeOf(x);
  const ex0 = normalise(ex, dtype, xPtr, m * n);
  const eh = normalise(ex, dtype, hPtr, k * l);
  plan.prepare(planPtr, work);
  plan.forward(X, xPtr, m, n);
  plan.forward(H, hPtr, k, l);
  plan.multiply(S, X, H);
  plan.inverse(rPtr, S, { row: r0, col: c0, rows: R, cols: C });
  unscale(ex, dtype, rPtr, R * C, ex0 + eh);
  const value = residual(rPtr, rPtr, yPtr, R * C);
  if (gradKernel || gradImage) {
    const er = normalise(ex, dtype, rPtr, R * C);
    embed(canvas, plan.rows, plan.cols, rPtr, R, C, r0, c0);
    plan.forward(Ehat, canvas);
    if (gradImage) {
      plan.multiplyConj(S, Ehat, H);
      plan.inverse(giPtr, S, { row: 0, col: 0, rows: m, cols: n });
      unscale(ex, dtype, giPtr, m * n, er + eh);
      gradImage.data.set(arena.view(gradImage.data, giPtr, m * n));
    }
    if (gradKernel) {
      plan.multiplyConj(S, Ehat, X);
      plan.inverse(gkPtr, S, { row: 0, col: 0, rows: k, cols: l });
      unscale(ex, dtype, gkPtr, k * l, er + ex0);
      gradKernel.data.set(arena.view(gradKernel.data, gkPtr, k * l));
    }
  }
  return value;
}

/** Bytes fftValueAndGrad places in WASM memory. */
export function fftValueAndGradBytes(ex: FftExports, m: number, n: number, k: number, l: number, R: number, C: number, b: number): number {
  const plan = planFor(ex, nextFastSize(m + k - 1), nextFastEvenSize(n + l - 1), b === 4 ? 'float32' : 'float64');
  return plan.planBytes + plan.workBytes + 4 * plan.spectrumBytes + (2 * m * n + 2 * k * l + 2 * R * C + plan.rows * plan.cols) * b + 13 * 16;
}

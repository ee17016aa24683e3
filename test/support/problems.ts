/**
 * Test problems for the solvers: kernels (Gaussian, motion-blur line, random non-negative),
 * random images, and conversions between library matrices and plain arrays. Deterministic
 * (seeded), independent of src/ except for the Matrix type.
 */
import type { Matrix } from '../../src/index.js';
import { seeded } from './digests.js';

export type DT = 'float32' | 'float64';

export function mat(rows: number, cols: number, values: ArrayLike<number>, dtype: DT = 'float64'): Matrix {
  if (values.length !== rows * cols) throw new Error(`mat: ${values.length} values for ${rows}×${cols}`);
  const data = dtype === 'float32' ? new Float32Array(values) : new Float64Array(values);
  return { data, rows, cols };
}

/** The same matrix in another dtype (float64 → float32 rounds). */
export function as(m: Matrix, dtype: DT): Matrix {
  return mat(m.rows, m.cols, m.data, dtype);
}

/** Values rounded to float32, so the float32 and float64 versions of a problem hold the same numbers. */
export function fround(values: ArrayLike<number>): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < out.length; i++) out[i] = Math.fround(values[i]!);
  return out;
}

function normalise(v: Float64Array): Float64Array {
  let s = 0;
  for (const t of v) s += t;
  for (let i = 0; i < v.length; i++) v[i] = v[i]! / s;
  return v;
}

/** A k×l Gaussian, standard deviation sigma, centred, normalised to sum 1 (as fspecial('gaussian')). */
export function gaussianKernel(k: number, l: number, sigma: number): Float64Array {
  const v = new Float64Array(k * l);
  const ci = (k - 1) / 2;
  const cj = (l - 1) / 2;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < l; j++) v[i * l + j] = Math.exp(-((i - ci) ** 2 + (j - cj) ** 2) / (2 * sigma * sigma));
  }
  return normalise(v);
}

/**
 * Motion blur: a line segment of `length` pixels through the centre of a k×k kernel at `angle`
 * degrees, drawn by splatting many points along it bilinearly (anti-aliased), normalised.
 * Most entries are exactly 0: a sparse, strongly anisotropic kernel.
 */
export function motionKernel(k: number, length: number, angle: number): Float64Array {
  const v = new Float64Array(k * k);
  const c = (k - 1) / 2;
  const t = (angle * Math.PI) / 180;
  const steps = 200;
  for (let s = 0; s <= steps; s++) {
    const d = (s / steps - 0.5) * (length - 1);
    const r = c - d * Math.sin(t);
    const q = c + d * Math.cos(t);
    const r0 = Math.floor(r);
    const q0 = Math.floor(q);
    const fr = r - r0;
    const fq = q - q0;
    const add = (i: number, j: number, w: number) => {
      if (i >= 0 && i < k && j >= 0 && j < k && w > 0) v[i * k + j]! += w;
    };
    add(r0, q0, (1 - fr) * (1 - fq));
    add(r0 + 1, q0, fr * (1 - fq));
    add(r0, q0 + 1, (1 - fr) * fq);
    add(r0 + 1, q0 + 1, fr * fq);
  }
  return normalise(v);
}

/** Random non-negative kernel, entries uniform in [0, 1), normalised to sum 1. */
export function randomKernel(k: number, l: number, seed: number): Float64Array {
  const next = seeded(seed);
  const v = new Float64Array(k * l);
  for (let i = 0; i < v.length; i++) v[i] = next() + 0.5;
  return normalise(v);
}

/** Random values uniform in [lo, hi). */
export function randomValues(n: number, seed: number, lo = -1, hi = 1): Float64Array {
  const next = seeded(seed);
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) v[i] = lo + (hi - lo) * (next() + 0.5);
  return v;
}

/** Gaussian noise (Box–Muller) of standard deviation sigma. */
export function gaussianNoise(n: number, seed: number, sigma: number): Float64Array {
  const next = seeded(seed);
  const v = new Float64Array(n);
  for (let i = 0; i < n; i += 2) {
    const u1 = next() + 0.5 || 1e-12;
    const u2 = next() + 0.5;
    const r = sigma * Math.sqrt(-2 * Math.log(u1));
    v[i] = r * Math.cos(2 * Math.PI * u2);
    if (i + 1 < n) v[i + 1] = r * Math.sin(2 * Math.PI * u2);
  }
  return v;
}

export function add(a: ArrayLike<number>, b: ArrayLike<number>): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! + b[i]!;
  return out;
}

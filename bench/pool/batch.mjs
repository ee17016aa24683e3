// The pool benchmarks' batch, the same in Node (bench/pool.bench.mjs) and in Chromium
// (bench/pool/page.mjs): each photo in its 8 rotations/flips, blurred ('valid') by each kernel,
// plus seeded noise σ = 0.005 — what a camera records; the fit uses the valid interior.
import { conv2d } from '../../dist/index.js';
import { gaussianKernel, motionKernel } from '../../dist/node/kernels.js';
import { withGaussianNoise } from '../../dist/node/noise.js';

/** Kernel side of the fits. */
export const K = 15;

/** The 8 rotations/flips of a square image: different data, same statistics. */
export function dihedral(m, t) {
  const n = m.rows;
  const data = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let [a, b] = t & 4 ? [j, i] : [i, j];
      if (t & 1) a = n - 1 - a;
      if (t & 2) b = n - 1 - b;
      data[i * n + j] = m.data[a * n + b];
    }
  }
  return { data, rows: n, cols: n };
}

/** The blur kernels: a 30° motion and a Gaussian σ = 2.5, both K×K. */
export const batchKernels = () => [motionKernel(K, 30), gaussianKernel(K, 2.5)];

/** (sharp, blurred) pairs: photos × 8 rotations/flips × kernels (2 photos: 32 pairs). */
export function batchPairs(photos) {
  const kernels = batchKernels();
  const pairs = [];
  for (const photo of photos) {
    for (let t = 0; t < 8; t++) {
      const x = dihedral(photo, t);
      for (const h of kernels) pairs.push({ x, y: withGaussianNoise(conv2d(x, h, 'valid'), 0.005, pairs.length) });
    }
  }
  return pairs;
}

/** Bit-for-bit equality of two arrays (NaN equals NaN, −0 ≠ +0). */
export function sameBits(a, b) {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

/**
 * method 'admm': the SIMD and the scalar binary return identical bits (assembly/admm.ts handles
 * 4 pixels per f32x4 or 2 per f64x2 with column masks where the scalar code branches, sums in as
 * many lanes, and leaves the last Tc mod 4 columns of a row to the scalar code; the spectral
 * pass 2 or 1 complex values per v128). Canvas widths here include multiples of 4 and 2 mod 4.
 * Shapes cover every mask edge: odd and even observed offsets and widths ('same' and 'full' put
 * the observed window off the image's corner), images narrower and wider than the canvas, a
 * single row, 25 iterations so the penalties are rebalanced (iterations 10, 15, 20, 25) and the
 * right-hand sides are re-formed by the separate pass; TV, Tikhonov, a box and x ≥ 0 together;
 * FFT buffers in float64 and in float32.
 * Compared: the image and the per-iteration objectives (both from the ADMM passes). The final
 * reported objective is not: it comes from the backend's direct convolution, a different kernel.
 */
import { describe, expect, it } from 'vitest';
import type { Mode } from '../../src/index.js';
import { backends } from '../support/backends.js';
import { add, gaussianNoise, mat, randomKernel, randomValues } from '../support/problems.js';

const all = await backends();
const simd = all.find((b) => b.name === 'wasm-simd')!.cg;
const scalar = all.find((b) => b.name === 'wasm-scalar')!.cg;

const bits = (a: ArrayLike<number>) => new BigUint64Array(Float64Array.from(a).buffer);

describe("'admm': SIMD ≡ scalar, bit for bit", () => {
  const shapes: Array<[number, number, number, number]> = [[17, 23, 4, 5], [12, 9, 3, 2], [9, 30, 6, 7], [1, 14, 1, 3], [20, 20, 5, 5]];
  const options = [
    { tv: 0.05, nonNegative: true },
    { tv: 0.02, box: [0.1, 0.8] as [number, number], tikhonov: 1e-3 },
    { nonNegative: true, tikhonov: 1e-2 },
  ];
  for (const [m, n, k, l] of shapes) {
    for (const mode of ['valid', 'same', 'full'] as Mode[]) {
      if (mode === 'valid' && (k > m || l > n)) continue;
      it(`x ${m}×${n}, h ${k}×${l}, '${mode}'`, () => {
        const seed = m * 97 + n * 13 + k;
        const x = mat(m, n, randomValues(m * n, seed, 0, 1));
        const h = mat(k, l, randomKernel(k, l, seed + 1));
        const clean = simd.conv2d(x, h, mode);
        const y = mat(clean.rows, clean.cols, add(clean.data, gaussianNoise(clean.data.length, seed + 2, 0.01)));
        for (const o of options) {
          // Both precisions of the FFT buffers: tolerance 1e-12 runs them in float64 (25 iterations),
          // 1e-4 (≥ ADMM_FLOAT32_FROM) in float32, f64x2 ↔ f32 conversions included.
          for (const tolerance of [1e-12, 1e-4]) {
            const run = (cg: typeof simd) => cg.deconvolve(h, y, { ...o, mode, method: 'admm', maxIterations: 25, tolerance });
            const a = run(simd);
            const b = run(scalar);
            expect(a.iterations).toBe(b.iterations);
            if (tolerance < 1e-5) expect(a.iterations).toBe(25);
            expect(bits(a.image.data)).toEqual(bits(b.image.data));
            expect(bits(a.history)).toEqual(bits(b.history));
          }
        }
      });
    }
  }
});

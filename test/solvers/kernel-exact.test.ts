/**
 * estimateKernel 'exact' on noise-free problems recovers the true kernel.
 *
 * x: 64×48 and 48×64 crops of two real photographs (camera.png, brick.png; test/fixtures/photo.ts),
 * non-square so that a row/column swap cannot pass. Kernels: a 7×7 Gaussian (σ 1.5), a 9×9
 * motion-blur line (length 7 at 30°, mostly exact zeros) and random non-negative 5×4 and 3×6
 * kernels (even sizes: the 'same' crop differs between conventions). y = conv2d(x, h, mode) computed by
 * the independent float64 oracle, for modes 'valid', 'same' (MATLAB and scipy) and 'full'.
 *
 * The least-squares problem has a unique solution (X has full column rank on these images), and
 * with y = X h exactly that solution is h.
 *
 * float64: ‖ĥ − h‖/‖h‖ ≤ 1e-8 (the requirement). Cholesky on the normal equations has a
 * forward error of order κ(XᵀX)·u; on these crops κ(XᵀX) is 1.6e4…2.4e6, and the errors observed are
 * 5e-13…3.5e-10 (the JS baseline's summation order is a few times worse than the WASM one), so 1e-8
 * holds with a margin of ≥ 25×.
 *
 * float32: the library widens x and y to float64 and solves in float64, so the only new error is
 * y's rounding to float32: y₃₂ = X h + δy with |δyᵢ| ≤ 2⁻²⁴|yᵢ| (x is exactly what the library sees,
 * h is float32-representable). The least-squares answer is then h + X⁺δy, and
 *     ‖X⁺δy‖/‖h‖ ≤ (‖δy‖/σ_min) / (‖y‖/σ_max) ≤ κ(X)·2⁻²⁴,
 * plus 2⁻²⁴ for rounding the answer to float32, plus the float64 solver's 1e-8. κ(X) = √κ(XᵀX) is
 * computed in the test from the oracle's explicit operator matrix (130…1550 here: tolerances
 * 8e-6…9e-5; observed errors are 0.8 %…2.6 % of the tolerance, since random rounding does not
 * line up with the worst singular vector — the bound is the worst case, not the typical one).
 */
import { describe, expect, it } from 'vitest';
import type { Convention, Matrix, Mode } from '../../src/index.js';
import { brickCrop, cameraCrop } from '../fixtures/photo.js';
import { backends } from '../support/backends.js';
import { eigenRange, gramT, relError } from '../support/dense.js';
import { conv2d, fromMatrix, kernelOperator, omat } from '../support/oracle.js';
import { fround, gaussianKernel, mat, motionKernel, randomKernel, type DT } from '../support/problems.js';

const all = await backends();

const U32 = 2 ** -24;

const PHOTOS: ReadonlyArray<[string, (dtype: DT) => Matrix]> = [
  ['camera 64×48', (dtype) => cameraCrop(dtype, 64, 48)],
  ['brick 48×64', (dtype) => brickCrop(dtype, 48, 64)],
];

const KERNELS: ReadonlyArray<[string, number, number, Float64Array]> = [
  ['Gaussian 7×7 σ1.5', 7, 7, fround(gaussianKernel(7, 7, 1.5))],
  ['motion 9×9 length 7 at 30°', 9, 9, fround(motionKernel(9, 7, 30))],
  ['random non-negative 5×4', 5, 4, fround(randomKernel(5, 4, 3))],
  ['random non-negative 3×6', 3, 6, fround(randomKernel(3, 6, 4))],
];

const MODES: ReadonlyArray<[Mode, Convention]> = [
  ['valid', 'matlab'],
  ['same', 'matlab'],
  ['same', 'scipy'],
  ['full', 'matlab'],
];

/** y = conv2d(x, h, mode) in float64 by the oracle. */
function data(x: Matrix, k: number, l: number, h: Float64Array, mode: Mode, convention: Convention): { y: Float64Array; rows: number; cols: number } {
  const z = conv2d(fromMatrix(x), omat(k, l, h), mode, convention);
  return { y: z.data, rows: z.rows, cols: z.cols };
}

/** κ(X) of the kernel-estimation model, from the oracle's operator matrix; memoised across backends. */
const kappaCache = new Map<string, number>();
function kappaX(key: string, x: Matrix, k: number, l: number, mode: Mode, convention: Convention): number {
  let v = kappaCache.get(key);
  if (v === undefined) {
    const X = kernelOperator(fromMatrix(x), { rows: k, cols: l }, mode, convention);
    const e = eigenRange(gramT(X), k * l);
    // eigenRange is accurate to ~1e-3 relative; the 1.01 covers it.
    v = 1.01 * Math.sqrt(e.max / e.min);
    kappaCache.set(key, v);
  }
  return v;
}

describe.each(all.map((b) => [b.name, b] as const))('%s estimateKernel exact, noise-free', (_name, { cg }) => {
  for (const [pname, photo] of PHOTOS) {
    for (const [kname, k, l, h] of KERNELS) {
      it(`float64: ${pname}, ${kname}, every mode: ‖ĥ − h‖/‖h‖ ≤ 1e-8`, () => {
        const x = photo('float64');
        for (const [mode, convention] of MODES) {
          const { y, rows, cols } = data(x, k, l, h, mode, convention);
          const opts = { mode, convention } as { mode: Mode };
          const r = cg.estimateKernel(x, mat(rows, cols, y), { rows: k, cols: l }, opts);
          const what = `${mode}/${convention}`;
          expect(r.method, what).toBe('exact');
          expect(r.converged, what).toBe(true);
          expect(r.iterations, what).toBe(1);
          expect(r.kernel.data, what).toBeInstanceOf(Float64Array);
          expect([r.kernel.rows, r.kernel.cols], what).toEqual([k, l]);
          const err = relError(r.kernel.data, h);
          expect(err, `${what}: relative kernel error`).toBeLessThanOrEqual(1e-8);
          // Noise-free: the objective at the answer is round-off, ≪ ½‖y‖².
          let yy = 0;
          for (const v of y) yy += v * v;
          expect(r.objective, `${what}: objective`).toBeLessThanOrEqual(1e-16 * yy);
        }
      });

      it(`float32: ${pname}, ${kname}, every mode: error ≤ (κ(X) + 1)·2⁻²⁴ + 1e-8`, () => {
        const x = photo('float32');
        for (const [mode, convention] of MODES) {
          const { y, rows, cols } = data(x, k, l, h, mode, convention);
          const opts = { mode, convention } as { mode: Mode };
          const r = cg.estimateKernel(x, mat(rows, cols, y, 'float32'), { rows: k, cols: l }, opts);
          const what = `${mode}/${convention}`;
          expect(r.kernel.data, what).toBeInstanceOf(Float32Array);
          const kappa = kappaX(`${pname}/${kname}/${what}`, x, k, l, mode, convention);
          const tol = (kappa + 1) * U32 + 1e-8;
          expect(relError(r.kernel.data, h), `${what}: relative kernel error (κ(X) = ${kappa.toPrecision(3)})`).toBeLessThanOrEqual(tol);
        }
      });
    }
  }
});

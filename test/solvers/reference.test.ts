/**
 * The reference case: a 200×200 image, zero except a 30×30 square of ones at rows/cols
 * 86..115 (1-based); the true kernel a 51×51 Gaussian, σ = 4, normalised to sum 1;
 * y = conv2(x, h, 'valid') (150×150), no noise; start from h = 0.
 *
 * - 'gd' with a fixed step of 2e-6 for 2999 steps is the textbook method, and its numbers are known
 *   (Octave): kernel error ‖ĥ − h‖/‖h‖ = 4.55 %, objective 7.58e-4. Reproducing them checks the
 *   method (plain gradient descent, exactly that step, exactly that objective scaling), not our
 *   speed. Tolerances: the published figures have 3 significant digits, so ±0.0005 on the error
 *   (half a unit in the last digit, plus rounding) and ±1 % on the objective.
 * - 'exact' on the same case: the system has full rank (κ(XᵀX) ≈ 9e6), so the least-squares answer
 *   is the true kernel; Cholesky in float64 gets it to ~κ·u ≈ 1e-9, asserted ≤ 1e-6 (the issue's
 *   target).
 *
 * About 10 s of gradient descent (2999 products with a 2601×2601 Gram matrix): run on 'wasm-simd'
 * only, with a long timeout.
 */
import { describe, expect, it } from 'vitest';
import { backends } from '../support/backends.js';
import { relError } from '../support/dense.js';
import { conv2d, omat } from '../support/oracle.js';
import { gaussianKernel, mat } from '../support/problems.js';

const simd = (await backends()).find((b) => b.name === 'wasm-simd')!.cg;

const N = 200;
const K = 51;
const x = (() => {
  const v = new Float64Array(N * N);
  for (let i = 85; i < 115; i++) for (let j = 85; j < 115; j++) v[i * N + j] = 1; // 1-based 86..115
  return mat(N, N, v);
})();
const h = gaussianKernel(K, K, 4);
const yo = conv2d(omat(N, N, x.data), omat(K, K, h), 'valid');
const y = mat(yo.rows, yo.cols, yo.data);

describe('reference case (wasm-simd)', () => {
  it('the problem is as described', () => {
    expect([y.rows, y.cols]).toEqual([150, 150]);
    let s = 0;
    for (const v of h) s += v;
    expect(s).toBeCloseTo(1, 14);
    let ones = 0;
    for (const v of x.data) ones += v;
    expect(ones).toBe(900);
  });

  it("'gd', step 2e-6, 2999 steps from h = 0: error 4.55 %, objective 7.58e-4", { timeout: 180_000 }, () => {
    const r = simd.estimateKernel(x, y, { rows: K, cols: K }, {
      method: 'gd',
      step: 2e-6,
      maxIterations: 2999,
      tolerance: 1e-300, // never met: exactly 2999 steps
    });
    expect(r.method).toBe('gd');
    expect(r.iterations).toBe(2999);
    expect(r.converged).toBe(false);
    expect(r.history).toHaveLength(2999);
    const err = relError(r.kernel.data, h);
    expect(Math.abs(err - 0.0455), `kernel error ${err}`).toBeLessThanOrEqual(0.0005);
    expect(Math.abs(r.objective - 7.58e-4) / 7.58e-4, `objective ${r.objective}`).toBeLessThanOrEqual(0.01);
    // The last history entry is the objective at the returned kernel, computed from the Gram form
    // ½hᵀGh − bᵀh + ½yᵀy, which cancels (½yᵀy ≈ 325 ≫ 7.6e-4): agreement to 1e-6 relative, not to u.
    expect(Math.abs(r.history.at(-1)! - r.objective)).toBeLessThanOrEqual(1e-6 * r.objective);
    // Plain gradient descent with a step below 2/λmax is monotone.
    for (let i = 1; i < r.history.length; i++) expect(r.history[i]!).toBeLessThanOrEqual(r.history[i - 1]!);
  });

  it("'exact': error ≤ 1e-6", { timeout: 60_000 }, () => {
    const r = simd.estimateKernel(x, y, { rows: K, cols: K });
    expect(r.method).toBe('exact');
    expect(r.converged).toBe(true);
    expect(relError(r.kernel.data, h)).toBeLessThanOrEqual(1e-6);
  });
});

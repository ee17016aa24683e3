/**
 * CGLS ('cg' deconvolution) on an under-determined 'valid' problem reaches the minimum-norm
 * least-squares image from x0 = 0, and from a warm start x0 the least-squares image closest to x0.
 *
 * 'valid' with an m×n image and a k×l kernel gives (m−k+1)(n−l+1) equations for m·n unknowns:
 * here 11×11 = 121 equations, 14×13 = 182 unknowns. A (121×182, from the oracle) has full row
 * rank for a random kernel, so every y is fitted exactly and the solutions form the affine set
 * x_mn + null(A), with x_mn = Aᵀ(AAᵀ)⁻¹y computed here by the test's own dense Cholesky.
 * From x0, CGLS's iterates stay in x0 + range(Aᵀ), so it converges to
 *     x0 + Aᵀ(AAᵀ)⁻¹(y − A x0),
 * which is x_mn for x0 = 0.
 *
 * Tolerance: the error e = x − x* lies in range(Aᵀ), where ‖AᵀA e‖ ≥ σ²·‖e‖ with σ² = λ_min(AAᵀ)
 * (the smallest non-zero eigenvalue of AᵀA). CGLS stops when ‖Aᵀ(y − Ax)‖ ≤ tolerance·‖Aᵀy‖, so
 * ‖e‖ ≤ tolerance·‖Aᵀy‖/λ_min(AAᵀ); round-off (the recurrence residual vs the true one, the
 * reference's own Cholesky solve) adds ≈ κ(AAᵀ)·(size)·u relative. Both terms are computed.
 */
import { describe, expect, it } from 'vitest';
import type { Matrix } from '../../src/index.js';
import { backends } from '../support/backends.js';
import { choleskySolve, cholesky, distance, eigenRange, gramN, norm } from '../support/dense.js';
import { imageOperator, matTvec, matvec, omat } from '../support/oracle.js';
import { mat, randomValues } from '../support/problems.js';

const all = await backends();
const U = 2 ** -53;

const [m, n, k, l] = [14, 13, 4, 3];
const h = mat(k, l, randomValues(k * l, 11, -1, 1));
const A = imageOperator(omat(k, l, h.data), { rows: m, cols: n }, 'valid', 'matlab');
const y = mat(A.outRows, A.outCols, randomValues(A.rows, 12));
const AAt = gramN(A);
const L = cholesky(AAt, A.rows);
const eig = eigenRange(AAt, A.rows);
const sigma2 = eig.min / 1.01; // smallest non-zero eigenvalue of AᵀA, erring low
const kappa = (1.01 * eig.max) / sigma2;
const aty = norm(matTvec(A, y.data));
const roundOff = 4 * kappa * (A.cols + 3 * A.rows) * U;

/** The least-squares solution closest to x0: x0 + Aᵀ(AAᵀ)⁻¹(y − A x0). */
function closestSolution(x0: ArrayLike<number>): Float64Array {
  const r = matvec(A, x0);
  for (let i = 0; i < r.length; i++) r[i] = y.data[i]! - r[i]!;
  const w = choleskySolve(L, A.rows, r);
  const x = matTvec(A, w);
  for (let i = 0; i < x.length; i++) x[i] = x[i]! + x0[i]!;
  return x;
}

describe.each(all.map((b) => [b.name, b] as const))('%s CGLS', (_name, { cg }) => {
  it('the problem is under-determined and A has full row rank', () => {
    expect(A.rows).toBeLessThan(A.cols);
    expect(sigma2).toBeGreaterThan(0);
    expect(kappa).toBeLessThan(1e6);
  });

  it("from x0 = 0: the minimum-norm least-squares image Aᵀ(AAᵀ)⁻¹y", () => {
    const xmn = closestSolution(new Float64Array(A.cols));
    const tolerance = 1e-12;
    const r = cg.deconvolve(h, y, { tolerance, maxIterations: 2000 });
    expect(r.method).toBe('cg');
    expect(r.converged).toBe(true);
    expect([r.image.rows, r.image.cols]).toEqual([m, n]);
    const bound = (tolerance * aty) / sigma2 + roundOff * norm(xmn);
    expect(distance(r.image.data, xmn)).toBeLessThanOrEqual(bound);
    // It fits the data (consistent system): objective ≈ 0 relative to ½‖y‖².
    expect(r.objective).toBeLessThanOrEqual(1e-20 * norm(y.data) ** 2);
    // And it is the smallest of the solutions: another solution (x_mn + a null-space vector) is longer.
    expect(norm(r.image.data)).toBeLessThanOrEqual(norm(xmn) * (1 + 1e-9));
  });

  it('from a warm start x0: the least-squares image closest to x0', () => {
    const x0: Matrix = mat(m, n, randomValues(m * n, 13));
    const want = closestSolution(x0.data);
    const tolerance = 1e-12;
    const r = cg.deconvolve(h, y, { tolerance, maxIterations: 2000, x0 });
    expect(r.converged).toBe(true);
    // ‖Aᵀy‖ scales the stopping rule; the warm start does not change it.
    const bound = (tolerance * aty) / sigma2 + roundOff * norm(want);
    expect(distance(r.image.data, want)).toBeLessThanOrEqual(bound);
    // Not the minimum-norm one: the warm start's null-space part is kept.
    expect(distance(r.image.data, closestSolution(new Float64Array(A.cols)))).toBeGreaterThan(1e-3);
  });

  it('float32 data: the same minimum-norm image, rounded to float32', () => {
    // h and y rounded to float32 first; the reference is computed from exactly those numbers. The
    // library widens them, solves in float64 and rounds the answer: stopping rule + round-off as
    // above, plus 2⁻²⁴‖x‖ for the final rounding.
    const h32 = mat(k, l, h.data, 'float32');
    const y32 = mat(y.rows, y.cols, y.data, 'float32');
    const A32 = imageOperator(omat(k, l, h32.data), { rows: m, cols: n }, 'valid', 'matlab');
    const L32 = cholesky(gramN(A32), A32.rows);
    const xmn = matTvec(A32, choleskySolve(L32, A32.rows, y32.data));
    const tolerance = 1e-12;
    const r = cg.deconvolve(h32, y32, { tolerance, maxIterations: 2000 });
    expect(r.image.data).toBeInstanceOf(Float32Array);
    expect(r.converged).toBe(true);
    const aty32 = norm(matTvec(A32, y32.data));
    const tol = (tolerance * aty32) / sigma2 + (roundOff + 2 ** -24) * norm(xmn);
    expect(distance(r.image.data, xmn)).toBeLessThanOrEqual(tol);
  });
});

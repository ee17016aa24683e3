/**
 * Tikhonov regularisation adds exactly ½λ‖v‖² to the objective, so the answer is the closed form
 * v* = (AᵀA + λI)⁻¹Aᵀy. The test computes v* from the oracle's explicit operator matrix (A = X for
 * kernels, the image operator for deconvolution) with its own dense Cholesky (test/support/dense.ts),
 * on small problems with random (inconsistent) data y, so that λ really moves the answer.
 *
 * Tolerances:
 * - 'exact' (kernel): both sides solve the same SPD system M v = b in float64, M = AᵀA + λI, by
 *   Cholesky but with differently rounded M and b (the library builds M from sliding windows).
 *   Entry errors of M are ≤ γ_N·(|A|ᵀ|A|) with N = rows of A, so the solutions differ by at most
 *   ≈ κ(M)·(N + 3n)·u·(small constant) relative (Higham §10.1). We assert 4·κ(M)·(N + 3n)·u.
 * - Iterative methods stop when their gradient (mapping) norm is ≤ tolerance·‖Aᵀy‖. M is λ-strongly
 *   convex, so ‖v − v*‖ ≤ ‖∇f(v)‖/λ_min(M). FISTA measures the gradient at its extrapolated point
 *   z, not at v; ‖∇f(v) − ∇f(z)‖ ≤ λ_max(M)‖v − z‖ ≤ L‖v − z‖ = ‖gradient mapping‖, so
 *   ‖∇f(v)‖ ≤ 2·tolerance·‖Aᵀy‖. CGLS updates its residual by recurrence; the recomputed gradient
 *   differs from it by round-off of order κ(M)·u·‖Aᵀy‖ (covered by the same 4·κ(M)·(N+3n)·u term).
 *   Bound asserted: ‖v − v*‖ ≤ 2·tolerance·‖Aᵀy‖/λ_min(M) + 4·κ(M)·(N + 3n)·u·‖v*‖.
 */
import { describe, expect, it } from 'vitest';
import type { Mode } from '../../src/index.js';
import { backends } from '../support/backends.js';
import { addDiagonal, distance, eigenRange, gramT, norm, solveSPD } from '../support/dense.js';
import { imageOperator, kernelOperator, matTvec, omat, type Operator } from '../support/oracle.js';
import { mat, randomValues } from '../support/problems.js';

const all = await backends();
const U = 2 ** -53;

interface Reference {
  v: Float64Array;
  /** ‖Aᵀy‖ */
  aty: number;
  lambdaMin: number;
  kappa: number;
  /** Round-off allowance for two float64 solves of the same system, relative to ‖v*‖. */
  solveTol: number;
}

/** v* = (AᵀA + λI)⁻¹ Aᵀy and the numbers that size the tolerances. */
function reference(A: Operator, y: ArrayLike<number>, lambda: number): Reference {
  const n = A.cols;
  const M = addDiagonal(gramT(A), n, lambda);
  const b = matTvec(A, y);
  const v = solveSPD(M, n, b);
  const e = eigenRange(M, n);
  const lambdaMin = e.min / 1.01; // eigenRange is accurate to ~1e-3; err towards a smaller λ_min
  const kappa = (1.01 * e.max) / lambdaMin;
  return { v, aty: norm(b), lambdaMin, kappa, solveTol: 4 * kappa * (A.rows + 3 * n) * U };
}

const MODES: readonly Mode[] = ['valid', 'same', 'full'];
const LAMBDAS = [1e-3, 0.5];

describe.each(all.map((b) => [b.name, b] as const))('%s Tikhonov matches (AᵀA + λI)⁻¹Aᵀy', (_name, { cg }) => {
  // Kernel estimation: x 13×11 random, kernel 4×3.
  const x = mat(13, 11, randomValues(13 * 11, 101, 0, 1));
  const [k, l] = [4, 3];

  for (const mode of MODES) {
    const X = kernelOperator(omat(x.rows, x.cols, x.data), { rows: k, cols: l }, mode, 'matlab');
    const y = mat(X.outRows, X.outCols, randomValues(X.rows, 202));
    for (const lambda of LAMBDAS) {
      const ref = reference(X, y.data, lambda);

      it(`estimateKernel 'exact', ${mode}, λ = ${lambda}`, () => {
        const r = cg.estimateKernel(x, y, { rows: k, cols: l }, { mode, tikhonov: lambda });
        expect(r.method).toBe('exact');
        expect(distance(r.kernel.data, ref.v)).toBeLessThanOrEqual(ref.solveTol * norm(ref.v));
        // The reported objective is ½‖Xv − y‖² + ½λ‖v‖², exactly that scaling. The library may
        // evaluate it as ½vᵀMv − bᵀv + ½yᵀy, which cancels: allow 1e-10·½‖y‖² (≫ n·u·½‖y‖²).
        expect(Math.abs(r.objective - objectiveAt(X, y.data, ref.v, lambda))).toBeLessThanOrEqual(1e-10 * 0.5 * norm(y.data) ** 2);
      });

      for (const method of ['fista', 'gd'] as const) {
        it(`estimateKernel '${method}' (unconstrained), ${mode}, λ = ${lambda}`, () => {
          const tolerance = 1e-11;
          const r = cg.estimateKernel(x, y, { rows: k, cols: l }, { mode, tikhonov: lambda, method, tolerance, maxIterations: 20000 });
          expect(r.converged).toBe(true);
          const bound = (2 * tolerance * ref.aty) / ref.lambdaMin + ref.solveTol * norm(ref.v);
          expect(distance(r.kernel.data, ref.v)).toBeLessThanOrEqual(bound);
        });
      }
    }
  }

  // Deconvolution: h 3×3 random, image size implied by y and the mode.
  const h = mat(3, 3, randomValues(9, 303, 0, 1));
  for (const mode of MODES) {
    const [m, n] = mode === 'valid' ? [10, 9] : [8, 7];
    const A = imageOperator(omat(3, 3, h.data), { rows: m, cols: n }, mode, 'matlab');
    const y = mat(A.outRows, A.outCols, randomValues(A.rows, 404));
    for (const lambda of LAMBDAS) {
      const ref = reference(A, y.data, lambda);
      for (const method of ['cg', 'fista'] as const) {
        it(`deconvolve '${method}', ${mode}, λ = ${lambda}`, () => {
          const tolerance = 1e-11;
          const r = cg.deconvolve(h, y, { mode, tikhonov: lambda, method, tolerance, maxIterations: 20000 });
          expect(r.method).toBe(method);
          expect(r.converged).toBe(true);
          expect([r.image.rows, r.image.cols]).toEqual([m, n]);
          const bound = (2 * tolerance * ref.aty) / ref.lambdaMin + ref.solveTol * norm(ref.v);
          expect(distance(r.image.data, ref.v)).toBeLessThanOrEqual(bound);
          // At the optimum the objective is flat: a distance d from v* changes it by O(d²).
          expect(Math.abs(r.objective - objectiveAt(A, y.data, ref.v, lambda))).toBeLessThanOrEqual(1e-10 * 0.5 * norm(y.data) ** 2);
        });
      }
    }
  }
});

/** ½‖Av − y‖² + ½λ‖v‖² by the oracle. */
function objectiveAt(A: Operator, y: ArrayLike<number>, v: ArrayLike<number>, lambda: number): number {
  let s = 0;
  for (let i = 0; i < A.rows; i++) {
    let z = -y[i]!;
    for (let j = 0; j < A.cols; j++) z += A.data[i * A.cols + j]! * v[j]!;
    s += z * z;
  }
  return 0.5 * s + 0.5 * lambda * norm(v) ** 2;
}

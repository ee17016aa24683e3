/**
 * Constrained solutions satisfy the KKT conditions of their problem, checked with gradients
 * computed by the independent oracle (explicit operator matrices), not by the library.
 *
 * f(v) = ½‖Av − y‖² + ½λ‖v‖², g = ∇f(v) = Aᵀ(Av − y) + λv.
 * - v ≥ 0:            g_i = 0 where v_i > 0, g_i ≥ 0 where v_i = 0.
 * - lo ≤ v ≤ hi:      g_i = 0 inside, g_i ≥ 0 at lo, g_i ≤ 0 at hi.
 * - simplex (v ≥ 0, Σv = 1): a multiplier μ with g_i + μ = 0 on the support and g_i + μ ≥ 0 off it.
 *
 * Data are noisy (y = A v_true + noise with v_true ≥ 0 and sparse), so the unconstrained
 * least-squares answer has negative entries and the constraints are really active; the tests
 * assert that some are.
 *
 * Tolerance ε (derived from the stopping rule, not tuned): FISTA stops when its gradient mapping
 * G = L·(z − v), v = proj(z − ∇f(z)/L), has ‖G‖ ≤ τ·‖Aᵀy‖ (τ = options.tolerance). From the
 * projection's optimality conditions, componentwise g_i(z) = −G_i … on the support/interior and
 * g_i(z) ≥ −|G_i| at a lower bound (≤ |G_i| at an upper bound); and ‖g(v) − g(z)‖ ≤ λ_max‖v − z‖ ≤
 * L‖v − z‖ = ‖G‖ (L ≥ λ_max(AᵀA + λI) by construction). So the KKT residuals at the returned v
 * are ≤ ε = 2τ‖Aᵀy‖; for the simplex the unknown multiplier costs another factor 2 off the
 * support (we use the midrange μ, whose distance to the true one is ≤ 2τ‖Aᵀy‖ too).
 * Plus round-off of the gradients, bounded per entry by 4·(N + n)·u·(|A|ᵀ(|A||v| + |y|) + λ|v|).
 */
import { describe, expect, it } from 'vitest';
import type { Matrix, Mode } from '../../src/index.js';
import { cameraCrop } from '../fixtures/photo.js';
import { backends } from '../support/backends.js';
import { norm } from '../support/dense.js';
import { conv2d, fromMatrix, gradient, gradientScale, imageOperator, kernelOperator, matTvec, omat, type Operator } from '../support/oracle.js';
import { add, gaussianNoise, mat, motionKernel, randomKernel, randomValues } from '../support/problems.js';

const all = await backends();
const U = 2 ** -53;

interface Kkt {
  g: Float64Array;
  /** Per-entry round-off allowance of g. */
  slack: Float64Array;
  /** ‖Aᵀy‖: the scale of the stopping rule. */
  aty: number;
}

function kkt(A: Operator, y: ArrayLike<number>, v: ArrayLike<number>, lambda: number): Kkt {
  const g = gradient(A, v, y);
  const scale = gradientScale(A, v, y);
  const slack = new Float64Array(g.length);
  for (let i = 0; i < g.length; i++) {
    g[i] = g[i]! + lambda * v[i]!;
    slack[i] = 4 * (A.rows + A.cols) * U * (scale[i]! + lambda * Math.abs(v[i]!));
  }
  return { g, slack, aty: norm(matTvec(A, y)) };
}

/** Checks the box KKT conditions; returns how many entries sit at each bound. */
function checkBox(what: string, v: ArrayLike<number>, k: Kkt, eps: number, lo: number, hi: number): { atLo: number; atHi: number } {
  let atLo = 0;
  let atHi = 0;
  for (let i = 0; i < v.length; i++) {
    const vi = v[i]!;
    const gi = k.g[i]!;
    const tol = eps + k.slack[i]!;
    const where = `${what}: entry ${i} = ${vi}, gradient ${gi}, tol ${tol}`;
    expect(vi >= lo && vi <= hi, `${where}: outside [${lo}, ${hi}]`).toBe(true);
    if (vi === lo) {
      atLo++;
      expect(gi, `${where} (at the lower bound: gradient ≥ −tol)`).toBeGreaterThanOrEqual(-tol);
    } else if (vi === hi) {
      atHi++;
      expect(gi, `${where} (at the upper bound: gradient ≤ tol)`).toBeLessThanOrEqual(tol);
    } else {
      expect(Math.abs(gi), `${where} (free: |gradient| ≤ tol)`).toBeLessThanOrEqual(tol);
    }
  }
  return { atLo, atHi };
}

// Kernel problem: camera crop 32×30, true kernel a sparse 7×7 motion line, noise σ 0.02.
const KX = cameraCrop('float64', 32, 30);
const KH = motionKernel(7, 5, 20);
function kernelProblem(mode: Mode): { X: Operator; y: Matrix } {
  const X = kernelOperator(fromMatrix(KX), { rows: 7, cols: 7 }, mode, 'matlab');
  const clean = conv2d(fromMatrix(KX), omat(7, 7, KH), mode, 'matlab');
  return { X, y: mat(clean.rows, clean.cols, add(clean.data, gaussianNoise(clean.data.length, 7, 0.02))) };
}

// Deconvolution problem: a random positive 3×3 kernel, a sparse non-negative 10×9 image, noise σ 0.05.
const DH = mat(3, 3, randomKernel(3, 3, 21));
const DX = (() => {
  const v = randomValues(90, 22, -0.6, 1);
  for (let i = 0; i < v.length; i++) v[i] = Math.max(v[i]!, 0);
  return v;
})();
function imageProblem(mode: Mode): { A: Operator; y: Matrix } {
  const A = imageOperator(omat(3, 3, DH.data), { rows: 10, cols: 9 }, mode, 'matlab');
  const clean = conv2d(omat(10, 9, DX), omat(3, 3, DH.data), mode, 'matlab');
  return { A, y: mat(clean.rows, clean.cols, add(clean.data, gaussianNoise(clean.data.length, 23, 0.05))) };
}

const TAU = 1e-10;

describe.each(all.map((b) => [b.name, b] as const))('%s KKT conditions', (_name, { cg }) => {
  for (const [mode, lambda] of [['valid', 0], ['same', 0.01]] as const) {
    it(`estimateKernel 'fista' nonNegative, ${mode}, λ = ${lambda}`, () => {
      const { X, y } = kernelProblem(mode);
      const r = cg.estimateKernel(KX, y, { rows: 7, cols: 7 }, { mode, nonNegative: true, tikhonov: lambda, tolerance: TAU, maxIterations: 20000 });
      expect(r.method).toBe('fista');
      expect(r.converged).toBe(true);
      const k = kkt(X, y.data, r.kernel.data, lambda);
      const { atLo } = checkBox('kernel', r.kernel.data, k, 2 * TAU * k.aty, 0, Infinity);
      expect(atLo, 'active constraints').toBeGreaterThan(0);
      expect(atLo, 'free entries').toBeLessThan(49);
    });

    it(`estimateKernel 'fista' sumToOne (simplex), ${mode}, λ = ${lambda}`, () => {
      const { X, y } = kernelProblem(mode);
      const r = cg.estimateKernel(KX, y, { rows: 7, cols: 7 }, { mode, sumToOne: true, tikhonov: lambda, tolerance: TAU, maxIterations: 20000 });
      expect(r.method).toBe('fista');
      expect(r.converged).toBe(true);
      const h = r.kernel.data;
      let sum = 0;
      for (const v of h) {
        expect(v).toBeGreaterThanOrEqual(0);
        sum += v;
      }
      // Σh = 1 up to the projection's round-off (a sum of 49 terms ≤ 1).
      expect(Math.abs(sum - 1)).toBeLessThanOrEqual(4 * h.length * U);
      const k = kkt(X, y.data, h, lambda);
      const eps = 2 * TAU * k.aty;
      let gMin = Infinity;
      let gMax = -Infinity;
      let support = 0;
      for (let i = 0; i < h.length; i++) {
        if (h[i]! > 0) {
          support++;
          gMin = Math.min(gMin, k.g[i]!);
          gMax = Math.max(gMax, k.g[i]!);
        }
      }
      expect(support, 'support size').toBeGreaterThan(0);
      expect(support, 'some entries are 0').toBeLessThan(h.length);
      const mu = -(gMax + gMin) / 2;
      for (let i = 0; i < h.length; i++) {
        const where = `entry ${i} = ${h[i]}, g + μ = ${k.g[i]! + mu}`;
        if (h[i]! > 0) expect(Math.abs(k.g[i]! + mu), where).toBeLessThanOrEqual(eps + k.slack[i]!);
        else expect(k.g[i]! + mu, where).toBeGreaterThanOrEqual(-2 * eps - k.slack[i]!);
      }
    });
  }

  for (const [mode, lambda, lo, hi] of [
    ['full', 0, 0, Infinity],
    ['valid', 0.01, 0, Infinity],
    ['same', 0.001, 0.1, 0.7],
  ] as const) {
    const what = hi === Infinity ? 'nonNegative' : `box [${lo}, ${hi}]`;
    it(`deconvolve 'fista' ${what}, ${mode}, λ = ${lambda}`, () => {
      const { A, y } = imageProblem(mode);
      const opts = hi === Infinity ? { nonNegative: true } : { box: [lo, hi] as [number, number] };
      const r = cg.deconvolve(DH, y, { mode, method: 'fista', tikhonov: lambda, ...opts, tolerance: TAU, maxIterations: 20000 });
      expect(r.method).toBe('fista');
      expect(r.converged).toBe(true);
      const k = kkt(A, y.data, r.image.data, lambda);
      const { atLo, atHi } = checkBox('image', r.image.data, k, 2 * TAU * k.aty, lo, hi);
      expect(atLo, 'active lower bounds').toBeGreaterThan(0);
      if (hi < Infinity) expect(atHi, 'active upper bounds').toBeGreaterThan(0);
    });
  }
});

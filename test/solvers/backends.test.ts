/**
 * The three backends (WebAssembly SIMD, WebAssembly scalar, pure JS) give the same answers for
 * every method, on small problems, float64 and float32.
 *
 * The backends run the same algorithms with different summation orders (SIMD lanes, blocked
 * loops, plain JS loops), so results agree to round-off, not bit for bit. To compare the
 * algorithms step by step rather than their stopping points, iterative methods run a fixed
 * number of iterations (tolerance 1e-300, never met) and the whole objective history is
 * compared too.
 *
 * Tolerances, relative (‖a − b‖/‖b‖), against the SIMD backend:
 * - 'exact': both solve the normal equations by Cholesky in float64: ≤ 4·κ(XᵀX)·(N + 3n)·u as in
 *   tikhonov.test.ts; here κ(XᵀX) is computed in the test.
 * - iterative methods, 40 iterations: each iteration's round-off is ~n·u relative, and the maps
 *   are non-expansive (projected gradient with step ≤ 1/L, FGP, RL's multiplicative update near
 *   its fixed point) or, for CGLS, well-conditioned here (κ(AᵀA) ≤ 25), so differences stay near
 *   u·iterations. Largest seen: answers 2e-14, objective histories 5e-13 (the kernel methods,
 *   whose objective comes from the Gram form and cancels); 1e-11 leaves a 20× margin.
 *   (Deconvolution answers came out bit-identical on all three backends except CGLS.)
 * - float32: the solvers iterate in float64 on the widened data and round only the answer, so
 *   float32 answers agree to one float32 rounding: 2⁻²⁴ relative (plus the float64 difference).
 */
import { describe, expect, it } from 'vitest';
import type { Convgrad, Matrix } from '../../src/index.js';
import { backends } from '../support/backends.js';
import { distance, eigenRange, gramT, norm } from '../support/dense.js';
import { conv2d, kernelOperator, omat } from '../support/oracle.js';
import { add, gaussianNoise, mat, motionKernel, randomKernel, randomValues, type DT } from '../support/problems.js';

const all = await backends();
const [ref, ...others] = all;
const U = 2 ** -53;
const ITER = 40;
const ITER_TOL = 1e-11;

// Kernel problem: x 18×17 random in [0, 1], kernel 5×4 (a motion line, cropped), noisy y.
const KX = randomValues(18 * 17, 61, 0, 1);
const KH = motionKernel(5, 4, 40).slice(0, 20);
const KY = (() => {
  const z = conv2d(omat(18, 17, KX), omat(5, 4, KH), 'valid');
  return { rows: z.rows, cols: z.cols, data: add(z.data, gaussianNoise(z.data.length, 62, 0.02)) };
})();
const KAPPA = (() => {
  const e = eigenRange(gramT(kernelOperator(omat(18, 17, KX), { rows: 5, cols: 4 }, 'valid', 'matlab')), 20);
  return (1.01 * e.max) / (e.min / 1.01);
})();

// Deconvolution problem: h 3×3 positive with a dominant centre (0.6 + 0.4·random, normalised), so
// that κ(AᵀA) ≤ ((0.6 + 0.4)/(0.6 − 0.4))² = 25; x 12×11 non-negative; y 'same', non-negative, noisy.
// (With a plain random kernel κ(AᵀA) ≈ 1e8 here, and CGLS run past convergence amplifies the
// backends' different last bits — through loss of orthogonality, the known behaviour of CG in
// floating point — to 5e-3 relative after 30 iterations; its converged answers still agree.)
const DH = randomKernel(3, 3, 71).map((v, i) => 0.4 * v + (i === 4 ? 0.6 : 0));
const DY = (() => {
  const z = conv2d(omat(12, 11, randomValues(12 * 11, 72, 0, 1)), omat(3, 3, DH), 'same');
  return { rows: z.rows, cols: z.cols, data: z.data.map((v, i) => Math.abs(v + 0.02 * Math.cos(3 * i))) };
})();

interface Out {
  v: ArrayLike<number>;
  history: number[];
  iterations: number;
  method: string;
}

type Case = [name: string, run: (cg: Convgrad, dtype: DT) => Out, tol: number];

const ek = (o: object) => (cg: Convgrad, dtype: DT): Out => {
  const r = cg.estimateKernel(mat(18, 17, KX, dtype), mat(KY.rows, KY.cols, KY.data, dtype), { rows: 5, cols: 4 }, o);
  return { v: r.kernel.data, history: r.history, iterations: r.iterations, method: r.method };
};
const dc = (o: object) => (cg: Convgrad, dtype: DT): Out => {
  const r = cg.deconvolve(mat(3, 3, DH, dtype), mat(DY.rows, DY.cols, DY.data, dtype), { mode: 'same', ...o });
  return { v: r.image.data, history: r.history, iterations: r.iterations, method: r.method };
};
const fixed = { maxIterations: ITER, tolerance: 1e-300 };

const CASES: readonly Case[] = [
  ["estimateKernel 'exact'", ek({}), 4 * KAPPA * (KY.rows * KY.cols + 60) * U],
  ["estimateKernel 'exact', tikhonov", ek({ tikhonov: 0.1 }), 4 * KAPPA * (KY.rows * KY.cols + 60) * U],
  ["estimateKernel 'fista' nonNegative", ek({ nonNegative: true, ...fixed }), ITER_TOL],
  ["estimateKernel 'fista' sumToOne", ek({ sumToOne: true, ...fixed }), ITER_TOL],
  ["estimateKernel 'fista' unconstrained, tikhonov", ek({ method: 'fista', tikhonov: 0.1, ...fixed }), ITER_TOL],
  ["estimateKernel 'gd'", ek({ method: 'gd', ...fixed }), ITER_TOL],
  ["estimateKernel 'gd', step", ek({ method: 'gd', step: 1e-3, ...fixed }), ITER_TOL],
  ["deconvolve 'cg'", dc({ method: 'cg', ...fixed }), ITER_TOL],
  ["deconvolve 'cg', tikhonov", dc({ method: 'cg', tikhonov: 0.05, ...fixed }), ITER_TOL],
  ["deconvolve 'fista' nonNegative", dc({ method: 'fista', nonNegative: true, ...fixed }), ITER_TOL],
  ["deconvolve 'fista' box", dc({ method: 'fista', box: [0.1, 0.8], ...fixed }), ITER_TOL],
  ["deconvolve 'fista' tv", dc({ method: 'fista', tv: 0.02, ...fixed }), ITER_TOL],
  ["deconvolve 'fista' tv + nonNegative + tikhonov", dc({ method: 'fista', tv: 0.02, nonNegative: true, tikhonov: 0.01, ...fixed }), ITER_TOL],
  ["deconvolve 'richardson-lucy'", dc({ method: 'richardson-lucy', ...fixed }), ITER_TOL],
];

/**
 * Answers within tol relative; objective histories within tol relative to max(|f|, f₀), f₀ the
 * first reported objective: once a consistent problem is solved the objective is round-off
 * (≈1e-30) whose relative differences mean nothing, while its absolute differences stay tiny.
 */
function compare(what: string, a: Out, b: Out, tol: number): void {
  expect(a.method, what).toBe(b.method);
  expect(a.iterations, what).toBe(b.iterations);
  expect(a.history.length, what).toBe(b.history.length);
  const d = distance(a.v, b.v) / norm(b.v);
  expect(d, `${what}: relative difference of the answers`).toBeLessThanOrEqual(tol);
  const f0 = Math.abs(b.history[0] ?? 0);
  for (let i = 0; i < b.history.length; i++) {
    const ha = a.history[i]!;
    const hb = b.history[i]!;
    if (!(Math.abs(ha - hb) <= tol * Math.max(Math.abs(hb), f0))) expect.fail(`${what}: history[${i}] ${ha} vs ${hb}`);
  }
}

describe(`backends agree with ${ref!.name}`, () => {
  it('κ(XᵀX) of the kernel problem is moderate', () => {
    expect(KAPPA).toBeLessThan(1e6);
  });

  for (const [name, run, tol] of CASES) {
    it(`${name}: float64`, () => {
      const want = run(ref!.cg, 'float64');
      if (tol === ITER_TOL) expect(want.iterations, 'runs the fixed number of iterations').toBe(ITER);
      for (const o of others) compare(`${name}, ${o.name}`, run(o.cg, 'float64'), want, tol);
    });

    it(`${name}: float32`, () => {
      const want = run(ref!.cg, 'float32');
      expect(want.v).toBeInstanceOf(Float32Array);
      for (const o of others) compare(`${name}, ${o.name}`, run(o.cg, 'float32'), want, tol + 2 ** -24);
    });
  }

  it("deconvolve 'wiener': the same on both WebAssembly backends (the JS baseline has no FFT)", () => {
    const run = (cg: Convgrad): Matrix =>
      cg.deconvolve(mat(3, 3, DH), mat(DY.rows, DY.cols, DY.data), { mode: 'same', method: 'wiener', tikhonov: 0.01 }).image;
    const wasm = all.filter((b) => b.name !== 'js');
    const want = run(wasm[0]!.cg);
    for (const o of wasm.slice(1)) expect(distance(run(o.cg).data, want.data) / norm(want.data), o.name).toBeLessThanOrEqual(1e-12);
  });
});

/**
 * Richardson–Lucy deconvolution (as MATLAB deconvlucy / scikit-image):
 *     x⁺ = x ⊙ Aᵀ(y ⊘ Ax) ⊘ Aᵀ1,
 * on noise-free non-negative problems (a random positive image with a random positive 3×3
 * kernel, and a crop of camera.png with a 5×5 Gaussian), modes 'valid', 'same' and 'full'.
 *
 * - One iteration equals the hand computation from the oracle's explicit operator matrix, from the
 *   default start (the constant mean(y)) and from a given x0. With positive h, x and y every sum
 *   is of non-negative terms, so each entry has a relative error ≤ γ_n for its n terms; the update
 *   chains three such sums (Ax, Aᵀ(·), Aᵀ1, ≤ k·l terms each) and two divisions and a product,
 *   in the library and in the oracle: per entry |Δ| ≤ 2·(3kl + 3)·u·x⁺ (twice: both sides).
 * - RL is the EM algorithm for Poisson data, so the I-divergence D(y‖Ax) = Σ y·log(y/Ax) − y + Ax
 *   cannot increase from one iterate to the next (Shepp & Vardi 1982). The iterates are obtained
 *   by chaining one-iteration solves (x0 = the previous result: the step depends on x only), the
 *   divergence computed by the oracle; allowed increase per step: round-off, 1e-13·Σy.
 *   The chained iterates equal a single multi-iteration run bit for bit.
 * - The least-squares objective that `history` reports is not guaranteed monotone for RL in
 *   general; on these noise-free problems it decreases at every step (checked for 500
 *   iterations while writing the test), and the test asserts that for 60.
 * - Every iterate stays non-negative (multiplicative update of non-negative factors).
 */
import { describe, expect, it } from 'vitest';
import type { Matrix, Mode } from '../../src/index.js';
import { cameraCrop } from '../fixtures/photo.js';
import { backends } from '../support/backends.js';
import { conv2d, fromMatrix, imageOperator, matTvec, matvec, omat, type Operator } from '../support/oracle.js';
import { gaussianKernel, mat, randomKernel, randomValues } from '../support/problems.js';

const all = await backends();
const U = 2 ** -53;

const PROBLEMS: ReadonlyArray<[string, Matrix, Matrix]> = [
  ['random 14×13, random 3×3 kernel', mat(14, 13, randomValues(14 * 13, 5, 0.05, 1)), mat(3, 3, randomKernel(3, 3, 6))],
  ['camera 24×24, Gaussian 5×5', cameraCrop('float64', 24, 24), mat(5, 5, gaussianKernel(5, 5, 1.2))],
];
const MODES: readonly Mode[] = ['valid', 'same', 'full'];

interface Setup {
  A: Operator;
  y: Matrix;
  /** Aᵀ1 */
  norm: Float64Array;
}

function setup(xt: Matrix, h: Matrix, mode: Mode): Setup {
  const A = imageOperator(omat(h.rows, h.cols, h.data), { rows: xt.rows, cols: xt.cols }, mode, 'matlab');
  const z = conv2d(fromMatrix(xt), omat(h.rows, h.cols, h.data), mode);
  return { A, y: mat(z.rows, z.cols, z.data), norm: matTvec(A, new Float64Array(A.rows).fill(1)) };
}

/** One RL step by hand: x ⊙ Aᵀ(y ⊘ Ax) ⊘ Aᵀ1. */
function step({ A, y, norm }: Setup, x: ArrayLike<number>): Float64Array {
  const ax = matvec(A, x);
  const ratio = ax.map((v, i) => y.data[i]! / v);
  const back = matTvec(A, ratio);
  return back.map((v, i) => (x[i]! * v) / norm[i]!);
}

/** I-divergence D(y‖Ax). */
function divergence({ A, y }: Setup, x: ArrayLike<number>): number {
  const ax = matvec(A, x);
  let d = 0;
  for (let i = 0; i < ax.length; i++) {
    const yi = y.data[i]!;
    d += (yi > 0 ? yi * Math.log(yi / ax[i]!) : 0) - yi + ax[i]!;
  }
  return d;
}

function expectClose(what: string, got: ArrayLike<number>, want: ArrayLike<number>, relTol: number): void {
  expect(got.length, what).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const tol = relTol * Math.abs(want[i]!);
    if (!(Math.abs(got[i]! - want[i]!) <= tol)) expect.fail(`${what}: entry ${i} got ${got[i]}, want ${want[i]}, tol ${tol}`);
  }
}

describe.each(all.map((b) => [b.name, b] as const))('%s Richardson–Lucy', (_name, { cg }) => {
  for (const [pname, xt, h] of PROBLEMS) {
    const relTol = 2 * 2 * (3 * h.rows * h.cols + 3) * U;
    for (const mode of MODES) {
      const s = setup(xt, h, mode);

      it(`${pname}, ${mode}: one iteration = x0 ⊙ Aᵀ(y ⊘ Ax0) ⊘ Aᵀ1 (default x0 = mean(y), and a given x0)`, () => {
        let mean = 0;
        for (const v of s.y.data) mean += v;
        mean /= s.y.data.length;
        const r = cg.deconvolve(h, s.y, { mode, method: 'richardson-lucy', maxIterations: 1 });
        expect(r.iterations).toBe(1);
        expect([r.image.rows, r.image.cols]).toEqual([xt.rows, xt.cols]);
        expectClose('from mean(y)', r.image.data, step(s, new Float64Array(s.A.cols).fill(mean)), relTol);

        const x0 = mat(xt.rows, xt.cols, randomValues(xt.rows * xt.cols, 77, 0.2, 1.5));
        const r0 = cg.deconvolve(h, s.y, { mode, method: 'richardson-lucy', maxIterations: 1, x0 });
        expectClose('from x0', r0.image.data, step(s, x0.data), relTol);
      });

      it(`${pname}, ${mode}: I-divergence and the least-squares objective decrease monotonically; iterates stay ≥ 0`, () => {
        const N = 60;
        let ySum = 0;
        for (const v of s.y.data) ySum += v;
        let x: Matrix | undefined;
        let prev = Infinity;
        const chained: number[] = [];
        for (let it = 0; it < N; it++) {
          const r = cg.deconvolve(h, s.y, { mode, method: 'richardson-lucy', maxIterations: 1, tolerance: 1e-300, ...(x ? { x0: x } : {}) });
          x = r.image;
          chained.push(r.history[0]!);
          for (let i = 0; i < x.data.length; i++) if (!(x.data[i]! >= 0)) expect.fail(`iteration ${it + 1}: entry ${i} = ${x.data[i]}`);
          const d = divergence(s, x.data);
          expect(d, `I-divergence at iteration ${it + 1}`).toBeLessThanOrEqual(prev + 1e-13 * ySum);
          prev = d;
        }
        const run = cg.deconvolve(h, s.y, { mode, method: 'richardson-lucy', maxIterations: N, tolerance: 1e-300 });
        expect(run.iterations).toBe(N);
        expect(run.converged).toBe(false);
        expect(run.history).toHaveLength(N);
        expect(run.history).toEqual(chained);
        expect(Array.from(run.image.data)).toEqual(Array.from(x!.data));
        for (let i = 1; i < N; i++) expect(run.history[i]!, `objective at iteration ${i + 1}`).toBeLessThanOrEqual(run.history[i - 1]!);
        // And it gets somewhere: the objective falls well below its start.
        expect(run.history.at(-1)!).toBeLessThan(0.1 * run.history[0]!);
      });
    }
  }

  it('float32 data: the float64 answer for the same numbers, rounded to float32', () => {
    // The solver widens float32 inputs and iterates in float64; only the answer is rounded.
    const [, xt, h] = PROBLEMS[0]!;
    const s = setup(xt, h, 'valid');
    const h32 = mat(3, 3, h.data, 'float32');
    const y32 = mat(s.y.rows, s.y.cols, s.y.data, 'float32');
    const r32 = cg.deconvolve(h32, y32, { method: 'richardson-lucy', maxIterations: 20 });
    const r64 = cg.deconvolve(mat(3, 3, h32.data), mat(y32.rows, y32.cols, y32.data), { method: 'richardson-lucy', maxIterations: 20 });
    expect(r32.image.data).toBeInstanceOf(Float32Array);
    expect(Array.from(r32.image.data)).toEqual(Array.from(Float32Array.from(r64.image.data)));
    expect(r32.history).toEqual(r64.history);
  });
});

/**
 * Slightly negative data (noise around a black level) are accepted: inside the ratio y counts as
 * max(y, 0) (deconvlucy's rule), so a run on y and a run on max(y, 0) produce the same image bit
 * for bit; the reported objective is that of y as given; the kernel must still be non-negative.
 */
describe('richardson-lucy with slightly negative y', () => {
  const xt = mat(14, 13, randomValues(14 * 13, 5, 0, 1));
  const h = mat(3, 3, randomKernel(3, 3, 6));
  for (const mode of MODES) {
    const { y, A } = setup(xt, h, mode);
    const noisy = Float64Array.from(y.data);
    for (let i = 0; i < noisy.length; i += 5) noisy[i] = -0.02 * ((i % 3) + 1);
    const clamped = noisy.map((v) => Math.max(v, 0));
    for (const { name, cg } of all) {
      it(`${name}, '${mode}': same image as with max(y, 0), objective of y, iterates ≥ 0`, () => {
        const yn = mat(y.rows, y.cols, noisy);
        const before = Float64Array.from(noisy);
        const r = cg.deconvolve(h, yn, { mode, method: 'richardson-lucy', maxIterations: 20 });
        const c = cg.deconvolve(h, mat(y.rows, y.cols, clamped), { mode, method: 'richardson-lucy', maxIterations: 20 });
        expect(yn.data).toEqual(before);
        expect(r.image.data).toEqual(c.image.data);
        for (const v of r.image.data) expect(v).toBeGreaterThanOrEqual(0);
        const res = matvec(A, r.image.data);
        let f = 0;
        for (let i = 0; i < res.length; i++) f += (res[i]! - noisy[i]!) ** 2;
        expect(Math.abs(r.objective - 0.5 * f)).toBeLessThanOrEqual(1e-12 * Math.max(0.5 * f, 1));
        expect(() => cg.deconvolve(mat(3, 3, h.data.map((v, i) => (i === 4 ? -v : v))), yn, { mode, method: 'richardson-lucy' })).toThrow(/non-negative kernel h/);
      });
    }
  }
});

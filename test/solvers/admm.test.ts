/**
 * method 'admm' (src/solvers/admm.ts, assembly/admm.ts): TV / Tikhonov / box deconvolution on a
 * masked periodic canvas.
 *
 * - The masked periodic model equals the direct one: with the image zero-padded into the canvas
 *   admmCanvas() picks, a periodic convolution (plain loops here) cropped to the observed window
 *   equals the oracle's conv2d in every mode and convention, and its adjoint (periodic correlation
 *   of the zero-filled window) passes the dot-product test (both to round-off, 1e-12 relative).
 * - Tikhonov alone has the closed form (AᵀA + λI)⁻¹Aᵀy (dense Cholesky on the oracle's matrix);
 *   with options.tolerance 1e-8 the objectives agree to 1e-9 relative and the images to 1e-5 of ‖x*‖
 *   (the objective is quadratic near its minimiser: an objective gap δ moves x by √(2δ/λ_min)).
 * - Every mode × constraint set agrees with an independent long, tight reference solve
 *   (tv-reference.ts: dense textbook ADMM, 1e-13 residuals) to 1e-6 relative in the objective,
 *   the library run with options.tolerance 1e-6; the returned image is feasible exactly and its
 *   reported objective is the one computed here from the definition (1e-12 relative).
 * - `converged` only when the rule was met; JS backend: the default falls back to FISTA and an
 *   explicit 'admm' is an ArgumentError; progress, stop and abort.
 */
import { describe, expect, it } from 'vitest';
import type { Convgrad, Matrix, Mode } from '../../src/index.js';
import { ArgumentError } from '../../src/index.js';
import { admmCanvas } from '../../src/wasm/admm.js';
import { backends } from '../support/backends.js';
import { addDiagonal, gramT, solveSPD } from '../support/dense.js';
import { conv2d, cropOf, imageOperator, matTvec, omat, type OConvention } from '../support/oracle.js';
import { add, gaussianNoise, mat, randomKernel, randomValues } from '../support/problems.js';
import { referenceSolve, tvObjective, type TvProblem } from './tv-reference.js';

const all = await backends();
const wasm = all.filter((b) => b.name !== 'js');
const js = all.find((b) => b.name === 'js')!.cg;
const MODES: readonly Mode[] = ['valid', 'same', 'full'];

/** Periodic convolution on a Tr×Tc canvas of x placed at (0, 0). */
function periodicConv(x: Float64Array, m: number, n: number, h: Float64Array, k: number, l: number, Tr: number, Tc: number): Float64Array {
  const out = new Float64Array(Tr * Tc);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
    const v = x[i * n + j]!;
    for (let a = 0; a < k; a++) for (let b = 0; b < l; b++) {
      const r = (i + a) % Tr;
      const c = (j + b) % Tc;
      out[r * Tc + c] = out[r * Tc + c]! + v * h[a * l + b]!;
    }
  }
  return out;
}

/** The adjoint: periodic correlation of a canvas, read back on the image. */
function periodicCorr(w: Float64Array, m: number, n: number, h: Float64Array, k: number, l: number, Tr: number, Tc: number): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
    let s = 0;
    for (let a = 0; a < k; a++) for (let b = 0; b < l; b++) s += h[a * l + b]! * w[((i + a) % Tr) * Tc + ((j + b) % Tc)]!;
    out[i * n + j] = s;
  }
  return out;
}

describe('the masked periodic model', () => {
  const cases: Array<[number, number, number, number]> = [[7, 9, 3, 4], [12, 5, 5, 2], [6, 6, 6, 6], [4, 11, 7, 3], [1, 8, 1, 3]];
  for (const [m, n, k, l] of cases) {
    for (const mode of MODES) {
      for (const convention of ['matlab', 'scipy'] as OConvention[]) {
        if (mode === 'valid' && (k > m || l > n)) continue;
        it(`equals conv2d '${mode}' (${convention}) for x ${m}×${n}, h ${k}×${l}, and its adjoint is the masked correlation`, () => {
          const c = cropOf('conv', mode, convention, m, n, k, l);
          const [Tr, Tc] = admmCanvas(m, n, k, l, c.rows, c.cols, c.r0, c.c0);
          expect(Tc % 2).toBe(0);
          const x = randomValues(m * n, m * 31 + n, -1, 1);
          const h = randomValues(k * l, k * 7 + l, -1, 1);
          const direct = conv2d(omat(m, n, x), omat(k, l, h), mode, convention);
          const canvas = periodicConv(x, m, n, h, k, l, Tr, Tc);
          const w = randomValues(c.rows * c.cols, 99, -1, 1);
          const W = new Float64Array(Tr * Tc);
          let scale = 0;
          let lhs = 0;
          for (let i = 0; i < c.rows; i++) for (let j = 0; j < c.cols; j++) {
            const v = canvas[(c.r0 + i) * Tc + c.c0 + j]!;
            expect(Math.abs(v - direct.data[i * c.cols + j]!)).toBeLessThanOrEqual(1e-12 * (k * l));
            W[(c.r0 + i) * Tc + c.c0 + j] = w[i * c.cols + j]!;
            lhs += v * w[i * c.cols + j]!;
            scale += Math.abs(v * w[i * c.cols + j]!);
          }
          const back = periodicCorr(W, m, n, h, k, l, Tr, Tc);
          let rhs = 0;
          for (let i = 0; i < m * n; i++) rhs += x[i]! * back[i]!;
          expect(Math.abs(lhs - rhs)).toBeLessThanOrEqual(1e-12 * Math.max(scale, 1));
        });
      }
    }
  }
});

function problem(mode: Mode, seed: number): { h: Matrix; y: Matrix; A: ReturnType<typeof imageOperator>; m: number; n: number } {
  const m = 9;
  const n = 8;
  const k = 3;
  const l = 3;
  const xt = randomValues(m * n, seed, 0, 1);
  const hv = randomKernel(k, l, seed + 1);
  const A = imageOperator(omat(k, l, hv), { rows: m, cols: n }, mode, 'matlab');
  const clean = conv2d(omat(m, n, xt), omat(k, l, hv), mode);
  const y = add(clean.data, gaussianNoise(clean.data.length, seed + 2, 0.05));
  // Some data slightly negative too, so that non-negativity is active.
  for (let i = 0; i < y.length; i += 7) y[i] = -0.1;
  const [R, C] = mode === 'valid' ? [m - k + 1, n - l + 1] : mode === 'same' ? [m, n] : [m + k - 1, n + l - 1];
  return { h: mat(k, l, hv), y: mat(R, C, y), A, m, n };
}

describe("'admm' against Tikhonov's closed form", () => {
  for (const { name, cg } of wasm) {
    for (const mode of MODES) {
      it(`${name}, '${mode}'`, () => {
        const { h, y, A, m, n } = problem(mode, 11);
        const lambda = 0.05;
        const xStar = solveSPD(addDiagonal(gramT(A), A.cols, lambda), A.cols, matTvec(A, y.data));
        const p: TvProblem = { A, y: y.data, m, n, lambda, tv: 0, lo: -Infinity, hi: Infinity };
        const r = cg.deconvolve(h, y, { mode, method: 'admm', tikhonov: lambda, tolerance: 1e-8 });
        expect(r.method).toBe('admm');
        expect(r.converged).toBe(true);
        const fStar = tvObjective(p, xStar);
        expect(Math.abs(r.objective - fStar) / fStar).toBeLessThanOrEqual(1e-9);
        let d = 0, s = 0;
        for (let i = 0; i < xStar.length; i++) {
          d += (r.image.data[i]! - xStar[i]!) ** 2;
          s += xStar[i]! ** 2;
        }
        expect(Math.sqrt(d / s)).toBeLessThanOrEqual(1e-5);
      });
    }
  }
});

const CONSTRAINTS: ReadonlyArray<[string, { tv?: number; nonNegative?: boolean; box?: [number, number]; tikhonov?: number }]> = [
  ['tv', { tv: 0.02 }],
  // Without TV, 'valid' has fewer data than unknowns: a little Tikhonov makes the minimiser unique.
  ['nonNegative (+ tikhonov)', { nonNegative: true, tikhonov: 1e-3 }],
  ['box (+ tikhonov)', { box: [0.1, 0.8], tikhonov: 1e-3 }],
  ['tv + nonNegative', { tv: 0.02, nonNegative: true }],
  ['tv + box + tikhonov', { tv: 0.01, box: [0, 0.9], tikhonov: 0.01 }],
];

/**
 * Every mode × constraint at `tolerance`: converged, the image in the box exactly, the reported
 * objective the direct model's, and at most `gap` (relative) above a long, tight reference solve.
 */
function againstReference(tolerance: number | undefined, gap: number): void {
  for (const mode of MODES) {
    for (const [label, c] of CONSTRAINTS) {
      it(`'${mode}', ${label}`, () => {
        const { h, y, A, m, n } = problem(mode, 23);
        const lo = Math.max(c.nonNegative ? 0 : -Infinity, c.box?.[0] ?? -Infinity);
        const hi = c.box?.[1] ?? Infinity;
        const p: TvProblem = { A, y: y.data, m, n, lambda: c.tikhonov ?? 0, tv: c.tv ?? 0, lo, hi };
        const ref = referenceSolve(p);
        for (const { name, cg } of wasm) {
          const r = cg.deconvolve(h, y, { mode, ...c, ...(tolerance === undefined ? {} : { tolerance }) });
          expect(r.method, name).toBe('admm');
          expect(r.converged, name).toBe(true);
          for (const v of r.image.data) {
            expect(v).toBeGreaterThanOrEqual(lo);
            expect(v).toBeLessThanOrEqual(hi);
          }
          const f = tvObjective(p, r.image.data);
          expect(Math.abs(r.objective - f) / f, `${name}: reported objective`).toBeLessThanOrEqual(1e-12);
          expect((f - ref.objective) / ref.objective, `${name}: ${f} vs reference ${ref.objective}`).toBeLessThanOrEqual(gap);
          expect(f, name).toBeGreaterThanOrEqual(ref.objective * (1 - 1e-12));
        }
      });
    }
  }
}

describe("'admm' against a long, tight reference solve", () => againstReference(1e-6, 1e-6));

// At tolerance ≥ ADMM_FLOAT32_FROM (1e-5) every canvas buffer and pointwise operation is float32
// (assembly/admm.ts): the iterates carry ~1e-7 relative round-off, far below what the rule at 1e-5
// resolves, so the objective still lands within 1e-4 of the optimum; the box's bounds, rounded
// to float32 inside the pass, still hold exactly on the returned image (clamped in float64).
describe("'admm' with float32 canvas buffers (tolerance 1e-5)", () => againstReference(1e-5, 1e-4));

// The default tolerance (1e-4) stops by rule (a) or, sooner, by rule (b) of src/solvers/admm.ts:
// issue 12's promise is an objective within 1e-4 of the optimum, checked here on every mode and
// constraint set of these small problems (the large cases are in bench/deconvolve).
describe("'admm' at the default tolerance", () => againstReference(undefined, 1e-4));

describe("'admm' bookkeeping", () => {
  const { h, y } = problem('valid', 5);
  const cg: Convgrad = wasm[0]!.cg;

  it('is the default with tv, box or nonNegative; not with tikhonov alone', () => {
    expect(cg.deconvolve(h, y, { tv: 0.01 }).method).toBe('admm');
    expect(cg.deconvolve(h, y, { box: [0, 1] }).method).toBe('admm');
    expect(cg.deconvolve(h, y, { nonNegative: true }).method).toBe('admm');
    expect(cg.deconvolve(h, y, { tikhonov: 0.1 }).method).toBe('cg');
  });

  it('on the JS backend the default falls back to FISTA; an explicit admm is an ArgumentError', () => {
    expect(js.deconvolve(h, y, { tv: 0.01, maxIterations: 5 }).method).toBe('fista');
    expect(() => js.deconvolve(h, y, { method: 'admm', tv: 0.01 })).toThrow(ArgumentError);
  });

  it('converged is false when the iteration limit comes first; history has one entry per iteration', () => {
    const r = cg.deconvolve(h, y, { tv: 0.01, nonNegative: true, maxIterations: 3 });
    expect(r.converged).toBe(false);
    expect(r.iterations).toBe(3);
    expect(r.history).toHaveLength(3);
    expect(Number.isFinite(r.objective)).toBe(true);
  });

  it('reports progress, stops when onIteration returns false, throws the abort reason', () => {
    const seen: number[] = [];
    const r = cg.deconvolve(h, y, { tv: 0.01, onIteration: (i) => (seen.push(i.iteration), i.iteration < 4) });
    expect(seen).toEqual([1, 2, 3, 4]);
    expect(r.iterations).toBe(4);
    expect(r.converged).toBe(false);
    const ac = new AbortController();
    const reason = new Error('stop');
    expect(() => cg.deconvolve(h, y, { tv: 0.01, signal: ac.signal, onIteration: (i) => { if (i.iteration === 2) ac.abort(reason); } })).toThrow(reason);
  });

  it('warm start from the answer converges at once, to the same objective', () => {
    const r = cg.deconvolve(h, y, { tv: 0.01, nonNegative: true, tolerance: 1e-7 });
    const again = cg.deconvolve(h, y, { tv: 0.01, nonNegative: true, x0: r.image, tolerance: 1e-5 });
    expect(again.iterations).toBeLessThan(r.iterations);
    expect(Math.abs(again.objective - r.objective) / r.objective).toBeLessThanOrEqual(1e-6);
  });

  it('bad input: typed errors, inputs untouched', () => {
    const hc = Float64Array.from(h.data);
    const yc = Float64Array.from(y.data);
    expect(() => cg.deconvolve(h, y, { method: 'admm', tv: -1 })).toThrow(ArgumentError);
    expect(() => cg.deconvolve(h, y, { method: 'admm', box: [1, 0] as [number, number] })).toThrow(ArgumentError);
    expect(() => cg.deconvolve(h, y, { method: 'admm', tolerance: 0 })).toThrow(ArgumentError);
    expect(() => cg.deconvolve(h, y, { method: 'admm', x0: mat(2, 2, [0, 0, 0, 0]) })).toThrow();
    cg.deconvolve(h, y, { method: 'admm', tv: 0.01, maxIterations: 5 });
    expect(h.data).toEqual(hc);
    expect(y.data).toEqual(yc);
  });
});

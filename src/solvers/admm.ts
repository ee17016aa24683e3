/**
 * ADMM for deconvolution with total variation, Tikhonov, a box or non-negativity, every linear
 * step diagonal in the Fourier domain and the model's unknown boundary handled exactly.
 *
 * Entry points:
 *  - public: `deconvolve(h, y, { method: 'admm', ... })` (the default whenever tv, box or
 *    nonNegative is set on a backend with an FFT);
 *  - internal (from other solvers, e.g. blind deconvolution's final non-blind step):
 *    `deconvolve(backend, h, y, options)` in ./deconvolve.ts with `method: 'admm'`, or, with a
 *    session already open, `admm(s, engine, x, options, progress)` below on an engine from
 *    `s.admmEngine(problem)` (null on backends without an FFT).
 *
 * Problem: minimise ½‖crop(x ∗ h) − y‖² + ½λ‖x‖² + τ·TV(x) subject to lo ≤ x ≤ hi, x m×n, TV the
 * isotropic forward-difference TV of tv.ts. Following Almeida & Figueiredo (IEEE TIP 2013) and
 * Matakos, Ramani & Fessler (IEEE TIP 2013), z lives on a periodic canvas large enough that the
 * masked periodic convolution equals the direct model (wasm/admm.ts admmCanvas), with splittings
 *   u = H z (data term on the observed pixels only; u is free elsewhere),
 *   v = D z (periodic forward differences; TV on the differences inside the image only),
 *   w = z   (Tikhonov and the box inside the image, w = 0 outside it),
 * so the z-update solves (μ₁HᵀH + μ₂DᵀD + μ₃I)z = rhs, diagonal in the Fourier domain (as in FTVd,
 * Wang, Yang, Yin & Zhang 2008), and the u, v, w updates are pointwise: per iteration one forward
 * and one inverse complex 2-D FFT of the canvas (the two real right-hand sides packed as a + i·b;
 * the work of 4 real ones) plus O(pixels).
 *
 * Penalties adapt by residual balancing (Boyd et al. 2011 §3.4.1), per block, on residuals
 * normalised by their scales; they are adapted every ADAPT_EVERY iterations and frozen after
 * ADAPT_UNTIL, so the fixed-penalty convergence theory holds from then on.
 *
 * Stopping rule (Boyd et al. §3.3.1, on the problem with constraint j weighted by √μⱼ):
 *   primal ‖r‖ = √Σμⱼ‖Gⱼz − sⱼ‖² ≤ tol · max(√Σμⱼ‖Gⱼz‖², √Σμⱼ‖sⱼ‖²) and
 *   dual   ‖s‖ = √Σμⱼ‖sⱼ − sⱼ_prev‖² ≤ tol · √Σμⱼ‖dⱼ‖²   (dⱼ the scaled duals),
 * the dual residual in split-variable form (it bounds Boyd's Gᵀ-form up to ‖G‖). The returned
 * image is w on the image (always feasible); its objective is computed from the direct model.
 */
import type { AdmmEngine, AdmmStats } from './admm-engine.js';
import type { Progress } from './progress.js';
import type { Vec } from './session.js';

/** Default relative tolerance of the residuals (see the stopping rule above). */
export const ADMM_TOLERANCE = 1e-4;
/** Default iteration limit: far above what the default tolerance needs (a few hundred). */
export const ADMM_MAX_ITERATIONS = 5000;
/** Over-relaxation α (Boyd et al. 2011 §3.4.3: 1.5–1.8 typically speeds ADMM up). */
export const ADMM_RELAXATION = 1.7;
/**
 * From this tolerance up, every canvas buffer (state, data, FFT buffers) and every pointwise
 * operation is float32 (the stopping rule's sums stay float64): the rule then sits ≥ 100× above
 * the round-off float32 adds to an iteration (~1e-7 relative), the transforms take about half the
 * time, and the fused pass handles 4 pixels per SIMD operation instead of 2. Tighter tolerances
 * run in float64 throughout.
 */
export const ADMM_FLOAT32_FROM = 1e-5;

/** The precision of the canvas buffers and pointwise arithmetic for a solve to `tolerance` (see ADMM_FLOAT32_FROM). */
export function admmPrecision(tolerance: number): 'float32' | 'float64' {
  return tolerance >= ADMM_FLOAT32_FROM ? 'float32' : 'float64';
}
const ADAPT_EVERY = 5;
const ADAPT_FROM = 10;
const ADAPT_UNTIL = 200;
/** Residual balancing: act when one normalised residual exceeds the other this many times. */
const BALANCE = 30;
const TINY = 1e-300;


export interface AdmmOptions {
  tv: number;
  /** ‖h‖₁ and max|y|: the problem's scales, for the starting penalties. */
  hNorm1: number;
  yMax: number;
  maxIterations: number;
  tolerance: number;
}

/**
 * The starting penalties for data, TV (0 when tv = 0: the v block is then idle) and box, scaled
 * with the problem: x is measured in units of max|y|/‖h‖₁, so the TV shrinkage threshold τ/μ₂ is
 * 1/50 of that scale. Fitted on motion and Gaussian blurs of photographs (fixed penalties, best
 * objective after 150 iterations); residual balancing corrects them when a problem differs. The
 * box penalty 1e-2·‖h‖₁²: at 1e-3 the box's dual converged so slowly where x ≥ 0 is widely active
 * that the rule stopped ~1e-3 above the optimum (the README's RGB photo, issue 12); 1e-2 leaves
 * 4e-5 there and on the camera case (camera: 129 iterations instead of 119).
 */
export function initialPenalties(tv: number, hNorm1: number, yMax: number): [number, number, number] {
  const c = hNorm1 > 0 ? hNorm1 : 1;
  const xScale = yMax > 0 ? yMax / c : 1;
  return [0.05, tv > 0 ? (50 * tv) / xScale : 0, 1e-2 * c * c];
}

/** The larger of the relative primal and dual residuals, and whether both meet `tol`. */
export function residuals(st: AdmmStats, mu: readonly number[]): { primal: number; dual: number } {
  let r = 0, g = 0, s = 0, e = 0, q = 0;
  for (let b = 0; b < 3; b++) {
    const w = mu[b]!;
    if (w === 0) continue;
    r += w * st[5 * b]!;
    g += w * st[5 * b + 1]!;
    s += w * st[5 * b + 2]!;
    e += w * st[5 * b + 3]!;
    q += w * st[5 * b + 4]!;
  }
  return {
    primal: Math.sqrt(r) / Math.max(Math.sqrt(Math.max(g, s)), TINY),
    dual: Math.sqrt(e) / Math.max(Math.sqrt(q), TINY),
  };
}

/**
 * Runs ADMM from x (m×n, feasible or not) and writes the result into x. `objectiveOf` turns the
 * stats into the reported per-iteration objective (of the z iterate).
 */
export function admm(
  engine: AdmmEngine, x: Vec, copyImage: (dst: Vec, src: Vec) => void, o: AdmmOptions, progress: Progress,
  objectiveOf: (st: AdmmStats) => number,
): { iterations: number; converged: boolean } {
  const mu = initialPenalties(o.tv, o.hNorm1, o.yMax);
  const f = [1, 1, 1];
  engine.start(x, mu);
  engine.prepare(mu, f);
  let result = { iterations: o.maxIterations, converged: false };
  for (let it = 1; it <= o.maxIterations; it++) {
    const st = engine.step(mu);
    const { primal, dual } = residuals(st, mu);
    const keepGoing = progress.report(it, objectiveOf(st), Math.max(primal, dual));
    if (!Number.isFinite(primal) || !Number.isFinite(dual)) break; // diverged: never reported converged
    if (primal <= o.tolerance && dual <= o.tolerance) {
      result = { iterations: it, converged: true };
      break;
    }
    if (!keepGoing) {
      result = { iterations: it, converged: false };
      break;
    }
    f[0] = f[1] = f[2] = 1;
    if (it >= ADAPT_FROM && it <= ADAPT_UNTIL && it % ADAPT_EVERY === 0) balance(st, mu, f);
    engine.prepare(mu, f);
  }
  copyImage(x, engine.image());
  return result;
}

/**
 * Residual balancing per block: μⱼ up when the block's share of the primal residual dominates its
 * share of the dual residual, down in the opposite case. Shares are relative to the stacked scales
 * of the stopping rule, so a block that is idle (e.g. a box that is not active) is left alone.
 */
function balance(st: AdmmStats, mu: number[], f: number[]): void {
  let g = 0, s = 0, q = 0;
  for (let b = 0; b < 3; b++) {
    g += mu[b]! * st[5 * b + 1]!;
    s += mu[b]! * st[5 * b + 2]!;
    q += mu[b]! * st[5 * b + 4]!;
  }
  const pScale = Math.max(Math.sqrt(Math.max(g, s)), TINY);
  const dScale = Math.max(Math.sqrt(q), TINY);
  for (let b = 0; b < 3; b++) {
    if (mu[b] === 0) continue;
    const rp = Math.sqrt(mu[b]! * st[5 * b]!) / pScale;
    const rd = Math.sqrt(mu[b]! * st[5 * b + 3]!) / dScale;
    if (rp === 0 || rd === 0) continue;
    let factor = 1;
    if (rp > BALANCE * rd) factor = Math.min(Math.sqrt(rp / rd), 10);
    else if (rd > BALANCE * rp) factor = 1 / Math.min(Math.sqrt(rd / rp), 10);
    if (factor !== 1) {
      mu[b]! *= factor;
      f[b] = 1 / factor; // scaled duals d = y/μ
    }
  }
}

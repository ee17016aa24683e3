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
 * Stopping rule (Boyd et al. §3.3.1, on the problem with constraint j weighted by √μⱼ), with
 *   primal ‖r‖ = √Σμⱼ‖Gⱼz − sⱼ‖²,  P = ‖r‖ / max(√Σμⱼ‖Gⱼz‖², √Σμⱼ‖sⱼ‖²),
 *   dual   ‖s‖ = √Σμⱼ‖sⱼ − sⱼ_prev‖², D = ‖s‖ / √Σμⱼ‖dⱼ‖²   (dⱼ the scaled duals),
 * the dual residual in split-variable form (it bounds Boyd's Gᵀ-form up to ‖G‖): converged when
 *   (a) P ≤ tol and D ≤ tol (Boyd's relative rule), or
 *   (b) P ≤ tol, D ≤ DUAL_SLACK·tol and √Σμⱼ‖dⱼ‖² · ‖r‖ ≤ GAP_BOUND·tol·|f|,
 * with f the iterate's objective. (b) follows Boyd's suboptimality bound
 * f − f* ≤ −yᵀr + (z − z*)ᵀGᵀμΔs (y = μd, the unscaled duals) term by term: the first term,
 * relative to f, through its Cauchy–Schwarz bound (the left side of (b)); the second is the
 * dual residual times the distance to the solution, small near the end, so D may be looser than
 * P. (a) alone is blind to how large the duals are next to f: on the README's RGB photo it ran
 * ~45 iterations past the point where (b) stops, with the objective already within 5e-5 of the
 * optimum; (b) stops issue 12's camera case and those channels at that same gap. (a) stays for
 * problems whose optimum is 0 (noise-free data, no TV), where no bound relative to f is met.
 * The returned image is w on the image (always feasible); its objective is computed from the
 * direct model.
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
/**
 * Rule (b)'s bound on |yᵀr| relative to tol·|f|. Cauchy–Schwarz over a whole canvas overstates
 * |yᵀr|: on issue 12's camera case and on each channel of the README's RGB photo the true gap
 * stayed at 0.020–0.021 of that bound over f from iteration 60 to the stop, so 25·tol (2.5e-3 at
 * the default) stops all four at a true gap of ≈ 5e-5 — where rule (a) alone stopped the camera
 * (4.8e-5).
 */
const GAP_BOUND = 25;
/** Rule (b)'s dual residual bound, relative to tol (see the stopping rule above). */
const DUAL_SLACK = 3;
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

/**
 * The relative primal and dual residuals P and D of the stopping rule, and `bound` =
 * √Σμⱼ‖dⱼ‖² · √Σμⱼ‖rⱼ‖² ≥ |yᵀr| (y = μd: the computable term of Boyd's suboptimality bound, in
 * the objective's units).
 */
export function residuals(st: AdmmStats, mu: readonly number[]): { primal: number; dual: number; bound: number } {
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
    bound: Math.sqrt(r) * Math.sqrt(q),
  };
}

/**
 * The stopping rule (a) or (b) of the header comment.
 * @param res the residuals of `residuals()`; objective the iterate's objective f; tol the tolerance.
 * @returns whether the solve has converged (never for non-finite residuals).
 */
export function meetsRule(res: { primal: number; dual: number; bound: number }, objective: number, tol: number): boolean {
  if (res.primal <= tol && res.dual <= tol) return true;
  return res.primal <= tol && res.dual <= DUAL_SLACK * tol && res.bound <= GAP_BOUND * tol * Math.abs(objective);
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
    const res = residuals(st, mu);
    const objective = objectiveOf(st);
    const keepGoing = progress.report(it, objective, Math.max(res.primal, res.dual));
    if (!Number.isFinite(res.primal) || !Number.isFinite(res.dual)) break; // diverged: never reported converged
    if (meetsRule(res, objective, o.tolerance)) {
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

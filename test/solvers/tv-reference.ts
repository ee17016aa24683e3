/**
 * An independent reference for the TV / Tikhonov / box deconvolution problem
 *   min ½‖A x − y‖² + ½λ‖x‖² + τ·TV(x)  s.t.  lo ≤ x ≤ hi,
 * A the oracle's explicit operator matrix (no FFT, no canvas, no mask), TV the isotropic
 * forward-difference TV (differences past the last row/column are 0), solved by textbook ADMM
 * with a different splitting from the library's (v = Dx, w = x; the data term stays in the
 * x-update, a dense Cholesky solve of AᵀA + ρDᵀD + ρI), a fixed penalty, run until its primal
 * and dual residuals are 1e-13 of the iterate's scale. Plain float64 loops; small problems only.
 */
import { cholesky, choleskySolve } from '../support/dense.js';
import { matTvec, matvec, type Operator } from '../support/oracle.js';

export interface TvProblem {
  A: Operator;
  y: ArrayLike<number>;
  m: number;
  n: number;
  lambda: number;
  tv: number;
  lo: number;
  hi: number;
}

/** Isotropic TV with forward differences, 0 past the last row/column. */
export function tvNorm(x: ArrayLike<number>, m: number, n: number): number {
  let s = 0;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const c = x[i * n + j]!;
      const dv = i + 1 < m ? x[(i + 1) * n + j]! - c : 0;
      const dh = j + 1 < n ? x[i * n + j + 1]! - c : 0;
      s += Math.hypot(dv, dh);
    }
  }
  return s;
}

/** The objective, from its definition. */
export function tvObjective(p: TvProblem, x: ArrayLike<number>): number {
  const r = matvec(p.A, x);
  let f = 0;
  for (let i = 0; i < r.length; i++) f += (r[i]! - p.y[i]!) ** 2;
  f *= 0.5;
  let sq = 0;
  for (let i = 0; i < x.length; i++) sq += x[i]! ** 2;
  return f + 0.5 * p.lambda * sq + p.tv * tvNorm(x, p.m, p.n);
}

function grad(x: Float64Array, m: number, n: number, out: Float64Array): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const k = i * n + j;
      out[2 * k] = i + 1 < m ? x[k + n]! - x[k]! : 0;
      out[2 * k + 1] = j + 1 < n ? x[k + 1]! - x[k]! : 0;
    }
  }
}

function gradT(p: Float64Array, m: number, n: number, out: Float64Array): void {
  out.fill(0);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const k = i * n + j;
      if (i + 1 < m) {
        out[k + n] = out[k + n]! + p[2 * k]!;
        out[k] = out[k]! - p[2 * k]!;
      }
      if (j + 1 < n) {
        out[k + 1] = out[k + 1]! + p[2 * k + 1]!;
        out[k] = out[k]! - p[2 * k + 1]!;
      }
    }
  }
}

/** The reference minimiser; throws if it does not reach its own tolerance. */
export function referenceSolve(p: TvProblem, maxIterations = 200_000): { x: Float64Array; objective: number; iterations: number } {
  const { m, n } = p;
  const N = m * n;
  const rho = p.tv > 0 ? Math.max(10 * p.tv, 1e-2) : 0.1;
  const rhoV = p.tv > 0 ? rho : 0; // no TV: no v block
  // M = AᵀA + ρDᵀD + ρI, dense, by columns.
  const M = new Float64Array(N * N);
  const e = new Float64Array(N);
  const g = new Float64Array(2 * N);
  const col = new Float64Array(N);
  for (let j = 0; j < N; j++) {
    e.fill(0);
    e[j] = 1;
    const ata = matTvec(p.A, matvec(p.A, e));
    grad(e, m, n, g);
    gradT(g, m, n, col);
    for (let i = 0; i < N; i++) M[i * N + j] = ata[i]! + rhoV * col[i]! + (i === j ? rho : 0);
  }
  const L = cholesky(M, N);
  const aty = matTvec(p.A, p.y);
  const x = new Float64Array(N);
  const v = new Float64Array(2 * N);
  const d2 = new Float64Array(2 * N);
  const w = new Float64Array(N);
  const d3 = new Float64Array(N);
  const rhs = new Float64Array(N);
  const tmp2 = new Float64Array(2 * N);
  const dt = new Float64Array(N);
  for (let it = 1; it <= maxIterations; it++) {
    for (let i = 0; i < 2 * N; i++) tmp2[i] = v[i]! - d2[i]!;
    gradT(tmp2, m, n, dt);
    for (let i = 0; i < N; i++) rhs[i] = aty[i]! + rhoV * dt[i]! + rho * (w[i]! - d3[i]!);
    x.set(choleskySolve(L, N, rhs));
    grad(x, m, n, g);
    let r2 = 0, s2 = 0, scaleP = 0, scaleD = 0;
    const t = p.tv / rho;
    for (let k = 0; k < N; k++) {
      const a0 = g[2 * k]! + d2[2 * k]!;
      const a1 = g[2 * k + 1]! + d2[2 * k + 1]!;
      const nrm = Math.hypot(a0, a1);
      const f = t > 0 ? (nrm > t ? 1 - t / nrm : 0) : 1;
      const v0 = f * a0;
      const v1 = f * a1;
      s2 += (v0 - v[2 * k]!) ** 2 + (v1 - v[2 * k + 1]!) ** 2;
      v[2 * k] = v0;
      v[2 * k + 1] = v1;
      d2[2 * k] = a0 - v0;
      d2[2 * k + 1] = a1 - v1;
      r2 += (g[2 * k]! - v0) ** 2 + (g[2 * k + 1]! - v1) ** 2;
      const wk = Math.min(Math.max((rho * (x[k]! + d3[k]!)) / (p.lambda + rho), p.lo), p.hi);
      s2 += (wk - w[k]!) ** 2;
      w[k] = wk;
      d3[k] = d3[k]! + x[k]! - wk;
      r2 += (x[k]! - wk) ** 2;
      scaleP += x[k]! ** 2 + g[2 * k]! ** 2 + g[2 * k + 1]! ** 2;
      scaleD += d3[k]! ** 2 + d2[2 * k]! ** 2 + d2[2 * k + 1]! ** 2;
    }
    // Both residuals against the iterate's own scale (the duals vanish when nothing is active).
    const scale = Math.sqrt(Math.max(scaleP, scaleD));
    if (it > 10 && Math.sqrt(r2) <= 1e-13 * scale && Math.sqrt(s2) <= 1e-13 * scale) {
      return { x: w, objective: tvObjective(p, w), iterations: it };
    }
  }
  throw new Error(`reference ADMM did not reach 1e-13 in ${maxIterations} iterations`);
}

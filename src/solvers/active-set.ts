import type { Session, Vec } from './session.js';

/**
 * Finishes a constrained kernel estimate exactly: a primal active-set method (Lawson–Hanson
 * style) on min ½hᵀNh − bᵀh subject to h ≥ 0 (and Σh = 1 when `sumToOne`), N = XᵀX + λI.
 * Started from a first-order iterate whose support is nearly right, it needs only a few
 * equality-constrained solves, each a Cholesky of N restricted to the free set.
 * Returns the largest KKT violation (≤ tolerance·scale) with h updated, or NaN (h untouched)
 * when it ran out of steps.
 */
export function refineActiveSet(
  s: Session, N: Vec, b: Vec, h: Vec, n: number, sumToOne: boolean, tolerance: number, scale: number, maxSteps = 60,
): number {
  const work = s.vec(n * n);
  const rhs = s.vec(n);
  const ones = s.vec(n);
  const Nh = s.vec(n);
  const current = Float64Array.from(s.view(h, n));
  const free = new Uint8Array(n);
  for (let i = 0; i < n; i++) free[i] = current[i]! > 0 ? 1 : 0;
  const threshold = tolerance * Math.max(scale, Number.MIN_VALUE);

  /** The equality-constrained minimiser on the free set (zeros elsewhere), or null if singular. */
  const solveFree = (): Float64Array | null => {
    const idx: number[] = [];
    for (let i = 0; i < n; i++) if (free[i]) idx.push(i);
    const f = idx.length;
    if (f === 0) return new Float64Array(n);
    const Nv = s.view(N, n * n);
    const W = s.view(work, f * f);
    for (let a = 0; a < f; a++) for (let c = 0; c < f; c++) W[a * f + c] = Nv[idx[a]! * n + idx[c]!]!;
    if (s.cholesky(work, f) !== 0) return null;
    const bv = s.view(b, n);
    const r = s.view(rhs, f);
    for (let a = 0; a < f; a++) r[a] = bv[idx[a]!]!;
    s.choleskySolve(work, f, rhs);
    const u = Float64Array.from(s.view(rhs, f));
    let mu = 0;
    if (sumToOne) {
      s.fill(ones, 1, f);
      s.choleskySolve(work, f, ones);
      const v = s.view(ones, f);
      let su = 0;
      let sv = 0;
      for (let a = 0; a < f; a++) {
        su += u[a]!;
        sv += v[a]!;
      }
      mu = (su - 1) / sv; // N_F h_F = b_F − μ1 with Σh_F = 1
      for (let a = 0; a < f; a++) u[a]! -= mu * v[a]!;
    }
    const full = new Float64Array(n);
    for (let a = 0; a < f; a++) full[idx[a]!] = u[a]!;
    return full;
  };

  for (let step = 0; step < maxSteps; step++) {
    const target = solveFree();
    if (target === null) return NaN;
    // Move towards the target until a free variable would turn negative.
    let alpha = 1;
    let blocking = -1;
    for (let i = 0; i < n; i++) {
      if (free[i] && target[i]! <= 0) {
        const a = current[i]! / (current[i]! - target[i]!);
        if (a < alpha) {
          alpha = a;
          blocking = i;
        }
      }
    }
    for (let i = 0; i < n; i++) current[i] = current[i]! + alpha * (target[i]! - current[i]!);
    if (blocking >= 0) {
      for (let i = 0; i < n; i++) {
        if (free[i] && current[i]! <= 1e-15 * Math.max(1, Math.abs(target[i]!))) {
          free[i] = 0;
          current[i] = 0;
        }
      }
      continue;
    }
    // At the free-set optimum: check the multipliers of the fixed variables.
    s.write(rhs, current);
    s.gemv(Nh, N, rhs, n);
    const g = s.view(Nh, n);
    const bv = s.view(b, n);
    let mu = 0;
    if (sumToOne) {
      // On the free set g_i + μ = 0; take μ as their mean.
      let count = 0;
      for (let i = 0; i < n; i++) {
        if (free[i]) {
          mu -= g[i]! - bv[i]!;
          count++;
        }
      }
      mu = count > 0 ? mu / count : 0;
    }
    let worst = -1;
    let worstValue = -threshold;
    let violation = 0;
    for (let i = 0; i < n; i++) {
      const w = g[i]! - bv[i]! + mu; // KKT: = 0 on the free set, ≥ 0 for a variable held at 0
      if (free[i]) violation = Math.max(violation, Math.abs(w));
      else {
        violation = Math.max(violation, -w);
        if (w < worstValue) {
          worstValue = w;
          worst = i;
        }
      }
    }
    if (worst < 0) {
      if (violation > threshold) return NaN; // the free-set solve itself was not accurate enough
      s.write(h, current);
      return violation;
    }
    free[worst] = 1;
  }
  return NaN;
}

/**
 * Tiny dense float64 linear algebra for the solver tests: Gram matrices of the oracle's explicit
 * operator matrices, Cholesky, symmetric eigenvalue bounds, norms. Like oracle.ts it imports
 * NOTHING from src/: the references the solvers are checked against are computed here, from the
 * textbook formulas, with no code shared with the library.
 *
 * Matrices are row-major Float64Arrays; a symmetric n×n matrix is stored in full.
 */
import type { Operator } from './oracle.js';

/** AᵀA (A.cols × A.cols) of an explicit operator matrix. */
export function gramT(A: Operator): Float64Array {
  const n = A.cols;
  const G = new Float64Array(n * n);
  for (let r = 0; r < A.rows; r++) {
    const base = r * n;
    for (let i = 0; i < n; i++) {
      const ai = A.data[base + i]!;
      if (ai === 0) continue;
      for (let j = 0; j <= i; j++) G[i * n + j]! += ai * A.data[base + j]!;
    }
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) G[j * n + i] = G[i * n + j]!;
  return G;
}

/** AAᵀ (A.rows × A.rows). */
export function gramN(A: Operator): Float64Array {
  const m = A.rows;
  const n = A.cols;
  const G = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let t = 0; t < n; t++) s += A.data[i * n + t]! * A.data[j * n + t]!;
      G[i * m + j] = s;
      G[j * m + i] = s;
    }
  }
  return G;
}

/** M + λI (a copy). */
export function addDiagonal(M: Float64Array, n: number, lambda: number): Float64Array {
  const out = M.slice();
  for (let i = 0; i < n; i++) out[i * n + i]! += lambda;
  return out;
}

/** y = M·v for a square n×n M. */
export function symv(M: Float64Array, n: number, v: ArrayLike<number>): Float64Array {
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += M[i * n + j]! * v[j]!;
    y[i] = s;
  }
  return y;
}

/** The lower Cholesky factor L (M = LLᵀ) of a symmetric positive definite M; throws if M is not. */
export function cholesky(M: Float64Array, n: number): Float64Array {
  const L = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let d = M[j * n + j]!;
    for (let t = 0; t < j; t++) d -= L[j * n + t]! * L[j * n + t]!;
    if (!(d > 0)) throw new Error(`dense.cholesky: not positive definite at pivot ${j} (${d})`);
    const ljj = Math.sqrt(d);
    L[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = M[i * n + j]!;
      for (let t = 0; t < j; t++) s -= L[i * n + t]! * L[j * n + t]!;
      L[i * n + j] = s / ljj;
    }
  }
  return L;
}

/** Solves LLᵀ v = b by forward and back substitution. */
export function choleskySolve(L: Float64Array, n: number, b: ArrayLike<number>): Float64Array {
  const v = Float64Array.from(b);
  for (let i = 0; i < n; i++) {
    let s = v[i]!;
    for (let t = 0; t < i; t++) s -= L[i * n + t]! * v[t]!;
    v[i] = s / L[i * n + i]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = v[i]!;
    for (let t = i + 1; t < n; t++) s -= L[t * n + i]! * v[t]!;
    v[i] = s / L[i * n + i]!;
  }
  return v;
}

/** Solves M v = b for a symmetric positive definite M. */
export function solveSPD(M: Float64Array, n: number, b: ArrayLike<number>): Float64Array {
  return choleskySolve(cholesky(M, n), n, b);
}

/** A fixed start vector with components along every eigenvector (in practice). */
function start(n: number): Float64Array {
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) v[i] = 1 + ((i * 7919) % 113) / 113 + Math.sin(i + 1);
  return v;
}

/**
 * Extreme eigenvalues of a symmetric positive definite M: the largest by power iteration, the
 * smallest by inverse iteration (Cholesky solves). Both converge from below/above to within
 * `rel`; they are used only to size tolerances, so a few percent accuracy is plenty.
 */
export function eigenRange(M: Float64Array, n: number, iterations = 500, rel = 1e-3): { min: number; max: number } {
  const rayleigh = (apply: (v: Float64Array) => Float64Array): number => {
    let v = start(n);
    let est = 0;
    for (let it = 0; it < iterations; it++) {
      const nv = norm(v);
      for (let i = 0; i < n; i++) v[i] = v[i]! / nv;
      const w = apply(v);
      const next = dot(v, w);
      v = w;
      if (it > 5 && Math.abs(next - est) <= rel * Math.abs(next)) return next;
      est = next;
    }
    return est;
  };
  const max = rayleigh((v) => symv(M, n, v));
  const L = cholesky(M, n);
  const invMax = rayleigh((v) => choleskySolve(L, n, v));
  return { min: 1 / invMax, max };
}

export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

export function norm(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * a[i]!;
  return Math.sqrt(s);
}

/** ‖a − b‖ */
export function distance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`dense.distance: lengths ${a.length} and ${b.length}`);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i]! - b[i]!) ** 2;
  return Math.sqrt(s);
}

/** ‖a − b‖ / ‖b‖ */
export function relError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  return distance(a, b) / norm(b);
}

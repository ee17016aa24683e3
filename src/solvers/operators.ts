import type { Session, Vec } from './session.js';

/** A linear map between float64 vectors in a session, with its adjoint. */
export interface LinearOperator {
  /** Domain size (unknowns). */
  readonly n: number;
  /** Range size (data). */
  readonly m: number;
  apply(out: Vec, v: Vec): void;
  adjoint(out: Vec, w: Vec): void;
}

/**
 * h ↦ conv2d(x, h) cropped — the kernel-estimation model — as a valid correlation of the
 * padded image P (pr×pc) with rot180(h); the adjoint is rot180(P ⋆ w).
 */
export function kernelOperator(s: Session, P: Vec, pr: number, pc: number, k: number, l: number): LinearOperator {
  const R = pr - k + 1;
  const C = pc - l + 1;
  const turned = s.vec(k * l);
  return {
    n: k * l,
    m: R * C,
    apply(out, h) {
      s.rot180(turned, h, k * l);
      s.corrValid(out, P, pr, pc, turned, k, l);
    },
    adjoint(out, w) {
      s.corrValid(turned, P, pr, pc, w, R, C);
      s.rot180(out, turned, k * l);
    },
  };
}

/**
 * x ↦ conv2d(x, h) cropped at (r0, c0) with output R×C — the deconvolution model — through FFTs
 * when the backend has them and they are cheaper; otherwise directly: the image is placed in a
 * zero canvas (skipped for 'valid', where the canvas is the image); the adjoint places the
 * residual in the full-size canvas and correlates it with h.
 */
export function imageOperator(
  s: Session, h: Vec, k: number, l: number, m: number, n: number, R: number, C: number, r0: number, c0: number,
): LinearOperator {
  const viaFft = s.fftImageOperator(h, k, l, m, n, R, C, r0, c0);
  if (viaFft) return viaFft;
  const pr = R + k - 1;
  const pc = C + l - 1;
  const isValid = pr === m && pc === n;
  const turned = s.vec(k * l);
  s.rot180(turned, h, k * l);
  const canvas = isValid ? null : s.vec(pr * pc);
  const full = s.vec((m + k - 1) * (n + l - 1));
  return {
    n: m * n,
    m: R * C,
    apply(out, x) {
      if (canvas === null) {
        s.corrValid(out, x, m, n, turned, k, l);
      } else {
        s.embed(canvas, pr, pc, x, m, n, k - 1 - r0, l - 1 - c0);
        s.corrValid(out, canvas, pr, pc, turned, k, l);
      }
    },
    adjoint(out, w) {
      s.embed(full, m + k - 1, n + l - 1, w, R, C, r0, c0);
      s.corrValid(out, full, m + k - 1, n + l - 1, h, k, l);
    },
  };
}

/**
 * Largest eigenvalue of a symmetric positive semi-definite map by power iteration, from a
 * fixed start (reproducible). Returns an estimate from below; callers add a margin.
 */
export function largestEigenvalue(
  s: Session, n: number, applySym: (out: Vec, v: Vec) => void, iterations = 50,
  checkpoint?: (operation: 'power iteration', done: number, total: number) => void,
): number {
  const v = s.vec(n);
  const w = s.vec(n);
  // A fixed, non-symmetric start so that no eigenvector is missed by symmetry.
  const view = s.view(v, n);
  for (let i = 0; i < n; i++) view[i] = 1 + ((i * 7919) % 101) / 101;
  let lambda = 0;
  for (let it = 0; it < iterations; it++) {
    if (it > 0) checkpoint?.('power iteration', it, iterations);
    const norm = Math.sqrt(s.dot(v, v, n));
    if (norm === 0) return 0;
    s.axpby(v, 0, v, 1 / norm, n);
    applySym(w, v);
    const next = s.dot(v, w, n);
    s.copy(v, w, n);
    if (Math.abs(next - lambda) <= 1e-6 * next) return next;
    lambda = next;
  }
  return lambda;
}

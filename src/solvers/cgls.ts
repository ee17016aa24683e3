import type { LinearOperator } from './operators.js';
import type { Progress } from './progress.js';
import type { Session, Vec } from './session.js';

/**
 * CGLS (conjugate gradients on the normal equations without forming them; Björck 1996, §7.4)
 * for min ½‖A v − y‖² + ½λ‖v‖², from the v it is given. One product with A and one with Aᵀ
 * per iteration. From v = 0 with λ = 0 it converges to the minimum-norm least-squares
 * solution: its iterates stay in the range of Aᵀ.
 * Stops when ‖Aᵀ(y − A v) − λv‖ ≤ tolerance·scale (scale = ‖Aᵀy‖, the gradient norm at 0).
 */
export function cgls(
  s: Session, A: LinearOperator, y: Vec, v: Vec, lambda: number,
  o: { maxIterations: number; tolerance: number }, progress: Progress, scale: number,
): { iterations: number; converged: boolean } {
  const { n, m } = A;
  const r = s.vec(m); // y − A v
  const q = s.vec(m);
  const g = s.vec(n); // −∇f = Aᵀr − λv
  const p = s.vec(n);
  A.apply(r, v);
  s.axpby(r, 1, y, -1, m);
  A.adjoint(g, r);
  if (lambda > 0) s.axpby(g, -lambda, v, 1, n);
  s.copy(p, g, n);
  let gamma = s.dot(g, g, n);
  const threshold = o.tolerance * Math.max(scale, Number.MIN_VALUE);
  if (Math.sqrt(gamma) <= threshold) return { iterations: 0, converged: true };

  for (let it = 1; it <= o.maxIterations; it++) {
    A.apply(q, p);
    const delta = s.dot(q, q, m) + lambda * s.dot(p, p, n);
    if (!(delta > 0)) return { iterations: it - 1, converged: Math.sqrt(gamma) <= threshold };
    const alpha = gamma / delta;
    s.axpby(v, alpha, p, 1, n);
    s.axpby(r, -alpha, q, 1, m);
    A.adjoint(g, r);
    if (lambda > 0) s.axpby(g, -lambda, v, 1, n);
    const gammaNext = s.dot(g, g, n);
    const gradNorm = Math.sqrt(gammaNext);
    const objective = 0.5 * s.dot(r, r, m) + (lambda > 0 ? 0.5 * lambda * s.dot(v, v, n) : 0);
    const keepGoing = progress.report(it, objective, gradNorm);
    if (gradNorm <= threshold) return { iterations: it, converged: true };
    if (!keepGoing) return { iterations: it, converged: false };
    s.axpby(p, 1, g, gammaNext / gamma, n);
    gamma = gammaNext;
  }
  return { iterations: o.maxIterations, converged: false };
}

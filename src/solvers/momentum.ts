import type { Session, Vec } from './session.js';

/**
 * FISTA's momentum sequence with adaptive restart (O'Donoghue & Candès 2015, gradient scheme):
 * when the generalised gradient z − x⁺ and the step x⁺ − x point the same way, the momentum is
 * carrying the iterate uphill, so it is reset.
 */
export class Momentum {
  private t = 1;

  /** The extrapolation weight β for z = x⁺ + β(x⁺ − x); `uphill` = (z − x⁺)·(x⁺ − x) > 0. */
  next(uphill: boolean): number {
    if (uphill) {
      this.t = 1;
      return 0;
    }
    const tNext = (1 + Math.sqrt(1 + 4 * this.t * this.t)) / 2;
    const beta = (this.t - 1) / tNext;
    this.t = tNext;
    return beta;
  }
}

/** The iterates of one FISTA step, with their images under a linear map M tracked alongside. */
export interface Extrapolation {
  /** Extrapolated point (in: the one the step started from; out: the next one). */
  z: Vec;
  /** The new iterate x⁺ and the previous one. */
  x: Vec;
  xPrev: Vec;
  /** z − x⁺ on entry (the gradient mapping's direction); clobbered. */
  zMinusX: Vec;
  /** Scratch of the unknown's size. */
  scratch: Vec;
  n: number;
  /** M·z (out), M·x⁺ and M·xPrev, m elements: by linearity M·z needs no new product. */
  Mz: Vec;
  Mx: Vec;
  MxPrev: Vec;
  m: number;
}

/** z ← x⁺ + β(x⁺ − xPrev) and M·z likewise, with β from the momentum and its restart rule. */
export function extrapolate(s: Session, momentum: Momentum, e: Extrapolation): void {
  s.copy(e.scratch, e.x, e.n);
  s.axpby(e.scratch, -1, e.xPrev, 1, e.n); // x⁺ − xPrev
  const beta = momentum.next(s.dot(e.zMinusX, e.scratch, e.n) > 0);
  s.copy(e.z, e.x, e.n);
  s.axpby(e.z, beta, e.scratch, 1, e.n);
  s.copy(e.Mz, e.Mx, e.m);
  s.axpby(e.Mz, -beta, e.MxPrev, 1 + beta, e.m);
}

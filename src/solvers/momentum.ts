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

// The image step: min_x ½‖k ⊛ x − y‖² + λ·Φ(∇x) by half-quadratic splitting (Xu, Zheng & Jia
// 2013; Krishnan & Fergus 2009): alternate the shrinkage of an auxiliary gradient field g and
// the Fourier solve of (|K|² + β|D|²) X = conj(K)·Y + β·conj(D)·G, with β growing geometrically.
import type { Workspace } from './workspace.js';

export interface SplittingSchedule {
  /** Weight λ of the prior. */
  lambda: number;
  /** First β. */
  betaStart: number;
  /** β stops growing past this. */
  betaMax: number;
  /** β multiplies by this each step. */
  betaRate: number;
  /** Hard (L0: Φ counts non-zero gradients) or soft (TV: Φ = Σ‖∇x‖) shrinkage. */
  prior: 'l0' | 'tv';
}

/**
 * latent ← argmin ½‖k ⊛ x − observed‖² + λ·Φ(∇x) on the periodic canvas, starting from `observed`.
 * Needs setKernel, setGradientPower and setObserved for the current scale.
 */
export function splitImage(ws: Workspace, o: SplittingSchedule): void {
  const { ptr, plan, ex, rows, cols } = ws;
  const n = rows * cols;
  ws.view.latent.set(ws.view.observed.subarray(0, n));
  const soft = o.prior === 'tv' ? 1 : 0;
  for (let beta = o.betaStart; beta < o.betaMax; beta *= o.betaRate) {
    // L0: zero g where ‖∇x‖² < λ/β; TV: shrink ‖∇x‖ by λ/β.
    ex.shrinkGradients_f64(ptr.div, ptr.gx, ptr.gy, ptr.latent, rows, cols, o.prior === 'tv' ? o.lambda / beta : o.lambda / beta, soft);
    plan.forward(ptr.work, ptr.div);
    ex.splitSolve_f64(ptr.work, ptr.kernelTimesObserved, ptr.work, ptr.kernelPower, ptr.gradientPower, beta, ws.spectrumLength);
    plan.inverse(ptr.latent, ptr.work);
  }
}

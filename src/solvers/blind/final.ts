// The final image: a non-blind deconvolution with the estimated kernel on the finest canvas.
import { setKernel } from './spectra.js';
import type { Workspace } from './workspace.js';
import { splitImage } from './x-step.js';
import type { BlindFinalMethod } from './types.js';

/**
 * latent ← the deconvolution of `observed` with k by `method`: 'tv' and 'l0' by half-quadratic
 * splitting (weights scaled to the noise level), 'wiener' by one Tikhonov-regularised division.
 * Needs setObserved and setGradientPower for the finest canvas.
 */
export function finalImage(ws: Workspace, k: Float64Array, kr: number, kc: number, method: BlindFinalMethod, noise: number): void {
  setKernel(ws, k, kr, kc);
  if (method === 'wiener') {
    const { ptr, plan, ex } = ws;
    // Regularise with the gradient power: x̂ = conj(K)Y / (|K|² + ε|D|²).
    ws.fill('work', 0, 2 * ws.spectrumLength);
    ex.splitSolve_f64(ptr.work, ptr.kernelTimesObserved, ptr.work, ptr.kernelPower, ptr.gradientPower, Math.max(noise * noise * 400, 1e-4), ws.spectrumLength);
    plan.inverse(ptr.latent, ptr.work);
    return;
  }
  if (method === 'l0') {
    const lambda = Math.max(noise * 0.4, 2e-4);
    splitImage(ws, { lambda, betaStart: 2 * lambda, betaMax: 1e5, betaRate: 2, prior: 'l0' });
    return;
  }
  const mu = Math.max(noise * 0.4, 2e-4);
  splitImage(ws, { lambda: mu, betaStart: mu, betaMax: mu * 2 ** 12, betaRate: 2 * Math.SQRT2, prior: 'tv' });
}

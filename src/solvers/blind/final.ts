// The final image: a non-blind deconvolution with the estimated kernel on the finest canvas.
import type { Backend } from '../../backend.js';
import { ArgumentError } from '../../errors.js';
import { nextFastEvenSize, nextFastSize } from '../../wasm/fft.js';
import { extendPeriodic } from './boundary.js';
import { setGradientPower, setKernel, setObserved } from './spectra.js';
import { Workspace } from './workspace.js';
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

/**
 * The final image step on its own: y (H×W, float64) deconvolved with a known kernel k (kr×kc,
 * odd sizes) by `method` on the periodic canvas deconvolveBlind uses — for colour images
 * deconvolved channel by channel with one estimated kernel (CLI) and for the benchmark's fixed
 * non-blind deconvolution.
 */
export function deconvolveWithKernel(
  backend: Backend, y: Float64Array, H: number, W: number, k: Float64Array, kr: number, kc: number, method: BlindFinalMethod, noise: number,
): Float64Array {
  if (backend.spectral === null) throw new ArgumentError('deconvolveWithKernel needs a WebAssembly backend (it runs on the FFT)');
  const rows = nextFastSize(H + kr - 1);
  const cols = nextFastEvenSize(W + kc - 1);
  const s = backend.session();
  try {
    const ws = new Workspace(s, backend.spectral, [{ rows, cols }], kr * kc);
    ws.setCanvas(rows, cols);
    ws.refresh();
    extendPeriodic(ws.view.observed, rows, cols, y, H, W);
    setObserved(ws);
    ws.refresh();
    setGradientPower(ws);
    finalImage(ws, k, kr, kc, method, noise);
    ws.refresh();
    const out = new Float64Array(H * W);
    for (let i = 0; i < H; i++) out.set(ws.view.latent.subarray(i * cols, i * cols + W), i * W);
    return out;
  } finally {
    s.close();
  }
}

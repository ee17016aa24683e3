// The final image: a non-blind deconvolution with the estimated kernel on the finest canvas.
import type { Backend } from '../../backend.js';
import { ArgumentError } from '../../errors.js';
import { deconvolve } from '../deconvolve.js';
import { nextFastEvenSize, nextFastSize } from '../../wasm/fft.js';
import { loadCanvas, setKernel } from './spectra.js';
import { Workspace } from './workspace.js';
import { splitImage } from './x-step.js';
import type { BlindFinalMethod } from './types.js';

/**
 * latent ← the deconvolution of `observed` with k by `method`: 'tv' and 'l0' by half-quadratic
 * splitting (weights scaled to the noise level), 'wiener' by one Tikhonov-regularised division.
 * Needs setObserved and setGradientPower for the finest canvas.
 */
export function finalImage(ws: Workspace, k: Float64Array, kr: number, kc: number, method: Exclude<BlindFinalMethod, 'admm'>, noise: number): void {
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
  if (method === 'admm') return admmImage(backend, y, H, W, k, kr, kc, noise);
  const rows = nextFastSize(H + kr - 1);
  const cols = nextFastEvenSize(W + kc - 1);
  const s = backend.session();
  try {
    const ws = new Workspace(s, backend.spectral, [{ rows, cols }], kr * kc);
    loadCanvas(ws, rows, cols, y, H, W);
    finalImage(ws, k, kr, kc, method, noise);
    ws.refresh();
    const out = new Float64Array(H * W);
    for (let i = 0; i < H; i++) out.set(ws.view.latent.subarray(i * cols, i * cols + W), i * W);
    return out;
  } finally {
    s.close();
  }
}

/** ADMM's iteration cap for the final image: its residual rule usually stops it well before. */
export const ADMM_FINAL_ITERATIONS = 300;

/**
 * The final image by ADMM with total variation and the box [0, 1] (deconvolve's 'admm'), in
 * 'valid' geometry: the scene beyond the frame is unknown and solved for, not assumed periodic
 * — no ringing from the borders. Returns the H×W centre of the solution, float64. Runs in its
 * own solver session (call it after closing the blind solve's).
 */
export function admmImage(backend: Backend, y: Float64Array, H: number, W: number, k: Float64Array, kr: number, kc: number, noise: number, signal?: AbortSignal): Float64Array {
  const tv = Math.max(noise * 0.4, 2e-4);
  const r = deconvolve(backend, { data: k, rows: kr, cols: kc }, { data: y, rows: H, cols: W }, {
    method: 'admm', mode: 'valid', tv, box: [0, 1], maxIterations: ADMM_FINAL_ITERATIONS, tolerance: 1e-3, signal,
  });
  const cols = W + kc - 1;
  const r0 = (kr - 1) >> 1;
  const c0 = (kc - 1) >> 1;
  const out = new Float64Array(H * W);
  for (let i = 0; i < H; i++) for (let j = 0; j < W; j++) out[i * W + j] = r.image.data[(i + r0) * cols + j + c0]!;
  return out;
}

// Set-up of the Fourier-domain quantities the splitting steps divide by, per scale and per kernel.
import { extendPeriodic } from './boundary.js';
import type { Workspace } from './workspace.js';

/**
 * gradientPower = |F∇x|² + |F∇y|² of the circular forward differences (4 − 2cos(2πu/rows) −
 * 2cos(2πv/cols)), taken from the FFT of the two stencils rather than Math.cos, whose last bit
 * may differ between JavaScript engines: the result must be bit-identical in Node and browsers.
 */
export function setGradientPower(ws: Workspace): void {
  const { rows, cols, ptr, plan, ex } = ws;
  ws.fill('scratch', 0, rows * cols);
  const c = ws.view.scratch;
  c[0] = -1;
  c[1] = 1;
  plan.forward(ptr.work, ptr.scratch);
  ex.powerSpectrum_f64(ptr.gradientPower, ptr.work, ws.spectrumLength, 0);
  ws.refresh();
  ws.view.scratch[1] = 0;
  ws.view.scratch[cols] = 1;
  plan.forward(ptr.work, ptr.scratch);
  ex.powerSpectrum_f64(ptr.gradientPower, ptr.work, ws.spectrumLength, 1);
}

/** observedF = F(observed) and the spectra of its circular gradients (blurredGxF, blurredGyF). */
export function setObserved(ws: Workspace): void {
  const { ptr, plan, ex } = ws;
  plan.forward(ptr.observedF, ptr.observed);
  ex.circularGradients_f64(ptr.gx, ptr.gy, ptr.observed, ws.rows, ws.cols);
  ws.refresh();
  const n = ws.rows * ws.cols;
  let e = 0;
  for (let i = 0; i < n; i++) e += ws.view.gx[i]! * ws.view.gx[i]! + ws.view.gy[i]! * ws.view.gy[i]!;
  ws.observedGradientEnergy = e / 2;
  plan.forward(ptr.blurredGxF, ptr.gx);
  plan.forward(ptr.blurredGyF, ptr.gy);
}

/**
 * kernelF = F(k) with k's centre at the canvas origin (wrapped), kernelPower = |kernelF|², and
 * kernelTimesObserved = conj(kernelF)·observedF: the kernel's part of every x-step.
 */
export function setKernel(ws: Workspace, k: Float64Array, kr: number, kc: number): void {
  const { rows, cols, ptr, plan, ex } = ws;
  ws.fill('scratch', 0, rows * cols);
  const c = ws.view.scratch;
  const cr = (kr - 1) >> 1;
  const cc = (kc - 1) >> 1;
  for (let a = 0; a < kr; a++) {
    const r = ((a - cr + rows) % rows) * cols;
    for (let b = 0; b < kc; b++) c[r + ((b - cc + cols) % cols)] = k[a * kc + b]!;
  }
  plan.forward(ptr.kernelF, ptr.scratch);
  ex.powerSpectrum_f64(ptr.kernelPower, ptr.kernelF, ws.spectrumLength, 0);
  plan.multiplyConj(ptr.kernelTimesObserved, ptr.observedF, ptr.kernelF);
}

/**
 * Makes rows×cols the current canvas and loads y (H×W) onto it, periodically extended, with its
 * spectra and the gradient power: the set-up every scale and the final image start from.
 */
export function loadCanvas(ws: Workspace, rows: number, cols: number, y: ArrayLike<number>, H: number, W: number): void {
  ws.setCanvas(rows, cols);
  ws.refresh();
  extendPeriodic(ws.view.observed, rows, cols, y, H, W);
  setObserved(ws);
  ws.refresh();
  setGradientPower(ws);
}

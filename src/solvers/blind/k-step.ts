// The kernel step: least squares on gradient images, min_k Σ_d ‖k ⊛ ∂_d x − ∂_d y‖² + γ‖k‖²
// with k supported on kr×kc (Cho & Lee 2009; Pan et al. 2016), by conjugate gradients whose
// operator is one FFT pair; only the latent image's salient edges take part.
import type { Workspace } from './workspace.js';

/** Orientation bins of the edge selection. */
const BINS = 4;

export interface EdgeSelection {
  /** Squared-magnitude threshold; undefined at a scale's first step (then chosen from the data). */
  threshold: number | undefined;
}

/** Scratch for the edge selection, sized for the largest canvas. */
export class EdgeScratch {
  readonly bins: Float64Array[];
  constructor(n: number) {
    this.bins = Array.from({ length: BINS }, () => new Float64Array(n));
  }
}

/**
 * gx, gy ← the latent image's circular gradients with the weak ones zeroed (Cho & Lee 2009): the
 * first call picks the largest squared magnitude that keeps ≥ max(20·kernel side, 10) pixels in
 * each of four orientation bins; later calls lower it by 1.1 each time.
 */
export function selectEdges(ws: Workspace, kSide: number, sel: EdgeSelection, scratch: EdgeScratch): void {
  const { ex, ptr, rows, cols } = ws;
  const n = rows * cols;
  ex.circularGradients_f64(ptr.gx, ptr.gy, ptr.latent, rows, cols);
  const gx = ws.view.gx;
  const gy = ws.view.gy;
  if (sel.threshold === undefined) {
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < n; i++) {
      const a = gx[i]!;
      const b = gy[i]!;
      const m = a * a + b * b;
      if (m === 0) continue;
      // Bins by the angle of (a, b) modulo π, in quarters: |b| ≤ |a| same sign, etc.
      const bin = Math.abs(b) <= Math.abs(a) ? (a * b >= 0 ? 0 : 2) : a * b >= 0 ? 1 : 3;
      scratch.bins[bin]![counts[bin]!++] = m;
    }
    const keep = Math.max(20 * kSide, 10);
    let t = Infinity;
    for (let b = 0; b < BINS; b++) {
      const c = counts[b]!;
      if (c === 0) continue;
      const sorted = scratch.bins[b]!.subarray(0, c).sort();
      t = Math.min(t, sorted[Math.max(c - keep, 0)]!);
    }
    sel.threshold = Number.isFinite(t) ? t : 0;
  } else {
    sel.threshold /= 1.1;
  }
  let threshold = sel.threshold;
  let kept = 0;
  for (let i = 0; i < n; i++) if (gx[i]! * gx[i]! + gy[i]! * gy[i]! >= threshold) kept++;
  while (kept === 0 && threshold > 0) {
    threshold *= 0.81;
    kept = 0;
    for (let i = 0; i < n; i++) if (gx[i]! * gx[i]! + gy[i]! * gy[i]! >= threshold) kept++;
  }
  for (let i = 0; i < n; i++) {
    if (gx[i]! * gx[i]! + gy[i]! * gy[i]! < threshold) {
      gx[i] = 0;
      gy[i] = 0;
    }
  }
}

/** Vectors of the kernel CG, sized for the largest kernel. */
export class KernelScratch {
  readonly b: Float64Array;
  readonly r: Float64Array;
  readonly p: Float64Array;
  readonly q: Float64Array;
  constructor(n: number) {
    this.b = new Float64Array(n);
    this.r = new Float64Array(n);
    this.p = new Float64Array(n);
    this.q = new Float64Array(n);
  }
}

/**
 * k (kr×kc, in/out: the warm start) ← CG on (PᵀF⁻¹MFP + γ) k = Pᵀ F⁻¹(Σ conj(F∂x)·F∂y), with
 * M = Σ|F∂x|² and P the embedding of the support. Needs selectEdges (gx, gy hold the latent's
 * selected gradients) and setObserved. Leaves k unconstrained: the caller cleans it. Returns the
 * objective ½Σ_d‖k ⊛ ∂_d x − ∂_d y‖² + ½γ‖k‖² at the solution.
 */
export function solveKernel(
  ws: Workspace, k: Float64Array, kr: number, kc: number, gamma: number, iterations: number, sc: KernelScratch,
): number {
  const { ptr, plan, ex, rows, cols } = ws;
  const N = kr * kc;
  plan.forward(ptr.latentGxF, ptr.gx);
  plan.forward(ptr.latentGyF, ptr.gy);
  ex.powerSpectrum_f64(ptr.latentPower, ptr.latentGxF, ws.spectrumLength, 0);
  ex.powerSpectrum_f64(ptr.latentPower, ptr.latentGyF, ws.spectrumLength, 1);
  plan.multiplyConj(ptr.work, ptr.blurredGxF, ptr.latentGxF);
  plan.multiplyConjAccumulate(ptr.work, ptr.blurredGyF, ptr.latentGyF);
  plan.inverse(ptr.scratch, ptr.work);
  ws.refresh();
  const cr = (kr - 1) >> 1;
  const cc = (kc - 1) >> 1;
  const c = ws.view.scratch;
  const { b, r, p, q } = sc;
  for (let a = 0; a < kr; a++) {
    const row = ((a - cr + rows) % rows) * cols;
    for (let t = 0; t < kc; t++) b[a * kc + t] = c[row + ((t - cc + cols) % cols)]!;
  }
  // The operator is shift-invariant, so it may act on k placed at the canvas origin.
  const apply = (out: Float64Array, v: Float64Array) => {
    ws.view.kernelIn.set(v.subarray(0, N));
    plan.forward(ptr.work, ptr.kernelIn, kr, kc);
    ex.scaleSpectrum_f64(ptr.work, ptr.work, ptr.latentPower, ws.spectrumLength);
    plan.inverse(ptr.kernelOut, ptr.work, { row: 0, col: 0, rows: kr, cols: kc });
    const o = ws.view.kernelOut;
    for (let i = 0; i < N; i++) out[i] = o[i]! + gamma * v[i]!;
  };
  apply(q, k);
  let rr = 0;
  let bb = 0;
  for (let i = 0; i < N; i++) {
    r[i] = b[i]! - q[i]!;
    p[i] = r[i]!;
    rr += r[i]! * r[i]!;
    bb += b[i]! * b[i]!;
  }
  for (let it = 0; it < iterations && rr > 1e-10 * bb; it++) {
    apply(q, p);
    let pq = 0;
    for (let i = 0; i < N; i++) pq += p[i]! * q[i]!;
    if (!(pq > 0)) break;
    const alpha = rr / pq;
    let rrNew = 0;
    for (let i = 0; i < N; i++) {
      k[i] = k[i]! + alpha * p[i]!;
      r[i] = r[i]! - alpha * q[i]!;
      rrNew += r[i]! * r[i]!;
    }
    const beta = rrNew / rr;
    rr = rrNew;
    for (let i = 0; i < N; i++) p[i] = r[i]! + beta * p[i]!;
  }
  apply(q, k);
  let value = ws.observedGradientEnergy;
  for (let i = 0; i < N; i++) value += k[i]! * (0.5 * q[i]! - b[i]!);
  return value;
}

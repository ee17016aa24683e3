/**
 * The contract between the ADMM driver (solvers/admm.ts: penalties, stopping, progress) and a
 * backend's engine (wasm/admm.ts: the buffers and the passes). See solvers/admm.ts for the method.
 */
import type { Vec } from './session.js';

/** The problem an engine is built for: data and kernel are session vectors (float64). */
export interface AdmmProblem {
  /** Kernel k×l. */
  h: Vec;
  k: number;
  l: number;
  /** Image m×n. */
  m: number;
  n: number;
  /** Data R×C at (r0, c0) of the full convolution. */
  y: Vec;
  R: number;
  C: number;
  r0: number;
  c0: number;
  /** Tikhonov weight, TV weight, box (∓Infinity when open). */
  lambda: number;
  tv: number;
  lo: number;
  hi: number;
  /** Over-relaxation α ∈ (0, 2) (Boyd et al. 2011 §3.4.3); 1 is plain ADMM. */
  relaxation: number;
  /** Precision of the canvas buffers (state, data, FFT buffers) and of the pointwise arithmetic: see admmPrecision. */
  precision: 'float32' | 'float64';
}

/**
 * Sums after one iteration (indices as in assembly/admm.ts admmSplit): per block b = 0 (data),
 * 1 (TV), 2 (box) at 5b: ‖primal residual‖², ‖G z‖², ‖split variable‖², ‖its change‖², ‖scaled
 * dual‖²; then [15] ½‖Hz − y‖², [16] TV(z), [17] ½‖z‖² on the image.
 */
export type AdmmStats = Float64Array;

export interface AdmmEngine {
  readonly canvasRows: number;
  readonly canvasCols: number;
  /** z = x (m×n) on the image, 0 outside; splits from z, duals 0. Returns the stats. */
  start(x: Vec, mu: readonly number[]): AdmmStats;
  /** After a penalty change μ_old → μ = μ_old/f: scales the duals by f and re-forms the next right-hand sides (step already formed them for unchanged penalties: f = 1 is free). */
  prepare(mu: readonly number[], f: readonly number[]): void;
  /** One z-update and split/dual update with penalties mu. Returns the stats (reused buffer). */
  step(mu: readonly number[]): AdmmStats;
  /** The feasible iterate w on the image (m×n), in a session vector. */
  image(): Vec;
}

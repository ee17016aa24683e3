// Messages between the page (main.ts) and the solver worker (worker.ts). The worker is
// stateless: every job carries its inputs (copied), every result is transferred back.
import type { EstimateKernelOptions, DeconvolveOptions, DeconvolveBlindOptions, Matrix } from 'convgrad';

export type Backend = 'wasm' | 'js';

/** The subset of solver options the page sets (plain data: it crosses postMessage). */
export type KernelOptions = Pick<EstimateKernelOptions, 'method' | 'nonNegative' | 'sumToOne' | 'tikhonov' | 'maxIterations'>;
export type DeblurOptions = Pick<DeconvolveOptions, 'method' | 'nonNegative' | 'tikhonov' | 'tv' | 'maxIterations'>;
export type BlindOptions = Pick<DeconvolveBlindOptions, 'finalMethod' | 'maxIterations' | 'noise'>;

export type Request =
  | { type: 'init'; id: number; cancelFlag: SharedArrayBuffer | null }
  /** Blur the sharp image with h (MATLAB 'same' alignment, edges replicated), add seeded noise, clip to [0, 1]. */
  | { type: 'blur'; id: number; x: Matrix; h: Matrix; noise: number; seed: number }
  /** estimateKernel(sharp, interior of the same-size blurred image, size, options). */
  | { type: 'estimate'; id: number; backend: Backend; x: Matrix; y: Matrix; size: { rows: number; cols: number }; options: KernelOptions }
  /** deconvolve(h, blurred, options) in 'valid' mode, cropped back to the blurred image's frame. */
  | { type: 'deblur'; id: number; backend: Backend; h: Matrix; y: Matrix; options: DeblurOptions }
  /** deconvolveBlind(y, size, options): the kernel and the sharp image from the blurred one alone. */
  | { type: 'deblur-blind'; id: number; y: Matrix; size: { rows: number; cols: number }; options: BlindOptions };

export interface SolveSummary {
  objective: number;
  iterations: number;
  converged: boolean;
  history: number[];
  method: string;
  /** The solver's own elapsed time (ms). */
  solverMs: number;
  /** Time in the worker from receiving the job to posting the result (ms). */
  workerMs: number;
  backend: string;
}

export type Response =
  | { type: 'ready'; id: number; backend: string; cancelByAbortSignal: boolean }
  | { type: 'blurred'; id: number; y: Matrix; workerMs: number }
  | ({ type: 'estimated'; id: number; kernel: Matrix } & SolveSummary)
  | ({ type: 'deblurred'; id: number; image: Matrix } & SolveSummary)
  | { type: 'blind'; id: number; kernel: Matrix; image: Matrix; iterations: number; converged: boolean; levels: number; solverMs: number; workerMs: number }
  /** Blind jobs add the pyramid level and the current kernel estimate (posted every iteration). */
  | { type: 'progress'; id: number; iteration: number; objective: number; elapsed: number; points: number[]; level?: number; levels?: number; kernel?: Matrix }
  | { type: 'cancelled'; id: number; iteration: number }
  | { type: 'error'; id: number; name: string; code: string | null; message: string };

export type Result = Exclude<Response, { type: 'progress' }>;

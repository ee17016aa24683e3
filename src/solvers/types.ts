import type { Convention, Matrix, Mode } from '../types.js';

/** What `onIteration` receives after every iteration. Returning `false` stops the solve. */
export interface IterationInfo {
  iteration: number;
  /** The objective being minimised (with its regularisation terms). */
  objective: number;
  /** Norm of the gradient (for constrained methods: of the projected-gradient step). */
  gradientNorm: number;
  /** Milliseconds since the solve started. */
  elapsed: number;
}

/** Options both solvers take: model, iterations, stopping, progress and cancellation. */
export interface SolverOptions {
  /** Forward model y ≈ conv2d(x, h, mode). Default 'valid': no assumption about what lies outside the frame. */
  mode?: Mode;
  /** Where 'same' crops for even kernel sizes (see conv2d). Default 'matlab'. */
  convention?: Convention;
  maxIterations?: number;
  /** Stopping tolerance; its meaning per method is documented in the README. */
  tolerance?: number;
  onIteration?: (info: IterationInfo) => boolean | void;
  signal?: AbortSignal;
  /** Adds ½λ‖v‖² to the objective (v the unknown). */
  tikhonov?: number;
  /** Constrain the unknown to v ≥ 0. */
  nonNegative?: boolean;
}

/** How `estimateKernel` solves: normal equations ('exact'), accelerated projected gradient ('fista'), plain gradient descent ('gd'). */
export type KernelMethod = 'exact' | 'fista' | 'gd';

/** Options of `estimateKernel`. */
export interface EstimateKernelOptions extends SolverOptions {
  /** Default 'exact' when unconstrained, 'fista' with constraints. */
  method?: KernelMethod;
  /** Constrain the kernel to the simplex (h ≥ 0, Σh = 1). */
  sumToOne?: boolean;
  /** Warm start (shape of the kernel). */
  h0?: Matrix;
  /** Fixed step for 'gd' (default 1/L). */
  step?: number;
}

/** How `deconvolve` solves (see the README's table). */
export type DeconvolveMethod = 'admm' | 'cg' | 'fista' | 'richardson-lucy' | 'wiener';

/** Options of `deconvolve`. */
export interface DeconvolveOptions extends SolverOptions {
  /** Default 'cg' when unconstrained, 'fista' with constraints or TV. */
  method?: DeconvolveMethod;
  /** Isotropic total variation weight λ (adds λ·TV(x)); 'fista' only. */
  tv?: number;
  /** Box constraint lo ≤ x ≤ hi ('fista'). */
  box?: [number, number];
  /** Warm start (shape of the image). */
  x0?: Matrix;
}

export interface SolveResult {
  objective: number;
  iterations: number;
  /** True only when the method's stopping rule was met (not when it ran out of iterations or was stopped). */
  converged: boolean;
  /** Objective after each iteration. */
  history: number[];
  method: string;
  /** Milliseconds the solve took. */
  elapsed: number;
}

/** What `estimateKernel` returns: the kernel and how the solve went. */
export interface KernelEstimate extends SolveResult {
  kernel: Matrix;
}

/** What `deconvolve` returns: the image and how the solve went. */
export interface Deconvolution extends SolveResult {
  image: Matrix;
}

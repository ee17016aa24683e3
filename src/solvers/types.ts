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

/** What `onProgress` receives between blocks of long work. */
export interface ProgressInfo {
  /** 'setup' before the first iteration is reported, 'iterations' after. */
  phase: 'setup' | 'iterations';
  /** The work in progress: a model convolution, the Gram matrix, its Cholesky, or the power iteration that sets the step. */
  operation: 'convolution' | 'gram' | 'cholesky' | 'power iteration';
  /** Blocks (or power-iteration steps) of this operation done so far, of `total` (at most). */
  done: number;
  total: number;
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
  /**
   * Called between blocks of long work — the set-up before the first iteration (Gram matrix,
   * its factorisation, the step size's power iteration, the first convolutions of a large model)
   * and the convolutions of a large model inside an iteration — about every 10⁸ multiply-adds,
   * and after every power-iteration step; a small problem's work is one block, so it is called
   * only for those steps. Abort `signal` from here to cancel a set-up: a synchronous
   * solve sees no timer or event until it returns, so a signal can only be aborted from a callback.
   */
  onProgress?: (info: ProgressInfo) => void;
  /**
   * Cancels the solve: checked before it starts, after every iteration and between blocks of long
   * work (see onProgress); the solve throws `signal.reason`. Since the solve is synchronous, abort
   * it from onIteration or onProgress (timers such as `AbortSignal.timeout` cannot fire during
   * it), or use `timeLimit`; a pool job's signal works from the calling thread.
   */
  signal?: AbortSignal;
  /**
   * Milliseconds the solve may take: past it, at the next iteration or block, it throws a
   * ConvgradError with code 'ERR_TIME_LIMIT'. To keep the iterate instead, return false from
   * onIteration once `info.elapsed` passes your budget.
   */
  timeLimit?: number;
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
  /**
   * The most multiply-adds the set-up before the first iteration may take (Xᵀy, the Gram matrix
   * and its Cholesky, or the power iteration; estimated from the sizes). Default 1e12 — a few
   * minutes of one core; a larger set-up is refused up front with a ConvgradError
   * 'ERR_PROBLEM_TOO_LARGE' naming the sizes. Pass Infinity to allow any.
   */
  maxSetupCost?: number;
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
  /** Warm start (shape of the image). Default: 0 for 'cg' and 'fista', the mean of max(y, 0) for 'richardson-lucy', the data edge-replicated to the image's size for 'admm'. */
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

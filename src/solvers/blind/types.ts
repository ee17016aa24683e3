import type { Matrix } from '../../types.js';
import type { IterationInfo } from '../types.js';

/**
 * The non-blind deconvolution that makes the final image from the estimated kernel: 'tv' (total
 * variation by half-quadratic splitting on a periodic canvas), 'admm' (total variation and the
 * box [0, 1] by `deconvolve`'s ADMM in 'valid' geometry: no border assumption, slower), 'l0' (L0
 * gradients: flatter, sharper) or 'wiener' (linear, fastest).
 * @example
 * ```js fragment
 * deconvolveBlind(y, size, { finalMethod: 'wiener' });
 * ```
 */
export type BlindFinalMethod = 'tv' | 'admm' | 'l0' | 'wiener';

/**
 * What `onIteration` receives after every kernel update of a blind deconvolution: `objective` is
 * the kernel step's least-squares objective, `gradientNorm` the ℓ₁ change of the kernel.
 * @example
 * ```js fragment
 * deconvolveBlind(y, size, { onIteration: ({ level, levels, kernel }) => draw(kernel, level / levels) });
 * ```
 */
export interface BlindIterationInfo extends IterationInfo {
  /** Pyramid level, 0 = coarsest. */
  level: number;
  /** Number of levels. */
  levels: number;
  /** The current kernel estimate (the level's size: smaller than the final one at coarse levels). */
  kernel: Matrix<Float64Array>;
}

/**
 * Options of `deconvolveBlind`; every one has a default, so a caller may pass only the size.
 * @example
 * ```js fragment
 * deconvolveBlind(y, { rows: 25, cols: 25 }, { noise: 0.01, onIteration: (i) => console.log(i.level, i.iteration) });
 * ```
 */
export interface DeconvolveBlindOptions {
  /**
   * Weight of the L0 prior on the latent image's gradients (Xu et al. 2013), the image step's λ,
   * divided by 1.1 after every alternation down to 1e-4. Larger favours fewer, stronger edges.
   * Default 4e-3 (for data in [0, 1]).
   */
  gradientWeight?: number;
  /** Tikhonov weight γ of the kernel step (on gradient images). Default 2. */
  kernelWeight?: number;
  /**
   * Standard deviation of the noise in y (data in [0, 1]); sets the final deconvolution's
   * regularisation. Default 0.005 (8-bit data with little sensor noise).
   */
  noise?: number;
  /** Image/kernel alternations per pyramid level. Default 5. */
  maxIterations?: number;
  /** The non-blind deconvolution for the final image: 'tv' (default), 'admm' (TV and [0, 1] without a border assumption), 'l0' (sharper, flatter) or 'wiener'. */
  finalMethod?: BlindFinalMethod;
  /** Called after every alternation; returning false stops the estimation (the final image is still made). */
  onIteration?: (info: BlindIterationInfo) => boolean | void;
  /** Aborting throws the signal's reason. */
  signal?: AbortSignal;
}

/**
 * What `deconvolveBlind` returns.
 * @example
 * ```js fragment
 * const { kernel, image, converged } = deconvolveBlind(y, { rows: 15, cols: 15 });
 * ```
 */
export interface BlindDeconvolution {
  /** The blur kernel, exactly the requested size, ≥ 0, Σ = 1: y ≈ conv2d(image, kernel, 'same'). */
  kernel: Matrix;
  /** The deblurred image, the size of y: the final non-blind deconvolution with `kernel`. */
  image: Matrix;
  /** Alternations run, over all levels. */
  iterations: number;
  /**
   * True when every level ran to the end and the kernel settled (its last change in ℓ₁ below
   * 0.05); false when stopped, or when the estimate degenerated (no blur found in the data).
   */
  converged: boolean;
  /** The kernel step's objective after each alternation. */
  history: number[];
  /** Pyramid levels used. */
  levels: number;
  /** Milliseconds the whole solve took. */
  elapsed: number;
}

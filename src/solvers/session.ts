/**
 * The memory and operations a solve runs on. Vectors are float64 and live in the backend's
 * memory for the whole solve (WebAssembly memory for the WASM backends, typed arrays for the
 * JS baseline), so an iteration neither allocates nor copies between JS and WebAssembly.
 * Sizes are explicit, outputs first, like the WebAssembly exports.
 */
import type { AdmmEngine, AdmmProblem } from './admm-engine.js';
import type { LinearOperator } from './operators.js';

export type Vec = number | Float64Array;

export interface Session {
  /** A zeroed float64 vector of n elements, kept until `close()`. */
  vec(n: number): Vec;
  /** Copies `data` into v (set-up and warm starts only). */
  write(v: Vec, data: ArrayLike<number>): void;
  /** A view of v's n elements, valid until the next WebAssembly call; copy what you keep. */
  view(v: Vec, n: number): Float64Array;

  dot(a: Vec, b: Vec, n: number): number;
  /** y = alpha·x + beta·y */
  axpby(y: Vec, alpha: number, x: Vec, beta: number, n: number): void;
  copy(dst: Vec, src: Vec, n: number): void;
  fill(v: Vec, value: number, n: number): void;
  clamp(v: Vec, lo: number, hi: number, n: number): void;
  mul(out: Vec, a: Vec, b: Vec, n: number): void;
  /** out = a / b where b > tiny, else 0 */
  divPositive(out: Vec, a: Vec, b: Vec, tiny: number, n: number): void;

  /** dst (dr×dc) = zeros with src (sr×sc) at (ro, co). */
  embed(dst: Vec, dr: number, dc: number, src: Vec, sr: number, sc: number, ro: number, co: number): void;
  rot180(dst: Vec, src: Vec, n: number): void;
  /** out (xr−kr+1 × xc−kc+1) = valid correlation of X with K. */
  corrValid(out: Vec, x: Vec, xr: number, xc: number, k: Vec, kr: number, kc: number): void;

  /** G (k·l)² of the 'valid' model on canvas P (pr×pc); scratch holds pc elements. */
  gram(G: Vec, P: Vec, pr: number, pc: number, k: number, l: number, scratch: Vec): void;
  /** In-place Cholesky of the lower triangle; 0 on success, else 1 + index of the failing pivot. */
  cholesky(A: Vec, n: number): number;
  choleskySolve(L: Vec, n: number, b: Vec): void;
  /** y = A·x, A n×n */
  gemv(y: Vec, A: Vec, x: Vec, n: number): void;
  /** v ← projection onto {v ≥ 0, Σv = total}; scratch holds n elements. */
  projectSimplex(v: Vec, n: number, total: number, scratch: Vec): void;

  /** Isotropic total variation Σ‖∇x‖ (forward differences) of an m×n image. */
  tvNorm(x: Vec, m: number, n: number): number;
  /**
   * out = argmin ½‖v − b‖² + λ·TV(v), lo ≤ v ≤ hi, by FGP; `work` holds six m×n buffers
   * (the first two are the dual field, kept between calls as a warm start).
   */
  tvProx(out: Vec, b: Vec, m: number, n: number, lambda: number, lo: number, hi: number, iterations: number, work: readonly Vec[]): void;

  /**
   * The deconvolution model x ↦ crop(x ∗ h) (R×C at r0, c0) and its adjoint through FFTs with
   * h's spectrum computed once — or null when the backend has no FFT or the direct kernels are
   * cheaper for this problem.
   */
  fftImageOperator(
    h: Vec, k: number, l: number, m: number, n: number, R: number, C: number, r0: number, c0: number,
  ): LinearOperator | null;

  /**
   * The buffers and passes of one ADMM deconvolution (solvers/admm.ts), allocated now from this
   * session; null when the backend has no FFT (the JS baseline).
   */
  admmEngine(p: AdmmProblem): AdmmEngine | null;

  /** Releases every vector of the session. */
  close(): void;
}

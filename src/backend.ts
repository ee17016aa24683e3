import type { LayerKernels } from './layer/kernels.js';
import type { Session } from './solvers/session.js';
import type { Checkpoint } from './solvers/blocks.js';
import type { BackendName, FloatArray, Matrix, Method } from './types.js';
import type { SpectralExports } from './wasm/spectral.js';

/** A method after 'auto' is resolved (Backend.resolveMethod). */
export type ResolvedMethod = 'direct' | 'fft';

/**
 * The NaN policy inside a call. A backend given one scans the call's inputs — x, h, then y — for
 * NaN and ±Infinity before it computes (the WebAssembly backend on the copies it makes anyway, so
 * the scan costs no extra copy) and calls it with the first bad input's name and index; it throws.
 */
export type RejectNonFinite = (name: 'x' | 'h' | 'y', index: number) => never;

/** What a call computes, for choosing its method and sizing its workspace. */
export interface Operation {
  kind: 'forward' | 'objective';
  method: Method;
  gradKernel?: boolean;
  gradImage?: boolean;
}

/**
 * What a compute backend provides. Inputs are validated before they get here: all
 * matrices share one dtype, shapes agree with the crop, outputs are allocated.
 * Backends never mutate their inputs.
 *
 * Notation: x is m×n, h is k×l, values outside x are 0, (r0, c0) is the crop offset
 * into the full result (see geometry.ts).
 */
export interface Backend {
  readonly name: BackendName;

  /**
   * Wiener/Tikhonov deconvolution in the frequency domain (float64 data and result; see
   * wasm/wiener.ts for the boundary it assumes), or null when the backend has no FFT.
   */
  wiener:
    | ((h: Float64Array, k: number, l: number, y: Float64Array, R: number, C: number,
        m: number, n: number, r0: number, c0: number, lambda: number) => Float64Array)
    | null;

  /** The Conv2D layer's forward and gradient passes (see layer/kernels.ts). */
  layer: LayerKernels;
  /**
   * For a backend whose layer kernels live apart (the WebAssembly one: a second binary loaded only
   * when the app uses the layer): loads them if the app now does. Idempotent.
   */
  loadLayer?(): Promise<void>;
  /**
   * For a backend whose solver kernels live apart (the WebAssembly one: the ADMM binary, loaded
   * only when the app contains a solver): loads them if the app now does. Idempotent.
   */
  loadSolvers?(): Promise<void>;
  /**
   * The FFT exports for solvers that work in the frequency domain (solvers/blind), on the memory
   * of `session()`, or null when the backend has no FFT.
   */
  spectral: SpectralExports | null;
  /** Index of the first NaN or ±Infinity in `data`, or −1 (the NaN policy's scan). */
  firstNonFinite(data: FloatArray): number;

  /**
   * Memory and operations for one solve (see solvers/session.ts); close it when done. With a
   * checkpoint, long calls run in blocks and call it between them (solvers/blocks.ts).
   */
  session(checkpoint?: Checkpoint): Session;

  /**
   * The method the operation on an image m×n and kernel k×l, with output R×C at (r0, c0) of the
   * full result, runs ('auto' resolved by the cost model). Throws MemoryLimitError, before
   * anything is allocated, when that path cannot fit the backend's memory.
   */
  resolveMethod(
    op: Operation, m: number, n: number, k: number, l: number, R: number, C: number, r0: number, c0: number, bytesPerElement: number,
  ): ResolvedMethod;

  /** out[i,j] = Σ_{a,b} h[a,b] · x[i+r0−a, j+c0−b]: a crop of the full convolution. */
  convolve(out: Matrix, x: Matrix, h: Matrix, r0: number, c0: number, method: ResolvedMethod, reject?: RejectNonFinite): void;

  /** out[i,j] = Σ_{a,b} h[a,b] · x[i+r0+a−(k−1), j+c0+b−(l−1)]: a crop of the full correlation. */
  correlate(out: Matrix, x: Matrix, h: Matrix, r0: number, c0: number, method: ResolvedMethod, reject?: RejectNonFinite): void;

  /**
   * Residual r = convolve(x, h, r0, c0) − y, computed in the data's precision (y gives the
   * crop's shape). Returns ½‖r‖² accumulated in float64. When given, writes
   * gradKernel[a,b] = Σ_{i,j} r[i,j] · x[i+r0−a, j+c0−b]   (shape of h) and
   * gradImage[u,v]  = Σ_{a,b} h[a,b] · r[u−r0+a, v−c0+b]   (shape of x, r zero outside).
   */
  valueAndGrad(
    x: Matrix,
    h: Matrix,
    y: Matrix,
    r0: number,
    c0: number,
    gradKernel: Matrix | null,
    gradImage: Matrix | null,
    method: ResolvedMethod,
    reject?: RejectNonFinite,
  ): number;
}

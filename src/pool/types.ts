// The pool's public types, the same for convgrad/pool on worker_threads (Node) and on Web Workers.
import type { ConvOptions, GradOptions, ValueAndGrad, ValueAndGradOptions } from '../api.js';
import type {
  Deconvolution, DeconvolveOptions, EstimateKernelOptions, IterationInfo, KernelEstimate,
} from '../solvers/types.js';
import type { Convention, Matrix, Mode } from '../types.js';
import type { WasmSource } from '../wasm/module.js';

/** Options of `createPool`: number of workers and the backend they run. */
export interface PoolOptions {
  /**
   * Number of workers. Default: `os.availableParallelism()` in Node,
   * `navigator.hardwareConcurrency` in a browser.
   */
  workers?: number;
  /** 'wasm' (default) or the pure-JS baseline. */
  backend?: 'wasm' | 'js';
  /** A convgrad binary (bytes, compiled module, URL or Response) instead of the embedded one. */
  wasm?: WasmSource;
}

/** Options every pool job takes. */
export interface JobOptions {
  /**
   * Aborting rejects the job with `signal.reason`: a queued job never runs, a running solver stops
   * at its next iteration or its next block of set-up work (in a browser page that is not cross-origin isolated, its worker is
   * ended and replaced instead).
   */
  signal?: AbortSignal;
  /**
   * Move the inputs' buffers to the worker instead of copying them. The caller's typed arrays
   * become detached (length 0): use it for data you no longer need. Results are always moved back.
   */
  transfer?: boolean;
}

/**
 * Solver options as the pool takes them. `onIteration` runs in the calling thread, a little after
 * the iteration it reports; returning false stops the solver at a later iteration (where the
 * worker can be told: always in Node, in a cross-origin-isolated page in a browser).
 */
export type PoolSolverOptions<T> = Omit<T, 'signal' | 'onIteration' | 'onProgress'> & JobOptions & {
  onIteration?: (info: IterationInfo) => boolean | void;
};

type NoOut<T> = Omit<T, 'out'>;

/** A pool of workers running the API's jobs; every method returns a promise. */
export interface Pool {
  /** Number of workers. */
  readonly size: number;
  /** `conv2d` in a worker: resolves to the same matrix, bit for bit. */
  conv2d(x: Matrix, h: Matrix, mode?: Mode, options?: NoOut<ConvOptions> & JobOptions): Promise<Matrix>;
  /** `correlate2d` in a worker. */
  correlate2d(x: Matrix, h: Matrix, mode?: Mode, options?: NoOut<ConvOptions> & JobOptions): Promise<Matrix>;
  /** `objective` in a worker. */
  objective(x: Matrix, h: Matrix, y: Matrix, mode?: Mode, options?: { convention?: Convention } & JobOptions): Promise<number>;
  /** `gradKernel` in a worker. */
  gradKernel(x: Matrix, h: Matrix, y: Matrix, mode?: Mode, options?: NoOut<GradOptions> & JobOptions): Promise<Matrix>;
  /** `gradImage` in a worker. */
  gradImage(x: Matrix, h: Matrix, y: Matrix, mode?: Mode, options?: NoOut<GradOptions> & JobOptions): Promise<Matrix>;
  /** `valueAndGrad` in a worker. */
  valueAndGrad(x: Matrix, h: Matrix, y: Matrix, mode?: Mode, options?: NoOut<ValueAndGradOptions> & JobOptions): Promise<ValueAndGrad>;
  /** `estimateKernel` in a worker; `onIteration` runs in the calling thread. */
  estimateKernel(
    x: Matrix, y: Matrix, size: { rows: number; cols: number }, options?: PoolSolverOptions<EstimateKernelOptions>,
  ): Promise<KernelEstimate>;
  /** `deconvolve` in a worker; `onIteration` runs in the calling thread. */
  deconvolve(h: Matrix, y: Matrix, options?: PoolSolverOptions<DeconvolveOptions>): Promise<Deconvolution>;
  /** Jobs waiting for a worker, and jobs running. */
  pending(): { queued: number; running: number };
  /**
   * Stops taking jobs (new ones reject with PoolClosedError), lets queued and running ones finish,
   * then ends the workers; resolves once they are gone. Idempotent: every call returns the same
   * promise. A `terminate()` during the wait cuts it short, and this promise resolves with it.
   */
  close(): Promise<void>;
  /**
   * Ends the workers now: queued and running jobs reject with PoolClosedError at once; resolves once
   * the workers are gone. Idempotent, and safe before, during or after `close()`.
   */
  terminate(): Promise<void>;
}

/// <reference types="node" />
// convgrad/pool: the API's jobs on worker_threads, one job per worker at a time.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ConvOptions, GradOptions, ValueAndGrad, ValueAndGradOptions } from '../../api.js';
import { ArgumentError } from '../../errors.js';
import type {
  Deconvolution, DeconvolveOptions, EstimateKernelOptions, IterationInfo, KernelEstimate,
} from '../../solvers/types.js';
import type { Convention, Matrix, Mode } from '../../types.js';
import { compileSource, type WasmSource } from '../../wasm/module.js';
import { PoolClosedError, rebuildError, WorkerCrashError } from './errors.js';
import { SOLVER_KINDS, transferablesOf, type JobKind, type JobMessage, type WorkerInit, type WorkerMessage } from './protocol.js';

export { PoolClosedError, WorkerCrashError } from './errors.js';

/** Options of `createPool`: number of workers and the backend they run. */
export interface PoolOptions {
  /** Number of worker threads. Default: `os.availableParallelism()`. */
  workers?: number;
  /** 'wasm' (default) or the pure-JS baseline. */
  backend?: 'wasm' | 'js';
  /** A convgrad binary (bytes or compiled module) instead of the embedded one. */
  wasm?: WasmSource;
}

/** Options every pool job takes. */
export interface JobOptions {
  /** Aborting rejects the job with `signal.reason`: a queued job never runs, a running solver stops at its next iteration. */
  signal?: AbortSignal;
  /**
   * Move the inputs' buffers to the worker instead of copying them. The caller's typed arrays
   * become detached (length 0): use it for data you no longer need. Results are always moved back.
   */
  transfer?: boolean;
}

/**
 * Solver options as the pool takes them. `onIteration` runs in the calling thread, a little after
 * the iteration it reports; returning false stops the solver at a later iteration.
 */
export type PoolSolverOptions<T> = Omit<T, 'signal' | 'onIteration'> & JobOptions & {
  onIteration?: (info: IterationInfo) => boolean | void;
};

type NoOut<T> = Omit<T, 'out'>;

/** A pool of worker threads running the API's jobs; every method returns a promise. */
export interface Pool {
  /** Number of worker threads. */
  readonly size: number;
  conv2d(x: Matrix, h: Matrix, mode?: Mode, options?: NoOut<ConvOptions> & JobOptions): Promise<Matrix>;
  correlate2d(x: Matrix, h: Matrix, mode?: Mode, options?: NoOut<ConvOptions> & JobOptions): Promise<Matrix>;
  objective(x: Matrix, h: Matrix, y: Matrix, mode?: Mode, options?: { convention?: Convention } & JobOptions): Promise<number>;
  gradKernel(x: Matrix, h: Matrix, y: Matrix, mode?: Mode, options?: NoOut<GradOptions> & JobOptions): Promise<Matrix>;
  gradImage(x: Matrix, h: Matrix, y: Matrix, mode?: Mode, options?: NoOut<GradOptions> & JobOptions): Promise<Matrix>;
  valueAndGrad(x: Matrix, h: Matrix, y: Matrix, mode?: Mode, options?: NoOut<ValueAndGradOptions> & JobOptions): Promise<ValueAndGrad>;
  estimateKernel(
    x: Matrix, y: Matrix, size: { rows: number; cols: number }, options?: PoolSolverOptions<EstimateKernelOptions>,
  ): Promise<KernelEstimate>;
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

interface Job {
  id: number;
  kind: JobKind;
  args: unknown[];
  transfer: ArrayBuffer[];
  onIteration: ((info: IterationInfo) => boolean | void) | undefined;
  signal: AbortSignal | undefined;
  resolve(value: unknown): void;
  reject(err: unknown): void;
  /** Settled already (aborted): a late result from the worker is dropped. */
  settled: boolean;
}

interface Slot {
  worker: Worker;
  control: Int32Array;
  job: Job | null;
  /** Set when the pool itself ends this worker, so its exit is not a crash. */
  retiring: boolean;
  /** The worker said it started (so a replacement can start too). */
  started: boolean;
}

/** Splits the pool's own options off the arguments that go to the worker. */
function splitOptions(options: unknown): { rest: Record<string, unknown> | undefined; job: JobOptions; onIteration?: (info: IterationInfo) => boolean | void } {
  if (options === undefined) return { rest: undefined, job: {} };
  if (options === null || typeof options !== 'object') throw new ArgumentError(`options must be an object, got ${options === null ? 'null' : typeof options}`);
  const { signal, transfer, onIteration, out, ...rest } = options as Record<string, unknown>;
  if (out !== undefined) throw new ArgumentError('options.out is not supported by the pool: results come back as new matrices');
  if (signal !== undefined && !(signal instanceof AbortSignal)) throw new ArgumentError('options.signal must be an AbortSignal');
  if (onIteration !== undefined && typeof onIteration !== 'function') throw new ArgumentError('options.onIteration must be a function');
  return {
    rest,
    job: { ...(signal ? { signal } : {}), transfer: transfer === true },
    ...(onIteration ? { onIteration: onIteration as (info: IterationInfo) => boolean | void } : {}),
  };
}

class WorkerPool implements Pool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private state: 'open' | 'closing' | 'closed' = 'open';
  /** Resolves close()'s wait: called when no job is queued or running (or terminate() ended them). */
  private drained: (() => void) | null = null;
  private closing: Promise<void> | null = null;
  private ending: Promise<void> | null = null;

  constructor(size: number, private readonly init: Omit<WorkerInit, 'control'>) {
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  private spawn(): Slot {
    const control = new SharedArrayBuffer(4);
    const worker = new Worker(new URL('./worker.js', import.meta.url), { workerData: { ...this.init, control } satisfies WorkerInit });
    const slot: Slot = { worker, control: new Int32Array(control), job: null, retiring: false, started: false };
    worker.unref(); // an idle pool does not keep the process alive; a busy worker is ref'd
    let crash: unknown = null;
    worker.on('message', (msg: WorkerMessage) => this.onMessage(slot, msg));
    worker.on('error', (err) => { crash = err; });
    worker.on('exit', (code) => this.onExit(slot, code, crash));
    return slot;
  }

  private onExit(slot: Slot, code: number, crash: unknown): void {
    const job = slot.job;
    slot.job = null;
    if (slot.retiring) {
      // The pool ended this worker: its job was settled before (close waits, terminate rejects);
      // should one still be open, it is settled here, never left hanging.
      if (job) this.settle(job, false, new PoolClosedError('the pool was terminated while this job ran'));
      return;
    }
    const why = crash instanceof Error ? crash.message : `exit code ${code}`;
    if (job) this.settle(job, false, new WorkerCrashError(`the worker running ${job.kind} died (${why})`));
    const i = this.slots.indexOf(slot);
    if (i >= 0 && this.state !== 'closed') {
      if (slot.started || job) {
        // Replaced on every crash. A worker that dies running a job costs that job, so a
        // replacement that dies too cannot loop on its own.
        this.slots[i] = this.spawn();
      } else {
        // It died idle before it even started: a replacement would too. Carry on with the others.
        this.slots.splice(i, 1);
        if (this.slots.length === 0) {
          this.state = 'closed';
          for (const queued of this.queue.splice(0)) this.settle(queued, false, new WorkerCrashError(`no pool worker could start (${why})`));
        }
      }
    }
    this.dispatch();
  }

  private onMessage(slot: Slot, msg: WorkerMessage): void {
    slot.started = true;
    if (msg.type === 'ready') return;
    const job = slot.job;
    // id null: the worker could not even read the job it was sent (its current one).
    if (!job || (job.id !== msg.id && msg.id !== null)) return;
    if (msg.type === 'iteration') {
      if (job.settled) return;
      let stop: boolean | void;
      try {
        stop = job.onIteration?.(msg.info);
      } catch (err) {
        // As on the main thread: the callback's error rejects its job (and the solver is told to stop).
        Atomics.store(slot.control, 0, job.id);
        this.settle(job, false, err);
        return;
      }
      if (stop === false) Atomics.store(slot.control, 0, job.id);
      return;
    }
    slot.job = null;
    slot.worker.unref();
    if (msg.type === 'result') this.settle(job, true, msg.value);
    else this.settle(job, false, rebuildError(msg.error));
    this.dispatch();
  }

  private settle(job: Job, ok: boolean, value: unknown): void {
    if (job.settled) return;
    job.settled = true;
    if (ok) job.resolve(value);
    else job.reject(value);
  }

  private dispatch(): void {
    for (;;) {
      const slot = this.queue.length > 0 ? this.slots.find((s) => s.job === null && !s.retiring) : undefined;
      if (slot === undefined) break;
      const job = this.queue.shift()!;
      const msg: JobMessage = { id: job.id, kind: job.kind, args: job.args, reportIterations: job.onIteration !== undefined };
      try {
        slot.worker.postMessage(msg, job.transfer);
      } catch (err) {
        this.settle(job, false, new ArgumentError(`cannot send the ${job.kind} job to a worker: ${(err as Error).message}`));
        continue;
      }
      job.args = []; // the worker has its own copy now
      slot.job = job;
      slot.worker.ref();
    }
    if (this.drained && this.queue.length === 0 && this.slots.every((s) => s.job === null)) this.drained();
  }

  private submit<T>(kind: JobKind, args: unknown[], options: unknown): Promise<T> {
    if (this.state !== 'open') return Promise.reject(new PoolClosedError());
    let split: ReturnType<typeof splitOptions>;
    try {
      split = splitOptions(options);
    } catch (err) {
      return Promise.reject(err);
    }
    const { signal, transfer } = split.job;
    if (signal?.aborted) return Promise.reject(signal.reason);
    const workerArgs = split.rest === undefined && !SOLVER_KINDS.has(kind) ? args : [...args, split.rest];
    return new Promise<T>((resolve, reject) => {
      const job: Job = {
        id: this.nextId++, kind, args: workerArgs, transfer: transfer ? transferablesOf(args) : [],
        onIteration: split.onIteration, signal, settled: false,
        resolve: resolve as (v: unknown) => void, reject,
      };
      if (signal) {
        const onAbort = () => this.abort(job);
        signal.addEventListener('abort', onAbort, { once: true });
        const done = () => signal.removeEventListener('abort', onAbort);
        job.resolve = (v) => { done(); resolve(v as T); };
        job.reject = (e) => { done(); reject(e); };
      }
      this.queue.push(job);
      this.dispatch();
    });
  }

  private abort(job: Job): void {
    const queued = this.queue.indexOf(job);
    if (queued >= 0) this.queue.splice(queued, 1);
    // A running job keeps its worker until the solver notices the flag (or a short op returns).
    const slot = this.slots.find((s) => s.job === job);
    if (slot) Atomics.store(slot.control, 0, job.id);
    this.settle(job, false, job.signal!.reason);
  }

  conv2d(x: Matrix, h: Matrix, mode: Mode = 'full', options?: NoOut<ConvOptions> & JobOptions) {
    return this.submit<Matrix>('conv2d', [x, h, mode], options);
  }
  correlate2d(x: Matrix, h: Matrix, mode: Mode = 'full', options?: NoOut<ConvOptions> & JobOptions) {
    return this.submit<Matrix>('correlate2d', [x, h, mode], options);
  }
  objective(x: Matrix, h: Matrix, y: Matrix, mode: Mode = 'valid', options?: { convention?: Convention } & JobOptions) {
    return this.submit<number>('objective', [x, h, y, mode], options);
  }
  gradKernel(x: Matrix, h: Matrix, y: Matrix, mode: Mode = 'valid', options?: NoOut<GradOptions> & JobOptions) {
    return this.submit<Matrix>('gradKernel', [x, h, y, mode], options);
  }
  gradImage(x: Matrix, h: Matrix, y: Matrix, mode: Mode = 'valid', options?: NoOut<GradOptions> & JobOptions) {
    return this.submit<Matrix>('gradImage', [x, h, y, mode], options);
  }
  valueAndGrad(x: Matrix, h: Matrix, y: Matrix, mode: Mode = 'valid', options?: NoOut<ValueAndGradOptions> & JobOptions) {
    return this.submit<ValueAndGrad>('valueAndGrad', [x, h, y, mode], options);
  }
  estimateKernel(x: Matrix, y: Matrix, size: { rows: number; cols: number }, options?: PoolSolverOptions<EstimateKernelOptions>) {
    return this.submit<KernelEstimate>('estimateKernel', [x, y, size], options);
  }
  deconvolve(h: Matrix, y: Matrix, options?: PoolSolverOptions<DeconvolveOptions>) {
    return this.submit<Deconvolution>('deconvolve', [h, y], options);
  }

  get size(): number {
    return this.slots.length;
  }

  pending() {
    return { queued: this.queue.length, running: this.slots.filter((s) => s.job !== null).length };
  }

  close(): Promise<void> {
    if (this.closing) return this.closing;
    if (this.state !== 'open') return this.end(); // terminated, or no worker could start
    this.state = 'closing';
    this.closing = new Promise<void>((resolve) => {
      this.drained = resolve;
      this.dispatch();
    }).then(() => this.end());
    return this.closing;
  }

  terminate(): Promise<void> {
    if (this.state === 'open') this.state = 'closing';
    for (const job of this.queue.splice(0)) this.settle(job, false, new PoolClosedError('the pool was terminated before this job ran'));
    for (const slot of this.slots) {
      if (slot.job) this.settle(slot.job, false, new PoolClosedError('the pool was terminated while this job ran'));
    }
    this.drained?.(); // a close() waiting for those jobs ends with them
    return this.end();
  }

  /** Ends every worker once; every call gets the same promise, resolved when they are gone. */
  private end(): Promise<void> {
    this.ending ??= (async () => {
      this.state = 'closed';
      this.drained = null;
      for (const job of this.queue.splice(0)) this.settle(job, false, new PoolClosedError('the pool was closed before this job ran'));
      for (const slot of this.slots) slot.retiring = true;
      await Promise.allSettled(this.slots.map((s) => s.worker.terminate()));
    })();
    return this.ending;
  }
}

/**
 * Starts a pool of worker threads. The WebAssembly module is compiled once, here, and each
 * worker instantiates that compiled module (no per-worker compile).
 *
 * Jobs return promises; `Promise.all` over them gives results in submission order, whatever
 * order the workers finish in. A job that throws rejects with the same error class
 * (ShapeError, ArgumentError, …) and leaves the pool running.
 */
export async function createPool(options: PoolOptions = {}): Promise<Pool> {
  const workers = options.workers ?? availableParallelism();
  if (!Number.isInteger(workers) || workers < 1) throw new ArgumentError(`options.workers must be a positive integer, got ${String(workers)}`);
  const backend = options.backend ?? 'wasm';
  if (backend === 'js') {
    if (options.wasm !== undefined) throw new ArgumentError("options.wasm cannot be combined with backend: 'js'");
    return new WorkerPool(workers, { backend });
  }
  if (backend !== 'wasm') throw new ArgumentError(`options.backend must be 'wasm' or 'js', got ${JSON.stringify(backend)}`);
  const module = await compileSource(options.wasm);
  return new WorkerPool(workers, { backend, module });
}

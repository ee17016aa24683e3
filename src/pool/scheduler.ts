// The pool's logic, shared by convgrad/pool on worker_threads and on Web Workers: the queue, one
// job per worker, settle-once, abort, progress callbacks, crash replacement, close/terminate.
// The platform supplies only how a worker is started, messaged, stopped and ended (PoolWorker).
import type { ConvOptions, GradOptions, ValueAndGrad, ValueAndGradOptions } from '../api.js';
import { ArgumentError } from '../errors.js';
import type { Deconvolution, DeconvolveOptions, EstimateKernelOptions, IterationInfo, KernelEstimate } from '../solvers/types.js';
import type { Convention, Matrix, Mode } from '../types.js';
import { PoolClosedError, rebuildError, WorkerCrashError } from './errors.js';
import { SOLVER_KINDS, transferablesOf, type JobKind, type JobMessage, type WorkerMessage } from './protocol.js';
import type { JobOptions, Pool, PoolSolverOptions } from './types.js';

/** One worker as the scheduler drives it. */
export interface PoolWorker {
  /** Sends a job, moving `transfer`; throws when the message cannot be sent (e.g. a detached buffer). */
  post(msg: JobMessage, transfer: ArrayBuffer[]): void;
  /**
   * Asks the solver running job `id` to stop at its next iteration. False when this worker cannot
   * be asked while it computes (no shared memory): the scheduler then ends and replaces it.
   */
  requestStop(id: number): boolean;
  /** The worker got a job or went idle (Node: a busy worker keeps the process alive, an idle one does not). */
  setBusy(busy: boolean): void;
  /** Ends the worker; resolves once it is gone. Its `died` event may follow (it is ignored). */
  terminate(): Promise<void>;
}

/** What a worker reports to the scheduler. */
export interface PoolWorkerEvents {
  message(msg: WorkerMessage): void;
  /** The worker is gone without the scheduler asking (it exited or crashed); `why` goes into the job's error. */
  died(why: string): void;
}

/** Starts one worker that reports to `events`. */
export type SpawnWorker = (events: PoolWorkerEvents) => PoolWorker;

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
  worker: PoolWorker;
  job: Job | null;
  /** Set when the pool itself ends this worker, so its end is not a crash. */
  retiring: boolean;
  /** The worker said it started (so a replacement can start too). */
  started: boolean;
}

type NoOut<T> = Omit<T, 'out'>;

/** Splits the pool's own options off the arguments that go to the worker. */
function splitOptions(options: unknown): { rest: Record<string, unknown> | undefined; job: JobOptions; onIteration?: (info: IterationInfo) => boolean | void } {
  if (options === undefined) return { rest: undefined, job: {} };
  if (options === null || typeof options !== 'object') throw new ArgumentError(`options must be an object, got ${options === null ? 'null' : typeof options}`);
  const { signal, transfer, onIteration, out, ...rest } = options as Record<string, unknown>;
  if (out !== undefined) throw new ArgumentError('options.out is not supported by the pool: results come back as new matrices');
  if (signal !== undefined && !(signal instanceof AbortSignal)) throw new ArgumentError('options.signal must be an AbortSignal');
  if (onIteration !== undefined && typeof onIteration !== 'function') throw new ArgumentError('options.onIteration must be a function');
  if (rest.onProgress !== undefined) {
    throw new ArgumentError('options.onProgress is not supported by the pool (it would run in the worker); abort options.signal or set timeLimit to bound a job');
  }
  return {
    rest,
    job: { ...(signal ? { signal } : {}), transfer: transfer === true },
    ...(onIteration ? { onIteration: onIteration as (info: IterationInfo) => boolean | void } : {}),
  };
}

/** The Pool of both platforms: `spawn` starts one worker of the platform's kind. */
export class PoolScheduler implements Pool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private state: 'open' | 'closing' | 'closed' = 'open';
  /** Resolves close()'s wait: called when no job is queued or running (or terminate() ended them). */
  private drained: (() => void) | null = null;
  private closing: Promise<void> | null = null;
  private ending: Promise<void> | null = null;

  constructor(size: number, private readonly spawnWorker: SpawnWorker) {
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  private spawn(): Slot {
    const slot: Slot = { worker: undefined as unknown as PoolWorker, job: null, retiring: false, started: false };
    slot.worker = this.spawnWorker({ message: (msg) => this.onMessage(slot, msg), died: (why) => this.onDied(slot, why) });
    return slot;
  }

  private onDied(slot: Slot, why: string): void {
    const job = slot.job;
    slot.job = null;
    if (slot.retiring) {
      // The pool ended this worker: its job was settled before (close waits, terminate rejects);
      // should one still be open, it is settled here, never left hanging.
      if (job) this.settle(job, false, new PoolClosedError('the pool was terminated while this job ran'));
      return;
    }
    slot.retiring = true; // it is gone: never dispatched to again, whatever comes next
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

  /** Ends a worker whose job was settled but which cannot be told to stop computing, and starts another. */
  private replace(slot: Slot): void {
    const i = this.slots.indexOf(slot);
    slot.retiring = true;
    slot.job = null;
    void slot.worker.terminate();
    if (i >= 0 && this.state !== 'closed') this.slots[i] = this.spawn();
    this.dispatch();
  }

  /** Tells the worker running `job` to stop; where it cannot be told, ends it (and replaces it). */
  private stop(slot: Slot, job: Job): void {
    if (!slot.worker.requestStop(job.id)) this.replace(slot);
  }

  private onMessage(slot: Slot, msg: WorkerMessage): void {
    if (slot.retiring) return;
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
        this.settle(job, false, err);
        this.stop(slot, job);
        return;
      }
      if (stop === false && !slot.worker.requestStop(job.id)) {
        // No shared memory: the solver cannot be reached mid-solve, so it runs to its own
        // stopping rule (ending the worker would lose the result); no more progress calls.
        job.onIteration = undefined;
      }
      return;
    }
    slot.job = null;
    slot.worker.setBusy(false);
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
        slot.worker.post(msg, job.transfer);
      } catch (err) {
        this.settle(job, false, new ArgumentError(`cannot send the ${job.kind} job to a worker: ${(err as Error).message}`));
        continue;
      }
      job.args = []; // the worker has its own copy now
      slot.job = job;
      slot.worker.setBusy(true);
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
    this.settle(job, false, job.signal!.reason);
    // A running job keeps its worker until the solver notices the flag (or a short op returns).
    const slot = this.slots.find((s) => s.job === job);
    if (slot) this.stop(slot, job);
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

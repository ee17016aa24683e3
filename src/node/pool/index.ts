/// <reference types="node" />
// convgrad/pool: the API's jobs on worker_threads, one job per worker at a time. The pool's logic
// is src/pool/scheduler.ts (shared with the Web Worker pool); this file starts Node workers.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { checkPoolOptions } from '../../pool/options.js';
import type { WorkerInit } from '../../pool/protocol.js';
import { PoolScheduler, type PoolWorker, type PoolWorkerEvents } from '../../pool/scheduler.js';
import type { Pool, PoolOptions } from '../../pool/types.js';

export { PoolClosedError, WorkerCrashError } from '../../pool/errors.js';
export type { JobOptions, Pool, PoolOptions, PoolSolverOptions } from '../../pool/types.js';

/** A worker thread started with `init` (plus its own stop flag), reporting to `events`. */
function nodeWorker(init: Omit<WorkerInit, 'control'>, events: PoolWorkerEvents): PoolWorker {
  const control = new SharedArrayBuffer(4);
  const flag = new Int32Array(control);
  // The worker in one file (scripts/bundle-worker.mjs): it starts ≈ 60 ms of CPU sooner than worker.js.
  const worker = new Worker(new URL('./worker.bundle.js', import.meta.url), { workerData: { ...init, control } satisfies WorkerInit });
  worker.unref(); // an idle pool does not keep the process alive; a busy worker is ref'd
  let crash: unknown = null;
  worker.on('message', events.message);
  worker.on('error', (err) => { crash = err; });
  worker.on('exit', (code) => events.died(crash instanceof Error ? crash.message : `exit code ${code}`));
  return {
    post: (msg, transfer) => worker.postMessage(msg, transfer),
    requestStop: (id) => {
      Atomics.store(flag, 0, id);
      return true;
    },
    setBusy: (busy) => (busy ? worker.ref() : worker.unref()),
    terminate: () => worker.terminate().then(() => undefined),
  };
}

/**
 * Starts a pool of worker threads. The WebAssembly module is compiled once, here, and each
 * worker instantiates that compiled module (no per-worker compile).
 *
 * Jobs return promises; `Promise.all` over them gives results in submission order, whatever
 * order the workers finish in. A job that throws rejects with the same error class
 * (ShapeError, ArgumentError, …) and leaves the pool running. In a browser bundle this entry
 * resolves to the Web Worker pool (`convgrad/web-pool`), which has the same API.
 *
 * @param options - `workers` (default `os.availableParallelism()`), `backend`, `wasm`.
 * @returns The pool, its workers starting.
 * @throws ArgumentError for a bad option; ConvgradError when the WebAssembly cannot be compiled.
 * @example
 * ```js fragment
 * import { createPool } from 'convgrad/pool';
 * const pool = await createPool({ workers: 2 });
 * const kernels = await Promise.all(pairs.map(({ x, y }) => pool.estimateKernel(x, y, { rows: 15, cols: 15 })));
 * await pool.close();
 * ```
 */
export async function createPool(options: PoolOptions = {}): Promise<Pool> {
  const { workers, init } = await checkPoolOptions(options, availableParallelism());
  return new PoolScheduler(workers, (events) => nodeWorker(init, events));
}

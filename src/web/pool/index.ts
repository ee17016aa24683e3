// convgrad/web-pool (and convgrad/pool in a browser bundle): the API's jobs on module Web Workers,
// one job per worker at a time, with the same API as the worker_threads pool. The pool's logic is
// src/pool/scheduler.ts (shared with it); this file starts Web Workers.
import { ArgumentError } from '../../errors.js';
import { checkPoolOptions } from '../../pool/options.js';
import type { WorkerInit } from '../../pool/protocol.js';
import { PoolScheduler, type PoolWorker, type PoolWorkerEvents } from '../../pool/scheduler.js';
import type { Pool, PoolOptions } from '../../pool/types.js';

export { PoolClosedError, WorkerCrashError } from '../../pool/errors.js';
export type { JobOptions, Pool, PoolOptions, PoolSolverOptions } from '../../pool/types.js';

/** Options of the browser pool's `createPool`: those of `convgrad/pool`, and where its worker script is. */
export interface WebPoolOptions extends PoolOptions {
  /**
   * The pool's worker script (`dist/web/pool/worker.js` of the package, a module script), for
   * bundlers that do not follow `new Worker(new URL('./worker.js', import.meta.url))` (esbuild:
   * add that file as an entry point and pass its output URL) or a copy served elsewhere.
   * Default: the file beside this module, which Vite and webpack 5 emit by themselves.
   */
  workerUrl?: string | URL;
}

/** Shared memory can be posted to a worker only in a cross-origin-isolated page (COOP + COEP). */
const sharedMemory = (): boolean => typeof SharedArrayBuffer === 'function' && globalThis.crossOriginIsolated === true;

/** A module Web Worker started with `init`, reporting to `events`. */
function webWorker(init: Omit<WorkerInit, 'control'>, events: PoolWorkerEvents, url: string | URL | undefined): PoolWorker {
  const control = sharedMemory() ? new SharedArrayBuffer(4) : null;
  const flag = control ? new Int32Array(control) : null;
  // The second form, a literal URL beside this module, is what Vite and webpack recognise to
  // emit the worker as a chunk of its own.
  const worker = url !== undefined
    ? new Worker(url, { type: 'module', name: 'convgrad-pool' })
    : new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name: 'convgrad-pool' });
  let gone = false;
  const die = (why: string) => {
    if (gone) return;
    gone = true;
    worker.terminate();
    events.died(why);
  };
  worker.onmessage = (e: MessageEvent) => events.message(e.data);
  // A Web Worker has no exit event: an uncaught error (or a script that fails to load) is its
  // end as far as the pool is concerned. It is ended, and its job fails with WorkerCrashError.
  worker.onerror = (e: ErrorEvent) => {
    e.preventDefault();
    die(e.message || 'the worker script failed to load or threw');
  };
  worker.onmessageerror = () => die('a message from the worker could not be deserialised');
  const testFaults = (globalThis as { __convgradPoolTestFaults?: unknown }).__convgradPoolTestFaults === true;
  worker.postMessage({ ...init, control, ...(testFaults ? { testFaults } : {}) } satisfies WorkerInit);
  return {
    post: (msg, transfer) => worker.postMessage(msg, transfer),
    requestStop: (id) => {
      if (!flag) return false;
      Atomics.store(flag, 0, id);
      return true;
    },
    setBusy: () => {},
    terminate: () => {
      gone = true;
      worker.terminate();
      return Promise.resolve();
    },
  };
}

/**
 * Starts a pool of module Web Workers: `convgrad/pool`'s API in a browser (this is what
 * `convgrad/pool` resolves to in a browser bundle; `convgrad/web-pool` names it explicitly). The
 * WebAssembly module is compiled once, here, and posted to each worker, which only instantiates
 * it. Jobs return promises in submission order; inputs can be moved (`{ transfer: true }`) and
 * results always are. In a page that is not cross-origin isolated, a running job cannot be told to
 * stop: aborting it ends its worker (a new one takes its place), and an `onIteration` returning
 * false lets the solver finish by its own stopping rule.
 *
 * @param options - `workers` (default `navigator.hardwareConcurrency`), `backend`, `wasm`,
 *   `workerUrl` (where the worker script is, for bundlers that do not emit it themselves).
 * @returns The pool, its workers starting.
 * @throws ArgumentError for a bad option or where Web Workers are unavailable; ConvgradError
 *   (ERR_WASM_UNAVAILABLE) when the page's Content-Security-Policy forbids WebAssembly.
 * @example
 * ```js fragment
 * import { createPool } from 'convgrad/pool'; // or 'convgrad/web-pool'
 * const pool = await createPool({ workers: 2 });
 * const [r, g, b] = await Promise.all(channels.map((c) => pool.deconvolve(h, c, { method: 'wiener' })));
 * await pool.close();
 * ```
 */
export async function createPool(options: WebPoolOptions = {}): Promise<Pool> {
  if (typeof Worker !== 'function') throw new ArgumentError('convgrad/web-pool needs Web Workers (in Node, import convgrad/pool)');
  const cores = typeof navigator === 'object' && navigator.hardwareConcurrency > 0 ? navigator.hardwareConcurrency : 4;
  const { workers, init } = await checkPoolOptions(options, cores, ['workerUrl']);
  const url = options.workerUrl;
  if (url !== undefined && typeof url !== 'string' && !(url instanceof URL)) {
    throw new ArgumentError(`options.workerUrl must be a URL or a string, got ${typeof url}`);
  }
  return new PoolScheduler(workers, (events) => webWorker(init, events, url));
}

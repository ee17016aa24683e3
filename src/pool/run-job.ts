// The worker side of the pool, shared by the worker_threads and the Web Worker scripts: runs one
// job as the API call would, reports progress, obeys the stop flag, posts the result or the error.
import type * as Convgrad from '../index.js';
import type { IterationInfo } from '../solvers/types.js';
import { serializeError, SOLVER_KINDS, transferablesOf, type JobKind, type JobMessage, type WorkerInit, type WorkerMessage } from './protocol.js';

/** What a worker script gives the job runner. */
export interface JobRunnerHost {
  post(msg: WorkerMessage, transfer?: ArrayBuffer[]): void;
  /**
   * Test-only fault injection, for deterministic pool tests: called with a job's arguments when
   * its last one (its options) carries `testFault`, which has been removed from them already.
   */
  injectFault?(fault: unknown): Promise<void>;
}

/**
 * Starts convgrad in this worker (with the module the main thread compiled) and returns the
 * handler of job messages. The job kinds are the names of the package's own exports.
 */
export function jobRunner(convgrad: typeof Convgrad, setup: WorkerInit, host: JobRunnerHost): (job: JobMessage) => Promise<void> {
  const control = setup.control ? new Int32Array(setup.control) : null;
  const ready = convgrad.init(setup.backend === 'js' ? { backend: 'js' }
    : { wasm: setup.module!, ...(setup.layerModule ? { layerWasm: setup.layerModule } : {}), ...(setup.admmModule ? { admmWasm: setup.admmModule } : {}) });
  ready.catch(() => {}); // a failed start is each job's error (below), not a crash of the worker
  const api = convgrad as unknown as Record<JobKind, ((...args: unknown[]) => unknown) | undefined>;

  /**
   * Solver options with an onIteration that reports progress and obeys the main thread's stop
   * flag, and an onProgress that obeys it during set-up (before any iteration) by aborting a
   * signal of the worker's own: the job was settled on the main thread already, so the worker is
   * freed within one block of set-up work.
   */
  const hooked = (job: JobMessage, options: unknown): Record<string, unknown> => {
    const stop = new AbortController();
    return {
      ...(options as Record<string, unknown> | undefined),
      onIteration: (info: IterationInfo) => {
        if (job.reportIterations) host.post({ type: 'iteration', id: job.id, info });
        if (control && Atomics.load(control, 0) === job.id) return false;
        return undefined;
      },
      onProgress: () => {
        if (control && Atomics.load(control, 0) === job.id) stop.abort(new Error('stopped by the pool'));
      },
      signal: stop.signal,
    };
  };

  return async (job) => {
    try {
      await ready;
      const args = job.args.slice();
      const options = args.at(-1);
      if (setup.testFaults && host.injectFault && options !== null && typeof options === 'object' && 'testFault' in options) {
        const { testFault, ...rest } = options as { testFault: unknown };
        args[args.length - 1] = rest;
        await host.injectFault(testFault);
      }
      if (SOLVER_KINDS.has(job.kind)) {
        const last = job.kind === 'estimateKernel' ? 3 : 2; // index of the options argument
        args[last] = hooked(job, args[last]);
      }
      const run = api[job.kind];
      if (run === undefined) throw new Error(`this build of convgrad has no ${job.kind}`);
      const value = run(...args);
      try {
        host.post({ type: 'result', id: job.id, value }, transferablesOf(value));
      } catch {
        host.post({ type: 'result', id: job.id, value }); // a buffer that cannot be detached: copy instead
      }
    } catch (err) {
      host.post({ type: 'error', id: job.id, error: serializeError(err) });
    }
  };
}

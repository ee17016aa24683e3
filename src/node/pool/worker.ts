/// <reference types="node" />
// A pool worker: instantiates the module the main thread compiled, then runs one job at a time.
import { parentPort, workerData } from 'node:worker_threads';
import * as convgrad from '../../index.js';
import type { IterationInfo } from '../../solvers/types.js';
import { serializeError, SOLVER_KINDS, transferablesOf, type JobKind, type JobMessage, type WorkerInit, type WorkerMessage } from './protocol.js';

const setup = workerData as WorkerInit;
const port = parentPort!;
const control = new Int32Array(setup.control);
const ready = convgrad.init(setup.backend === 'js' ? { backend: 'js' } : { wasm: setup.module! });
ready.catch(() => {}); // a failed start is each job's error (below), not a crash of the worker

// Job kinds are the names of the package's own exports: each job runs exactly as the API call would.
const api = convgrad as unknown as Record<JobKind, ((...args: unknown[]) => unknown) | undefined>;

const post = (msg: WorkerMessage, transfer: ArrayBuffer[] = []) => port.postMessage(msg, transfer);

/** Solver options with an onIteration that reports progress and obeys the main thread's stop flag. */
function hooked(job: JobMessage, options: unknown): Record<string, unknown> {
  return {
    ...(options as Record<string, unknown> | undefined),
    onIteration: (info: IterationInfo) => {
      if (job.reportIterations) post({ type: 'iteration', id: job.id, info });
      if (Atomics.load(control, 0) === job.id) return false;
      return undefined;
    },
  };
}

/**
 * Test-only fault injection, for deterministic pool tests: off unless the pool was started with
 * CONVGRAD_POOL_TEST_FAULTS=1 in the environment (workers copy it at start). Then a job whose
 * last argument (its options) carries `testFault` does this first, and runs without it:
 *   'exit'      the worker thread exits (process.exit) mid-job;
 *   'uncaught'  an uncaught exception ends the worker while the job is pending;
 *   Int32Array  (on a SharedArrayBuffer) a gate: the job waits until gate[0] ≠ 0, then runs.
 */
const FAULTS = process.env.CONVGRAD_POOL_TEST_FAULTS === '1';
async function injectFault(args: unknown[]): Promise<void> {
  const options = args.at(-1);
  if (!FAULTS || options === null || typeof options !== 'object' || !('testFault' in options)) return;
  const { testFault, ...rest } = options as { testFault: unknown };
  args[args.length - 1] = rest;
  if (testFault === 'exit') process.exit(3);
  if (testFault === 'uncaught') {
    setImmediate(() => { throw new Error('injected uncaught exception'); });
    await new Promise(() => {}); // the job never ends: the exception ends the worker
  }
  if (testFault instanceof Int32Array) Atomics.wait(testFault, 0, 0);
}

// A job that cannot be deserialised (e.g. it referred to a buffer already given away).
port.on('messageerror', (err) => post({ type: 'error', id: null, error: serializeError(err) }));

port.on('message', async (job: JobMessage) => {
  try {
    await ready;
    const args = job.args.slice();
    await injectFault(args);
    if (SOLVER_KINDS.has(job.kind)) {
      const last = job.kind === 'estimateKernel' ? 3 : 2; // index of the options argument
      args[last] = hooked(job, args[last]);
    }
    const run = api[job.kind];
    if (run === undefined) throw new Error(`this build of convgrad has no ${job.kind}`);
    const value = run(...args);
    try {
      post({ type: 'result', id: job.id, value }, transferablesOf(value));
    } catch {
      post({ type: 'result', id: job.id, value }); // a buffer that cannot be detached: copy instead
    }
  } catch (err) {
    post({ type: 'error', id: job.id, error: serializeError(err) });
  }
});

post({ type: 'ready' }); // started: from here on a crash is the job's, and the worker is worth replacing

/// <reference types="node" />
// A pool worker on worker_threads: instantiates the module the main thread compiled, then runs one
// job at a time (src/pool/run-job.ts).
import { parentPort, workerData } from 'node:worker_threads';
import * as convgrad from '../../index.js';
import { jobRunner } from '../../pool/run-job.js';
import { serializeError, type JobMessage, type WorkerInit, type WorkerMessage } from '../../pool/protocol.js';

const port = parentPort!;
const post = (msg: WorkerMessage, transfer: ArrayBuffer[] = []) => port.postMessage(msg, transfer);

/**
 * Test-only fault injection, for deterministic pool tests: off unless the pool was started with
 * CONVGRAD_POOL_TEST_FAULTS=1 in the environment (workers copy it at start). Then a job whose
 * last argument (its options) carries `testFault` does this first, and runs without it:
 *   'exit'      the worker thread exits (process.exit) mid-job;
 *   'uncaught'  an uncaught exception ends the worker while the job is pending;
 *   Int32Array  (on a SharedArrayBuffer) a gate: the job waits until gate[0] ≠ 0, then runs.
 */
async function injectFault(testFault: unknown): Promise<void> {
  if (testFault === 'exit') process.exit(3);
  if (testFault === 'uncaught') {
    setImmediate(() => { throw new Error('injected uncaught exception'); });
    await new Promise(() => {}); // the job never ends: the exception ends the worker
  }
  if (testFault instanceof Int32Array) Atomics.wait(testFault, 0, 0);
}

const run = jobRunner(convgrad, { ...(workerData as WorkerInit), testFaults: process.env.CONVGRAD_POOL_TEST_FAULTS === '1' }, { post, injectFault });

// A job that cannot be deserialised (e.g. it referred to a buffer already given away).
port.on('messageerror', (err) => post({ type: 'error', id: null, error: serializeError(err) }));
port.on('message', (job: JobMessage) => void run(job));

post({ type: 'ready' }); // started: from here on a crash is the job's, and the worker is worth replacing

// A pool worker in a browser (a module Web Worker): its first message says how to start
// (WorkerInit: the module the page compiled), every later one is a job (src/pool/run-job.ts).
import * as convgrad from '../../index.js';
import { jobRunner } from '../../pool/run-job.js';
import type { JobMessage, WorkerInit, WorkerMessage } from '../../pool/protocol.js';

interface WorkerScope {
  postMessage(msg: unknown, transfer: Transferable[]): void;
  onmessage: ((e: MessageEvent) => void) | null;
  onmessageerror: ((e: MessageEvent) => void) | null;
}
const scope = globalThis as unknown as WorkerScope;
const post = (msg: WorkerMessage, transfer: ArrayBuffer[] = []) => scope.postMessage(msg, transfer);

/**
 * Test-only fault injection (on when the page set globalThis.__convgradPoolTestFaults = true
 * before createPool): a job whose options carry `testFault` does this first:
 *   'uncaught'        an uncaught exception in the worker while the job is pending;
 *   { gate: name }    the job says 'waiting' on BroadcastChannel(name) and runs once told 'go'.
 */
async function injectFault(testFault: unknown): Promise<void> {
  if (testFault === 'uncaught') {
    setTimeout(() => { throw new Error('injected uncaught exception'); });
    await new Promise(() => {}); // the job never ends: the exception ends the worker
  }
  const gate = (testFault as { gate?: unknown } | null)?.gate;
  if (typeof gate === 'string') {
    const channel = new BroadcastChannel(gate);
    await new Promise((resolve) => {
      channel.onmessage = (e) => { if (e.data === 'go') resolve(undefined); };
      channel.postMessage('waiting');
    });
    channel.close();
  }
}

// A job that cannot be deserialised (e.g. it referred to a buffer already given away).
scope.onmessageerror = () => post({ type: 'error', id: null, error: { name: 'DataCloneError', message: 'the job could not be read in the worker' } });

let run: ((job: JobMessage) => Promise<void>) | undefined;
scope.onmessage = (e: MessageEvent) => {
  if (run === undefined) {
    run = jobRunner(convgrad, e.data as WorkerInit, { post, injectFault });
    post({ type: 'ready' }); // started: from here on a crash is the job's, and the worker is worth replacing
  } else {
    void run(e.data as JobMessage);
  }
};

import type { IterationInfo } from '../solvers/types.js';

/** The operations a worker runs: the core API and the solvers. */
export const JOB_KINDS = [
  'conv2d', 'correlate2d', 'objective', 'gradKernel', 'gradImage', 'valueAndGrad', 'estimateKernel', 'deconvolve',
] as const;
export type JobKind = (typeof JOB_KINDS)[number];

/** Kinds whose last argument is solver options (they take onIteration). */
export const SOLVER_KINDS: ReadonlySet<JobKind> = new Set(['estimateKernel', 'deconvolve']);

/** What each worker gets at start-up (Node: workerData; a Web Worker: its first message). */
export interface WorkerInit {
  backend: 'wasm' | 'js';
  /** The module compiled once in the main thread (absent for the JS backend). */
  module?: WebAssembly.Module;
  /**
   * The embedded layer binary of the module's flavour, compiled once in the main thread too (absent
   * when the caller gave its own core binary): a worker then neither unpacks nor compiles it.
   */
  layerModule?: WebAssembly.Module;
  /** The embedded ADMM binary of that flavour, likewise (each worker would spend ~60–100 ms of CPU on it). */
  admmModule?: WebAssembly.Module;
  /**
   * Int32[1]: the id of a job the main thread wants stopped (solvers check it every iteration).
   * Null where shared memory is unavailable (a browser page that is not cross-origin isolated).
   */
  control: SharedArrayBuffer | null;
  /** Test-only fault injection is on (see src/pool/run-job.ts). */
  testFaults?: boolean;
}

export interface JobMessage {
  id: number;
  kind: JobKind;
  args: unknown[];
  /** Post an 'iteration' message after each solver iteration. */
  reportIterations: boolean;
}

export interface SerializedError {
  name: string;
  message: string;
  code?: string;
  stack?: string;
}

export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'result'; id: number; value: unknown }
  | { type: 'error'; id: number | null; error: SerializedError }
  | { type: 'iteration'; id: number; info: IterationInfo };

export function serializeError(err: unknown): SerializedError {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return { name: err.name, message: err.message, ...(typeof code === 'string' ? { code } : {}), ...(err.stack ? { stack: err.stack } : {}) };
  }
  return { name: 'Error', message: String(err) };
}

/**
 * The ArrayBuffers behind the typed arrays in `value` (plain objects and arrays are searched), to
 * transfer instead of copy. A view that covers only part of its buffer is left out (transferring
 * would hand over the rest too), and so is shared memory (it is shared, not copied, anyway).
 */
export function transferablesOf(value: unknown, found = new Set<ArrayBuffer>(), depth = 0): ArrayBuffer[] {
  if (depth > 4 || value === null || typeof value !== 'object') return [...found];
  if (ArrayBuffer.isView(value)) {
    const buf = value.buffer;
    // byteLength 0: nothing to gain, and it may be detached (posting a detached buffer fails in the worker)
    if (buf instanceof ArrayBuffer && buf.byteLength > 0 && value.byteOffset === 0 && value.byteLength === buf.byteLength) found.add(buf);
  } else if (Array.isArray(value)) {
    for (const v of value) transferablesOf(v, found, depth + 1);
  } else if (Object.getPrototypeOf(value) === Object.prototype) {
    for (const v of Object.values(value)) transferablesOf(v, found, depth + 1);
  }
  return [...found];
}

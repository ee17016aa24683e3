import { ArgumentError, ConvgradError, DTypeError, MemoryLimitError, NotInitializedError, ShapeError } from '../errors.js';
import type { SerializedError } from './protocol.js';

/** A job was submitted to, or still pending in, a pool that has been closed or terminated. */
export class PoolClosedError extends ConvgradError {
  constructor(message = 'the pool is closed') {
    super('ERR_POOL_CLOSED', message, 'PoolClosedError');
  }
}

/** The worker running a job died (crashed or exited); the pool replaced it. */
export class WorkerCrashError extends ConvgradError {
  constructor(message: string) {
    super('ERR_WORKER_CRASHED', message, 'WorkerCrashError');
  }
}

const CLASSES: Record<string, new (message: string) => Error> = { ShapeError, DTypeError, ArgumentError, MemoryLimitError };

/** A worker's error as an instance of the same convgrad class (so `instanceof` works across threads). */
export function rebuildError(e: SerializedError): Error {
  let err: Error;
  if (e.name === 'NotInitializedError') err = new NotInitializedError();
  else {
    const Ctor = CLASSES[e.name];
    err = Ctor ? new Ctor(e.message) : new Error(e.message);
    if (!Ctor) {
      err.name = e.name;
      if (e.code !== undefined) (err as Error & { code?: string }).code = e.code;
    }
  }
  if (e.stack !== undefined) err.stack = `${e.stack}\n    (in a convgrad pool worker)`;
  return err;
}

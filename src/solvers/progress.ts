import { ConvgradError } from '../errors.js';
import type { BlockedOperation } from './blocks.js';
import type { IterationInfo, ProgressInfo, SolverOptions } from './types.js';

/**
 * Iteration bookkeeping shared by every method: history, the progress callbacks (onIteration
 * returning false stops the solve), the abort signal (aborting throws the signal's reason, as
 * fetch does), the time limit, and elapsed time. `checkpoint` is what long set-up work calls
 * between its blocks (solvers/blocks.ts): the signal and the time limit are honoured there too.
 */
export class Progress {
  readonly history: number[] = [];
  private readonly start = performance.now();
  private phase: ProgressInfo['phase'] = 'setup';
  stopped = false;

  constructor(private readonly options: Pick<SolverOptions, 'onIteration' | 'onProgress' | 'signal' | 'timeLimit'>) {
    options.signal?.throwIfAborted();
  }

  elapsed(): number {
    return performance.now() - this.start;
  }

  /** Throws the signal's reason, or ERR_TIME_LIMIT past options.timeLimit. */
  private honourLimits(during: string): void {
    this.options.signal?.throwIfAborted();
    const limit = this.options.timeLimit;
    if (limit !== undefined) {
      const elapsed = this.elapsed();
      if (elapsed > limit) {
        throw new ConvgradError(
          'ERR_TIME_LIMIT',
          `the solve ran past options.timeLimit = ${limit} ms (${Math.round(elapsed)} ms, stopped during ${during})`,
        );
      }
    }
  }

  /** Between blocks of long work: limits first, then onProgress. Arrow: handed to sessions as is. */
  readonly checkpoint = (operation: BlockedOperation | 'power iteration', done: number, total: number): void => {
    const during = `${this.phase === 'setup' ? 'set-up' : 'an iteration'} (${operation}, block ${done} of ${total})`;
    this.honourLimits(during);
    this.options.onProgress?.({ phase: this.phase, operation, done, total, elapsed: this.elapsed() });
    this.honourLimits(during); // an abort from inside onProgress stops here, not a block later
  };

  /** Records one iteration; returns false when the caller must stop. */
  report(iteration: number, objective: number, gradientNorm: number): boolean {
    this.phase = 'iterations';
    this.history.push(objective);
    this.honourLimits(`iteration ${iteration}`);
    const info: IterationInfo = { iteration, objective, gradientNorm, elapsed: this.elapsed() };
    if (this.options.onIteration?.(info) === false) {
      this.stopped = true;
      return false;
    }
    return true;
  }
}

import type { IterationInfo, SolverOptions } from './types.js';

/**
 * Iteration bookkeeping shared by every method: history, the progress callback (returning
 * false stops the solve), the abort signal (aborting throws the signal's reason, as fetch does),
 * and elapsed time.
 */
export class Progress {
  readonly history: number[] = [];
  private readonly start = performance.now();
  stopped = false;

  constructor(private readonly options: Pick<SolverOptions, 'onIteration' | 'signal'>) {
    options.signal?.throwIfAborted();
  }

  elapsed(): number {
    return performance.now() - this.start;
  }

  /** Records one iteration; returns false when the caller must stop. */
  report(iteration: number, objective: number, gradientNorm: number): boolean {
    this.history.push(objective);
    this.options.signal?.throwIfAborted();
    const info: IterationInfo = { iteration, objective, gradientNorm, elapsed: this.elapsed() };
    if (this.options.onIteration?.(info) === false) {
      this.stopped = true;
      return false;
    }
    return true;
  }
}

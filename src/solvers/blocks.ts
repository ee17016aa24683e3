/**
 * Long session calls (a convolution of a big model, the Gram matrix, a Cholesky factorisation)
 * run in blocks with a checkpoint between them, so that a synchronous solve can be cancelled
 * or time-limited while it sets up. The hot loops stay in one WebAssembly call per block; the
 * checkpoint is TS. Blocks split work that is independent (output rows, lags, panels), so a
 * blocked call gives the same bits as one call.
 */

/** What a long session call was doing when it reached a checkpoint. */
export type BlockedOperation = 'convolution' | 'gram' | 'cholesky';

/**
 * Called between blocks: `done` of `total` blocks of `operation` are finished. It throws to
 * cancel (the abort signal's reason, the time limit's error); the session is then closed by
 * the solver as after any error.
 */
export type Checkpoint = (operation: BlockedOperation, done: number, total: number) => void;

/** Multiply-adds per block: ~10–50 ms of one core, so a cancel is seen well within a second. */
export const BLOCK_WORK = 2 ** 27;

/**
 * Runs `run(from, to)` over [0, units) in blocks of about BLOCK_WORK multiply-adds (each unit
 * costing `workPerUnit`), calling `checkpoint` between blocks. Without a checkpoint, or when the
 * whole is one block, it is a single call.
 */
export function inBlocks(
  operation: BlockedOperation, units: number, workPerUnit: number, checkpoint: Checkpoint | undefined,
  run: (from: number, to: number) => void,
): void {
  const per = Math.max(1, Math.floor(BLOCK_WORK / Math.max(workPerUnit, 1)));
  if (checkpoint === undefined || per >= units) {
    run(0, units);
    return;
  }
  const total = Math.ceil(units / per);
  for (let b = 0; b < total; b++) {
    if (b > 0) checkpoint(operation, b, total);
    run(b * per, Math.min(units, (b + 1) * per));
  }
}

/**
 * Row ranges of a right-looking Cholesky of order n with about BLOCK_WORK multiply-adds each:
 * the rows from r on cost about ((n−r)³ − (n−r')³)/6 to eliminate.
 */
export function choleskyBlocks(n: number): number[] {
  const bounds = [0];
  let r = 0;
  while (r < n) {
    const rest = n - r;
    // The leading term of the cost of rows [r, r + d): d·rest²/2 multiply-adds.
    const d = Math.max(1, Math.floor(BLOCK_WORK / Math.max(0.5 * rest * rest, 1)));
    r = Math.min(n, r + d);
    bounds.push(r);
  }
  return bounds;
}

/** A Cholesky in row ranges with checkpoints between them; returns 0 or 1 + the failing pivot. */
export function choleskyInBlocks(n: number, checkpoint: Checkpoint | undefined, run: (from: number, to: number) => number): number {
  if (checkpoint === undefined || n * n * n / 6 <= BLOCK_WORK) return run(0, n);
  const bounds = choleskyBlocks(n);
  const total = bounds.length - 1;
  for (let b = 0; b < total; b++) {
    if (b > 0) checkpoint('cholesky', b, total);
    const failed = run(bounds[b]!, bounds[b + 1]!);
    if (failed !== 0) return failed;
  }
  return 0;
}

/** Splits the outputs [from, to) of a row-major R×C result into runs within one row. */
export function forRowSegments(from: number, to: number, C: number, run: (row: number, colFrom: number, colTo: number) => void): void {
  for (let i = from; i < to;) {
    const row = Math.floor(i / C);
    const end = Math.min(to, (row + 1) * C);
    run(row, i - row * C, end - row * C);
    i = end;
  }
}

/** Output rows of a valid correlation (R×C output, kr×kc kernel) per block, as inBlocks runs them. */
export function correlationRowWork(C: number, kr: number, kc: number): number {
  return C * kr * kc;
}

/** Multiply-adds of one lag of the Gram build (a window sum over the canvas, pr×pc). */
export function gramLagWork(pr: number, pc: number, k: number): number {
  return (pr + k) * pc;
}

/** Lags the Gram build visits for a k×l kernel (assembly/gram.ts gramLagCount). */
export function gramLagCount(k: number, l: number): number {
  return l + (k - 1) * (2 * l - 1);
}

import type { Backend } from '../backend.js';
import { ArgumentError, ConvgradError, MemoryLimitError } from '../errors.js';
import { fmtBytes, MAX_BYTES } from '../wasm/arena.js';
import type { Matrix } from '../types.js';
import { checkMatrix, checkOptions, checkSameDType, checkShape, firstNonFiniteJs, nonFiniteError, shapeOf } from '../validate.js';
import type { SolverOptions } from './types.js';
import { provideWasmSolverSupport } from '../wasm/solver-slot.js';
import { loadAdmmExports } from '../wasm/admm-module.js';
import { wasmSession } from '../wasm/session.js';
import { wienerFloat64 } from '../wasm/wiener.js';

// Every solver imports this module, so it is in an app's bundle exactly when a solver is: only
// then does the WebAssembly backend carry its solver session (see wasm/solver-slot.ts).
provideWasmSolverSupport({ session: wasmSession, wiener: wienerFloat64, loadAdmm: loadAdmmExports });

/** NaN or ±Infinity in solver input makes every iterate meaningless: say where. */
export function checkFinite(name: string, m: Matrix): void {
  const i = firstNonFiniteJs(m.data);
  if (i >= 0) throw nonFiniteError(name, m, i, 'solvers need finite data');
}

export function checkNonNegativeNumber(name: string, v: unknown): number {
  if (v === undefined) return 0;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
    throw new ArgumentError(`${name} must be a finite number ≥ 0, got ${String(v)}`);
  }
  return v;
}

export function checkPositiveNumber(name: string, v: unknown, fallback: number): number {
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
    throw new ArgumentError(`${name} must be a finite number > 0, got ${String(v)}`);
  }
  return v;
}

export function checkIterations(v: unknown, fallback: number): number {
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
    throw new ArgumentError(`options.maxIterations must be a positive integer, got ${String(v)}`);
  }
  return v;
}

export function checkCallbacks(options: SolverOptions): void {
  if (options.onIteration !== undefined && typeof options.onIteration !== 'function') {
    throw new ArgumentError(`options.onIteration must be a function, got ${typeof options.onIteration}`);
  }
  if (options.onProgress !== undefined && typeof options.onProgress !== 'function') {
    throw new ArgumentError(`options.onProgress must be a function, got ${typeof options.onProgress}`);
  }
  const sig = options.signal as unknown;
  if (sig !== undefined && (sig === null || typeof (sig as AbortSignal).throwIfAborted !== 'function')) {
    throw new ArgumentError('options.signal must be an AbortSignal');
  }
  if (options.timeLimit !== undefined) checkPositiveNumber('options.timeLimit', options.timeLimit, 0);
}

export function checkBoolean(name: string, v: unknown): boolean {
  if (v === undefined) return false;
  if (typeof v !== 'boolean') throw new ArgumentError(`${name} must be true or false, got ${String(v)}`);
  return v;
}

/** A warm start: a matrix of the unknown's shape and the data's dtype, finite. */
export function checkWarmStart(name: string, v: unknown, rows: number, cols: number, like: Matrix, what: string): Matrix | undefined {
  if (v === undefined) return undefined;
  checkMatrix(name, v);
  checkSameDType([['the data', like], [name, v]]);
  checkShape(name, v, rows, cols, what);
  checkFinite(name, v);
  return v;
}

export { shapeOf, checkOptions };

/**
 * Option names every solver accepts (SolverOptions). A solver's own list adds its names to
 * these; checkOptions rejects anything else.
 */
export const SOLVER_OPTIONS = [
  'mode', 'convention', 'maxIterations', 'tolerance', 'onIteration', 'signal', 'tikhonov', 'nonNegative',
  'onProgress', 'timeLimit',
] as const;

/** Options that belong to the other solver are an error, not silently ignored. */
export function rejectOptions(options: object, names: readonly string[], why: string): void {
  for (const name of names) {
    if ((options as Record<string, unknown>)[name] !== undefined) throw new ArgumentError(`options.${name} ${why}`);
  }
}

/**
 * ‖h‖₁ below which a kernel is numerically zero: its square (the scale of |H|², of hᵀh, of the
 * Lipschitz constant every method uses) is no longer a normal float64.
 */
export const ZERO_KERNEL_NORM1 = Math.sqrt(2.2250738585072014e-308);

/**
 * A deconvolution kernel that is all zeros, or so small that its square underflows, blurs every
 * image to zero: no method can recover anything through it. Every deconvolution method runs
 * this check (it sits in the shared option checks, before the method is dispatched).
 */
export function checkKernelNonZero(name: string, h: Matrix): void {
  let norm1 = 0;
  for (const v of h.data) norm1 += Math.abs(v);
  if (norm1 === 0) {
    throw new ArgumentError(`the kernel ${name} (${shapeOf(h)}) is all zeros: it maps every image to zero, so no image can be recovered`);
  }
  if (norm1 < ZERO_KERNEL_NORM1) {
    throw new ArgumentError(
      `the kernel ${name} (${shapeOf(h)}) is numerically zero: ‖${name}‖₁ = ${norm1.toExponential(3)} < ${ZERO_KERNEL_NORM1.toExponential(3)}, ` +
        'so its square underflows float64; rescale h (and y) first',
    );
  }
}

/**
 * The last check on every solve's result, where it is finalised: a NaN or ±Infinity in the
 * unknown or the objective is an error (code ERR_NON_FINITE_RESULT), never a result marked
 * converged.
 */
export function checkFiniteResult(what: 'image' | 'kernel', data: ArrayLike<number>, objective: number, method: string): void {
  const i = firstNonFiniteJs(data);
  if (i >= 0 || !Number.isFinite(objective)) {
    const where = i >= 0 ? `the ${what} has a non-finite value (${data[i]}) at index ${i}` : `the objective is ${objective}`;
    throw new ConvgradError(
      'ERR_NON_FINITE_RESULT',
      `method '${method}' produced a non-finite result: ${where}. The data's scale may be beyond float64's range; rescale the inputs`,
    );
  }
}

/**
 * The memory preflight of a whole solve: `float64s` is a lower bound on the float64 elements its
 * session will hold (every vector the method allocates). A WebAssembly backend refuses, with a
 * MemoryLimitError and before anything is allocated, a solve that cannot fit wasm32's 4 GiB —
 * instead of growing memory for seconds and failing part-way. The JS baseline uses the engine's
 * own limits.
 */
export function preflightWorkspace(backend: Backend, float64s: number, what: string): void {
  if (backend.name === 'js') return;
  const bytes = float64s * 8;
  if (bytes > MAX_BYTES) {
    throw new MemoryLimitError(
      `${what} needs at least ${fmtBytes(bytes)} of WebAssembly memory for its workspace (float64 vectors), ` +
        'past the 4 GiB limit of wasm32; nothing was allocated',
    );
  }
}

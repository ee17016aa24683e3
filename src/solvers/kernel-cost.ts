import { ArgumentError, ConvgradError } from '../errors.js';
import { gramLagCount, gramLagWork } from './blocks.js';

/**
 * Default options.maxSetupCost: multiply-adds before estimateKernel's first iteration. At the
 * float64 SIMD rate of the direct kernels (~7·10⁹ multiply-adds/s on one core, BENCHMARKS.md)
 * that is about two to three minutes; the JS baseline is ~20× slower.
 */
export const DEFAULT_MAX_SETUP_COST = 1e12;

/** The steps of the power iteration that sets FISTA's and gd's step (operators.ts), at most. */
export const POWER_ITERATION_STEPS = 300;

/** What the solve will compute, for its cost estimate. */
export interface KernelSolvePlan {
  /** Kernel k×l, output R×C, padded canvas pr×pc. */
  k: number; l: number; R: number; C: number; pr: number; pc: number;
  method: 'exact' | 'fista' | 'gd';
  /** The Gram matrix is formed (it fits GRAM_LIMIT_BYTES and the method uses it). */
  gram: boolean;
  /** A fixed step was given ('gd'): no power iteration. */
  fixedStep: boolean;
}

/**
 * Multiply-adds before the first iteration — Xᵀy, then the Gram matrix and its Cholesky
 * ('exact'), or the Gram matrix or one model product per power-iteration step (at most
 * POWER_ITERATION_STEPS: the estimate is an upper bound) — and those of one iteration.
 */
export function kernelSolveCost(p: KernelSolvePlan): { setup: number; iteration: number } {
  const n = p.k * p.l;
  const model = n * p.R * p.C; // one product with X or Xᵀ, direct
  const gram = p.gram ? gramLagCount(p.k, p.l) * gramLagWork(p.pr, p.pc, p.k) : 0;
  const normal = p.gram ? n * n : 2 * model; // (XᵀX + λI)·v
  let setup = model + gram;
  if (p.method === 'exact') setup += p.gram ? (n * n * n) / 6 : 0;
  else if (!p.fixedStep) setup += POWER_ITERATION_STEPS * normal;
  return { setup, iteration: p.method === 'exact' && p.gram ? 0 : p.method === 'exact' ? 2 * model : normal };
}

/** options.maxSetupCost: a number > 0 (Infinity allowed), default DEFAULT_MAX_SETUP_COST. */
export function checkMaxSetupCost(v: unknown): number {
  if (v === undefined) return DEFAULT_MAX_SETUP_COST;
  if (typeof v !== 'number' || Number.isNaN(v) || v <= 0) {
    throw new ArgumentError(`options.maxSetupCost must be a number > 0 (Infinity allows any set-up), got ${typeof v === 'number' ? v : typeof v}`);
  }
  return v;
}

/**
 * Refuses, before anything is allocated, a kernel estimate whose set-up alone would run past
 * `limit` multiply-adds: a synchronous call that would otherwise compute for hours before it
 * could report anything.
 */
export function refuseHugeSetup(p: KernelSolvePlan, limit: number, what: string): void {
  const cost = kernelSolveCost(p);
  if (cost.setup <= limit) return;
  const e = (v: number) => v.toExponential(1);
  throw new ConvgradError(
    'ERR_PROBLEM_TOO_LARGE',
    `${what}: its set-up alone needs about ${e(cost.setup)} multiply-adds (each iteration ${e(cost.iteration)} more), ` +
      `past options.maxSetupCost = ${e(limit)} — hours of computing where the limit allows minutes. ` +
      "Use a smaller kernel, mode 'valid' or a smaller image, or pass maxSetupCost: Infinity (with timeLimit or a signal to bound the call)",
  );
}

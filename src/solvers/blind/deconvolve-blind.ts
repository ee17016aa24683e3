// Blind deconvolution: the kernel and the sharp image from one blurred image. Coarse to fine
// over an image pyramid; at each level alternate an L0-gradient image step (x-step.ts) and a
// least-squares kernel step on the selected edges (k-step.ts), clean the kernel
// (kernel-cleanup.ts) and magnify it to the next level (pyramid.ts); finish with a non-blind
// deconvolution (final.ts). Everything is float64 on one periodic canvas per level (boundary.ts).
import type { Backend } from '../../backend.js';
import { ArgumentError, ShapeError } from '../../errors.js';
import type { Matrix } from '../../types.js';
import { checkMatrix, checkOptions as checkOptionNames, shapeOf } from '../../validate.js';
import { nextFastEvenSize, nextFastSize } from '../../wasm/fft.js';
import { checkFinite, checkIterations, checkPositiveNumber } from '../checks.js';
import { admmImage, finalImage } from './final.js';
import { EdgeScratch, KernelScratch, selectEdges, solveKernel } from './k-step.js';
import { centreKernel, cleanKernel } from './kernel-cleanup.js';
import { levels as pyramidLevels, magnifyKernel, resample } from './pyramid.js';
import { loadCanvas, setKernel } from './spectra.js';
import type { BlindDeconvolution, BlindFinalMethod, DeconvolveBlindOptions } from './types.js';
import { Workspace } from './workspace.js';
import { splitImage } from './x-step.js';

const OPTIONS = ['gradientWeight', 'kernelWeight', 'noise', 'maxIterations', 'finalMethod', 'onIteration', 'signal'];
const FINAL: readonly BlindFinalMethod[] = ['tv', 'admm', 'l0', 'wiener'];
/** Internal constants of the method (exported for the benchmark's experiments, not public API). */
export const TUNING = {
  /** The L0 weight never drops below this (Pan et al. 2016). */
  lambdaFloor: 1e-4,
  /** CG steps per kernel solve. */
  cgSteps: 20,
  /** The image step's β runs from 2λ to this, times betaRate per step (past ~1e3 the L0 image no longer changes). */
  betaMax: 1e3,
  betaRate: 2,
  /** Alternations at the finest level (0: as the others). */
  finestIterations: 0,
  /**
   * Kernel taps below this fraction of the largest are dropped. 0.1, not Pan et al.'s 0.05: on
   * real photographs (clock_motion.png) faint taps absorb noise and spread into a diffuse haze
   * that one connected component holds, while on the synthetic benchmark 0.1 is as good or better.
   */
  relativeTap: 0.1,
  /** Connected groups of taps with less than this fraction of the mass are dropped. */
  minMass: 0.1,
  /** λ decay per alternation. */
  lambdaDecay: 1.1,
};
/** ℓ₁ change of the kernel in the last alternation below which it counts as settled. */
const SETTLED = 0.05;

function canvasFor(rows: number, cols: number, kr: number, kc: number): { rows: number; cols: number } {
  return { rows: nextFastSize(rows + kr - 1), cols: nextFastEvenSize(cols + kc - 1) };
}

function checkOptions(options: unknown): DeconvolveBlindOptions {
  const o = checkOptionNames('options', options as DeconvolveBlindOptions | undefined, OPTIONS, 'deconvolveBlind');
  if (o.onIteration !== undefined && typeof o.onIteration !== 'function') throw new ArgumentError(`options.onIteration must be a function, got ${typeof o.onIteration}`);
  const sig = o.signal as unknown;
  if (sig !== undefined && (sig === null || typeof (sig as AbortSignal).throwIfAborted !== 'function')) throw new ArgumentError('options.signal must be an AbortSignal');
  if (o.finalMethod !== undefined && !FINAL.includes(o.finalMethod)) {
    throw new ArgumentError(`options.finalMethod must be ${FINAL.map((m) => `'${m}'`).join(', ')}, got ${JSON.stringify(o.finalMethod)}`);
  }
  return o;
}

function checkSize(size: unknown, y: Matrix): { rows: number; cols: number } {
  if (size === null || typeof size !== 'object') throw new ArgumentError(`size must be { rows, cols }, got ${size === null ? 'null' : typeof size}`);
  const { rows, cols } = size as { rows?: unknown; cols?: unknown };
  for (const [key, v] of [['rows', rows], ['cols', cols]] as const) {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new ShapeError(`size.${key} must be a positive integer, got ${String(v)}`);
    if (v % 2 === 0) throw new ShapeError(`size.${key} must be odd (the kernel has a centre tap), got ${v}; use ${v + 1}`);
  }
  const r = rows as number;
  const c = cols as number;
  if (r > y.rows || c > y.cols) throw new ShapeError(`the kernel size ${r}×${c} is larger than y ${shapeOf(y)}`);
  return { rows: r, cols: c };
}

/**
 * Estimates the blur kernel (size given) and the sharp image from one blurred image y with
 * y ≈ conv2d(image, kernel, 'same').
 */
export function deconvolveBlind(backend: Backend, y: Matrix, size: { rows: number; cols: number }, options?: DeconvolveBlindOptions): BlindDeconvolution {
  const start = performance.now();
  checkMatrix('y', y);
  const { rows: KR, cols: KC } = checkSize(size, y);
  const o = checkOptions(options);
  checkFinite('y', y);
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of y.data) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  if (!(hi > lo)) throw new ArgumentError(`y (${shapeOf(y)}) is constant (every value ${lo}): it holds no edge to estimate a blur from`);
  const gradientWeight = checkPositiveNumber('options.gradientWeight', o.gradientWeight, 4e-3);
  const gamma = checkPositiveNumber('options.kernelWeight', o.kernelWeight, 2);
  const noise = checkPositiveNumber('options.noise', o.noise, 0.005);
  const perLevel = checkIterations(o.maxIterations, 5);
  const finalMethod = o.finalMethod ?? 'tv';
  if (backend.spectral === null) {
    throw new ArgumentError('deconvolveBlind needs a WebAssembly backend (it runs on the FFT); the JS baseline has none');
  }
  o.signal?.throwIfAborted();

  const H = y.rows;
  const W = y.cols;
  const yd = Float64Array.from(y.data);
  const plan = pyramidLevels(H, W, KR, KC);
  const canvases = plan.map((l) => canvasFor(l.rows, l.cols, l.kRows, l.kCols));
  let estimate: { k: Float64Array; iterations: number; history: number[]; converged: boolean };
  let latent: Float64Array | undefined;
  const s = backend.session();
  try {
    const ws = new Workspace(s, backend.spectral, canvases, KR * KC);
    const edges = new EdgeScratch(Math.max(...canvases.map((c) => c.rows * c.cols)));
    const cg = new KernelScratch(KR * KC);
    const labels = new Int32Array(KR * KC);
    const stack = new Int32Array(KR * KC);
    const history: number[] = [];
    let iterations = 0;
    let stopped = false;
    let settled = false;
    let degenerate = false;

    let kr = plan[0]!.kRows;
    let kc = plan[0]!.kCols;
    let k: Float64Array = new Float64Array(kr * kc);
    k[((kr - 1) >> 1) * kc + ((kc - 1) >> 1)] = 1;
    const prev = new Float64Array(KR * KC);
    // λ keeps decreasing across levels (as Pan et al.'s code): finer levels see more detail.
    let lambda = gradientWeight;

    for (let li = 0; li < plan.length && !stopped; li++) {
      const level = plan[li]!;
      if (li > 0) {
        k = magnifyKernel(k, kr, kc, level.kRows, level.kCols, level.scale / plan[li - 1]!.scale);
        kr = level.kRows;
        kc = level.kCols;
      }
      const ys = level.scale === 1 ? yd : resample(yd, H, W, level.rows, level.cols);
      loadCanvas(ws, canvases[li]!.rows, canvases[li]!.cols, ys, level.rows, level.cols);
      const sel = { threshold: undefined as number | undefined };
      const count = li === plan.length - 1 && TUNING.finestIterations > 0 ? Math.min(TUNING.finestIterations, perLevel) : perLevel;
      for (let it = 0; it < count; it++) {
        setKernel(ws, k, kr, kc);
        splitImage(ws, { lambda, betaStart: 2 * lambda, betaMax: TUNING.betaMax, betaRate: TUNING.betaRate, prior: 'l0' });
        ws.refresh();
        selectEdges(ws, Math.max(kr, kc), sel, edges);
        prev.set(k);
        const objective = solveKernel(ws, k, kr, kc, gamma, TUNING.cgSteps, cg);
        degenerate = !cleanKernel(k, kr, kc, TUNING.relativeTap, TUNING.minMass, labels, stack);
        let change = 0;
        for (let i = 0; i < kr * kc; i++) change += Math.abs(k[i]! - prev[i]!);
        settled = change < SETTLED;
        lambda = Math.max(lambda / TUNING.lambdaDecay, TUNING.lambdaFloor);
        iterations++;
        history.push(objective);
        o.signal?.throwIfAborted();
        if (o.onIteration) {
          const kernel = { data: Float64Array.from(k), rows: kr, cols: kc };
          const go = o.onIteration({ iteration: iterations, objective, gradientNorm: change, elapsed: performance.now() - start, level: li, levels: plan.length, kernel });
          ws.refresh();
          if (go === false) {
            stopped = true;
            break;
          }
        }
      }
      centreKernel(k, kr, kc);
    }
    if (kr !== KR || kc !== KC) k = magnifyKernel(k, kr, kc, KR, KC, 1 / plan[plan.length - 1]!.scale);
    estimate = { k, iterations, history, converged: !stopped && settled && !degenerate };
    if (finalMethod !== 'admm') {
      // The finest canvas, for the final image.
      const fin = plan.length - 1;
      if (plan[fin]!.scale !== 1 || ws.rows !== canvases[fin]!.rows || stopped) {
        loadCanvas(ws, canvases[fin]!.rows, canvases[fin]!.cols, yd, H, W);
      }
      finalImage(ws, k, KR, KC, finalMethod, noise);
      ws.refresh();
      const lat = ws.view.latent;
      latent = new Float64Array(H * W);
      for (let i = 0; i < H; i++) latent.set(lat.subarray(i * ws.cols, i * ws.cols + W), i * W);
    }
  } finally {
    s.close();
  }
  // ADMM opens its own solver session, so it runs after this one is closed.
  latent ??= admmImage(backend, yd, H, W, estimate.k, KR, KC, noise, o.signal);
  const F = y.data instanceof Float32Array ? Float32Array : Float64Array;
  const img = F.from(latent);
  let finite = true;
  for (let i = 0; i < img.length; i++) if (!Number.isFinite(img[i]!)) finite = false;
  return {
    kernel: { data: F.from(estimate.k), rows: KR, cols: KC },
    image: { data: img, rows: H, cols: W },
    iterations: estimate.iterations,
    converged: estimate.converged && finite,
    history: estimate.history,
    levels: plan.length,
    elapsed: performance.now() - start,
  };
}

import type { Backend } from '../backend.js';
import { ArgumentError, ShapeError } from '../errors.js';
import { convCrop } from '../geometry.js';
import type { Matrix, Mode } from '../types.js';
import { checkConvention, checkMatrix, checkMode, checkSameDType, shapeOf } from '../validate.js';
import {
  checkBoolean, checkCallbacks, checkFinite, checkFiniteResult, checkKernelNonZero, preflightWorkspace, checkIterations, checkNonNegativeNumber, checkPositiveNumber, checkWarmStart,
  checkOptions, rejectOptions, SOLVER_OPTIONS,
} from './checks.js';
import { admmStartImage } from './admm-start.js';
import { admm, ADMM_MAX_ITERATIONS, ADMM_RELAXATION, ADMM_TOLERANCE, admmPrecision } from './admm.js';
import { cgls } from './cgls.js';
import { imageOperator, type LinearOperator } from './operators.js';
import { extrapolate, Momentum } from './momentum.js';
import { Progress } from './progress.js';
import type { Session, Vec } from './session.js';
import type { Deconvolution, DeconvolveMethod, DeconvolveOptions } from './types.js';
import { wiener } from './wiener.js';

const METHODS: readonly DeconvolveMethod[] = ['admm', 'cg', 'fista', 'richardson-lucy', 'wiener'];
/** Every option deconvolve accepts (DeconvolveOptions); add new ones here. */
export const DECONVOLVE_OPTIONS: readonly string[] = [...SOLVER_OPTIONS, 'method', 'tv', 'box', 'x0'];
/** FGP steps per TV proximal step; the dual field carries over between outer iterations. */
const TV_INNER_ITERATIONS = 5;

/** The image size each mode implies for a kernel k×l and data R×C. */
export function imageShape(mode: Mode, R: number, C: number, k: number, l: number): [number, number] {
  if (mode === 'valid') return [R + k - 1, C + l - 1];
  if (mode === 'same') return [R, C];
  return [R - k + 1, C - l + 1];
}

/**
 * Recovers x from y ≈ conv2d(x, h, mode): least squares with optional Tikhonov, total variation,
 * non-negativity or a box, by CGLS, FISTA, Richardson–Lucy or Wiener filtering.
 */
export function deconvolve(backend: Backend, h: Matrix, y: Matrix, options: DeconvolveOptions = {}): Deconvolution {
  checkMatrix('h', h);
  checkMatrix('y', y);
  checkSameDType([['h', h], ['y', y]]);
  checkOptions('options', options, [...DECONVOLVE_OPTIONS, 'sumToOne', 'step', 'h0', 'maxSetupCost'], 'deconvolve');
  if ((options as { sumToOne?: unknown }).sumToOne) {
    throw new ArgumentError('options.sumToOne constrains kernels (estimateKernel); an image has no such constraint');
  }
  rejectOptions(options, ['step', 'h0', 'maxSetupCost'], 'applies to estimateKernel, not to deconvolve');
  const mode = checkMode(options.mode ?? 'valid');
  const convention = checkConvention(options.convention);
  const { rows: k, cols: l } = h;
  const { rows: R, cols: C } = y;
  const [m, n] = imageShape(mode, R, C, k, l);
  if (m < 1 || n < 1) {
    throw new ShapeError(`mode 'full' needs y at least as large as the kernel: y is ${shapeOf(y)}, kernel h is ${shapeOf(h)}`);
  }
  const crop = convCrop(m, n, k, l, mode, convention);
  checkFinite('h', h);
  checkFinite('y', y);
  checkKernelNonZero('h', h);
  checkCallbacks(options);
  const lambda = checkNonNegativeNumber('options.tikhonov', options.tikhonov);
  const tv = checkNonNegativeNumber('options.tv', options.tv);
  const nonNegative = checkBoolean('options.nonNegative', options.nonNegative);
  let lo = nonNegative ? 0 : -Infinity;
  let hi = Infinity;
  if (options.box !== undefined) {
    const box = options.box as unknown;
    if (!Array.isArray(box) || box.length !== 2 || !box.every((v) => typeof v === 'number' && !Number.isNaN(v)) || !(box[0] < box[1])) {
      throw new ArgumentError(`options.box must be [lo, hi] with lo < hi, got ${JSON.stringify(box)}`);
    }
    lo = Math.max(lo, box[0] as number);
    hi = box[1] as number;
  }
  const constrained = lo > -Infinity || hi < Infinity || tv > 0;
  // ADMM runs on the FFT; without one (the JS baseline) constrained problems default to FISTA.
  const hasFft = backend.wiener !== null;
  const method = options.method ?? (constrained ? (hasFft ? 'admm' : 'fista') : 'cg');
  if (!METHODS.includes(method)) {
    throw new ArgumentError(
      `options.method must be 'admm', 'cg', 'fista', 'richardson-lucy' or 'wiener', got ${JSON.stringify(method)}`,
    );
  }
  if (method === 'cg' && constrained) {
    throw new ArgumentError("options.method 'cg' solves the unconstrained problem; use 'admm' or 'fista' with nonNegative, box or tv");
  }
  if (tv > 0 && method !== 'fista' && method !== 'admm') throw new ArgumentError("options.tv needs method 'admm' or 'fista'");
  if (method === 'admm' && !hasFft) {
    throw new ArgumentError("method 'admm' needs a WebAssembly backend (it runs on the FFT); on the JS baseline use 'fista'");
  }
  if (method === 'richardson-lucy' || method === 'wiener') {
    if (lo > -Infinity && method === 'wiener') throw new ArgumentError("method 'wiener' is linear: it takes no nonNegative or box");
    if (options.box !== undefined && method === 'richardson-lucy') throw new ArgumentError("method 'richardson-lucy' takes no box");
  }
  if (method === 'richardson-lucy') {
    if (lambda > 0) throw new ArgumentError("method 'richardson-lucy' takes no tikhonov term");
    if (h.data.some((v) => v < 0)) throw new ArgumentError("method 'richardson-lucy' needs a non-negative kernel h");
  }
  const x0 = checkWarmStart('options.x0', options.x0, m, n, y, `the image size for mode '${mode}'`);
  if (x0 && method === 'richardson-lucy' && x0.data.some((v) => v < 0)) {
    throw new ArgumentError("method 'richardson-lucy' needs a non-negative options.x0 (its updates are multiplicative)");
  }
  const maxIterations = checkIterations(options.maxIterations, method === 'richardson-lucy' ? 50 : method === 'admm' ? ADMM_MAX_ITERATIONS : 500);
  const tolerance = checkPositiveNumber(
    'options.tolerance', options.tolerance, method === 'richardson-lucy' ? 1e-4 : method === 'admm' ? ADMM_TOLERANCE : 1e-6,
  );

  {
    // Every vector of the solve, as float64 elements (see the methods below).
    const [MN, RC, KL, T] = [m * n, R * C, k * l, (m + k - 1) * (n + l - 1)];
    const perMethod: Record<string, number> = {
      cg: 2 * RC + 2 * MN, fista: 4 * MN + 4 * RC + (tv > 0 ? 6 * MN : 0), 'richardson-lucy': 3 * MN + 2 * RC,
      wiener: 4 * T, admm: 6 * T,
    };
    preflightWorkspace(backend, KL + 2 * RC + 2 * MN + (perMethod[method] ?? 0), `deconvolve (method '${method}') of y ${shapeOf(y)} with kernel h ${shapeOf(h)} into an image ${m}×${n}`);
  }
  if (method === 'wiener') {
    if (x0) throw new ArgumentError("method 'wiener' is direct: it takes no x0");
    return wiener(backend, h, y, { m, n, r0: crop.r0, c0: crop.c0, lambda: options.tikhonov === undefined ? undefined : lambda, mode }, options);
  }

  const progress = new Progress(options);
  const s = backend.session(progress.checkpoint);
  try {
    const hv = s.vec(k * l);
    s.write(hv, h.data);
    const yv = s.vec(R * C);
    s.write(yv, y.data);
    const A = imageOperator(s, hv, k, l, m, n, R, C, crop.r0, crop.c0);
    const x = s.vec(m * n);
    // ‖Aᵀy‖, the gradient norm at x = 0: the scale of the CG and FISTA stopping rules (only theirs).
    const normAty = (): number => {
      const aty = s.vec(m * n);
      A.adjoint(aty, yv);
      return Math.sqrt(s.dot(aty, aty, m * n));
    };
    if (x0) s.write(x, x0.data);

    let result: { iterations: number; converged: boolean };
    if (method === 'admm') {
      if (!x0) s.write(x, admmStartImage(h.data, k, l, y.data, R, C, crop.r0, crop.c0, m, n, lo, hi));
      const engine = s.admmEngine({ h: hv, k, l, m, n, y: yv, R, C, r0: crop.r0, c0: crop.c0, lambda, tv, lo, hi, relaxation: ADMM_RELAXATION, precision: admmPrecision(tolerance) });
      if (engine === null) throw new ArgumentError("method 'admm' needs a WebAssembly backend with the FFT exports");
      result = admm(engine, x, (dst, src) => s.copy(dst, src, m * n), { tv, hNorm1: norm1(h.data), yMax: maxAbs(y.data), maxIterations, tolerance }, progress,
        (st) => st[15]! + tv * st[16]! + lambda * st[17]!);
    } else if (method === 'cg') {
      result = cgls(s, A, yv, x, lambda, { maxIterations, tolerance }, progress, normAty());
    } else if (method === 'fista') {
      let hNorm1 = 0;
      for (const v of h.data) hNorm1 += Math.abs(v);
      const L = hNorm1 * hNorm1 + lambda; // ‖A‖ ≤ ‖h‖₁ (Young), so this bounds the gradient's Lipschitz constant
      result = L === 0 && tv === 0 ? constantObjective(s, x, lo, hi, m * n, progress, 0.5 * s.dot(yv, yv, R * C)) : fista(s, A, yv, x, { lambda, tv, lo, hi, L: L || 1, maxIterations, tolerance, scale: normAty(), m, n }, progress);
    } else {
      if (!x0) s.fill(x, meanPositive(y.data), m * n);
      result = richardsonLucy(s, A, yv, x, { maxIterations, tolerance }, progress);
    }
    const objective = objectiveAt(s, A, x, yv, lambda, tv, m, n);
    const image: Matrix = {
      data: y.data instanceof Float32Array ? Float32Array.from(s.view(x, m * n)) : Float64Array.from(s.view(x, m * n)),
      rows: m,
      cols: n,
    };
    checkFiniteResult('image', image.data, objective, method);
    return { image, objective, ...result, history: progress.history, method, elapsed: progress.elapsed() };
  } finally {
    s.close();
  }
}

/** h = 0 and λ = 0: every feasible image is optimal; return the start, clamped into the box. */
function constantObjective(
  s: Session, x: Vec, lo: number, hi: number, N: number, progress: Progress, value: number,
): { iterations: number; converged: boolean } {
  s.clamp(x, lo, hi, N);
  progress.report(1, value, 0);
  return { iterations: 1, converged: true };
}

function norm1(d: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < d.length; i++) s += Math.abs(d[i]!);
  return s;
}

function maxAbs(d: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < d.length; i++) s = Math.max(s, Math.abs(d[i]!));
  return s;
}

/** mean(max(y, 0)): RL's default start (the data as RL sees them). */
function meanPositive(d: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < d.length; i++) s += Math.max(d[i]!, 0);
  return s / d.length;
}

/** ½‖A x − y‖² + ½λ‖x‖² + tv·TV(x), from the model. */
function objectiveAt(s: Session, A: LinearOperator, x: Vec, y: Vec, lambda: number, tv: number, m: number, n: number): number {
  const r = s.vec(A.m);
  A.apply(r, x);
  s.axpby(r, -1, y, 1, A.m);
  let f = 0.5 * s.dot(r, r, A.m);
  if (lambda > 0) f += 0.5 * lambda * s.dot(x, x, A.n);
  if (tv > 0) f += tv * s.tvNorm(x, m, n);
  return f;
}

interface FistaOptions {
  lambda: number;
  tv: number;
  lo: number;
  hi: number;
  L: number;
  maxIterations: number;
  tolerance: number;
  scale: number;
  m: number;
  n: number;
}

/**
 * FISTA with adaptive restart on ½‖Ax − y‖² + ½λ‖x‖² + tv·TV(x) + [lo ≤ x ≤ hi]: a gradient step
 * on the smooth part, then the proximal step (a clamp, or FGP for TV with the box inside).
 * Monotone (in the spirit of Beck & Teboulle's MFISTA, 2009): a step that would raise the
 * objective is rejected and the momentum restarts, so the objective never increases — FGP's
 * few inner steps make the TV prox inexact, and plain FISTA then drifts upwards.
 * Stops when the gradient mapping ‖L·(z − x⁺)‖ ≤ tolerance·‖Aᵀy‖.
 */
function fista(s: Session, A: LinearOperator, y: Vec, x: Vec, o: FistaOptions, progress: Progress): { iterations: number; converged: boolean } {
  const N = A.n;
  const M = A.m;
  const z = s.vec(N);
  const xPrev = s.vec(N);
  const grad = s.vec(N);
  const diff = s.vec(N);
  const Ax = s.vec(M);
  const AxPrev = s.vec(M);
  const Az = s.vec(M);
  const res = s.vec(M);
  const work = o.tv > 0 ? [0, 1, 2, 3, 4, 5].map(() => s.vec(N)) : [];
  const prox = (out: Vec, v: Vec) => {
    if (o.tv > 0) s.tvProx(out, v, o.m, o.n, o.tv / o.L, o.lo, o.hi, TV_INNER_ITERATIONS, work);
    else {
      s.copy(out, v, N);
      if (o.lo > -Infinity || o.hi < Infinity) s.clamp(out, o.lo, o.hi, N);
    }
  };
  // Start from a feasible point.
  s.copy(diff, x, N);
  prox(x, diff);
  A.apply(Ax, x);
  s.copy(z, x, N);
  s.copy(Az, Ax, M);
  let momentum = new Momentum();
  const threshold = o.tolerance * Math.max(o.scale, Number.MIN_VALUE);
  let previous = Infinity;
  for (let it = 1; it <= o.maxIterations; it++) {
    // grad = Aᵀ(Az − y) + λz
    s.copy(res, Az, M);
    s.axpby(res, -1, y, 1, M);
    A.adjoint(grad, res);
    if (o.lambda > 0) s.axpby(grad, o.lambda, z, 1, N);
    s.copy(xPrev, x, N);
    s.copy(AxPrev, Ax, M);
    s.copy(diff, z, N);
    s.axpby(diff, -1 / o.L, grad, 1, N);
    prox(x, diff);
    // Gradient mapping L·(z − x).
    s.copy(diff, z, N);
    s.axpby(diff, -1, x, 1, N);
    const gradMap = o.L * Math.sqrt(s.dot(diff, diff, N));
    A.apply(Ax, x);
    s.copy(res, Ax, M);
    s.axpby(res, -1, y, 1, M);
    let objective = 0.5 * s.dot(res, res, M);
    if (o.lambda > 0) objective += 0.5 * o.lambda * s.dot(x, x, N);
    if (o.tv > 0) objective += o.tv * s.tvNorm(x, o.m, o.n);
    // Monotone: a step that raises the objective (momentum overshooting, or the inexact TV prox)
    // is rejected — the previous iterate is kept and the momentum restarts from it.
    // (Changes within round-off of the objective count as no increase, so the rule cannot stall.)
    const accepted = objective <= previous + 1e-14 * Math.abs(previous);
    if (!accepted) {
      s.copy(x, xPrev, N);
      s.copy(Ax, AxPrev, M);
      objective = previous;
    }
    previous = objective;
    const keepGoing = progress.report(it, objective, gradMap);
    if (accepted && gradMap <= threshold) return { iterations: it, converged: true };
    if (!keepGoing) return { iterations: it, converged: false };
    if (accepted) {
      // diff holds z − x from the gradient mapping; the gradient is spent, so it is the scratch.
      extrapolate(s, momentum, { z, x, xPrev, zMinusX: diff, scratch: grad, n: N, Mz: Az, Mx: Ax, MxPrev: AxPrev, m: M });
    } else {
      momentum = new Momentum();
      s.copy(z, x, N);
      s.copy(Az, Ax, M);
    }
  }
  return { iterations: o.maxIterations, converged: false };
}

/**
 * Richardson–Lucy (as MATLAB deconvlucy / scikit-image): x ← x ⊙ Aᵀ(y₊ ⊘ Ax) ⊘ Aᵀ1 with
 * y₊ = max(y, 0) (slightly negative data, e.g. noise after black-level subtraction, are accepted). Dividing by
 * Aᵀ1 keeps the update right at the borders of a 'valid' or 'same' model, where fewer data
 * pixels see an image pixel. Stops when ‖x⁺ − x‖ ≤ tolerance·‖x‖.
 */
function richardsonLucy(
  s: Session, A: LinearOperator, y: Vec, x: Vec, o: { maxIterations: number; tolerance: number }, progress: Progress,
): { iterations: number; converged: boolean } {
  const N = A.n;
  const M = A.m;
  const norm = s.vec(N);
  const ratio = s.vec(M);
  const Ax = s.vec(M);
  const c = s.vec(N);
  const xPrev = s.vec(N);
  // Data below 0 (noise around a black level) count as 0 inside the ratio, as deconvlucy and
  // scikit-image do, so the iterates stay non-negative; the reported objective uses y as given.
  const yPos = s.vec(M);
  s.copy(yPos, y, M);
  s.clamp(yPos, 0, Infinity, M);
  s.fill(ratio, 1, M);
  A.adjoint(norm, ratio);
  const tiny = 1e-12;
  A.apply(Ax, x);
  for (let it = 1; it <= o.maxIterations; it++) {
    s.divPositive(ratio, yPos, Ax, tiny, M);
    A.adjoint(c, ratio);
    s.divPositive(c, c, norm, tiny, N);
    s.copy(xPrev, x, N);
    s.mul(x, x, c, N);
    A.apply(Ax, x);
    s.copy(ratio, Ax, M);
    s.axpby(ratio, -1, y, 1, M);
    const objective = 0.5 * s.dot(ratio, ratio, M);
    s.axpby(xPrev, 1, x, -1, N); // x − xPrev
    const change = Math.sqrt(s.dot(xPrev, xPrev, N)) / Math.max(Math.sqrt(s.dot(x, x, N)), Number.MIN_VALUE);
    const keepGoing = progress.report(it, objective, change);
    if (change <= o.tolerance) return { iterations: it, converged: true };
    if (!keepGoing) return { iterations: it, converged: false };
  }
  return { iterations: o.maxIterations, converged: false };
}

import type { Backend } from '../backend.js';
import { ArgumentError, ShapeError } from '../errors.js';
import { convCrop } from '../geometry.js';
import type { Matrix } from '../types.js';
import { checkConvention, checkMatrix, checkMode, checkSameDType, checkShape, describeValue, shapeOf } from '../validate.js';
import {
  checkBoolean, checkCallbacks, checkFinite, checkFiniteResult, preflightWorkspace, checkIterations, checkNonNegativeNumber, checkPositiveNumber, checkWarmStart,
  checkOptions, rejectOptions, SOLVER_OPTIONS,
} from './checks.js';
import { refineActiveSet } from './active-set.js';
import { cgls } from './cgls.js';
import { kernelOperator, largestEigenvalue } from './operators.js';
import { extrapolate, Momentum } from './momentum.js';
import { Progress } from './progress.js';
import { checkMaxSetupCost, POWER_ITERATION_STEPS, refuseHugeSetup } from './kernel-cost.js';
import type { Session, Vec } from './session.js';
import type { EstimateKernelOptions, KernelEstimate, KernelMethod } from './types.js';

/** Gram matrices above this many bytes are not formed; 'exact' then runs CG on the normal equations. */
const GRAM_LIMIT_BYTES = 512 * 2 ** 20;

const METHODS: readonly KernelMethod[] = ['exact', 'fista', 'gd'];
/** Every option estimateKernel accepts (EstimateKernelOptions); add new ones here. */
export const KERNEL_OPTIONS: readonly string[] = [...SOLVER_OPTIONS, 'method', 'sumToOne', 'h0', 'step', 'maxSetupCost'];

/**
 * Least-squares kernel: argmin_h ½‖conv2d(x, h, mode) − y‖² + ½λ‖h‖², optionally with h ≥ 0
 * or h on the simplex. See the README for each method's stopping rule.
 */
export function estimateKernel(
  backend: Backend, x: Matrix, y: Matrix, size: { rows: number; cols: number }, options: EstimateKernelOptions = {},
): KernelEstimate {
  checkMatrix('x', x);
  checkMatrix('y', y);
  checkSameDType([['x', x], ['y', y]]);
  if (size === null || typeof size !== 'object') throw new ArgumentError('size must be { rows, cols }');
  const { rows: k, cols: l } = size;
  for (const [key, v] of [['rows', k], ['cols', l]] as const) {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new ShapeError(`size.${key} must be a positive integer, got ${describeValue(v)}`);
  }
  checkOptions('options', options, [...KERNEL_OPTIONS, 'tv', 'box', 'x0'], 'estimateKernel');
  rejectOptions(options, ['tv', 'box', 'x0'], 'applies to deconvolve, not to estimateKernel');
  const mode = checkMode(options.mode ?? 'valid');
  const convention = checkConvention(options.convention);
  if (mode === 'valid' && (k > x.rows || l > x.cols)) {
    throw new ShapeError(`mode 'valid' needs the kernel to fit inside the image: kernel ${k}×${l}, image x is ${shapeOf(x)}`);
  }
  const crop = convCrop(x.rows, x.cols, k, l, mode, convention);
  checkShape('y', y, crop.rows, crop.cols, `the shape of conv2d(x ${shapeOf(x)}, h ${k}×${l}, '${mode}')`);
  checkFinite('x', x);
  checkFinite('y', y);
  checkCallbacks(options);
  const lambda = checkNonNegativeNumber('options.tikhonov', options.tikhonov);
  const nonNegative = checkBoolean('options.nonNegative', options.nonNegative);
  const sumToOne = checkBoolean('options.sumToOne', options.sumToOne);
  const constrained = nonNegative || sumToOne;
  const method = options.method ?? (constrained ? 'fista' : 'exact');
  if (!METHODS.includes(method)) {
    throw new ArgumentError(`options.method must be 'exact', 'fista' or 'gd', got ${JSON.stringify(method)}`);
  }
  if (method === 'exact' && constrained) {
    throw new ArgumentError("options.method 'exact' solves the unconstrained problem; use 'fista' with nonNegative or sumToOne");
  }
  const h0 = checkWarmStart('options.h0', options.h0, k, l, x, 'the kernel size');
  const maxIterations = checkIterations(options.maxIterations, method === 'gd' ? 1000 : 3000);
  const tolerance = checkPositiveNumber('options.tolerance', options.tolerance, method === 'exact' ? 1e-12 : 1e-9);
  const step = options.step === undefined ? undefined : checkPositiveNumber('options.step', options.step, 1);
  if (step !== undefined && method !== 'gd') throw new ArgumentError("options.step applies to method 'gd' only");
  const maxSetupCost = checkMaxSetupCost(options.maxSetupCost);

  const R = crop.rows;
  const C = crop.cols;
  const pr = R + k - 1;
  const pc = C + l - 1;
  const n = k * l;
  const what = `estimateKernel of a ${k}×${l} kernel from x ${shapeOf(x)} and y ${shapeOf(y)} ('${mode}')`;
  refuseHugeSetup(
    { k, l, R, C, pr, pc, method, gram: n * n * 8 <= GRAM_LIMIT_BYTES, fixedStep: step !== undefined }, maxSetupCost, what,
  );
  {
    // Every vector of the solve, as float64 elements: x, its padded canvas, y, Xᵀy, h, then the
    // Gram matrix (exact, fista and gd when it fits) or the CG / first-order vectors.
    const gram = n * n * 8 <= GRAM_LIMIT_BYTES && method !== 'gd' ? n * n : 0;
    const canvas = pr !== x.rows || pc !== x.cols ? pr * pc : 0;
    preflightWorkspace(
      backend, x.rows * x.cols + canvas + R * C + 2 * n + gram + (gram ? 8 * n : 2 * R * C + 2 * n),
      what,
    );
  }
  const progress = new Progress(options);
  const s = backend.session(progress.checkpoint);
  try {
    // The padded image P: every mode is 'valid' on it.
    const xv = s.vec(x.rows * x.cols);
    s.write(xv, x.data);
    let P: Vec = xv;
    if (pr !== x.rows || pc !== x.cols) {
      P = s.vec(pr * pc);
      s.embed(P, pr, pc, xv, x.rows, x.cols, k - 1 - crop.r0, l - 1 - crop.c0);
    }
    const yv = s.vec(R * C);
    s.write(yv, y.data);
    const A = kernelOperator(s, P, pr, pc, k, l);
    const b = s.vec(n); // Xᵀy
    A.adjoint(b, yv);
    const bNorm = Math.sqrt(s.dot(b, b, n));
    const h = s.vec(n);
    if (h0) s.write(h, h0.data);

    const gramFits = n * n * 8 <= GRAM_LIMIT_BYTES;
    let usedMethod: string = method;
    let iterations = 0;
    let converged = false;
    let objective = NaN;

    if (method === 'exact' && gramFits) {
      const G = s.vec(n * n);
      const scratch = s.vec(pc);
      s.gram(G, P, pr, pc, k, l, scratch);
      const g = s.view(G, n * n);
      const diagonal = new Float64Array(n);
      for (let i = 0; i < n; i++) diagonal[i] = g[i * n + i]! += lambda;
      if (s.cholesky(G, n) === 0) {
        s.copy(h, b, n);
        s.choleskySolve(G, n, h);
        iterations = 1;
        converged = true;
        // Cholesky leaves the upper triangle: the objective follows without another convolution.
        objective = quadraticObjective(s.view(G, n * n), diagonal, s.view(h, n), s.view(b, n), 0.5 * s.dot(yv, yv, R * C));
      } else {
        usedMethod = 'cg'; // singular normal equations: CG from h0 gives the minimum-norm solution when h0 = 0
      }
    } else if (method === 'exact') {
      usedMethod = 'cg';
    }

    if (usedMethod === 'cg') {
      const r = cgls(s, A, yv, h, lambda, { maxIterations, tolerance: Math.max(tolerance, 1e-12) }, progress, bNorm);
      iterations = r.iterations;
      converged = r.converged;
    } else if (method !== 'exact') {
      const r = firstOrder(s, method, P, pr, pc, k, l, A, yv, b, h, {
        lambda, nonNegative, sumToOne, maxIterations, tolerance, step, gramFits, bNorm,
      }, progress);
      iterations = r.iterations;
      converged = r.converged;
    }

    if (Number.isNaN(objective)) objective = exactObjective(s, A, h, yv, lambda);
    if (usedMethod === 'exact') progress.report(1, objective, 0);
    const kernel: Matrix = {
      data: x.data instanceof Float32Array ? Float32Array.from(s.view(h, n)) : Float64Array.from(s.view(h, n)),
      rows: k,
      cols: l,
    };
    checkFiniteResult('kernel', kernel.data, objective, usedMethod);
    return { kernel, objective, iterations, converged, history: progress.history, method: usedMethod, elapsed: progress.elapsed() };
  } finally {
    s.close();
  }
}

/**
 * ½hᵀ(G+λI)h − bᵀh + ½yᵀy from the upper triangle of G and its saved diagonal. It cancels when
 * the fit is nearly exact, so a value below 1e-8·½yᵀy returns NaN (the caller then evaluates
 * the model itself).
 */
function quadraticObjective(G: Float64Array, diagonal: Float64Array, h: Float64Array, b: Float64Array, halfYty: number): number {
  const n = h.length;
  let quad = 0;
  let lin = 0;
  for (let i = 0; i < n; i++) {
    const hi = h[i]!;
    let row = 0;
    for (let j = i + 1; j < n; j++) row += G[i * n + j]! * h[j]!;
    quad += hi * (diagonal[i]! * hi + 2 * row);
    lin += b[i]! * hi;
  }
  const f = 0.5 * quad - lin + halfYty;
  return f > 1e-8 * halfYty ? f : NaN;
}

/** ½‖A h − y‖² + ½λ‖h‖², from the model itself. */
function exactObjective(s: Session, A: { n: number; m: number; apply(o: Vec, v: Vec): void }, h: Vec, y: Vec, lambda: number): number {
  const z = s.vec(A.m);
  A.apply(z, h);
  s.axpby(z, -1, y, 1, A.m);
  return 0.5 * s.dot(z, z, A.m) + 0.5 * lambda * s.dot(h, h, A.n);
}

interface FirstOrderOptions {
  lambda: number;
  nonNegative: boolean;
  sumToOne: boolean;
  maxIterations: number;
  tolerance: number;
  step: number | undefined;
  gramFits: boolean;
  bNorm: number;
}

/**
 * FISTA (accelerated projected gradient, adaptive restart) or plain projected gradient descent
 * on f(h) = ½hᵀGh − bᵀh + ½yᵀy + ½λ‖h‖². With the Gram matrix G an iteration is one k·l × k·l
 * product; without it (kernels too large), one model product and one adjoint.
 * Stops when ‖L·(z − proj(z − ∇f(z)/L))‖ ≤ tolerance·‖Xᵀy‖ (the gradient mapping; for an
 * unconstrained problem, the gradient), or — FISTA with constraints — when an active-set step
 * from the current support meets the KKT conditions to tolerance·‖Xᵀy‖.
 */
function firstOrder(
  s: Session, method: 'fista' | 'gd', P: Vec, pr: number, pc: number, k: number, l: number,
  A: ReturnType<typeof kernelOperator>, y: Vec, b: Vec, h: Vec, o: FirstOrderOptions, progress: Progress,
): { iterations: number; converged: boolean } {
  const n = k * l;
  const R = pr - k + 1;
  const C = pc - l + 1;
  const yty = s.dot(y, y, R * C);
  let G: Vec | null = null;
  const tmpM = o.gramFits ? null : s.vec(R * C);
  if (o.gramFits) {
    G = s.vec(n * n);
    s.gram(G, P, pr, pc, k, l, s.vec(pc));
    const g = s.view(G, n * n);
    for (let i = 0; i < n; i++) g[i * n + i]! += o.lambda; // G now holds N = XᵀX + λI
  }
  /** out = (XᵀX + λI) v */
  const normal = (out: Vec, v: Vec) => {
    if (G !== null) {
      s.gemv(out, G, v, n);
    } else {
      A.apply(tmpM!, v);
      A.adjoint(out, tmpM!);
      if (o.lambda > 0) s.axpby(out, o.lambda, v, 1, n);
    }
  };
  // With constraints and the Gram matrix at hand, an active-set step finishes the solve exactly
  // once FISTA has (nearly) found the support; tried when the gradient mapping falls below polishAt.
  const canPolish = G !== null && method === 'fista' && (o.nonNegative || o.sumToOne);
  let polishAt = 1e-3 * o.bNorm;
  // A fixed step needs no Lipschitz constant; otherwise 1/L with a 1% margin on power iteration.
  const step = o.step ?? 1 / (1.01 * largestEigenvalue(s, n, normal, POWER_ITERATION_STEPS, progress.checkpoint));
  const scratch = s.vec(n);
  const project = (v: Vec) => {
    if (o.sumToOne) s.projectSimplex(v, n, 1, scratch);
    else if (o.nonNegative) s.clamp(v, 0, Infinity, n);
  };
  project(h); // a warm start outside the feasible set is projected first
  if (!Number.isFinite(step)) {
    // X = 0 and λ = 0: the objective is constant, so the (projected) start is optimal.
    progress.report(1, 0.5 * yty, 0);
    return { iterations: 1, converged: true };
  }

  const z = s.vec(n); // extrapolated point
  const Nz = s.vec(n); // (G+λI) z
  const hPrev = s.vec(n);
  const Nh = s.vec(n);
  const NhPrev = s.vec(n);
  const grad = s.vec(n);
  const diff = s.vec(n);
  s.copy(z, h, n);
  normal(Nh, h);
  s.copy(Nz, Nh, n);
  const momentum = new Momentum();
  const threshold = o.tolerance * Math.max(o.bNorm, Number.MIN_VALUE);

  for (let it = 1; it <= o.maxIterations; it++) {
    // grad = (G+λI) z − b; h ← proj(z − step·grad)
    s.copy(grad, Nz, n);
    s.axpby(grad, -1, b, 1, n);
    s.copy(hPrev, h, n);
    s.copy(NhPrev, Nh, n);
    s.copy(h, z, n);
    s.axpby(h, -step, grad, 1, n);
    project(h);
    // Gradient mapping (z − h)/step: the projected gradient at z.
    s.copy(diff, z, n);
    s.axpby(diff, -1, h, 1, n);
    const gradMapNorm = Math.sqrt(s.dot(diff, diff, n)) / step;
    normal(Nh, h);
    const objective = 0.5 * s.dot(h, Nh, n) - s.dot(b, h, n) + 0.5 * yty;
    if (!progress.report(it, objective, gradMapNorm)) return { iterations: it, converged: gradMapNorm <= threshold };
    if (gradMapNorm <= threshold) return { iterations: it, converged: true };
    if (canPolish && gradMapNorm <= polishAt && it < o.maxIterations) {
      const violation = refineActiveSet(s, G!, b, h, n, o.sumToOne, o.tolerance, o.bNorm);
      if (!Number.isNaN(violation)) {
        normal(Nh, h);
        progress.report(it + 1, 0.5 * s.dot(h, Nh, n) - s.dot(b, h, n) + 0.5 * yty, violation);
        return { iterations: it + 1, converged: true };
      }
      polishAt /= 100;
    }

    if (method === 'gd') {
      s.copy(z, h, n);
      s.copy(Nz, Nh, n);
      continue;
    }
    // diff holds z − h from the gradient mapping; the gradient is spent, so it is the scratch.
    extrapolate(s, momentum, { z, x: h, xPrev: hPrev, zMinusX: diff, scratch: grad, n, Mz: Nz, Mx: Nh, MxPrev: NhPrev, m: n });
  }
  return { iterations: o.maxIterations, converged: false };
}

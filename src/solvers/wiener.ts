import type { Backend } from '../backend.js';
import { ArgumentError } from '../errors.js';
import type { Matrix, Mode } from '../types.js';
import { imageOperator } from './operators.js';
import { Progress } from './progress.js';
import { checkFiniteResult } from './checks.js';
import type { Deconvolution, SolverOptions } from './types.js';

export interface WienerProblem {
  m: number;
  n: number;
  r0: number;
  c0: number;
  /** options.tikhonov, or undefined for the default. */
  lambda: number | undefined;
  mode: Mode;
}

/**
 * Wiener / Tikhonov deconvolution in the frequency domain: the exact minimiser of
 * ½‖h ⊛ x − ŷ‖² + ½λ‖x‖² for a periodic model in which y is extended past its borders by mirror
 * reflection (so the frame's edges do not ring). Direct: one solve, no iterations. λ defaults to
 * 1e-2·‖h‖₁² (‖h‖₁² bounds |H|², so the filter never amplifies more than ~100×: enough for
 * noise around 1% of the signal, as in a camera; smaller λ rings on motion blur).
 * The reported objective is that of the actual (non-periodic) model: ½‖conv2d(x̂, h, mode) − y‖² + ½λ‖x̂‖².
 */
export function wiener(backend: Backend, h: Matrix, y: Matrix, p: WienerProblem, options: SolverOptions): Deconvolution {
  if (backend.wiener === null) {
    throw new ArgumentError("method 'wiener' needs a WebAssembly backend (it runs on the FFT); the JS baseline has none");
  }
  const progress = new Progress(options);
  const { rows: k, cols: l } = h;
  const { rows: R, cols: C } = y;
  let hNorm1 = 0;
  for (const v of h.data) hNorm1 += Math.abs(v);
  const lambda = p.lambda ?? 1e-2 * hNorm1 * hNorm1;
  const x = backend.wiener(Float64Array.from(h.data), k, l, Float64Array.from(y.data), R, C, p.m, p.n, p.r0, p.c0, lambda);

  const s = backend.session();
  let objective: number;
  try {
    const hv = s.vec(k * l);
    s.write(hv, h.data);
    const yv = s.vec(R * C);
    s.write(yv, y.data);
    const xv = s.vec(p.m * p.n);
    s.write(xv, x);
    const A = imageOperator(s, hv, k, l, p.m, p.n, R, C, p.r0, p.c0);
    const r = s.vec(R * C);
    A.apply(r, xv);
    s.axpby(r, -1, yv, 1, R * C);
    objective = 0.5 * s.dot(r, r, R * C) + 0.5 * lambda * s.dot(xv, xv, p.m * p.n);
  } finally {
    s.close();
  }
  const image: Matrix = { data: y.data instanceof Float32Array ? Float32Array.from(x) : x, rows: p.m, cols: p.n };
  checkFiniteResult('image', image.data, objective, 'wiener');
  progress.report(1, objective, 0);
  return { image, objective, iterations: 1, converged: true, history: progress.history, method: 'wiener', elapsed: progress.elapsed() };
}

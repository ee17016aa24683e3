import type { Session, Vec } from '../solvers/session.js';
import type { Arena } from './arena.js';
import type { LinearOperator } from '../solvers/operators.js';
import { prefersFft } from './cost.js';
import { FFT_EXPORTS, FftPlan2d, nextFastEvenSize, nextFastSize, type FftExports } from './fft.js';
import { usesDotProducts, type ConvgradExports } from './module.js';
import { wasmAdmmEngine, type AdmmExports } from './admm.js';
import type { AdmmOnlyExports } from './admm-module.js';
import { choleskyInBlocks, correlationRowWork, forRowSegments, gramLagCount, gramLagWork, inBlocks, type Checkpoint } from '../solvers/blocks.js';

/**
 * A solver session on a WebAssembly instance: vectors are pointers into the instance's
 * memory, held (see Arena.hold) so that calls made during the solve — from a progress
 * callback, say — allocate above them.
 */
const p = (v: Vec) => v as number;

/** The exports that build the Gram matrix and its Cholesky in parts (assembly/index.ts). */
interface BlockedExports {
  corrValidDotsPart_f64(out: number, x: number, xr: number, xc: number, k: number, kr: number, kc: number, row: number, colFrom: number, colTo: number): void;
  gramValidLags_f64(G: number, P: number, pr: number, pc: number, k: number, l: number, scratch: number, lagFrom: number, lagTo: number): void;
  choleskyRows_f64(A: number, n: number, rowFrom: number, rowTo: number): number;
}

/**
 * A session whose long calls run in blocks with `checkpoint` between them (solvers/blocks.ts).
 * `admm`: the ADMM binary's exports on this instance's memory (admm-module.ts), null when not loaded.
 */
export function wasmSession(ex: ConvgradExports, arena: Arena, checkpoint?: Checkpoint, admm: AdmmOnlyExports | null = null): Session {
  arena.reset();
  let token: number | undefined;
  const what = () => 'a solver workspace';
  return {
    vec(n) {
      const [ptr] = arena.allocAll([n * 8], what);
      const t = arena.hold();
      token ??= t;
      ex.fill_f64(ptr!, 0, n);
      return ptr!;
    },
    write(v, data) {
      arena.f64(p(v), data.length).set(data);
    },
    view: (v, n) => arena.f64(p(v), n),
    dot: (a, b, n) => ex.dot_f64(p(a), p(b), n),
    axpby: (y, alpha, x, beta, n) => ex.axpby_f64(p(y), alpha, p(x), beta, n),
    copy(dst, src, n) {
      arena.f64(p(dst), n).set(arena.f64(p(src), n));
    },
    fill: (v, value, n) => ex.fill_f64(p(v), value, n),
    clamp: (v, lo, hi, n) => ex.clamp_f64(p(v), lo, hi, n),
    mul: (out, a, b, n) => ex.mul_f64(p(out), p(a), p(b), n),
    divPositive: (out, a, b, tiny, n) => ex.divPositive_f64(p(out), p(a), p(b), tiny, n),
    embed: (dst, dr, dc, src, sr, sc, ro, co) => ex.embed_f64(p(dst), dr, dc, p(src), sr, sc, ro, co),
    rot180: (dst, src, n) => ex.rot180_f64(p(dst), p(src), n),
    corrValid(out, x, xr, xc, k, kr, kc) {
      const R = xr - kr + 1;
      const C = xc - kc + 1;
      // The variant is chosen for the whole output; blocks of output rows then give its bits.
      const part = (ex as Partial<BlockedExports>).corrValidDotsPart_f64;
      if (usesDotProducts(R, C, kr, kc) && part !== undefined) {
        // A huge kernel: one output may be a long dot product, so the blocks are runs of outputs.
        inBlocks('convolution', R * C, kr * kc, checkpoint, (from, to) =>
          forRowSegments(from, to, C, (row, c0, c1) => part(p(out), p(x), xr, xc, p(k), kr, kc, row, c0, c1)));
        return;
      }
      const kernel = usesDotProducts(R, C, kr, kc) ? ex.corrValidDots_f64 : ex.corrValidRows_f64;
      inBlocks('convolution', R, correlationRowWork(C, kr, kc), checkpoint, (i0, i1) =>
        kernel(p(out) + i0 * C * 8, p(x) + i0 * xc * 8, i1 - i0 + kr - 1, xc, p(k), kr, kc));
    },
    gram(G, P, pr, pc, k, l, scratch) {
      const parts = ex as Partial<BlockedExports>;
      if (parts.gramValidLags_f64 === undefined) return ex.gramValid_f64(p(G), p(P), pr, pc, k, l, p(scratch)); // an older binary
      const lags = parts.gramValidLags_f64;
      inBlocks('gram', gramLagCount(k, l), gramLagWork(pr, pc, k), checkpoint, (t0, t1) =>
        lags(p(G), p(P), pr, pc, k, l, p(scratch), t0, t1));
    },
    cholesky(A, n) {
      const rows = (ex as Partial<BlockedExports>).choleskyRows_f64;
      if (rows === undefined) return ex.cholesky_f64(p(A), n); // an older binary
      return choleskyInBlocks(n, checkpoint, (r0, r1) => rows(p(A), n, r0, r1));
    },
    choleskySolve: (L, n, b) => ex.choleskySolve_f64(p(L), n, p(b)),
    gemv: (y, A, x, n) => ex.gemv_f64(p(y), p(A), p(x), n),
    projectSimplex: (v, n, total, scratch) => ex.projectSimplex_f64(p(v), n, total, p(scratch)),
    tvNorm: (x, m, n) => ex.tvNorm_f64(p(x), m, n),
    tvProx(out, b, m, n, lambda, lo, hi, iterations, work) {
      const [w0, w1, w2, w3, w4, w5] = work.map(p) as [number, number, number, number, number, number];
      ex.tvProx_f64(p(out), p(b), m, n, lambda, lo, hi, iterations, w0, w1, w2, w3, w4, w5);
    },
    fftImageOperator(h, k, l, m, n, R, C, r0, c0) {
      if (!FFT_EXPORTS.every((name) => name in ex)) return null;
      if (!prefersFft({ kind: 'forward', method: 'auto' }, ex.simd() === 1, false, m, n, k, l, R, C, r0, c0)) return null;
      return fftImageOperator(this, ex as unknown as FftExports, p(h), k, l, m, n, R, C, r0, c0);
    },
    admmEngine(problem) {
      if (admm === null || !FFT_EXPORTS.every((name) => name in ex)) return null;
      // One set of exports on one memory: the core's FFT and buffers, the ADMM binary's passes.
      return wasmAdmmEngine(this, { ...admm, ...(ex as unknown as FftExports) } as AdmmExports, problem);
    },
    close() {
      if (token !== undefined) arena.release(token);
      token = undefined;
    },
  };
}

/**
 * x ↦ crop(x ∗ h) and its adjoint on one transform size of at least the full result (nothing
 * wraps), with h's spectrum computed once: an application is one forward and one (cropped)
 * inverse transform. All buffers are session vectors, so a solve allocates nothing per iteration.
 */
function fftImageOperator(
  s: Session, ex: FftExports, h: number, k: number, l: number, m: number, n: number, R: number, C: number, r0: number, c0: number,
): LinearOperator {
  const plan = new FftPlan2d(ex, nextFastSize(m + k - 1), nextFastEvenSize(n + l - 1), 'float64');
  const words = (bytes: number) => Math.ceil(bytes / 8);
  const planPtr = s.vec(words(plan.planBytes)) as number;
  const work = s.vec(words(plan.workBytes)) as number;
  const H = s.vec(words(plan.spectrumBytes)) as number;
  const S = s.vec(words(plan.spectrumBytes)) as number;
  const canvas = s.vec(plan.rows * plan.cols) as number;
  plan.prepare(planPtr, work);
  plan.forward(H, h, k, l);
  return {
    n: m * n,
    m: R * C,
    apply(out, x) {
      plan.forward(S, x as number, m, n);
      plan.multiply(S, S, H);
      plan.inverse(out as number, S, { row: r0, col: c0, rows: R, cols: C });
    },
    adjoint(out, w) {
      s.embed(canvas, plan.rows, plan.cols, w, R, C, r0, c0);
      plan.forward(S, canvas);
      plan.multiplyConj(S, S, H);
      plan.inverse(out as number, S, { row: 0, col: 0, rows: m, cols: n });
    },
  };
}

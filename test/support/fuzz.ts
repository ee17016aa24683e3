/**
 * The randomised comparison behind `npm run fuzz` and its seeded slice in `npm test`
 * (test/reliability/fuzz-slice.test.ts): every function × method × dtype × backend against the
 * independent float64 oracle (oracle.ts), on shapes that include 1×N, N×1 and kernels larger
 * than the image, with data spanning large dynamic ranges (values from 2^-124 to 2^124 in float32,
 * 2^±1016 in float64; 40 octaves within one array) scaled so that every result is representable.
 *
 * Tolerances are norm-wise, as fits both summation orders: with ε′ = 2·u·(k·l + log₂(transform
 * size)) (u the dtype's unit round-off), a forward output may be off by ε′·‖x‖‖h‖ (≥ any output's
 * magnitude, by Cauchy–Schwarz), the residual likewise by ε′·B with B = ‖x‖‖h‖ + ‖y‖, each
 * gradient by ε′·‖x‖ (or ‖h‖)·(√(R·C)·B + ‖r‖), the objective by the first-order change of ½‖r‖².
 * A check's "ratio" is its largest error over its tolerance: ≤ 1 passes.
 */
import type { Convgrad, Convention, Matrix, Method, Mode } from '../../src/index.js';
import {
  conv2d as oConv, correlate2d as oCorr, fromMatrix, gradient, imageOperator, kernelOperator, residual as oResidual,
  type OMat,
} from './oracle.js';
import { prng, type DTypeName } from './random.js';
import type { NamedBackend } from './backends.js';

export const FUZZ_FUNCTIONS = ['conv2d', 'correlate2d', 'objective', 'gradKernel', 'gradImage', 'valueAndGrad'] as const;
export type FuzzFunction = (typeof FUZZ_FUNCTIONS)[number];
export const FUZZ_METHODS: readonly Method[] = ['direct', 'fft', 'auto'];

export interface Scenario {
  seed: number;
  dtype: DTypeName;
  mode: Mode;
  convention: Convention;
  x: Matrix;
  h: Matrix;
  y: Matrix;
  /** Exponents of the largest |x|, |h| (for the report). */
  ex: number;
  eh: number;
}

const U: Record<DTypeName, number> = { float32: 2 ** -24, float64: 2 ** -53 };
const TINY: Record<DTypeName, number> = { float32: 8 * 2 ** -126, float64: 8 * 2 ** -1022 };
/** Largest exponent a result may reach (float32 max ≈ 2^128, float64 ≈ 2^1024), with headroom. */
const TOP: Record<DTypeName, number> = { float32: 124, float64: 1016 };

function dim(rnd: () => number, max: number): number {
  const r = rnd();
  if (r < 0.2) return 1; // 1×N and N×1
  if (r < 0.5) return 1 + Math.floor(rnd() * 4);
  return 1 + Math.floor(rnd() * max);
}

/** n values at magnitudes 2^(e−D) … 2^e (D, the in-array dynamic range, up to 40 octaves), random signs, some zeros. */
export function values(rnd: () => number, n: number, e: number, dtype: DTypeName): number[] {
  const D = [0, 8, 40][Math.floor(rnd() * 3)]!;
  const zeros = rnd() < 0.3 ? 0.3 : 0;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    if (rnd() < zeros) out.push(0);
    else {
      const v = (rnd() < 0.5 ? -1 : 1) * (0.5 + 0.5 * rnd()) * 2 ** (e - Math.floor(rnd() * (D + 1)));
      out.push(dtype === 'float32' ? Math.fround(v) : v);
    }
  }
  if (n > 0 && !out.some((v) => v !== 0)) out[0] = dtype === 'float32' ? Math.fround(2 ** e) : 2 ** e; // keep the scale
  return out;
}

export function mat(rows: number, cols: number, data: number[], dtype: DTypeName): Matrix {
  return { rows, cols, data: dtype === 'float32' ? new Float32Array(data) : new Float64Array(data) };
}

/** The full-size crop for conv (MATLAB/scipy 'same'); the oracle has its own, this only sizes y. */
function outShape(mode: Mode, m: number, n: number, k: number, l: number): [number, number] {
  if (mode === 'full') return [m + k - 1, n + l - 1];
  if (mode === 'same') return [m, n];
  return [m - k + 1, n - l + 1];
}

/** One random problem from a seed: shapes, mode, dtype and data at representable scales. */
export function makeScenario(seed: number, maxImage = 16, maxKernel = 9): Scenario {
  const rnd = prng(seed);
  const dtype: DTypeName = rnd() < 0.5 ? 'float32' : 'float64';
  const mode = (['full', 'same', 'valid'] as const)[Math.floor(rnd() * 3)]!;
  const convention = rnd() < 0.5 ? 'matlab' : 'scipy';
  const big = rnd() < 0.04; // now and then an image large enough for the spectra's sums to matter
  const m = big ? 40 + Math.floor(rnd() * 25) : dim(rnd, maxImage);
  const n = big ? 40 + Math.floor(rnd() * 25) : dim(rnd, maxImage);
  let k = dim(rnd, maxKernel);
  let l = dim(rnd, maxKernel);
  if (mode === 'valid') {
    k = Math.min(k, m);
    l = Math.min(l, n);
  }
  const top = TOP[dtype];
  const wide = rnd() < 0.6; // otherwise unit scale
  const [R0, C0] = outShape(mode, m, n, k, l);
  const lg = (v: number) => Math.ceil(Math.log2(v)) + 1;
  let ex = 0 as number;
  let eh = 0 as number;
  // Every result representable: x∗h (≤ 2^(ex+eh)·k·l), the gradients x⋆r and h⋆r (r ~ 2^(ex+eh+4))
  // below 2^top, and none below 2^−100 (far from underflow, down to 1e-30 in float32).
  for (let tries = 0; wide && tries < 200; tries++) {
    ex = Math.round((2 * rnd() - 1) * top);
    eh = Math.round((2 * rnd() - 1) * top);
    const fwd = ex + eh + lg(k * l);
    const gk = 2 * ex + eh + 4 + lg(k * l * R0 * C0);
    const gi = ex + 2 * eh + 4 + lg(k * l * k * l);
    const value = 2 * (ex + eh + 4 + lg(k * l)) + lg(R0 * C0); // ½‖r‖², a float64 in both dtypes
    if (fwd < top && gk < top && gi < top && value < 1016 && Math.min(ex + eh, 2 * ex + eh, ex + 2 * eh) > -100) break;
    ex = 0;
    eh = 0;
  }
  const x = mat(m, n, values(rnd, m * n, ex, dtype), dtype);
  const h = mat(k, l, values(rnd, k * l, eh, dtype), dtype);
  const [R, C] = [R0, C0];
  const yKind = rnd();
  const y = mat(R, C, yKind < 0.2 ? new Array(R * C).fill(0) : values(rnd, R * C, ex + eh + Math.round((rnd() - 0.5) * 8), dtype), dtype);
  return { seed, dtype, mode, convention, x, h, y, ex, eh };
}

const norm = (a: ArrayLike<number>) => {
  let s = 0;
  let mx = 0;
  for (let i = 0; i < a.length; i++) mx = Math.max(mx, Math.abs(a[i]!));
  if (mx === 0) return 0;
  for (let i = 0; i < a.length; i++) s += (a[i]! / mx) ** 2;
  return mx * Math.sqrt(s);
};

/** The oracle's answers for a scenario, computed once and shared by every check. */
export interface Expected {
  conv: OMat;
  corr: OMat;
  value: number;
  gradKernel: Float64Array;
  gradImage: Float64Array;
  /** Tolerances (see the file's comment). */
  tol: { forward: number; value: number; gradKernel: number; gradImage: number };
}

export function expected(s: Scenario): Expected {
  const x = fromMatrix(s.x);
  const h = fromMatrix(s.h);
  const y = s.y.data;
  const Ah = imageOperator(h, x, s.mode, s.convention); // v(x) ↦ conv
  const Ax = kernelOperator(x, h, s.mode, s.convention); // v(h) ↦ conv
  const r = oResidual(Ah, x.data, y);
  const rn = norm(r);
  const T = (s.x.rows + s.h.rows) * (s.x.cols + s.h.cols);
  const eps = 2 * U[s.dtype] * (s.h.rows * s.h.cols + Math.log2(T) + 4);
  const xn = norm(x.data);
  const hn = norm(h.data);
  const B = xn * hn + norm(y);
  const RC = s.y.rows * s.y.cols;
  const dr = Math.sqrt(RC) * eps * B; // ‖δr‖₂
  return {
    conv: oConv(x, h, s.mode, s.convention),
    corr: oCorr(x, h, s.mode, s.convention),
    value: 0.5 * rn * rn,
    gradKernel: gradient(Ax, h.data, y),
    gradImage: gradient(Ah, x.data, y),
    // Plus a few units of the smallest normal number: results down in the subnormal range carry
    // absolute, not relative, rounding (the standard model's underflow term).
    tol: {
      forward: eps * xn * hn + TINY[s.dtype],
      value: rn * dr + dr * dr + eps * rn * rn,
      gradKernel: eps * xn * (Math.sqrt(RC) * B + rn) + TINY[s.dtype],
      gradImage: eps * hn * (Math.sqrt(RC) * B + rn) + TINY[s.dtype],
    },
  };
}

function worst(got: ArrayLike<number>, want: ArrayLike<number>, tol: number): number {
  let r = 0;
  for (let i = 0; i < want.length; i++) {
    const g = got[i]!;
    if (!Number.isFinite(g)) return Infinity;
    const e = Math.abs(g - want[i]!);
    r = Math.max(r, tol > 0 ? e / tol : e === 0 ? 0 : Infinity);
  }
  return r;
}

/** Runs one function with one method on one backend; returns the error ratio (≤ 1 passes). */
export function check(cg: Convgrad, s: Scenario, e: Expected, fn: FuzzFunction, method: Method): number {
  const { x, h, y, mode, convention } = s;
  const o = { method, convention };
  switch (fn) {
    case 'conv2d':
      return worst(cg.conv2d(x, h, mode, o).data, e.conv.data, e.tol.forward);
    case 'correlate2d':
      return worst(cg.correlate2d(x, h, mode, { method }).data, e.corr.data, e.tol.forward);
    case 'objective': {
      const v = cg.objective(x, h, y, mode, o);
      return Number.isFinite(v) ? Math.abs(v - e.value) / (e.tol.value || Number.MIN_VALUE) : Infinity;
    }
    case 'gradKernel':
      return worst(cg.gradKernel(x, h, y, mode, o).data, e.gradKernel, e.tol.gradKernel);
    case 'gradImage':
      return worst(cg.gradImage(x, h, y, mode, o).data, e.gradImage, e.tol.gradImage);
    case 'valueAndGrad': {
      const r = cg.valueAndGrad(x, h, y, mode, o);
      const v = Number.isFinite(r.value) ? Math.abs(r.value - e.value) / (e.tol.value || Number.MIN_VALUE) : Infinity;
      return Math.max(v, worst(r.gradKernel!.data, e.gradKernel, e.tol.gradKernel), worst(r.gradImage!.data, e.gradImage, e.tol.gradImage));
    }
  }
}

export interface CellStats {
  cases: number;
  worst: number;
  worstSeed: number;
}

/**
 * Runs `scenarios` seeded problems (seeds seed, seed+1, …) through every backend × function ×
 * method; returns per-cell statistics ("backend fn method dtype") and the failures.
 */
export function runFuzz(all: readonly NamedBackend[], seed: number, scenarios: number): { cells: Map<string, CellStats>; failures: string[]; checks: number } {
  const cells = new Map<string, CellStats>();
  const failures: string[] = [];
  let checks = 0;
  for (let i = 0; i < scenarios; i++) {
    const s = makeScenario(seed + i);
    const e = expected(s);
    for (const b of all) {
      for (const fn of FUZZ_FUNCTIONS) {
        for (const method of FUZZ_METHODS) {
          if (method === 'fft' && b.name === 'js') continue; // the JS baseline is direct only (an ArgumentError, tested elsewhere)
          const key = `${b.name} ${fn} ${method} ${s.dtype}`;
          let ratio: number;
          try {
            ratio = check(b.cg, s, e, fn, method);
          } catch (err) {
            ratio = Infinity;
            failures.push(`${key} seed ${s.seed}: threw ${(err as Error).message}`);
          }
          checks++;
          const c = cells.get(key) ?? { cases: 0, worst: 0, worstSeed: s.seed };
          c.cases++;
          if (!(ratio <= c.worst)) {
            c.worst = ratio;
            c.worstSeed = s.seed;
          }
          cells.set(key, c);
          if (!(ratio <= 1)) {
            failures.push(
              `${key} seed ${s.seed}: error ${ratio.toPrecision(3)}× tolerance (x ${s.x.rows}×${s.x.cols} ~2^${s.ex}, h ${s.h.rows}×${s.h.cols} ~2^${s.eh}, ${s.mode}/${s.convention})`,
            );
          }
        }
      }
    }
  }
  return { cells, failures, checks };
}

/** The per-cell table: cases and worst error ratio. */
export function formatCells(cells: Map<string, CellStats>): string {
  const rows = [...cells.entries()].sort(([a], [b]) => a.localeCompare(b));
  return rows.map(([k, c]) => `${k.padEnd(42)} ${String(c.cases).padStart(6)} cases  worst ${c.worst.toExponential(2)} × tol (seed ${c.worstSeed})`).join('\n');
}

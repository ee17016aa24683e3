/**
 * Comparison helpers with round-off tolerances derived from the error analysis of sums.
 *
 * A sum of n products computed in floating point in ANY order (serial, SIMD lanes, blocked)
 * satisfies |fl(s) − s| ≤ γ_n · Σ|terms|, γ_n = n·u/(1 − n·u), u = eps/2 the unit round-off
 * (Higham, Accuracy and Stability of Numerical Algorithms, §3.1). The oracle computes the
 * same sums in float64 and obeys the same bound with u = 2^-53. So per entry
 *
 *     |library − oracle| ≤ C · nTerms · eps · scale,      C = 2,
 *
 * with eps = 2^-52 (float64) or 2^-23 (float32) and scale the absolute-value operator applied
 * to |inputs| (see oracle.ts). Since eps = 2u, C·nTerms·eps = 4·nTerms·u: one nTerms·u for the
 * library, one for the oracle (float64 case), and a factor 2 for γ_n's 1/(1 − nu) and the
 * difference between "products + additions" counts. No absolute term is needed: the generated
 * values can neither underflow nor overflow (see random.ts).
 */
import type { Matrix } from '../../src/index.js';
import type { OMat } from './oracle.js';
import type { DTypeName } from './random.js';

export const EPS: Record<DTypeName, number> = { float32: 2 ** -23, float64: 2 ** -52 };
export const EPS64 = 2 ** -52;
export const C = 2;

export function dtypeName(m: Matrix): DTypeName {
  return m.data instanceof Float32Array ? 'float32' : 'float64';
}

/** Throws (with the first offending entry) unless got is want's shape, of `dtype`, and within tolerance. */
export function assertClose(
  what: string,
  got: Matrix,
  want: OMat | { rows: number; cols: number; data: ArrayLike<number> },
  scale: ArrayLike<number>,
  nTerms: number,
  dtype: DTypeName,
): void {
  const Ctor = dtype === 'float32' ? Float32Array : Float64Array;
  if (!(got.data instanceof Ctor)) {
    throw new Error(`${what}: result dtype ${got.data.constructor.name}, expected ${Ctor.name}`);
  }
  if (got.rows !== want.rows || got.cols !== want.cols) {
    throw new Error(`${what}: shape ${got.rows}×${got.cols}, expected ${want.rows}×${want.cols}`);
  }
  if (got.data.length !== want.rows * want.cols) {
    throw new Error(`${what}: data length ${got.data.length}, expected ${want.rows * want.cols}`);
  }
  const factor = C * nTerms * EPS[dtype];
  let bad = 0;
  let first = '';
  for (let i = 0; i < got.data.length; i++) {
    const g = got.data[i]!;
    const w = want.data[i]!;
    const tol = factor * scale[i]!;
    if (!(Math.abs(g - w) <= tol)) {
      if (bad === 0) {
        const r = Math.floor(i / want.cols);
        const c = i % want.cols;
        first = `[${r},${c}] got ${g}, expected ${w}, |err| ${Math.abs(g - w)} > tol ${tol} (scale ${scale[i]}, nTerms ${nTerms})`;
      }
      bad++;
    }
  }
  if (bad > 0) throw new Error(`${what}: ${bad} of ${got.data.length} entries out of tolerance; first ${first}`);
}

export function assertScalarClose(what: string, got: number, want: number, tol: number): void {
  if (typeof got !== 'number' || !(Math.abs(got - want) <= tol)) {
    throw new Error(`${what}: got ${got}, expected ${want}, |err| ${Math.abs(got - want)} > tol ${tol}`);
  }
}

/** Bitwise equality of two matrices (same dtype, shape, and every value, −0 vs +0 included). */
export function assertSameBits(what: string, a: Matrix, b: Matrix): void {
  if (a.data.constructor !== b.data.constructor) {
    throw new Error(`${what}: dtype ${a.data.constructor.name} vs ${b.data.constructor.name}`);
  }
  if (a.rows !== b.rows || a.cols !== b.cols || a.data.length !== b.data.length) {
    throw new Error(`${what}: shape ${a.rows}×${a.cols} vs ${b.rows}×${b.cols}`);
  }
  for (let i = 0; i < a.data.length; i++) {
    if (!Object.is(a.data[i], b.data[i])) {
      throw new Error(`${what}: entry ${i} differs: ${a.data[i]} vs ${b.data[i]}`);
    }
  }
}

/** A deep copy of a matrix (its own buffer). */
export function cloneMatrix(m: Matrix): Matrix {
  return { data: m.data.slice(), rows: m.rows, cols: m.cols };
}

/** Bitwise equality of the raw bytes of two typed arrays (NaN payloads and −0 included). */
export function sameBytes(a: ArrayBufferView, b: ArrayBufferView): boolean {
  if (a.byteLength !== b.byteLength) return false;
  const ua = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const ub = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  for (let i = 0; i < ua.length; i++) if (ua[i] !== ub[i]) return false;
  return true;
}

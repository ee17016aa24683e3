// The complex 2-D FFT of a pair of real planes (assembly/fft2c.ts, src/wasm/fft2c.ts) against a
// plain float64 2-D DFT written here (separable O(n²) sums per axis), in both binaries and both
// dtypes; the inverse restores the planes; the SIMD and the scalar binary agree bit for bit.
//
// Tolerances as in test/fft.test.ts: max |computed − exact| / max |exact| below 1e-12 (f64) and
// 1e-5 (f32). A Stockham FFT's round-off grows like ε·log₂n (ε = 1.1e-16 / 6e-8, n ≤ 4096 here):
// ≲ 1e-15 / 1e-6 measured; a wrong twiddle, sign or index gives errors of order 1.
import { describe, expect, it } from 'vitest';
import { ComplexFftPlan2d, type ComplexFftExports } from '../src/wasm/fft2c.js';
import { ArgumentError, ShapeError } from '../src/errors.js';
import { prng } from './support/random.js';
import { bumpAllocator, rawBinaries } from './support/raw-binaries.js';

type Exports = ComplexFftExports & { heapBase(): number };
type DType = 'float32' | 'float64';
const TOL: Record<DType, number> = { float32: 1e-5, float64: 1e-12 };

const binaries = await rawBinaries<Exports>();
const allocator = (ex: Exports) => bumpAllocator(ex);

/** float32-representable values in [−1, 1): one exact reference serves both dtypes. */
function values(n: number, seed: number): Float64Array {
  const r = prng(seed);
  return Float64Array.from({ length: n }, () => Math.fround(2 * r() - 1));
}

/** Plain 2-D DFT of re + i·im (rows×cols), sign −1: interleaved rows×cols complex. */
function dft2(re: Float64Array, im: Float64Array, rows: number, cols: number): Float64Array {
  const tmp = new Float64Array(2 * rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let v = 0; v < cols; v++) {
      let sr = 0, si = 0;
      for (let j = 0; j < cols; j++) {
        const a = (-2 * Math.PI * ((v * j) % cols)) / cols;
        const xr = re[i * cols + j]!, xi = im[i * cols + j]!;
        sr += xr * Math.cos(a) - xi * Math.sin(a);
        si += xr * Math.sin(a) + xi * Math.cos(a);
      }
      tmp[2 * (i * cols + v)] = sr;
      tmp[2 * (i * cols + v) + 1] = si;
    }
  }
  const out = new Float64Array(2 * rows * cols);
  for (let v = 0; v < cols; v++) {
    for (let u = 0; u < rows; u++) {
      let sr = 0, si = 0;
      for (let i = 0; i < rows; i++) {
        const a = (-2 * Math.PI * ((u * i) % rows)) / rows;
        const xr = tmp[2 * (i * cols + v)]!, xi = tmp[2 * (i * cols + v) + 1]!;
        sr += xr * Math.cos(a) - xi * Math.sin(a);
        si += xr * Math.sin(a) + xi * Math.cos(a);
      }
      out[2 * (u * cols + v)] = sr;
      out[2 * (u * cols + v) + 1] = si;
    }
  }
  return out;
}

function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let diff = 0, scale = 0;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  return diff / (scale || 1);
}

/** Forward then inverse through ComplexFftPlan2d: the spectrum and the planes restored. */
function run(ex: Exports, dtype: DType, re: Float64Array, im: Float64Array, rows: number, cols: number) {
  const plan = new ComplexFftPlan2d(ex, rows, cols, dtype);
  const alloc = allocator(ex);
  const p = alloc(plan.planBytes), w = alloc(plan.workBytes);
  const reP = alloc(plan.realBytes), imP = alloc(plan.realBytes), S = alloc(plan.spectrumBytes);
  plan.prepare(p, w);
  const View = dtype === 'float32' ? Float32Array : Float64Array;
  const view = (ptr: number, n: number) => new View(ex.memory.buffer, ptr, n);
  view(reP, rows * cols).set(re);
  view(imP, rows * cols).set(im);
  plan.forward(S, reP, imP);
  const spectrum = view(S, 2 * rows * cols).slice();
  expect(view(reP, rows * cols), 'forward leaves the planes alone').toEqual(View.from(re));
  plan.inverse(reP, imP, S);
  return { spectrum, re: view(reP, rows * cols).slice(), im: view(imP, rows * cols).slice() };
}

// Radices 2, 3, 4, 5 on each axis, 1×N and N×1, odd sizes, row counts that leave a partial row
// block (blocks of 8 / 4 rows) and widths that leave SIMD tails (not multiples of 4). The row
// pass's first inverse and last forward stage read and write the spectrum's rows directly (a pair
// of rows per f32 v128): odd row blocks leave a single row ([25, 36]: 25 = 3·8 + 1) and the
// ADMM canvas width of a 512² image ([5, 540]: radices 4, 3, 3, 3, 5).
const SIZES: Array<[number, number]> = [
  [1, 1], [1, 8], [8, 1], [1, 15], [9, 1], [2, 2], [3, 5], [4, 6], [5, 9], [6, 10], [9, 15], [12, 20], [15, 18], [16, 24],
  [25, 27], [27, 30], [10, 64], [64, 10], [45, 32], [25, 36], [5, 540],
];

describe.each(['float64', 'float32'] as const)('ComplexFftPlan2d, %s', (dtype) => {
  it('forward matches the plain 2-D DFT of re + i·im; inverse restores both planes; SIMD ≡ scalar bits', () => {
    for (const [rows, cols] of SIZES) {
      const re = values(rows * cols, rows * 131 + cols), im = values(rows * cols, rows * 7 + cols * 977);
      const exact = dft2(re, im, rows, cols);
      const runs = binaries.map(({ ex }) => run(ex, dtype, re, im, rows, cols));
      for (const [i, r] of runs.entries()) {
        const at = `${binaries[i]!.name} ${rows}×${cols}`;
        expect(relErr(r.spectrum, exact), at).toBeLessThan(TOL[dtype]);
        expect(relErr(r.re, re), `${at} round trip (re)`).toBeLessThan(TOL[dtype]);
        expect(relErr(r.im, im), `${at} round trip (im)`).toBeLessThan(TOL[dtype]);
      }
      const bits = (a: Float32Array | Float64Array) => new Uint8Array(a.buffer);
      expect(bits(runs[0]!.spectrum), `simd = scalar spectrum bits, ${rows}×${cols}`).toEqual(bits(runs[1]!.spectrum));
      expect(bits(runs[0]!.re), `simd = scalar inverse bits, ${rows}×${cols}`).toEqual(bits(runs[1]!.re));
      expect(bits(runs[0]!.im), `simd = scalar inverse bits, ${rows}×${cols}`).toEqual(bits(runs[1]!.im));
    }
  });

  it('the real and imaginary planes are transformed together: DFT(re + i·im) = DFT(re) + i·DFT(im)', () => {
    // A real-only and an imaginary-only input separately, then both: linearity over the packing.
    const [rows, cols] = [12, 30];
    const re = values(rows * cols, 5), im = values(rows * cols, 6), zero = new Float64Array(rows * cols);
    const { ex } = binaries[0]!;
    const a = run(ex, dtype, re, zero, rows, cols).spectrum, b = run(ex, dtype, zero, im, rows, cols).spectrum;
    const both = run(ex, dtype, re, im, rows, cols).spectrum;
    const sum = Float64Array.from(a, (v, k) => v + b[k]!);
    expect(relErr(both, sum)).toBeLessThan(TOL[dtype]);
    // The real-only input's spectrum is Hermitian: S[−k] = conj S[k].
    let worst = 0;
    for (let u = 0; u < rows; u++) {
      for (let v = 0; v < cols; v++) {
        const k = u * cols + v, m = ((rows - u) % rows) * cols + ((cols - v) % cols);
        worst = Math.max(worst, Math.abs(a[2 * k]! - a[2 * m]!), Math.abs(a[2 * k + 1]! + a[2 * m + 1]!));
      }
    }
    expect(worst / Math.max(...Array.from(a, Math.abs))).toBeLessThan(TOL[dtype]);
  });
});

describe('ComplexFftPlan2d errors', () => {
  const { ex } = binaries[0]!;
  it('refuses sizes with a prime factor other than 2, 3, 5, non-integers and unknown dtypes', () => {
    expect(() => new ComplexFftPlan2d(ex, 7, 8, 'float32')).toThrow(ShapeError);
    expect(() => new ComplexFftPlan2d(ex, 8, 0, 'float32')).toThrow(ShapeError);
    expect(() => new ComplexFftPlan2d(ex, 8, 2.5, 'float64')).toThrow(/cols must be a positive integer/);
    expect(() => new ComplexFftPlan2d(ex, 8, 8, 'int32' as DType)).toThrow(ArgumentError);
  });
  it('needs prepare before a transform', () => {
    const plan = new ComplexFftPlan2d(ex, 4, 4, 'float64');
    expect(() => plan.forward(0, 0, 0)).toThrow(/call prepare/);
    expect(() => plan.inverse(0, 0, 0)).toThrow(ArgumentError);
  });
});

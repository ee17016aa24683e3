// The FFTs of assembly/fft.ts (complex, real 1-D, real 2-D, spectrum products) against a
// naive float64 DFT written here, in both binaries and both dtypes, plus FftPlan2d.
//
// Tolerances: errors are measured as max |computed − exact| / max |exact output| (the scale
// of the output). A radix-r FFT has a rounding error that grows like ε·log₂n in norm
// (Higham, Accuracy and Stability of Numerical Algorithms, §24.1), given twiddles accurate
// to ~ε (ours are computed in f64 with octant reduction, then rounded to the data's type).
// With log₂n ≤ 20 that is ≲ 2e-15 for f64 (ε = 1.1e-16) and ≲ 1e-6 for f32 (ε = 6e-8);
// measured worst cases here are ~1e-15 and ~2e-7. The bounds 1e-12 (f64) and 1e-5 (f32)
// leave two to three orders of margin and still catch any real bug (a wrong twiddle, sign
// or index gives errors of order 1). Inputs are f32-representable so one exact reference
// serves both dtypes.
import { describe, expect, it } from 'vitest';
import { scalarWasm, simdWasm } from '../src/wasm/binaries.js';
import { FftPlan2d, isFastSize, nextFastEvenSize, nextFastSize, type FftExports } from '../src/wasm/fft.js';
import { ArgumentError, ShapeError } from '../src/errors.js';

type Fn = (...args: number[]) => number;
interface Exports extends FftExports {
  heapBase(): number;
  [name: string]: unknown;
}
type T = 'f32' | 'f64';
type Arr = Float32Array | Float64Array;

const TOL: Record<T, number> = { f32: 1e-5, f64: 1e-12 };
const SIZE: Record<T, number> = { f32: 4, f64: 8 };

class Mem {
  private top: number;
  private readonly base: number;
  constructor(readonly ex: Exports) {
    this.base = Math.ceil(ex.heapBase() / 16) * 16;
    this.top = this.base;
  }
  reset(): void {
    this.top = this.base;
  }
  alloc(bytes: number): number {
    const p = this.top;
    this.top += Math.ceil(Math.max(bytes, 0) / 16) * 16;
    const need = this.top - this.ex.memory.buffer.byteLength;
    if (need > 0) this.ex.memory.grow(Math.ceil(need / 65536));
    return p;
  }
  view(t: T, ptr: number, length: number): Arr {
    return t === 'f32' ? new Float32Array(this.ex.memory.buffer, ptr, length) : new Float64Array(this.ex.memory.buffer, ptr, length);
  }
  put(t: T, values: ArrayLike<number>): number {
    const p = this.alloc(values.length * SIZE[t]);
    this.view(t, p, values.length).set(values);
    return p;
  }
  fn(name: string): Fn {
    const f = this.ex[name];
    if (typeof f !== 'function') throw new Error(`missing export ${name}`);
    return f as Fn;
  }
}

async function load(bytes: Uint8Array<ArrayBuffer>): Promise<Mem> {
  const { instance } = await WebAssembly.instantiate(bytes, {});
  return new Mem(instance.exports as unknown as Exports);
}

const binaries = [
  { name: 'simd', mem: await load(simdWasm()) },
  { name: 'scalar', mem: await load(scalarWasm()) },
];

function random(n: number, seed: number): Float64Array {
  let s = seed >>> 0 || 1;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    out[i] = Math.fround(s / 2 ** 32 - 0.5); // f32-representable: one reference for both dtypes
  }
  return out;
}

/** Naive DFT of interleaved complex x (length n), sign −1 forward, +1 inverse (unnormalised). */
function dft(x: ArrayLike<number>, n: number, sign: number, stride = 1, offset = 0): Float64Array {
  const out = new Float64Array(2 * n);
  for (let k = 0; k < n; k++) {
    let re = 0;
    let im = 0;
    for (let j = 0; j < n; j++) {
      const a = (sign * 2 * Math.PI * ((j * k) % n)) / n;
      const c = Math.cos(a);
      const s = Math.sin(a);
      const xr = x[offset + 2 * j * stride]!;
      const xi = x[offset + 2 * j * stride + 1]!;
      re += xr * c - xi * s;
      im += xr * s + xi * c;
    }
    out[2 * k] = re;
    out[2 * k + 1] = im;
  }
  return out;
}

/** Real x (rows×cols) → naive 2-D DFT, half spectrum rows×(⌊cols/2⌋+1) interleaved (separable, O(n²) per axis). */
function dft2(x: ArrayLike<number>, rows: number, cols: number): Float64Array {
  const wh = Math.floor(cols / 2) + 1;
  const tmp = new Float64Array(rows * wh * 2);
  const row = new Float64Array(2 * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      row[2 * j] = x[i * cols + j]!;
      row[2 * j + 1] = 0;
    }
    tmp.set(dft(row, cols, -1).subarray(0, 2 * wh), i * wh * 2);
  }
  const out = new Float64Array(rows * wh * 2);
  for (let v = 0; v < wh; v++) {
    const col = dft(tmp, rows, -1, wh, 2 * v);
    for (let u = 0; u < rows; u++) {
      out[2 * (u * wh + v)] = col[2 * u]!;
      out[2 * (u * wh + v) + 1] = col[2 * u + 1]!;
    }
  }
  return out;
}

/** max |a − b| / max |b| (b the exact values; scale 1 when b is all zero). */
function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  return diff / (scale || 1);
}

/** FNV-1a over the bytes of a typed array: equal digests = identical bits. */
function digest(a: Arr): string {
  const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

const SMOOTH_1D = [...Array.from({ length: 64 }, (_, i) => i + 1).filter(isFastSize), 120, 360, 1000];

// ---------------------------------------------------------------------------------------
// Raw 1-D transforms

interface Run1 {
  spectrum: Arr;
  back: Arr;
}

function complexFft(mem: Mem, t: T, x: Float64Array, n: number): Run1 {
  mem.reset();
  const pb = mem.fn(`fftPlanBytes_${t}`)(n);
  const wb = mem.fn(`fftWorkBytes_${t}`)(n);
  const plan = mem.alloc(pb);
  const work = mem.alloc(wb);
  expect(mem.fn(`fftPlan_${t}`)(plan, pb, n)).toBe(0);
  const xp = mem.put(t, x);
  const yp = mem.alloc(2 * n * SIZE[t]);
  expect(mem.fn(`fft_${t}`)(yp, xp, n, plan, work, wb)).toBe(0);
  const spectrum = mem.view(t, yp, 2 * n).slice();
  expect(mem.fn(`ifft_${t}`)(yp, yp, n, plan, work, wb)).toBe(0); // in place
  return { spectrum, back: mem.view(t, yp, 2 * n).slice() };
}

function realFft(mem: Mem, t: T, x: Float64Array, n: number): Run1 {
  mem.reset();
  const wh = Math.floor(n / 2) + 1;
  const pb = mem.fn(`rfftPlanBytes_${t}`)(n);
  const wb = mem.fn(`rfftWorkBytes_${t}`)(n);
  const plan = mem.alloc(pb);
  const work = mem.alloc(wb);
  expect(mem.fn(`rfftPlan_${t}`)(plan, pb, n)).toBe(0);
  const xp = mem.put(t, x);
  const sp = mem.alloc(2 * wh * SIZE[t]);
  const out = mem.alloc(n * SIZE[t]);
  expect(mem.fn(`rfft_${t}`)(sp, xp, n, plan, work, wb)).toBe(0);
  const spectrum = mem.view(t, sp, 2 * wh).slice();
  expect(mem.fn(`irfft_${t}`)(out, sp, n, plan, work, wb)).toBe(0);
  expect(mem.view(t, sp, 2 * wh)).toEqual(spectrum); // the half spectrum is not modified
  return { spectrum, back: mem.view(t, out, n).slice() };
}

describe.each(['f64', 'f32'] as const)('1-D FFTs, %s', (t) => {
  it('complex forward matches the naive DFT and the inverse restores the input, every 2,3,5-smooth n ≤ 64 and 120, 360, 1000', () => {
    let worst = 0;
    for (const n of SMOOTH_1D) {
      const x = random(2 * n, n);
      const exact = dft(x, n, -1);
      const runs = binaries.map(({ mem }) => complexFft(mem, t, x, n));
      for (const run of runs) {
        const err = relErr(run.spectrum, exact);
        worst = Math.max(worst, err);
        expect(err, `n=${n}`).toBeLessThan(TOL[t]);
        expect(relErr(run.back, x), `round trip n=${n}`).toBeLessThan(TOL[t]);
      }
      expect(digest(runs[0]!.spectrum), `simd = scalar bits, n=${n}`).toBe(digest(runs[1]!.spectrum));
      expect(digest(runs[0]!.back)).toBe(digest(runs[1]!.back));
    }
    expect(worst).toBeGreaterThan(0); // the comparison is not vacuous
  });

  it('real forward matches the naive DFT (half spectrum) and the inverse restores the input', () => {
    for (const n of SMOOTH_1D) {
      const x = random(n, 7 * n);
      const cx = new Float64Array(2 * n);
      for (let j = 0; j < n; j++) cx[2 * j] = x[j]!;
      const exact = dft(cx, n, -1).subarray(0, 2 * (Math.floor(n / 2) + 1));
      const runs = binaries.map(({ mem }) => realFft(mem, t, x, n));
      for (const run of runs) {
        expect(relErr(run.spectrum, exact), `n=${n}`).toBeLessThan(TOL[t]);
        expect(relErr(run.back, x), `round trip n=${n}`).toBeLessThan(TOL[t]);
      }
      expect(digest(runs[0]!.spectrum), `simd = scalar bits, n=${n}`).toBe(digest(runs[1]!.spectrum));
      expect(digest(runs[0]!.back)).toBe(digest(runs[1]!.back));
    }
  });

  it('is linear: F(a·x + b·y) = a·F(x) + b·F(y)', () => {
    for (const n of [60, 64, 75, 1000]) {
      const x = random(2 * n, 11 * n);
      const y = random(2 * n, 13 * n);
      const z = x.map((v, i) => 0.5 * v - 0.25 * y[i]!); // exact in f64; rounded once when stored as f32
      for (const { mem } of binaries) {
        const fx = complexFft(mem, t, x, n).spectrum;
        const fy = complexFft(mem, t, y, n).spectrum;
        const fz = complexFft(mem, t, z, n).spectrum;
        expect(relErr(fz, fx.map((v, i) => 0.5 * v - 0.25 * fy[i]!))).toBeLessThan(TOL[t]);
      }
    }
  });
});

// ---------------------------------------------------------------------------------------
// Real 2-D through FftPlan2d

const SHAPES_2D: Array<[number, number]> = [
  [1, 1], [1, 2], [2, 1], [1, 9], [9, 1], [1, 16], [16, 1], [3, 5], [4, 6], [5, 8], [6, 15],
  [8, 8], [9, 10], [12, 10], [15, 9], [20, 45], [27, 32], [40, 64], [45, 50], [64, 81], [72, 100],
];

interface Run2 {
  spectrum: Arr;
  back: Arr;
}

function fft2(mem: Mem, t: T, x: Float64Array, rows: number, cols: number): Run2 {
  mem.reset();
  const plan = new FftPlan2d(mem.ex, rows, cols, t === 'f32' ? 'float32' : 'float64');
  plan.prepare(mem.alloc(plan.planBytes), mem.alloc(plan.workBytes));
  const xp = mem.put(t, x);
  const sp = mem.alloc(plan.spectrumBytes);
  const out = mem.alloc(plan.realBytes);
  plan.forward(sp, xp);
  const spectrum = mem.view(t, sp, 2 * plan.spectrumLength).slice();
  plan.inverse(out, sp);
  return { spectrum, back: mem.view(t, out, rows * cols).slice() };
}

describe.each(['f64', 'f32'] as const)('2-D real FFT (FftPlan2d), %s', (t) => {
  it('matches the naive 2-D DFT and round-trips, on 1×N, N×1, odd and even shapes', () => {
    for (const [rows, cols] of SHAPES_2D) {
      const x = random(rows * cols, 100 * rows + cols);
      const exact = dft2(x, rows, cols);
      const runs = binaries.map(({ mem }) => fft2(mem, t, x, rows, cols));
      for (const run of runs) {
        expect(relErr(run.spectrum, exact), `${rows}×${cols}`).toBeLessThan(TOL[t]);
        expect(relErr(run.back, x), `round trip ${rows}×${cols}`).toBeLessThan(TOL[t]);
      }
      expect(digest(runs[0]!.spectrum), `simd = scalar bits, ${rows}×${cols}`).toBe(digest(runs[1]!.spectrum));
      expect(digest(runs[0]!.back)).toBe(digest(runs[1]!.back));
    }
  });

  it('round-trips larger shapes (row blocks and column blocks with tails)', () => {
    for (const [rows, cols] of [[270, 256], [256, 270], [125, 243], [480, 640]] as const) {
      const x = random(rows * cols, rows + cols);
      for (const { mem } of binaries) {
        const { spectrum, back } = fft2(mem, t, x, rows, cols);
        expect(relErr(back, x), `${rows}×${cols}`).toBeLessThan(TOL[t]);
        let sum = 0;
        for (const v of x) sum += v;
        expect(Math.abs(spectrum[0]! - sum)).toBeLessThan(TOL[t] * rows * cols); // DC term
      }
    }
  });

  it('forward with a smaller input equals the forward of the zero-padded input', () => {
    for (const [rows, cols, xr, xc] of [[12, 10, 5, 7], [9, 15, 9, 4], [16, 16, 1, 1], [10, 9, 3, 9], [8, 12, 0, 5]] as const) {
      const small = random(xr * xc, xr * 31 + xc);
      const padded = new Float64Array(rows * cols);
      for (let i = 0; i < xr; i++) for (let j = 0; j < xc; j++) padded[i * cols + j] = small[i * xc + j]!;
      for (const { mem } of binaries) {
        const full = fft2(mem, t, padded, rows, cols).spectrum;
        mem.reset();
        const plan = new FftPlan2d(mem.ex, rows, cols, t === 'f32' ? 'float32' : 'float64');
        plan.prepare(mem.alloc(plan.planBytes), mem.alloc(plan.workBytes));
        const xp = mem.put(t, small);
        const sp = mem.alloc(plan.spectrumBytes);
        plan.forward(sp, xp, xr, xc);
        // Same arithmetic on the same values: equal (up to the sign of zeros).
        expect(Array.from(mem.view(t, sp, 2 * plan.spectrumLength), (v) => v + 0), `${xr}×${xc} in ${rows}×${cols}`).toEqual(
          Array.from(full, (v) => v + 0),
        );
      }
    }
  });

  it('inverse with a crop equals the crop of the full inverse', () => {
    for (const [rows, cols, crop] of [
      [12, 10, { row: 2, col: 3, rows: 7, cols: 5 }],
      [9, 15, { row: 0, col: 1, rows: 9, cols: 14 }],
      [10, 9, { row: 4, col: 0, rows: 1, cols: 9 }],
      [20, 16, { row: 3, col: 5, rows: 11, cols: 0 }],
      [18, 20, { row: 17, col: 19, rows: 1, cols: 1 }],
    ] as const) {
      const x = random(rows * cols, rows * 7 + cols);
      for (const { mem } of binaries) {
        const { spectrum, back } = fft2(mem, t, x, rows, cols);
        mem.reset();
        const plan = new FftPlan2d(mem.ex, rows, cols, t === 'f32' ? 'float32' : 'float64');
        plan.prepare(mem.alloc(plan.planBytes), mem.alloc(plan.workBytes));
        const sp = mem.put(t, spectrum);
        const out = mem.alloc(crop.rows * crop.cols * SIZE[t]);
        plan.inverse(out, sp, crop);
        const expected: number[] = [];
        for (let i = 0; i < crop.rows; i++) {
          for (let j = 0; j < crop.cols; j++) expected.push(back[(crop.row + i) * cols + crop.col + j]!);
        }
        expect(Array.from(mem.view(t, out, crop.rows * crop.cols)), `${JSON.stringify(crop)} of ${rows}×${cols}`).toEqual(expected);
      }
    }
  });

  it('FFT convolution (pad, multiply, inverse) equals the direct linear convolution', () => {
    const [m, n, k, l] = [23, 30, 5, 8];
    const x = random(m * n, 5);
    const h = random(k * l, 6);
    const direct = new Float64Array((m + k - 1) * (n + l - 1));
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        for (let a = 0; a < k; a++) for (let b = 0; b < l; b++) direct[(i + a) * (n + l - 1) + j + b]! += x[i * n + j]! * h[a * l + b]!;
      }
    }
    const rows = nextFastSize(m + k - 1);
    const cols = nextFastEvenSize(n + l - 1);
    for (const { mem } of binaries) {
      mem.reset();
      const plan = new FftPlan2d(mem.ex, rows, cols, t === 'f32' ? 'float32' : 'float64');
      plan.prepare(mem.alloc(plan.planBytes), mem.alloc(plan.workBytes));
      const X = mem.alloc(plan.spectrumBytes);
      const H = mem.alloc(plan.spectrumBytes);
      plan.forward(X, mem.put(t, x), m, n);
      plan.forward(H, mem.put(t, h), k, l);
      plan.multiply(X, X, H);
      const out = mem.alloc(direct.length * SIZE[t]);
      plan.inverse(out, X, { row: 0, col: 0, rows: m + k - 1, cols: n + l - 1 });
      expect(relErr(mem.view(t, out, direct.length), direct)).toBeLessThan(TOL[t]);
    }
  });
});

// ---------------------------------------------------------------------------------------
// Spectrum products, sizes, errors

describe('spectrum products', () => {
  it('cmul, cmulConj, cmulAcc, cmulConjAcc compute the complex products exactly as written', () => {
    const n = 37; // vector body and scalar tail
    const a = random(2 * n, 1);
    const b = random(2 * n, 2);
    const c = random(2 * n, 3);
    for (const t of ['f64', 'f32'] as const) {
      const r = t === 'f32' ? Math.fround : (v: number) => v;
      const expected = (conj: boolean, acc: boolean): number[] => {
        const out: number[] = [];
        for (let i = 0; i < n; i++) {
          const [ar, ai, br] = [a[2 * i]!, a[2 * i + 1]!, b[2 * i]!];
          const bi = conj ? -b[2 * i + 1]! : b[2 * i + 1]!;
          let re = r(r(ar * br) - r(ai * bi));
          let im = r(r(ai * br) + r(ar * bi));
          if (acc) {
            re = r(c[2 * i]! + re);
            im = r(c[2 * i + 1]! + im);
          }
          out.push(re, im);
        }
        return out;
      };
      for (const { mem } of binaries) {
        for (const [name, conj, acc] of [['cmul', false, false], ['cmulConj', true, false], ['cmulAcc', false, true], ['cmulConjAcc', true, true]] as const) {
          mem.reset();
          const [pa, pb, pc] = [mem.put(t, a), mem.put(t, b), mem.put(t, c)];
          mem.fn(`${name}_${t}`)(pc, pa, pb, n);
          expect(Array.from(mem.view(t, pc, 2 * n)), `${name}_${t}`).toEqual(expected(conj, acc));
        }
      }
    }
  });
});

describe('sizes and errors', () => {
  it('nextFastSize, nextFastEvenSize, isFastSize', () => {
    expect([0, 1, 7, 11, 13, 97, 121, 257, 1000, 1025].map(nextFastSize)).toEqual([1, 1, 8, 12, 15, 100, 125, 270, 1000, 1080]);
    expect([0, 1, 7, 13, 241, 243, 1025].map(nextFastEvenSize)).toEqual([2, 2, 8, 16, 250, 250, 1080]);
    expect([1, 2, 30, 1024, 2160].every(isFastSize)).toBe(true);
    expect([0, -4, 7, 14, 2.5, 1 / 0].some(isFastSize)).toBe(false);
  });

  it('FftPlan2d rejects bad sizes and use before prepare; the raw exports return error codes', () => {
    const { mem } = binaries[0]!;
    mem.reset();
    expect(() => new FftPlan2d(mem.ex, 7, 8, 'float64')).toThrow(ShapeError);
    expect(() => new FftPlan2d(mem.ex, 8, 0, 'float32')).toThrow(ShapeError);
    const plan = new FftPlan2d(mem.ex, 8, 6, 'float64');
    expect(() => plan.forward(0, 0)).toThrow(ArgumentError);
    plan.prepare(mem.alloc(plan.planBytes), mem.alloc(plan.workBytes));
    expect(() => plan.forward(0, 0, 9, 6)).toThrow(ShapeError);
    expect(() => plan.inverse(0, 0, { row: 1, col: 0, rows: 8, cols: 6 })).toThrow(ShapeError);
    expect(mem.fn('rfft2PlanBytes_f64')(7, 8)).toBe(-1);
    expect(mem.fn('fftPlanBytes_f32')(14)).toBe(-1);
    const p = mem.alloc(mem.fn('fftPlanBytes_f64')(8));
    expect(mem.fn('fftPlan_f64')(p, 16, 8)).toBe(-3); // plan space too small
    expect(mem.fn('fftPlan_f64')(p, 1 << 20, 8)).toBe(0);
    const buf = mem.alloc(1 << 12);
    expect(mem.fn('fft_f64')(buf, buf, 10, p, buf, 1 << 12)).toBe(-2); // plan is for 8
    expect(mem.fn('fft_f32')(buf, buf, 8, p, buf, 1 << 12)).toBe(-2); // plan is f64
    expect(mem.fn('fft_f64')(buf, buf, 8, p, buf, 8)).toBe(-3); // work too small
  });
});

describe('determinism across engines', () => {
  // Digests of fixed computations, recorded in Node. The browser project recomputes them in
  // Chromium: equal digests = bitwise-identical FFT results in both engines (and, checked
  // above, in both binaries). If the FFT arithmetic is changed on purpose, re-record them.
  const PINNED: Record<string, string> = {
    'rfft2 f32 30×48': '1cc73ec8',
    'irfft2 f32 30×48': '0ce7ce48',
    'rfft2 f64 30×48': 'a6de74e5',
    'irfft2 f64 30×48': 'fefa75eb',
    'fft f32 360': 'b803090c',
    'fft f64 360': '6198533f',
    'rfft2 f32 45×75': '5139e66a',
    'rfft2 f64 45×75': '9fb5ce3c',
  };

  function compute(mem: Mem): Record<string, string> {
    const out: Record<string, string> = {};
    for (const t of ['f32', 'f64'] as const) {
      const x = random(30 * 48, 99);
      const r = fft2(mem, t, x, 30, 48);
      out[`rfft2 ${t} 30×48`] = digest(r.spectrum);
      out[`irfft2 ${t} 30×48`] = digest(r.back);
      out[`fft ${t} 360`] = digest(complexFft(mem, t, random(720, 98), 360).spectrum);
      out[`rfft2 ${t} 45×75`] = digest(fft2(mem, t, random(45 * 75, 97), 45, 75).spectrum);
    }
    return out;
  }

  it('SIMD and scalar results have the digests recorded in Node', () => {
    for (const { name, mem } of binaries) {
      expect(compute(mem), name).toEqual(PINNED);
    }
  });
});

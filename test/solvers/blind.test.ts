/**
 * Blind deconvolution (deconvolveBlind): synthetic recovery, the contract (kernel size, sum,
 * sign; image size), progress, abort, determinism, bad input, no mutation. Cases are small
 * (96×96 images, 9×9 and 11×11 kernels) so the file runs in seconds in Node and in Chromium.
 * The error ratio uses the library's Wiener deconvolution for both kernels (as bench/blind).
 */
import { describe, expect, it } from 'vitest';
import { ArgumentError, ShapeError, type Matrix } from '../../src/index.js';
import { backends } from '../support/backends.js';
import { prng } from '../support/random.js';

const all = await backends();
const wasm = all.filter((b) => b.name !== 'js');
const js = all.find((b) => b.name === 'js')!.cg;

/** A piecewise-smooth scene: random rectangles and discs of random grey over a gentle ramp. */
function scene(n: number, seed: number): Float64Array {
  const r = prng(seed);
  const x = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) x[i * n + j] = 0.3 + 0.2 * (i / n);
  for (let s = 0; s < 14; s++) {
    const v = 0.1 + 0.8 * r();
    const ci = r() * n;
    const cj = r() * n;
    const a = 4 + r() * n * 0.2;
    const b = 4 + r() * n * 0.2;
    const disc = r() < 0.5;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const inside = disc ? ((i - ci) / a) ** 2 + ((j - cj) / a) ** 2 < 1 : Math.abs(i - ci) < a && Math.abs(j - cj) < b;
        if (inside) x[i * n + j] = v;
      }
    }
  }
  return x;
}

/** A k×k motion kernel: a bent path of unit steps from the centre, splatted, Σ = 1. */
function pathKernel(k: number, seed: number): Float64Array {
  const r = prng(seed);
  const h = new Float64Array(k * k);
  let angle = r() * 2 * Math.PI;
  const c = (k - 1) / 2;
  let u = c - (Math.sin(angle) * (k - 3)) / 4;
  let v = c - (Math.cos(angle) * (k - 3)) / 4;
  for (let t = 0; t < 4 * k; t++) {
    const i = Math.round(u);
    const j = Math.round(v);
    if (i >= 0 && j >= 0 && i < k && j < k) h[i * k + j]! += 1;
    angle += (r() - 0.5) * 0.3;
    u += 0.2 * Math.sin(angle);
    v += 0.2 * Math.cos(angle);
  }
  const s = h.reduce((a, b) => a + b, 0);
  return h.map((e) => e / s);
}

/** y = 'valid' blur of a (n+k−1)² scene, so y is the n×n view of a larger blurred world; x the matching sharp crop. */
function problem(cg: (typeof all)[number]['cg'], n: number, k: number, seed: number) {
  const m = n + k - 1;
  const big: Matrix = { data: scene(m, seed), rows: m, cols: m };
  const h: Matrix = { data: pathKernel(k, seed + 1), rows: k, cols: k };
  const y = cg.conv2d(big, h, 'valid');
  const c = (k - 1) / 2;
  const x = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) x[i * n + j] = big.data[(i + c) * m + j + c]!;
  return { y, x, h };
}

const sum = (v: ArrayLike<number>) => Array.from(v).reduce((a, b) => a + b, 0);

function similarity(a: ArrayLike<number>, b: ArrayLike<number>, k: number): number {
  let na = 0;
  let nb = 0;
  for (let i = 0; i < k * k; i++) {
    na += a[i]! ** 2;
    nb += b[i]! ** 2;
  }
  let best = 0;
  for (let dy = -(k - 1); dy < k; dy++) {
    for (let dx = -(k - 1); dx < k; dx++) {
      let s = 0;
      for (let i = Math.max(0, -dy); i < Math.min(k, k - dy); i++) {
        for (let j = Math.max(0, -dx); j < Math.min(k, k - dx); j++) s += a[i * k + j]! * b[(i + dy) * k + j + dx]!;
      }
      best = Math.max(best, s);
    }
  }
  return best / Math.sqrt(na * nb);
}

/** ‖x̂ − x‖² off a border, best over shifts up to ±3. */
function alignedError(xh: ArrayLike<number>, x: ArrayLike<number>, n: number, border = 10): number {
  let best = Infinity;
  for (let dy = -3; dy <= 3; dy++) {
    for (let dx = -3; dx <= 3; dx++) {
      let s = 0;
      for (let i = border; i < n - border; i++) for (let j = border; j < n - border; j++) s += (xh[(i + dy) * n + j + dx]! - x[i * n + j]!) ** 2;
      best = Math.min(best, s);
    }
  }
  return best;
}

describe.each(wasm.map((b) => [b.name, b.cg] as const))('%s deconvolveBlind', (_name, cg) => {
  const n = 96;

  it.each([
    [9, 11],
    [11, 23],
  ])('recovers a %i-px shake kernel (seed %i) (similarity ≥ 0.9, error ratio ≤ 2) with a valid result', (k, seed) => {
    const { y, x, h } = problem(cg, n, k, seed);
    const res = cg.deconvolveBlind(y, { rows: k, cols: k });
    expect(res.kernel.rows).toBe(k);
    expect(res.kernel.cols).toBe(k);
    expect(res.kernel.data).toBeInstanceOf(Float64Array);
    expect(res.kernel.data.every((v) => v >= 0)).toBe(true);
    expect(sum(res.kernel.data)).toBeCloseTo(1, 12);
    expect(res.image.rows).toBe(n);
    expect(res.image.cols).toBe(n);
    expect(res.image.data.every(Number.isFinite)).toBe(true);
    expect(similarity(res.kernel.data, h.data, k)).toBeGreaterThanOrEqual(0.9);
    const deblur = (kernel: Matrix) => cg.deconvolve(kernel, y, { mode: 'same', method: 'wiener', tikhonov: 2e-3 }).image.data;
    const ratio = alignedError(deblur(res.kernel), x, n) / alignedError(deblur(h), x, n);
    expect(ratio).toBeLessThanOrEqual(2);
  });

  it('copes with what a camera adds: 8-bit quantisation, noise σ = 1/255, clipped highlights (similarity ≥ 0.9, error ratio ≤ 3)', () => {
    const k = 11;
    const { y: clean, x, h } = problem(cg, n, k, 23);
    // Exposure ×1.3 clips the brightest blurred regions at 1; noise and 8-bit codes on top.
    const r = prng(5);
    const gauss = () => Math.sqrt(-2 * Math.log(Math.max(r(), 1e-300))) * Math.cos(2 * Math.PI * r());
    const camera = (v: number) => Math.round(Math.min(Math.max(v, 0), 1) * 255) / 255;
    const y: Matrix = { data: Float64Array.from(clean.data, (v) => camera(1.3 * v + gauss() / 255)), rows: n, cols: n };
    const clipped = y.data.filter((v) => v === 1).length;
    expect(clipped).toBeGreaterThan(0.02 * n * n); // the case does have clipped highlights
    const res = cg.deconvolveBlind(y, { rows: k, cols: k });
    expect(similarity(res.kernel.data, h.data, k)).toBeGreaterThanOrEqual(0.9);
    const x13 = x.map((v) => Math.min(1.3 * v, 1));
    const deblur = (kernel: Matrix) => cg.deconvolve(kernel, y, { mode: 'same', method: 'wiener', tikhonov: 2e-3 }).image.data;
    expect(alignedError(deblur(res.kernel), x13, n) / alignedError(deblur(h), x13, n)).toBeLessThanOrEqual(3);
  });

  it("finalMethod 'admm': the same kernel as the default, an image in [0, 1] nearer the scene than y is, with no border ringing", () => {
    const k = 9;
    const { y, x } = problem(cg, n, k, 11);
    const tv = cg.deconvolveBlind(y, { rows: k, cols: k });
    const admm = cg.deconvolveBlind(y, { rows: k, cols: k }, { finalMethod: 'admm' });
    // The final method only makes the image: the kernel estimate is bit-identical.
    expect(Array.from(admm.kernel.data)).toEqual(Array.from(tv.kernel.data));
    expect(admm.image.rows).toBe(n);
    expect(admm.image.data.every((v) => v >= 0 && v <= 1)).toBe(true); // the box [0, 1]
    // Over the whole frame, borders included (y is a 'valid' view of a larger scene: ADMM
    // solves for what lies beyond the frame instead of assuming it periodic).
    const whole = (img: ArrayLike<number>) => alignedError(img, x, n, 3);
    expect(whole(admm.image.data)).toBeLessThan(0.5 * whole(y.data));
    expect(whole(admm.image.data)).toBeLessThan(whole(tv.image.data));
  });

  it('is deterministic, keeps float32 input float32, and mutates nothing', () => {
    const { y } = problem(cg, 64, 7, 5);
    const y32: Matrix = { data: Float32Array.from(y.data), rows: y.rows, cols: y.cols };
    const before = Float32Array.from(y32.data);
    const a = cg.deconvolveBlind(y32, { rows: 7, cols: 7 });
    const b = cg.deconvolveBlind(y32, { rows: 7, cols: 7 });
    expect(y32.data).toEqual(before);
    expect(a.kernel.data).toBeInstanceOf(Float32Array);
    expect(a.image.data).toBeInstanceOf(Float32Array);
    expect(Array.from(a.kernel.data)).toEqual(Array.from(b.kernel.data));
    expect(Array.from(a.image.data)).toEqual(Array.from(b.image.data));
  });

  it('reports progress per alternation and stops when onIteration returns false', () => {
    const { y } = problem(cg, 64, 9, 7);
    const seen: { iteration: number; level: number; rows: number }[] = [];
    const res = cg.deconvolveBlind(y, { rows: 9, cols: 9 }, {
      maxIterations: 2,
      onIteration: (info) => {
        seen.push({ iteration: info.iteration, level: info.level, rows: info.kernel.rows });
        expect(Number.isFinite(info.objective)).toBe(true);
        expect(info.levels).toBe(res0Levels);
        return seen.length < 3;
      },
    });
    expect(seen.map((s) => s.iteration)).toEqual([1, 2, 3]);
    expect(seen[0]!.level).toBe(0);
    expect(res.iterations).toBe(3);
    expect(res.converged).toBe(false);
    expect(res.history).toHaveLength(3);
    expect(res.kernel.rows).toBe(9); // the kernel has the requested size even when stopped early
    expect(sum(res.kernel.data)).toBeCloseTo(1, 12);
  });
  const res0Levels = 2; // 9×9: levels for kernels 5 (coarse) and 9

  it('throws the abort reason when aborted', () => {
    const { y } = problem(cg, 48, 5, 3);
    const ac = new AbortController();
    ac.abort(new Error('stop'));
    expect(() => cg.deconvolveBlind(y, { rows: 5, cols: 5 }, { signal: ac.signal })).toThrow('stop');
    const late = new AbortController();
    expect(() =>
      cg.deconvolveBlind(y, { rows: 5, cols: 5 }, { signal: late.signal, onIteration: () => void late.abort(new Error('late')) }),
    ).toThrow('late');
  });

  it('pure noise does not crash: finite output, and it is not reported as converged unless the kernel is valid', () => {
    const r = prng(99);
    const y: Matrix = { data: Float64Array.from({ length: 64 * 64 }, () => r()), rows: 64, cols: 64 };
    const res = cg.deconvolveBlind(y, { rows: 9, cols: 9 });
    expect(res.image.data.every(Number.isFinite)).toBe(true);
    expect(res.kernel.data.every((v) => v >= 0)).toBe(true);
    expect(res.converged).toBe(false);
  });

  it('rejects bad input with typed errors naming the argument', () => {
    const { y } = problem(cg, 32, 5, 3);
    expect(() => cg.deconvolveBlind(y, { rows: 4, cols: 5 })).toThrow(ShapeError);
    expect(() => cg.deconvolveBlind(y, { rows: 4, cols: 5 })).toThrow(/size.rows must be odd/);
    expect(() => cg.deconvolveBlind(y, { rows: 33, cols: 5 })).toThrow(/larger than y 32×32/);
    expect(() => cg.deconvolveBlind(y, { rows: 0, cols: 5 })).toThrow(ShapeError);
    expect(() => cg.deconvolveBlind(y, null as never)).toThrow(ArgumentError);
    const bad = { ...y, data: Float64Array.from(y.data) };
    bad.data[40] = NaN;
    expect(() => cg.deconvolveBlind(bad, { rows: 5, cols: 5 })).toThrow(/y has a non-finite value \(NaN\) at row 1, column 8/);
    const flat: Matrix = { data: new Float64Array(32 * 32).fill(0.5), rows: 32, cols: 32 };
    expect(() => cg.deconvolveBlind(flat, { rows: 5, cols: 5 })).toThrow(/y \(32×32\) is constant/);
    expect(() => cg.deconvolveBlind(y, { rows: 5, cols: 5 }, { lambda: 1 } as never)).toThrow(/options.lambda is not an option of deconvolveBlind/);
    expect(() => cg.deconvolveBlind(y, { rows: 5, cols: 5 }, { finalMethod: 'cg' } as never)).toThrow(ArgumentError);
    expect(() => cg.deconvolveBlind(y, { rows: 5, cols: 5 }, { gradientWeight: -1 })).toThrow(/options.gradientWeight/);
    expect(() => cg.deconvolveBlind(y, { rows: 5, cols: 5 }, { maxIterations: 0 })).toThrow(/maxIterations/);
  });
});

describe('js deconvolveBlind', () => {
  it('says it needs the WebAssembly backend', () => {
    const y: Matrix = { data: Float64Array.from({ length: 256 }, (_, i) => (i % 7) / 7), rows: 16, cols: 16 };
    expect(() => js.deconvolveBlind(y, { rows: 3, cols: 3 })).toThrow(/needs a WebAssembly backend/);
  });
});

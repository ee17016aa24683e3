/**
 * Issue 11 item 9: estimateKernel's set-up (Xᵀy, the Gram matrix, its Cholesky, the power
 * iteration) used to run as single uninterruptible calls before the first onIteration, so the
 * issue's 500² image with a 3000×3000 'full' kernel computed for hours and no signal could stop it.
 * Now:
 * - a set-up estimated past options.maxSetupCost (default 1e12 multiply-adds) is refused up front
 *   with ERR_PROBLEM_TOO_LARGE naming the sizes, before anything is allocated;
 * - long work runs in blocks; between them onProgress is called and the signal and timeLimit are
 *   honoured, so aborting from onProgress during set-up throws the signal's reason at once (no
 *   onIteration ever ran) — for each kind of set-up work: convolution, Gram, Cholesky, power
 *   iteration;
 * - blocks change nothing: a session with a checkpoint (blocked) gives the bits of one without
 *   (one call), for the Gram matrix, the Cholesky and both correlation variants.
 * Nothing here reads a clock to decide a result: a time limit of 1e-6 ms has passed by the first
 * set-up checkpoint by construction (a block is ~10⁸ multiply-adds, milliseconds, far above any
 * clock's resolution). One small iteration is not: a page's performance.now() is coarsened to
 * 5–100 µs and can read the same value before and after it, so the iteration case runs on a
 * stubbed clock that advances 1 ms per reading.
 */
import { describe, expect, it, vi } from 'vitest';
import type { Backend } from '../../src/backend.js';
import { ConvgradError, type EstimateKernelOptions, type Matrix, type ProgressInfo } from '../../src/index.js';
import { jsBackend } from '../../src/js/backend.js';
import { BLOCK_WORK } from '../../src/solvers/blocks.js';
import type { Session, Vec } from '../../src/solvers/session.js';
import { createWasmBackend } from '../../src/wasm/backend.js';
import { scalarWasm, simdWasm } from '../../src/wasm/binaries.js';
import { backends } from '../support/backends.js';
import { seeded } from '../support/digests.js';

const all = await backends();

function random(rows: number, cols: number, seed: number, dtype: 'float32' | 'float64' = 'float64'): Matrix {
  const r = seeded(seed);
  const data = dtype === 'float32' ? new Float32Array(rows * cols) : new Float64Array(rows * cols);
  for (let i = 0; i < data.length; i++) data[i] = r();
  return { data, rows, cols };
}

/** y of the right shape for a k×l kernel on x in `mode` (values do not matter for cancellation). */
function yFor(x: Matrix, k: number, l: number, mode: 'full' | 'valid', seed: number): Matrix {
  const [R, C] = mode === 'full' ? [x.rows + k - 1, x.cols + l - 1] : [x.rows - k + 1, x.cols - l + 1];
  return random(R, C, seed, x.data instanceof Float32Array ? 'float32' : 'float64');
}

/** Index of the first element whose bits differ (−1: identical); cheap on a million entries, unlike toEqual. */
function firstDifference(a: Float64Array, b: Float64Array): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  const ua = new BigUint64Array(a.buffer, a.byteOffset, a.length);
  const ub = new BigUint64Array(b.buffer, b.byteOffset, b.length);
  for (let i = 0; i < ua.length; i++) if (ua[i] !== ub[i]) return i;
  return -1;
}

/** The error estimateKernel throws, or a failure naming what it returned. */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected the call to throw');
}

describe.each(all.map((b) => [b.name, b.cg] as const))('%s estimateKernel set-up', (_name, cg) => {
  it("the issue's case (500² image, 3000×3000 'full' kernel) is refused up front, naming the sizes, nothing allocated", () => {
    const x = random(500, 500, 1, 'float32');
    const y = yFor(x, 3000, 3000, 'full', 2);
    const memory = cg.backendInfo().memoryBytes;
    const e = thrown(() => cg.estimateKernel(x, y, { rows: 3000, cols: 3000 }, { mode: 'full' }));
    expect(e).toBeInstanceOf(ConvgradError);
    expect((e as ConvgradError).code).toBe('ERR_PROBLEM_TOO_LARGE');
    expect((e as Error).message).toMatch(/3000×3000 kernel from x 500×500 and y 3499×3499 \('full'\)/);
    expect((e as Error).message).toMatch(/1\.1e\+14 multiply-adds.*maxSetupCost = 1\.0e\+12/);
    expect(cg.backendInfo().memoryBytes).toBe(memory);
  });

  it('maxSetupCost is the documented threshold: a small set-up under a tiny limit is refused, the same under the default runs', () => {
    const x = random(20, 20, 3);
    const y = yFor(x, 3, 3, 'valid', 4);
    // Xᵀy: 9·18·18 = 2916; Gram: (3 + 2·5) lags · (20 + 3)·20 = 5980; Cholesky 9³/6 = 121.5.
    expect(() => cg.estimateKernel(x, y, { rows: 3, cols: 3 }, { maxSetupCost: 9000 })).toThrow(/set-up alone needs about 9\.0e\+3 multiply-adds/);
    expect(cg.estimateKernel(x, y, { rows: 3, cols: 3 }, { maxSetupCost: 9100 }).converged).toBe(true);
    expect(cg.estimateKernel(x, y, { rows: 3, cols: 3 }).converged).toBe(true);
    for (const bad of [0, -1, NaN, '1e12', null]) {
      expect(() => cg.estimateKernel(x, y, { rows: 3, cols: 3 }, { maxSetupCost: bad as never })).toThrow(/options\.maxSetupCost must be a number > 0/);
    }
    expect(() => cg.deconvolve(random(3, 3, 5), y, { maxSetupCost: 1 } as never)).toThrow(/maxSetupCost applies to estimateKernel/);
  });

  /** Aborts at the first onProgress call of `operation`; returns what was seen. */
  function abortDuring(operation: ProgressInfo['operation'], x: Matrix, y: Matrix, size: { rows: number; cols: number }, options: EstimateKernelOptions) {
    const reason = new Error(`test abort during ${operation}`);
    const controller = new AbortController();
    const seen: ProgressInfo[] = [];
    let iterations = 0;
    const e = thrown(() => cg.estimateKernel(x, y, size, {
      ...options,
      maxSetupCost: Infinity,
      signal: controller.signal,
      onIteration: () => void iterations++,
      onProgress: (info) => {
        seen.push(info);
        if (info.operation === operation) controller.abort(reason);
      },
    }));
    expect(e, `thrown during ${operation}`).toBe(reason);
    expect(iterations, 'no iteration ran').toBe(0);
    const last = seen.at(-1)!;
    expect(last.operation).toBe(operation);
    expect(last.phase).toBe('setup');
    expect(last.done).toBeGreaterThanOrEqual(1);
    expect(last.total).toBeGreaterThan(last.done);
    // Seen at once: no other checkpoint of that operation ran after the abort.
    expect(seen.filter((s) => s.operation === operation)).toHaveLength(1);
    return seen;
  }

  it('aborting from onProgress stops Xᵀy of a huge kernel (a convolution in blocks of outputs) at the first block', () => {
    // 150×150 kernel, 'full' on 200²: Xᵀy is 22,500 dot products of 349² terms (2.7e9 multiply-adds).
    const x = random(200, 200, 6);
    abortDuring('convolution', x, yFor(x, 150, 150, 'full', 7), { rows: 150, cols: 150 }, { mode: 'full' });
  });

  it('aborting from onProgress stops the Gram build (blocks of lags) at the first block', () => {
    // 40×40 kernel on 400², 'valid': 3121 lags of ~1.8e5 multiply-adds (5.5e8).
    const x = random(400, 400, 8);
    const seen = abortDuring('gram', x, yFor(x, 40, 40, 'valid', 9), { rows: 40, cols: 40 }, {});
    expect(seen.some((s) => s.operation === 'cholesky')).toBe(false);
  });

  it('aborting from onProgress stops the Cholesky of the normal equations (blocks of rows) at the first block', () => {
    // n = 31² = 961: 961³/6 = 1.5e8 multiply-adds, more than one block; the Gram build is one block.
    const x = random(100, 100, 10);
    abortDuring('cholesky', x, yFor(x, 31, 31, 'valid', 11), { rows: 31, cols: 31 }, {});
  });

  it("aborting from onProgress stops FISTA's power iteration at its first step", () => {
    const x = random(30, 30, 12);
    const seen = abortDuring('power iteration', x, yFor(x, 5, 5, 'valid', 13), { rows: 5, cols: 5 }, { method: 'fista', nonNegative: true });
    expect(seen.at(-1)).toMatchObject({ done: 1, total: 300 });
  });

  it('timeLimit throws ERR_TIME_LIMIT during set-up (first checkpoint) and during the iterations', () => {
    const x = random(200, 200, 6);
    const y = yFor(x, 150, 150, 'full', 7);
    const e = thrown(() => cg.estimateKernel(x, y, { rows: 150, cols: 150 }, { mode: 'full', maxSetupCost: Infinity, timeLimit: 1e-6 }));
    expect(e).toBeInstanceOf(ConvgradError);
    expect((e as ConvgradError).code).toBe('ERR_TIME_LIMIT');
    expect((e as Error).message).toMatch(/options\.timeLimit = 0\.000001 ms \(\d+ ms, stopped during set-up \(convolution, block 1 of \d+\)/);
    // A small problem has no set-up block: the limit is met at its first iteration. Its work is a
    // few µs, below a page's clock resolution, so the clock is stubbed (1 ms per reading).
    const xs = random(30, 30, 14);
    const ys = yFor(xs, 5, 5, 'valid', 15);
    let iterations = 0;
    let now = 0;
    const clock = vi.spyOn(performance, 'now').mockImplementation(() => (now += 1));
    let e2: unknown;
    try {
      e2 = thrown(() => cg.estimateKernel(xs, ys, { rows: 5, cols: 5 }, {
        method: 'gd', step: 1e-3, timeLimit: 1e-6, onIteration: () => void iterations++,
      }));
    } finally {
      clock.mockRestore();
    }
    expect((e2 as ConvgradError).code).toBe('ERR_TIME_LIMIT');
    expect((e2 as Error).message).toMatch(/during iteration 1\)/);
    expect(iterations).toBe(0);
    for (const bad of [0, -5, Infinity, '10']) {
      expect(() => cg.estimateKernel(xs, yFor(xs, 5, 5, 'valid', 15), { rows: 5, cols: 5 }, { timeLimit: bad as never })).toThrow(/options\.timeLimit must be a finite number > 0/);
    }
    expect(() => cg.estimateKernel(xs, yFor(xs, 5, 5, 'valid', 15), { rows: 5, cols: 5 }, { onProgress: 3 as never })).toThrow(/options\.onProgress must be a function/);
  });

  it('after an aborted set-up the context works and gives the same bits as before', () => {
    const x = random(30, 30, 16);
    const y = yFor(x, 5, 5, 'valid', 17);
    const before = Array.from(cg.estimateKernel(x, y, { rows: 5, cols: 5 }).kernel.data);
    const big = random(100, 100, 10);
    for (let i = 0; i < 3; i++) {
      const c = new AbortController();
      expect(() => cg.estimateKernel(big, yFor(big, 31, 31, 'valid', 11), { rows: 31, cols: 31 }, { signal: c.signal, onProgress: () => c.abort() })).toThrow();
    }
    expect(Array.from(cg.estimateKernel(x, y, { rows: 5, cols: 5 }).kernel.data)).toEqual(before);
  });
});

const BACKENDS: ReadonlyArray<[string, Backend]> = [
  ['wasm-simd', await createWasmBackend(simdWasm())],
  ['wasm-scalar', await createWasmBackend(scalarWasm())],
  ['js', jsBackend],
];

describe.each(BACKENDS)('%s blocked session calls give the bits of one call', (_name, backend) => {
  /** Runs `fn` on a session without and with a checkpoint; returns both outputs and the checkpoint count. */
  function both(fn: (s: Session) => Float64Array): { whole: Float64Array; blocked: Float64Array; checkpoints: number } {
    const plain = backend.session();
    let whole: Float64Array;
    try {
      whole = fn(plain);
    } finally {
      plain.close();
    }
    let checkpoints = 0;
    const s = backend.session(() => void checkpoints++);
    try {
      return { whole, blocked: fn(s), checkpoints };
    } finally {
      s.close();
    }
  }
  const load = (s: Session, data: Float64Array): Vec => {
    const v = s.vec(data.length);
    s.write(v, data);
    return v;
  };

  /** A valid correlation of random data, xr×xc with kr×kc, without and with blocks. */
  function correlation(xr: number, xc: number, kr: number, kc: number, seed: number) {
    const x = random(xr, xc, seed).data as Float64Array;
    const k = random(kr, kc, seed + 1).data as Float64Array;
    const R = xr - kr + 1;
    const C = xc - kc + 1;
    const r = both((s) => {
      const out = s.vec(R * C);
      s.corrValid(out, load(s, x), xr, xc, load(s, k), kr, kc);
      return Float64Array.from(s.view(out, R * C));
    });
    expect(firstDifference(r.blocked, r.whole)).toBe(-1);
    return { ...r, R, C };
  }

  it('valid correlation, huge kernel (dot products, blocks of outputs)', () => {
    // Output 70×69, each a 40,000-term sum: 1.9e8 multiply-adds; BLOCK_WORK / (kr·kc) outputs per block.
    const r = correlation(269, 268, 200, 200, 20);
    expect(r.checkpoints).toBe(Math.ceil((r.R * r.C) / Math.floor(BLOCK_WORK / (200 * 200))) - 1);
  });

  it('valid correlation, small kernel (rows, blocks of output rows)', () => {
    // 680 rows of 632·399 multiply-adds: 1.7e8; BLOCK_WORK / (C·kr·kc) rows per block.
    const r = correlation(700, 650, 21, 19, 22);
    expect(r.checkpoints).toBe(Math.ceil(r.R / Math.floor(BLOCK_WORK / (r.C * 21 * 19))) - 1);
  });

  it('Gram matrix (blocks of lags) and its Cholesky (blocks of rows)', () => {
    const [pr, pc, k, l] = [400, 390, 31, 33]; // 1983 lags of 431·390: 3.3e8; n = 1023: Cholesky 1.8e8
    const P = random(pr, pc, 24).data as Float64Array;
    const n = k * l;
    const gramBits: Float64Array[] = [];
    const r = both((s) => {
      const G = s.vec(n * n);
      s.gram(G, load(s, P), pr, pc, k, l, s.vec(pc));
      gramBits.push(Float64Array.from(s.view(G, n * n)));
      const g = s.view(G, n * n);
      for (let i = 0; i < n; i++) g[i * n + i]! += 1; // positive definite
      expect(s.cholesky(G, n)).toBe(0);
      return Float64Array.from(s.view(G, n * n));
    });
    expect(firstDifference(gramBits[1]!, gramBits[0]!)).toBe(-1);
    expect(firstDifference(r.blocked, r.whole)).toBe(-1);
    expect(r.checkpoints).toBeGreaterThanOrEqual(3);
  });

  it('a failing pivot is reported the same in blocks', () => {
    const n = 1000;
    const A = new Float64Array(n * n);
    for (let i = 0; i < n; i++) A[i * n + i] = i === 700 ? -1 : 2;
    const r = both((s) => {
      const v = load(s, A);
      return Float64Array.of(s.cholesky(v, n));
    });
    expect(r.whole[0]).toBe(701);
    expect(r.blocked[0]).toBe(701);
  });
});

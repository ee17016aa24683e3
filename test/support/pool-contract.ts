// What every convgrad pool promises, whatever its workers (worker_threads in Node, Web Workers in
// a browser): results equal to the calling thread's bit for bit, in submission order, a failing
// job isolated with its own error class, options refused before anything is sent, transfer.
// test/node/pool.node.test.ts and test/web/pool/pool.test.ts register these against their pool;
// `cg` is the API the pool's workers run (the built package, or src/), the oracle of every check.
import { describe, expect, it } from 'vitest';
import type * as Convgrad from '../../src/index.js';
import type { Matrix } from '../../src/index.js';
import type { Pool } from '../../src/pool/types.js';
import { prng } from './random.js';

/** A seeded matrix with values in [-0.5, 0.5). */
export function randomMatrix(rows: number, cols: number, seed: number, dtype: 'float32' | 'float64' = 'float64'): Matrix {
  const next = prng(seed);
  const data = dtype === 'float32' ? new Float32Array(rows * cols) : new Float64Array(rows * cols);
  for (let i = 0; i < data.length; i++) data[i] = next() - 0.5;
  return { data, rows, cols };
}
export const bits = (m: Matrix) => Array.from(m.data);
const copy = (m: Matrix): Matrix => ({ ...m, data: m.data.slice() });
const random = randomMatrix;

/**
 * Registers the contract's tests. `pool()` is a started pool of at least two workers (read when
 * the tests run); `createPool` starts more.
 */
export function poolContract(
  cg: typeof Convgrad, pool: () => Pool, createPool: (options?: Record<string, unknown>) => Promise<Pool>,
): void {
  describe('pool results equal the calling thread bit for bit', () => {
    for (const dtype of ['float32', 'float64'] as const) {
      it(`conv2d, correlate2d, objective and gradients (${dtype}), every mode`, async () => {
        const x = random(23, 31, 1, dtype);
        const h = random(4, 5, 2, dtype);
        for (const mode of ['valid', 'same', 'full'] as const) {
          const y = cg.conv2d(random(23, 31, 3, dtype), h, mode);
          const [conv, corr, scipy, obj, gk, gi, vg, both] = await Promise.all([
            pool().conv2d(x, h, mode),
            pool().correlate2d(x, h, mode),
            pool().conv2d(x, h, mode, { convention: 'scipy' }),
            pool().objective(x, h, y, mode),
            pool().gradKernel(x, h, y, mode),
            pool().gradImage(x, h, y, mode),
            pool().valueAndGrad(x, h, y, mode, { wrt: 'kernel' }),
            pool().valueAndGrad(x, h, y, mode, { wrt: 'both' }),
          ]);
          expect(conv.data).toBeInstanceOf(dtype === 'float32' ? Float32Array : Float64Array);
          expect(bits(conv)).toEqual(bits(cg.conv2d(x, h, mode)));
          expect(bits(corr)).toEqual(bits(cg.correlate2d(x, h, mode)));
          expect(bits(scipy)).toEqual(bits(cg.conv2d(x, h, mode, { convention: 'scipy' })));
          expect(obj).toBe(cg.objective(x, h, y, mode));
          expect(bits(gk)).toEqual(bits(cg.gradKernel(x, h, y, mode)));
          expect(bits(gi)).toEqual(bits(cg.gradImage(x, h, y, mode)));
          const local = cg.valueAndGrad(x, h, y, mode, { wrt: 'kernel' });
          expect(vg.value).toBe(local.value);
          expect(bits(vg.gradKernel!)).toEqual(bits(local.gradKernel!));
          expect(vg.gradImage).toBeUndefined();
          const localBoth = cg.valueAndGrad(x, h, y, mode, { wrt: 'both' });
          expect([both.value, bits(both.gradKernel!), bits(both.gradImage!)])
            .toEqual([localBoth.value, bits(localBoth.gradKernel!), bits(localBoth.gradImage!)]);
        }
      });
    }

    it('estimateKernel (unconstrained and on the simplex) and deconvolve', async () => {
      const x = random(64, 64, 4);
      const h = random(7, 7, 5);
      const y = cg.conv2d(x, h, 'valid');
      for (const options of [{}, { sumToOne: true, maxIterations: 200 }]) {
        const [remote, local] = [await pool().estimateKernel(x, y, { rows: 7, cols: 7 }, options), cg.estimateKernel(x, y, { rows: 7, cols: 7 }, options)];
        expect(bits(remote.kernel)).toEqual(bits(local.kernel));
        expect([remote.method, remote.iterations, remote.converged, remote.objective]).toEqual([local.method, local.iterations, local.converged, local.objective]);
        expect(remote.history).toEqual(local.history);
      }
      const [remote, local] = [await pool().deconvolve(h, y, { maxIterations: 30 }), cg.deconvolve(h, y, { maxIterations: 30 })];
      expect(bits(remote.image)).toEqual(bits(local.image));
      expect([remote.method, remote.iterations]).toEqual([local.method, local.iterations]);
    });
  });

  describe('scheduling and failures', () => {
    it('returns results in submission order whatever order the workers finish in', async () => {
      const sizes = [160, 8, 120, 4, 90, 12, 60, 6];
      const jobs = sizes.map((n, i) => ({ x: random(n, n, 10 + i), h: random(3, 3, 30 + i) }));
      const results = await Promise.all(jobs.map(({ x, h }) => pool().conv2d(x, h, 'valid')));
      results.forEach((r, i) => expect(bits(r)).toEqual(bits(cg.conv2d(jobs[i]!.x, jobs[i]!.h, 'valid'))));
    });

    it('a failing job rejects with its own error class and leaves the others and the pool alone', async () => {
      const x = random(10, 10, 1);
      const size = pool().size;
      const [ok1, bad, badDtype, ok2] = await Promise.allSettled([
        pool().conv2d(x, random(3, 3, 2), 'valid'),
        pool().conv2d(x, random(11, 3, 2), 'valid'),
        pool().conv2d(x, random(3, 3, 2, 'float32'), 'valid'),
        pool().correlate2d(x, random(2, 2, 2), 'full'),
      ]);
      expect(ok1.status).toBe('fulfilled');
      expect(ok2.status).toBe('fulfilled');
      expect(bad.status === 'rejected' && bad.reason).toBeInstanceOf(cg.ShapeError);
      expect((bad as PromiseRejectedResult).reason.message).toMatch(/kernel to fit inside the image/);
      expect(badDtype.status === 'rejected' && badDtype.reason).toBeInstanceOf(cg.DTypeError);
      const y = cg.conv2d(x, random(2, 2, 3), 'valid');
      await expect(pool().estimateKernel(x, y, { rows: 2, cols: 2 }, { tolerance: -1 })).rejects.toBeInstanceOf(cg.ArgumentError);
      expect(pool().size).toBe(size);
      expect(bits(await pool().conv2d(x, random(3, 3, 2), 'valid'))).toEqual(bits(cg.conv2d(x, random(3, 3, 2), 'valid')));
    });

    it('rejects options the pool cannot honour, before sending anything', async () => {
      const x = random(4, 4, 1);
      await expect(pool().conv2d(x, x, 'same', { out: x } as never)).rejects.toThrow(/options.out is not supported by the pool/);
      await expect(pool().conv2d(x, x, 'same', { signal: {} } as never)).rejects.toThrow(/options.signal must be an AbortSignal/);
      await expect(createPool({ workers: 0 })).rejects.toThrow(/options.workers must be a positive integer/);
      await expect(createPool({ worker: 2 })).rejects.toThrow(/options.worker is not an option of createPool \(did you mean 'workers'\?\)/);
    });

    it('an already-aborted signal rejects at once with its reason', async () => {
      const x = random(8, 8, 1);
      const reason = new Error('never mind');
      await expect(pool().conv2d(x, x, 'valid', { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    });
  });

  describe('transfer', () => {
    it('moves input buffers only when asked, and results always come back whole', async () => {
      const x = random(30, 30, 1);
      const h = random(3, 3, 2);
      const want = bits(cg.conv2d(x, h, 'same'));
      const kept = copy(x);
      expect(bits(await pool().conv2d(kept, h, 'same'))).toEqual(want);
      expect(kept.data.length).toBe(900); // copied, still ours
      const moved = copy(x);
      const got = await pool().conv2d(moved, copy(h), 'same', { transfer: true });
      expect(moved.data.length).toBe(0); // detached: the worker has it now
      expect(bits(got)).toEqual(want);
      // A view into a larger buffer is copied, never transferred (that would give away the rest).
      const big = new Float64Array(1000);
      big.set(x.data, 50);
      const view = { data: big.subarray(50, 950), rows: 30, cols: 30 };
      expect(bits(await pool().conv2d(view, h, 'same', { transfer: true }))).toEqual(want);
      expect(big.length).toBe(1000);
    });

    it('a buffer already given away fails that job at once instead of hanging it', async () => {
      const h = random(3, 3, 2);
      const first = pool().conv2d(random(20, 20, 1), h, 'same', { transfer: true });
      const second = pool().conv2d(random(20, 20, 1), h, 'same', { transfer: true }); // h was moved by the first job
      await Promise.all([
        expect(first).resolves.toBeDefined(),
        expect(second).rejects.toThrow(/cannot send the conv2d job to a worker: .*detached/),
      ]);
    });
  });
}

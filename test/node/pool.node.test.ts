// convgrad/pool against the single-thread API: same bits, results in order, per-job failures,
// transfer, abort, progress callbacks, clean shutdown. Runs the built package (workers load dist/).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as cg from 'convgrad';
import { createPool, PoolClosedError, type Pool } from 'convgrad/pool';
import type { Matrix } from 'convgrad';

function seeded(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    return s / 2 ** 32 - 0.5;
  };
}
function random(rows: number, cols: number, seed: number, dtype: 'float32' | 'float64' = 'float64'): Matrix {
  const next = seeded(seed);
  const data = dtype === 'float32' ? new Float32Array(rows * cols) : new Float64Array(rows * cols);
  for (let i = 0; i < data.length; i++) data[i] = next();
  return { data, rows, cols };
}
const bits = (m: Matrix) => Array.from(m.data);
const copy = (m: Matrix): Matrix => ({ ...m, data: m.data.slice() });

/** A kernel fit that runs for minutes unless stopped: gradient descent with a tiny fixed step. */
function endlessFit(pool: Pool, x: Matrix, y: Matrix, extra: object = {}) {
  return pool.estimateKernel(x, y, { rows: 5, cols: 5 }, { method: 'gd', step: 1e-12, maxIterations: 1e8, ...extra });
}

let pool: Pool;
beforeAll(async () => {
  await cg.init();
  pool = await createPool({ workers: 2 });
});
afterAll(async () => {
  await pool.close();
});

describe('pool results equal the single-thread API bit for bit', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    it(`conv2d, correlate2d, objective and gradients (${dtype}), every mode`, async () => {
      const x = random(23, 31, 1, dtype);
      const h = random(4, 5, 2, dtype);
      for (const mode of ['valid', 'same', 'full'] as const) {
        const y = cg.conv2d(random(23, 31, 3, dtype), h, mode);
        const [conv, corr, scipy, obj, gk, gi, vg] = await Promise.all([
          pool.conv2d(x, h, mode),
          pool.correlate2d(x, h, mode),
          pool.conv2d(x, h, mode, { convention: 'scipy' }),
          pool.objective(x, h, y, mode),
          pool.gradKernel(x, h, y, mode),
          pool.gradImage(x, h, y, mode),
          pool.valueAndGrad(x, h, y, mode, { wrt: 'kernel' }),
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
      }
    });
  }

  it('estimateKernel, unconstrained and on the simplex', async () => {
    const x = random(64, 64, 4);
    const h = random(7, 7, 5);
    const y = cg.conv2d(x, h, 'valid');
    for (const options of [{}, { sumToOne: true, maxIterations: 200 }]) {
      const [remote, local] = [await pool.estimateKernel(x, y, { rows: 7, cols: 7 }, options), cg.estimateKernel(x, y, { rows: 7, cols: 7 }, options)];
      expect(bits(remote.kernel)).toEqual(bits(local.kernel));
      expect([remote.method, remote.iterations, remote.converged, remote.objective]).toEqual([local.method, local.iterations, local.converged, local.objective]);
      expect(remote.history).toEqual(local.history);
    }
  });

  it('a JS-backend pool and a pool given a compiled module or bytes agree with it', async () => {
    const x = random(20, 20, 6);
    const h = random(3, 3, 7);
    const bytes = readFileSync(join(import.meta.dirname, '../../dist/wasm/convgrad-scalar.wasm'));
    const pools = await Promise.all([
      createPool({ workers: 1, backend: 'js' }),
      createPool({ workers: 1, wasm: await WebAssembly.compile(bytes) }),
      createPool({ workers: 1, wasm: bytes }),
    ]);
    const want = cg.conv2d(x, h, 'same');
    for (const p of pools) {
      const got = await p.conv2d(x, h, 'same');
      got.data.forEach((v, i) => expect(v).toBeCloseTo(want.data[i]!, 12));
      await p.close();
    }
  });
});

describe('scheduling', () => {
  it('returns results in submission order whatever order the workers finish in', async () => {
    const sizes = [160, 8, 120, 4, 90, 12, 60, 6];
    const jobs = sizes.map((n, i) => {
      const x = random(n, n, 10 + i);
      return { x, h: random(3, 3, 30 + i) };
    });
    const results = await Promise.all(jobs.map(({ x, h }) => pool.conv2d(x, h, 'valid')));
    results.forEach((r, i) => expect(bits(r)).toEqual(bits(cg.conv2d(jobs[i]!.x, jobs[i]!.h, 'valid'))));
  });

  it('a failing job rejects with its own error class and leaves the others and the pool alone', async () => {
    const x = random(10, 10, 1);
    const [ok1, bad, badDtype, ok2] = await Promise.allSettled([
      pool.conv2d(x, random(3, 3, 2), 'valid'),
      pool.conv2d(x, random(11, 3, 2), 'valid'),
      pool.conv2d(x, random(3, 3, 2, 'float32'), 'valid'),
      pool.correlate2d(x, random(2, 2, 2), 'full'),
    ]);
    expect(ok1.status).toBe('fulfilled');
    expect(ok2.status).toBe('fulfilled');
    expect(bad.status === 'rejected' && bad.reason).toBeInstanceOf(cg.ShapeError);
    expect((bad as PromiseRejectedResult).reason.message).toMatch(/kernel to fit inside the image/);
    expect(badDtype.status === 'rejected' && badDtype.reason).toBeInstanceOf(cg.DTypeError);
    const y = cg.conv2d(x, random(2, 2, 3), 'valid');
    await expect(pool.estimateKernel(x, y, { rows: 2, cols: 2 }, { tolerance: -1 })).rejects.toBeInstanceOf(cg.ArgumentError);
    expect(bits(await pool.conv2d(x, random(3, 3, 2), 'valid'))).toEqual(bits(cg.conv2d(x, random(3, 3, 2), 'valid')));
  });

  it('a worker that cannot load the module rejects each job with the reason, and the pool still closes', async () => {
    const empty = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]); // a valid, empty module
    const broken = await createPool({ workers: 1, wasm: empty });
    expect(broken.size).toBe(1);
    await expect(broken.conv2d(random(3, 3, 1), random(2, 2, 1))).rejects.toThrow(/not a convgrad binary/);
    await expect(broken.conv2d(random(3, 3, 1), random(2, 2, 1))).rejects.toBeInstanceOf(cg.ArgumentError);
    await broken.close();
  });

  it('rejects options the pool cannot honour, before sending anything', async () => {
    const x = random(4, 4, 1);
    await expect(pool.conv2d(x, x, 'same', { out: x } as never)).rejects.toThrow(/options.out is not supported by the pool/);
    await expect(pool.conv2d(x, x, 'same', { signal: {} } as never)).rejects.toThrow(/options.signal must be an AbortSignal/);
    await expect(createPool({ workers: 0 })).rejects.toThrow(/options.workers must be a positive integer/);
  });
});

describe('transfer', () => {
  it('moves input buffers only when asked, and results always come back whole', async () => {
    const x = random(30, 30, 1);
    const h = random(3, 3, 2);
    const want = bits(cg.conv2d(x, h, 'same'));
    const kept = copy(x);
    expect(bits(await pool.conv2d(kept, h, 'same'))).toEqual(want);
    expect(kept.data.length).toBe(900); // copied, still ours
    const moved = copy(x);
    const got = await pool.conv2d(moved, copy(h), 'same', { transfer: true });
    expect(moved.data.length).toBe(0); // detached: the worker has it now
    expect(bits(got)).toEqual(want);
    // A view into a larger buffer is copied, never transferred (that would give away the rest).
    const big = new Float64Array(1000);
    big.set(x.data, 50);
    const view = { data: big.subarray(50, 950), rows: 30, cols: 30 };
    expect(bits(await pool.conv2d(view, h, 'same', { transfer: true }))).toEqual(want);
    expect(big.length).toBe(1000);
  });

  it('a buffer already given away fails that job at once instead of hanging it', async () => {
    const h = random(3, 3, 2);
    const first = pool.conv2d(random(20, 20, 1), h, 'same', { transfer: true });
    const second = pool.conv2d(random(20, 20, 1), h, 'same', { transfer: true }); // h was moved by the first job
    await Promise.all([
      expect(first).resolves.toBeDefined(),
      expect(second).rejects.toThrow(/cannot send the conv2d job to a worker: .*detached/),
    ]);
  });
});

describe('abort and progress', () => {
  const x = random(48, 48, 8);
  let y: Matrix;
  beforeAll(() => {
    y = cg.conv2d(x, random(5, 5, 9), 'valid');
  });

  it('an already-aborted signal rejects at once with its reason', async () => {
    const reason = new Error('never mind');
    await expect(pool.conv2d(x, x, 'valid', { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
  });

  it('aborting a running solver rejects it and frees its worker within moments', async () => {
    const one = await createPool({ workers: 1 });
    const controller = new AbortController();
    let started!: () => void;
    const running = new Promise<void>((r) => { started = r; });
    const job = endlessFit(one, x, y, { signal: controller.signal, onIteration: () => started() });
    await running;
    controller.abort();
    await expect(job).rejects.toMatchObject({ name: 'AbortError' });
    // One worker: this job runs only once the aborted fit has let go of it (it would otherwise fit
    // for minutes, past the test's timeout). How long that took is printed, never asserted.
    const t0 = performance.now();
    expect(bits(await one.conv2d(x, x, 'valid'))).toEqual(bits(cg.conv2d(x, x, 'valid')));
    console.log(`[pool] the aborted solver's worker took the next job after ${(performance.now() - t0).toFixed(1)} ms`);
    await one.close();
  });

  it('aborting a queued job removes it; the jobs around it still run', async () => {
    const one = await createPool({ workers: 1 });
    const controller = new AbortController();
    const stopper = new AbortController();
    const busy = endlessFit(one, x, y, { signal: stopper.signal });
    const queued = one.conv2d(x, x, 'valid', { signal: controller.signal });
    const after = one.conv2d(x, random(3, 3, 1), 'valid');
    expect(one.pending()).toEqual({ queued: 2, running: 1 });
    controller.abort();
    await expect(queued).rejects.toMatchObject({ name: 'AbortError' });
    expect(one.pending()).toEqual({ queued: 1, running: 1 });
    stopper.abort();
    await expect(busy).rejects.toMatchObject({ name: 'AbortError' });
    expect(bits(await after)).toEqual(bits(cg.conv2d(x, random(3, 3, 1), 'valid')));
    await one.close();
  });

  it('forwards each iteration to onIteration; returning false stops the solver with a result', async () => {
    const seen: number[] = [];
    const result = await endlessFit(pool, x, y, {
      onIteration: (info: cg.IterationInfo) => {
        seen.push(info.iteration);
        return info.iteration < 20;
      },
    });
    expect(result.converged).toBe(false);
    expect(result.iterations).toBeGreaterThanOrEqual(20);
    expect(result.iterations).toBeLessThan(1e6); // stopped long before maxIterations
    expect(seen.slice(0, 3)).toEqual([1, 2, 3]);
  });
});

describe('shutdown', () => {
  it('close() finishes queued jobs, then refuses new ones', async () => {
    const p = await createPool({ workers: 1 });
    const x = random(40, 40, 1);
    const jobs = [1, 2, 3].map((s) => p.conv2d(x, random(3, 3, s), 'valid'));
    const closed = p.close();
    await expect(p.conv2d(x, x, 'valid')).rejects.toMatchObject({ name: 'PoolClosedError', code: 'ERR_POOL_CLOSED' });
    expect((await Promise.all(jobs)).length).toBe(3);
    await closed;
    await p.close(); // idempotent
  });

  it('terminate() rejects queued and running jobs with PoolClosedError', async () => {
    const p = await createPool({ workers: 1 });
    const x = random(48, 48, 8);
    const running = endlessFit(p, x, cg.conv2d(x, random(5, 5, 9), 'valid'));
    const queued = p.conv2d(x, x, 'valid');
    const rejections = [expect(running).rejects.toBeInstanceOf(PoolClosedError), expect(queued).rejects.toBeInstanceOf(PoolClosedError)];
    await p.terminate();
    await Promise.all(rejections);
  });
});

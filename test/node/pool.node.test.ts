// convgrad/pool on worker_threads against the single-thread API: the pool contract
// (test/support/pool-contract.ts: same bits, results in order, per-job failures, transfer), and
// what is Node's own: given binaries, abort, progress callbacks, clean shutdown. Runs the built
// package (workers load dist/).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as cg from 'convgrad';
import { createPool, PoolClosedError, type Pool } from 'convgrad/pool';
import type { Matrix } from 'convgrad';
import { bits, poolContract, randomMatrix } from '../support/pool-contract.js';

const random = randomMatrix;

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

poolContract(cg, () => pool, createPool);

describe('pool results equal the single-thread API bit for bit', () => {
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
  it('a worker that cannot load the module rejects each job with the reason, and the pool still closes', async () => {
    const empty = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]); // a valid, empty module
    const broken = await createPool({ workers: 1, wasm: empty });
    expect(broken.size).toBe(1);
    await expect(broken.conv2d(random(3, 3, 1), random(2, 2, 1))).rejects.toThrow(/not a convgrad binary/);
    await expect(broken.conv2d(random(3, 3, 1), random(2, 2, 1))).rejects.toBeInstanceOf(cg.ArgumentError);
    await broken.close();
  });
});

describe('abort and progress', () => {
  const x = random(48, 48, 8);
  let y: Matrix;
  beforeAll(() => {
    y = cg.conv2d(x, random(5, 5, 9), 'valid');
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

// The Web Worker pool (convgrad/web-pool; convgrad/pool in a browser bundle) in Chromium: the pool
// contract (test/support/pool-contract.ts: same bits as the main thread, results in submission
// order, a failing job isolated, transfer), and abort, a throwing onIteration isolated, a held job
// not holding the others, close()/terminate() settling every job exactly once, a crashed worker
// replaced.
// Deterministic: no sleeps and no timings asserted. Jobs are held or crashed on purpose through
// the worker's test-only fault hook (src/web/pool/worker.ts), switched on by
// globalThis.__convgradPoolTestFaults before a pool starts. The vitest page is not
// cross-origin isolated, so this is the pool without shared memory (abort ends the worker).
// In Node, where there are no Web Workers, createPool says to use convgrad/pool.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as cg from '../../../src/index.js';
import type { Matrix } from '../../../src/index.js';
import { createPool, PoolClosedError, WorkerCrashError, type Pool } from '../../../src/web/pool/index.js';
import { poolContract, randomMatrix, bits } from '../../support/pool-contract.js';

const hasWorkers = typeof Worker === 'function';

const random = randomMatrix;

/** A kernel fit that runs for minutes unless stopped: gradient descent with a tiny fixed step. */
const endlessFit = (pool: Pool, x: Matrix, y: Matrix, extra: object = {}) =>
  pool.estimateKernel(x, y, { rows: 5, cols: 5 }, { method: 'gd', step: 1e-12, maxIterations: 1e8, ...extra });

let gates = 0;
/**
 * A gate a held job waits on in its worker: the worker says 'waiting' on a BroadcastChannel and
 * runs the job when told 'go'. `release()` waits for the worker to be there first (no race).
 */
function gate() {
  const name = `convgrad-test-gate-${gates++}-${Math.random()}`;
  const channel = new BroadcastChannel(name);
  const waiting = new Promise<void>((r) => { channel.onmessage = (e) => { if (e.data === 'waiting') r(); }; });
  return {
    fault: { testFault: { gate: name } } as never,
    waiting,
    async release() {
      await waiting;
      channel.postMessage('go');
      channel.close();
    },
  };
}

/** Records how a promise settled, and how many times its handlers ran. */
function track<T>(promise: Promise<T>) {
  const t = { settled: 0, ok: undefined as boolean | undefined, value: undefined as unknown, promise };
  promise.then((v) => { t.settled++; t.ok = true; t.value = v; }, (e) => { t.settled++; t.ok = false; t.value = e; });
  return t;
}
const tick = () => new Promise((r) => setTimeout(r, 0));

describe.runIf(!hasWorkers)('web pool without Web Workers (Node)', () => {
  it('createPool rejects with an ArgumentError that names convgrad/pool', async () => {
    await expect(createPool()).rejects.toBeInstanceOf(cg.ArgumentError);
    await expect(createPool()).rejects.toThrow(/convgrad\/pool/);
  });
});

describe.runIf(hasWorkers)('web pool in Chromium', () => {
  let pool: Pool;
  beforeAll(async () => {
    await cg.init();
    (globalThis as { __convgradPoolTestFaults?: boolean }).__convgradPoolTestFaults = true;
    pool = await createPool({ workers: 2 });
  });
  afterAll(async () => {
    await pool?.close();
    delete (globalThis as { __convgradPoolTestFaults?: boolean }).__convgradPoolTestFaults;
  });

  poolContract(cg, () => pool, createPool);

  describe('backends', () => {
    it('a JS-backend pool agrees with the JS backend on the main thread', async () => {
      const js = await cg.createContext({ backend: 'js' });
      const p = await createPool({ workers: 1, backend: 'js' });
      const x = random(20, 20, 6);
      const h = random(3, 3, 7);
      expect(bits(await p.conv2d(x, h, 'same'))).toEqual(bits(js.conv2d(x, h, 'same')));
      await p.close();
    });
  });

  describe('the worker script', () => {
    it('workerUrl: a pool started from a given script URL works like the default one', async () => {
      // The URL Vite's dev server gives the default worker (vitest serves src/ through it); an app
      // passes its bundler's output URL of dist/web/pool/worker.js.
      const p = await createPool({ workers: 1, workerUrl: new URL('../../../src/web/pool/worker.ts?worker_file&type=module', import.meta.url) });
      const x = random(16, 16, 3);
      expect(bits(await p.conv2d(x, random(3, 3, 4), 'same'))).toEqual(bits(cg.conv2d(x, random(3, 3, 4), 'same')));
      await p.close();
      await expect(createPool({ workerUrl: 42 } as never)).rejects.toThrow(/options.workerUrl must be a URL or a string, got number/);
    });

    it('a script that does not load: jobs reject with WorkerCrashError (never hang), then the pool is closed', async () => {
      const p = await createPool({ workers: 2, workerUrl: new URL('./no-such-worker.js', import.meta.url) });
      const x = random(8, 8, 1);
      const jobs = [track(p.conv2d(x, x)), track(p.conv2d(x, x)), track(p.conv2d(x, x))];
      await Promise.allSettled(jobs.map((t) => t.promise));
      for (const t of jobs) {
        expect(t.settled).toBe(1);
        expect(t.value).toBeInstanceOf(WorkerCrashError);
      }
      // A worker that dies running a job is replaced (the job paid for it); one that dies before it
      // started, idle, is not: with no job left the pool runs out of workers and closes itself.
      await expect(p.conv2d(x, x)).rejects.toSatisfy((e) => e instanceof WorkerCrashError || e instanceof PoolClosedError);
      await p.close();
      expect(p.pending()).toEqual({ queued: 0, running: 0 });
      await expect(p.conv2d(x, x)).rejects.toBeInstanceOf(PoolClosedError);
    });
  });

  describe('scheduling and failures', () => {
    it('a held job does not hold the others: a later job on the other worker finishes first', async () => {
      const g = gate();
      const x = random(10, 10, 1);
      const held = track(pool.conv2d(x, random(3, 3, 2), 'valid', g.fault));
      await g.waiting;
      const free = await pool.conv2d(x, random(2, 2, 3), 'valid');
      expect(bits(free)).toEqual(bits(cg.conv2d(x, random(2, 2, 3), 'valid')));
      expect(held.settled).toBe(0);
      await g.release();
      expect(bits(await held.promise)).toEqual(bits(cg.conv2d(x, random(3, 3, 2), 'valid')));
    });

    it('a worker that crashes fails only its job with WorkerCrashError and is replaced, every time', async () => {
      const p = await createPool({ workers: 1 });
      const x = random(12, 12, 1);
      const h = random(3, 3, 2);
      const want = bits(cg.conv2d(x, h, 'valid'));
      for (let round = 0; round < 3; round++) {
        const [crashed, after] = [track(p.conv2d(x, h, 'valid', { testFault: 'uncaught' } as never)), p.conv2d(x, h, 'valid')];
        expect(bits(await after)).toEqual(want); // queued behind the crash: runs on the replacement
        expect(crashed.settled).toBe(1);
        expect(crashed.value).toBeInstanceOf(WorkerCrashError);
        expect((crashed.value as Error).message).toMatch(/the worker running conv2d died \(.*injected uncaught exception/);
        expect(p.size).toBe(1);
      }
      await p.close();
    });
  });

  describe('abort and progress', () => {
    const x = random(48, 48, 8);
    const y = () => cg.conv2d(x, random(5, 5, 9), 'valid');

    it('aborting a running solver rejects it at once; its worker is replaced and takes the next job', async () => {
      const one = await createPool({ workers: 1 });
      const controller = new AbortController();
      let started!: () => void;
      const running = new Promise<void>((r) => { started = r; });
      const job = endlessFit(one, x, y(), { signal: controller.signal, onIteration: () => started() });
      await running;
      controller.abort();
      await expect(job).rejects.toMatchObject({ name: 'AbortError' });
      expect(one.size).toBe(1);
      // One worker: without the replacement this job would wait minutes for the endless fit.
      expect(bits(await one.conv2d(x, x, 'valid'))).toEqual(bits(cg.conv2d(x, x, 'valid')));
      await one.close();
    });

    it('aborting a queued job removes it; the jobs around it still run', async () => {
      const one = await createPool({ workers: 1 });
      const g = gate();
      const controller = new AbortController();
      const held = one.conv2d(x, random(3, 3, 1), 'valid', g.fault);
      const queued = one.conv2d(x, x, 'valid', { signal: controller.signal });
      const after = one.conv2d(x, random(3, 3, 2), 'valid');
      expect(one.pending()).toEqual({ queued: 2, running: 1 });
      controller.abort();
      await expect(queued).rejects.toMatchObject({ name: 'AbortError' });
      expect(one.pending()).toEqual({ queued: 1, running: 1 });
      await g.release();
      expect(bits(await held)).toEqual(bits(cg.conv2d(x, random(3, 3, 1), 'valid')));
      expect(bits(await after)).toEqual(bits(cg.conv2d(x, random(3, 3, 2), 'valid')));
      await one.close();
    });

    it('forwards each iteration to onIteration in this thread; a throwing callback rejects its own job only', async () => {
      const seen: number[] = [];
      const fit = await pool.estimateKernel(x, y(), { rows: 5, cols: 5 }, {
        method: 'gd', maxIterations: 25, onIteration: (info) => { seen.push(info.iteration); },
      });
      expect(seen).toEqual(Array.from({ length: fit.iterations }, (_, i) => i + 1));
      const boom = new Error('callback failed');
      const other = pool.conv2d(x, random(3, 3, 4), 'valid');
      await expect(endlessFit(pool, x, y(), { onIteration: () => { throw boom; } })).rejects.toBe(boom);
      expect(bits(await other)).toEqual(bits(cg.conv2d(x, random(3, 3, 4), 'valid')));
      expect(bits(await pool.conv2d(x, x, 'valid'))).toEqual(bits(cg.conv2d(x, x, 'valid'))); // both workers still serve
      expect(bits(await pool.conv2d(x, x, 'valid'))).toEqual(bits(cg.conv2d(x, x, 'valid')));
    });
  });

  describe('without shared memory (this page is not cross-origin isolated)', () => {
    it('an onIteration that returns false cannot reach the solver: it runs to its own end, with no more calls', async () => {
      expect(globalThis.crossOriginIsolated).toBe(false);
      const x = random(40, 40, 11);
      const y = cg.conv2d(x, random(5, 5, 12), 'valid');
      const options = { method: 'gd', maxIterations: 40 } as const;
      const seen: number[] = [];
      const fit = await pool.estimateKernel(x, y, { rows: 5, cols: 5 }, { ...options, onIteration: (info) => { seen.push(info.iteration); return info.iteration < 5 ? undefined : false; } });
      expect(seen).toEqual([1, 2, 3, 4, 5]);
      const local = cg.estimateKernel(x, y, { rows: 5, cols: 5 }, options);
      expect([fit.iterations, bits(fit.kernel)]).toEqual([local.iterations, bits(local.kernel)]);
    });
  });

  describe('close() and terminate(): every job settles exactly once, both calls settle, idempotent', () => {
    const x = random(24, 24, 1);
    const h = random(3, 3, 2);
    const want = () => bits(cg.conv2d(x, h, 'valid'));

    it('close() twice: the second call waits like the first; running and queued jobs all finish', async () => {
      const p = await createPool({ workers: 1 });
      const g = gate();
      const held = track(p.conv2d(x, h, 'valid', g.fault));
      const queued = [track(p.conv2d(x, h, 'valid')), track(p.conv2d(x, h, 'valid'))];
      expect(p.pending()).toEqual({ queued: 2, running: 1 });
      const first = track(p.close());
      const second = track(p.close());
      await g.waiting;
      await tick();
      expect([held, ...queued, first, second].map((t) => t.settled)).toEqual([0, 0, 0, 0, 0]);
      await expect(p.conv2d(x, h)).rejects.toBeInstanceOf(PoolClosedError);
      await g.release();
      await second.promise;
      await tick();
      for (const t of [held, ...queued]) expect([t.settled, bits(t.value as Matrix)]).toEqual([1, want()]);
      expect([first.settled, first.ok]).toEqual([1, true]);
      await p.close(); // after the end: resolves at once
    });

    it('terminate() while close() waits: running and queued jobs reject with PoolClosedError, both calls resolve', async () => {
      const p = await createPool({ workers: 1 });
      const g = gate();
      const held = track(p.conv2d(x, h, 'valid', g.fault));
      const queued = track(p.conv2d(x, h, 'valid'));
      await g.waiting;
      const closing = track(p.close());
      const ending = [track(p.terminate()), track(p.terminate())];
      await Promise.all([closing.promise, ...ending.map((t) => t.promise)]);
      await tick();
      for (const t of [held, queued]) {
        expect(t.settled).toBe(1);
        expect(t.value).toBeInstanceOf(PoolClosedError);
      }
      expect([closing, ...ending].map((t) => [t.settled, t.ok])).toEqual([[1, true], [1, true], [1, true]]);
      await expect(p.conv2d(x, h)).rejects.toBeInstanceOf(PoolClosedError);
      await p.close();
      await p.terminate();
    });

    it('terminate() of a pool running an endless solver ends it at once', async () => {
      const p = await createPool({ workers: 2 });
      const y = cg.conv2d(x, random(5, 5, 9), 'valid');
      const jobs = [track(endlessFit(p, x, y)), track(endlessFit(p, x, y)), track(p.conv2d(x, h, 'valid'))];
      await p.terminate();
      await tick();
      for (const t of jobs) expect([t.settled, t.value instanceof PoolClosedError]).toEqual([1, true]);
    });
  });
});

// convgrad/pool under faults and shutdown sequences: every job settles exactly once, close() and
// terminate() in any order both settle, a dead worker is always replaced, a throwing onIteration
// rejects its own job only. Deterministic: no sleeps. Jobs are held or crashed on purpose through
// the worker's test-only fault hook (CONVGRAD_POOL_TEST_FAULTS=1, see src/node/pool/worker.ts),
// which the workers read from the environment they start in. Runs the built package (dist/).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as cg from 'convgrad';
import { createPool, PoolClosedError, WorkerCrashError, type Pool } from 'convgrad/pool';
import type { Matrix } from 'convgrad';

const before = process.env.CONVGRAD_POOL_TEST_FAULTS;
let want: number[];
beforeAll(async () => {
  process.env.CONVGRAD_POOL_TEST_FAULTS = '1';
  await cg.init();
  want = Array.from(cg.conv2d(x, h, 'valid').data);
});
afterAll(() => {
  if (before === undefined) delete process.env.CONVGRAD_POOL_TEST_FAULTS;
  else process.env.CONVGRAD_POOL_TEST_FAULTS = before;
});

const x = ramp(24, 24, 1);
const h = ramp(3, 3, 2);

function ramp(rows: number, cols: number, seed: number): Matrix {
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < data.length; i++) data[i] = Math.sin(seed * 7.1 + i * 0.37);
  return { data, rows, cols };
}

/** A gate a held job waits on in its worker (Atomics.wait) until released. */
function gate() {
  const cell = new Int32Array(new SharedArrayBuffer(4));
  return {
    cell,
    release() {
      Atomics.store(cell, 0, 1);
      Atomics.notify(cell, 0);
    },
  };
}

/** Records how each job settled (and how many times: a promise can only settle once, but a callback could be called twice). */
function track<T>(promise: Promise<T>) {
  const t = { settled: 0, ok: undefined as boolean | undefined, value: undefined as unknown, promise };
  promise.then((v) => { t.settled++; t.ok = true; t.value = v; }, (e) => { t.settled++; t.ok = false; t.value = e; });
  return t;
}
type Tracked = ReturnType<typeof track>;
const tick = () => new Promise((r) => setImmediate(r));
const conv = (pool: Pool, fault?: unknown) => track(pool.conv2d(x, h, 'valid', fault === undefined ? undefined : ({ testFault: fault } as never)));
const expectResult = (t: Tracked) => {
  expect(t.ok, String(t.value)).toBe(true);
  expect(Array.from((t.value as Matrix).data)).toEqual(want);
};
const expectClosed = (t: Tracked) => {
  expect(t.ok).toBe(false);
  expect(t.value).toBeInstanceOf(PoolClosedError);
};

describe('close() and terminate(): every job settles exactly once, both calls settle, idempotent', () => {
  it('close() twice: the second call waits like the first; running and queued jobs all finish', async () => {
    const pool = await createPool({ workers: 1 });
    const g = gate();
    const held = conv(pool, g.cell);
    const queued = [conv(pool), conv(pool)];
    expect(pool.pending()).toEqual({ queued: 2, running: 1 });
    const first = track(pool.close());
    const second = track(pool.close());
    await tick();
    expect([held, ...queued, first, second].map((t) => t.settled)).toEqual([0, 0, 0, 0, 0]); // nothing ends while a job runs
    g.release();
    await second.promise;
    await tick();
    for (const t of [held, ...queued]) expectResult(t);
    expect([first.settled, first.ok]).toEqual([1, true]);
    await expect(pool.conv2d(x, h)).rejects.toBeInstanceOf(PoolClosedError);
    await pool.close(); // after the end: resolves at once
  });

  it('close() then terminate(): running and queued jobs reject with PoolClosedError, and close() resolves too', async () => {
    const pool = await createPool({ workers: 1 });
    const g = gate(); // never released: only terminate() can end this job
    const held = conv(pool, g.cell);
    const queued = conv(pool);
    const closing = track(pool.close());
    const terminating = track(pool.terminate());
    await terminating.promise;
    await tick();
    expect(closing.settled, 'close() settled').toBe(1);
    expectClosed(held);
    expectClosed(queued);
    expect([held.settled, queued.settled, closing.ok, terminating.ok]).toEqual([1, 1, true, true]);
  });

  it('terminate() twice, then close(): all settle; terminate() resolves only once its workers are gone', async () => {
    const pool = await createPool({ workers: 2 });
    const jobs = [conv(pool, gate().cell), conv(pool, gate().cell), conv(pool)];
    const calls = [track(pool.terminate()), track(pool.terminate()), track(pool.close())];
    await calls[2]!.promise;
    await tick();
    for (const j of jobs) expectClosed(j);
    expect(calls.map((c) => c.ok)).toEqual([true, true, true]);
    expect(pool.pending()).toEqual({ queued: 0, running: 0 });
  });

  it('random sequences of jobs, close() and terminate(): every job and every call settles exactly once', async () => {
    type Op = { op: 'job' | 'held' | 'crash' | 'close' | 'terminate' };
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 2 }),
        fc.array(fc.record({ op: fc.constantFrom<Op['op']>('job', 'job', 'held', 'crash', 'close', 'terminate') }), { minLength: 1, maxLength: 8 }),
        async (workers, ops) => {
          const pool = await createPool({ workers });
          const gates: ReturnType<typeof gate>[] = [];
          const jobs: Tracked[] = [];
          const calls: Tracked[] = [];
          let ended = false;
          for (const { op } of ops) {
            if (op === 'close' || op === 'terminate') {
              calls.push(track(op === 'close' ? pool.close() : pool.terminate()));
              ended = true;
            } else {
              const g = op === 'held' ? gate() : undefined;
              if (g) gates.push(g);
              const t = conv(pool, op === 'crash' ? 'exit' : g?.cell);
              jobs.push(t);
              if (ended) {
                await tick();
                expectClosed(t); // refused once closing
              }
            }
          }
          calls.push(track(pool.close()));
          for (const g of gates) g.release(); // close() waits for held jobs: let them go
          await calls.at(-1)!.promise; // the others must have settled by then
          await tick();
          for (const c of calls) expect([c.settled, c.ok]).toEqual([1, true]);
          for (const j of jobs) {
            expect(j.settled).toBe(1);
            if (!j.ok) expect(j.value instanceof PoolClosedError || j.value instanceof WorkerCrashError, String(j.value)).toBe(true);
            else expect(Array.from((j.value as Matrix).data)).toEqual(want);
          }
        },
      ),
      { numRuns: 12, seed: 11 },
    );
  });
});

describe('a dead worker is replaced every time', () => {
  for (const fault of ['exit', 'uncaught'] as const) {
    it(`dying on its first job (${fault}): the job rejects with WorkerCrashError, the pool keeps its size`, async () => {
      const pool = await createPool({ workers: 2 });
      const crashed = conv(pool, fault);
      await crashed.promise.catch(() => {});
      expect(crashed.value).toBeInstanceOf(WorkerCrashError);
      expect((crashed.value as Error).message).toMatch(/the worker running conv2d died/);
      expect(pool.size).toBe(2);
      // Two jobs submitted together run on two idle workers at once.
      const both = [conv(pool), conv(pool)];
      expect(pool.pending()).toEqual({ queued: 0, running: 2 });
      await Promise.all(both.map((t) => t.promise));
      for (const t of both) expectResult(t);
      await pool.close();
    });
  }

  it('dying on a later job, again and again: replaced each time', async () => {
    const pool = await createPool({ workers: 1 });
    for (let round = 0; round < 4; round++) {
      const ok = conv(pool);
      const crashed = conv(pool, round % 2 ? 'uncaught' : 'exit');
      await Promise.allSettled([ok.promise, crashed.promise]);
      expectResult(ok);
      expect(crashed.value).toBeInstanceOf(WorkerCrashError);
      expect(pool.size).toBe(1);
    }
    expectResult(await (async () => { const t = conv(pool); await t.promise; return t; })());
    await pool.close();
  });

  it('a crash while closing: the replacement finishes the queued jobs, then close() resolves', async () => {
    const pool = await createPool({ workers: 1 });
    const crashed = conv(pool, 'exit');
    const queued = [conv(pool), conv(pool)];
    await pool.close();
    await tick();
    expect(crashed.value).toBeInstanceOf(WorkerCrashError);
    for (const t of queued) expectResult(t);
  });
});

describe('a throwing onIteration', () => {
  it('rejects its own job with the thrown error; the other jobs and the pool carry on', async () => {
    const pool = await createPool({ workers: 2 });
    const sharp = ramp(40, 40, 3);
    const y = cg.conv2d(sharp, ramp(5, 5, 4), 'valid');
    const boom = new Error('callback failed');
    const endless = { method: 'gd', step: 1e-12, maxIterations: 1e8 } as const;
    const failing = track(pool.estimateKernel(sharp, y, { rows: 5, cols: 5 }, { ...endless, onIteration: (i) => { if (i.iteration === 3) throw boom; } }));
    const other = track(pool.estimateKernel(sharp, y, { rows: 5, cols: 5 }, { ...endless, onIteration: (i) => i.iteration < 10 }));
    await Promise.allSettled([failing.promise, other.promise]);
    expect([failing.ok, failing.value]).toEqual([false, boom]);
    expect(other.ok).toBe(true);
    expect((other.value as cg.KernelEstimate).iterations).toBeGreaterThanOrEqual(10);
    // The failed job's worker stopped its solver (the pool told it to) and takes new work.
    const after = [conv(pool), conv(pool)];
    await Promise.all(after.map((t) => t.promise));
    for (const t of after) expectResult(t);
    await pool.close();
  });
});

/**
 * Issue 11 item 9 through the pool: a job aborted from the calling thread while its solver sets
 * up (no iteration yet, so onIteration never sees the stop flag) used to keep its worker busy for
 * the whole set-up — minutes to hours. Now the worker's onProgress sees the flag between set-up
 * blocks and stops the solve: the job rejects with the signal's reason and the (only) worker
 * runs the next job. The next job resolving is the check; the file's timeout is the failure mode
 * of the old code (no clock is read). Runs the built package (dist/).
 */
import { describe, expect, it } from 'vitest';
import * as cg from 'convgrad';
import { createPool } from 'convgrad/pool';
import type { Matrix } from 'convgrad';

function wave(rows: number, cols: number, seed: number): Matrix {
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < data.length; i++) data[i] = Math.sin(seed * 7.1 + i * 0.37);
  return { data, rows, cols };
}

describe('pool: aborting a job during estimateKernel set-up', () => {
  it('rejects with the reason and frees the worker for the next job', async () => {
    await cg.init();
    const pool = await createPool({ workers: 1 });
    try {
      // 200² image, 1000×1000 'full' kernel: Xᵀy alone is 1.4e12 multiply-adds (minutes).
      const x = wave(200, 200, 1);
      const y = wave(1199, 1199, 2);
      const controller = new AbortController();
      const reason = new Error('test: stop the set-up');
      const job = pool.estimateKernel(x, y, { rows: 1000, cols: 1000 }, { mode: 'full', maxSetupCost: Infinity, signal: controller.signal });
      const settled = job.then(() => 'resolved', (e) => e);
      controller.abort(reason);
      expect(await settled).toBe(reason);
      const small = wave(12, 12, 3);
      const k = wave(3, 3, 4);
      const next = await pool.conv2d(small, k, 'valid');
      expect(Array.from(next.data)).toEqual(Array.from(cg.conv2d(small, k, 'valid').data));
      expect(pool.size).toBe(1);
    } finally {
      await pool.terminate();
    }
  }, 60_000);

  it('timeLimit and maxSetupCost errors come back typed; onProgress is refused (it would run in the worker)', async () => {
    const pool = await createPool({ workers: 1 });
    try {
      const x = wave(200, 200, 1);
      const y = wave(1199, 1199, 2);
      await expect(pool.estimateKernel(x, y, { rows: 1000, cols: 1000 }, { mode: 'full' })).rejects.toMatchObject({ code: 'ERR_PROBLEM_TOO_LARGE' });
      await expect(pool.estimateKernel(x, y, { rows: 1000, cols: 1000 }, { mode: 'full', maxSetupCost: Infinity, timeLimit: 1e-6 }))
        .rejects.toMatchObject({ code: 'ERR_TIME_LIMIT' });
      await expect(pool.estimateKernel(x, y, { rows: 1000, cols: 1000 }, { onProgress: () => {} } as never))
        .rejects.toThrow(/options\.onProgress is not supported by the pool/);
    } finally {
      await pool.terminate();
    }
  }, 60_000);
});

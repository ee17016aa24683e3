/**
 * Solver edge cases found in review: a zero operator (the objective is constant), the
 * active-set finish respecting maxIterations, Richardson–Lucy's non-negative start, and options
 * that belong to the other solver. Every backend.
 */
import { describe, expect, it } from 'vitest';
import { ArgumentError, type Matrix } from '../../src/index.js';
import { cameraCrop } from '../fixtures/photo.js';
import { backends } from '../support/backends.js';
import { add, gaussianNoise, mat, motionKernel } from '../support/problems.js';

const all = await backends();

describe.each(all.map((b) => [b.name, b.cg] as const))('%s solver edge cases', (_name, cg) => {
  it('a zero image operator gives a finite, converged kernel instead of NaN (a zero kernel: test/reliability/solver-guards)', () => {
    const y = mat(2, 2, [1, 2, 3, 4]);
    for (const options of [{ nonNegative: true }, { method: 'gd' as const }]) {
      const k = cg.estimateKernel(mat(3, 3, new Float64Array(9)), y, { rows: 2, cols: 2 }, options);
      expect(k.converged).toBe(true);
      expect(Array.from(k.kernel.data).every(Number.isFinite)).toBe(true);
      expect(k.objective).toBe(15);
    }
  });

  it('the active-set finish never exceeds maxIterations', () => {
    const x = cameraCrop('float64', 32, 30);
    const h = mat(7, 7, motionKernel(7, 5, 20));
    const z = cg.conv2d(x, h, 'valid');
    const y: Matrix = { ...z, data: add(z.data, gaussianNoise(z.data.length, 7, 0.02)) };
    const free = cg.estimateKernel(x, y, { rows: 7, cols: 7 }, { nonNegative: true });
    expect(free.converged).toBe(true);
    const capped = cg.estimateKernel(x, y, { rows: 7, cols: 7 }, { nonNegative: true, maxIterations: free.iterations - 1 });
    expect(capped.iterations).toBeLessThanOrEqual(free.iterations - 1);
    expect(capped.history.length).toBe(capped.iterations);
  });

  it("Richardson–Lucy refuses a negative x0; options of the other solver are errors, not ignored", () => {
    const h = mat(2, 2, [1, 1, 1, 1]);
    const y = mat(2, 2, [1, 2, 3, 4]);
    const x0 = mat(3, 3, [1, -1, 1, 1, 1, 1, 1, 1, 1]);
    expect(() => cg.deconvolve(h, y, { method: 'richardson-lucy', x0 })).toThrow(/non-negative options\.x0/);
    expect(() => cg.deconvolve(h, y, { step: 1 } as never)).toThrow(ArgumentError);
    expect(() => cg.deconvolve(h, y, { h0: h } as never)).toThrow(/options\.h0 applies to estimateKernel/);
    expect(() => cg.estimateKernel(mat(3, 3, new Float64Array(9).fill(1)), y, { rows: 2, cols: 2 }, { tv: 1 } as never)).toThrow(
      /options\.tv applies to deconvolve/,
    );
    expect(cg.deconvolve(h, y, { sumToOne: false } as never).converged).toBe(true);
  });
});

/**
 * Deconvolution with a large kernel runs its model and adjoint through FFTs on the WebAssembly
 * backends (the cost model prefers them here: a 96×96 image and a 25×25 kernel) and directly on
 * the JS baseline. Both are the same linear maps, so a fixed number of iterations gives the same
 * iterates up to round-off, amplified mildly by the iterations: 1e-10 relative for CGLS; 1e-9
 * for Richardson–Lucy, whose ratios y ⊘ Ax divide by near-zero model values at 'valid' borders
 * (measured ≈ 2e-10 after 8 iterations).
 */
import { describe, expect, it } from 'vitest';
import { cameraCrop } from '../fixtures/photo.js';
import { backends } from '../support/backends.js';
import { gaussianKernel, mat } from '../support/problems.js';

const all = await backends();
const js = all.find((b) => b.name === 'js')!.cg;

function maxRel(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let e = 0;
  let s = 0;
  for (let i = 0; i < b.length; i++) {
    e = Math.max(e, Math.abs(a[i]! - b[i]!));
    s = Math.max(s, Math.abs(b[i]!));
  }
  return e / s;
}

describe.each(all.filter((b) => b.name !== 'js').map((b) => [b.name, b.cg] as const))('%s FFT deconvolution operator', (_n, cg) => {
  const x = cameraCrop('float64', 64, 64);
  const big = { data: new Float64Array(96 * 96), rows: 96, cols: 96 };
  for (let i = 0; i < 96; i++) for (let j = 0; j < 96; j++) big.data[i * 96 + j] = x.data[(i % 64) * 64 + (j % 64)]!;
  const h = mat(25, 25, gaussianKernel(25, 25, 4));

  for (const mode of ['valid', 'same', 'full'] as const) {
    it(`'${mode}': CGLS and Richardson–Lucy iterates match the direct JS baseline`, () => {
      const y = cg.conv2d(big, h, mode);
      for (const [options, tol] of [
        [{ method: 'cg' as const, tikhonov: 1e-3 }, 1e-10],
        [{ method: 'richardson-lucy' as const }, 1e-9],
      ] as const) {
        const a = cg.deconvolve(h, y, { mode, maxIterations: 8, ...options });
        const b = js.deconvolve(h, y, { mode, maxIterations: 8, ...options });
        expect(maxRel(a.image.data, b.image.data)).toBeLessThan(tol);
        expect(Math.abs(a.objective - b.objective) / b.objective).toBeLessThan(tol);
      }
    });
  }
});

/**
 * Wiener / Tikhonov deconvolution in the frequency domain. Its model differs from the 'valid'
 * least-squares one only at the borders (y is extended by mirror reflection, periodically), so:
 * its objective on the real model is close to, and never below, the exact minimum that CGLS
 * reaches; away from the borders its image is as good as the exact Tikhonov image; where y itself
 * is periodic-mirror consistent (a constant image) it is exact. (With a tiny λ the mismatch of the
 * boundary assumption is amplified — hence the default λ = 1e-2·‖h‖₁².)
 */
import { describe, expect, it } from 'vitest';
import type { Matrix } from '../../src/index.js';
import { cameraCrop } from '../fixtures/photo.js';
import { backends } from '../support/backends.js';
import { add, gaussianKernel, gaussianNoise, mat } from '../support/problems.js';

const all = await backends();
const wasm = all.filter((b) => b.name !== 'js');

function relErr(a: ArrayLike<number>, b: ArrayLike<number>, inside?: (i: number) => boolean): number {
  let e = 0;
  let s = 0;
  for (let i = 0; i < b.length; i++) {
    if (inside && !inside(i)) continue;
    e += (a[i]! - b[i]!) ** 2;
    s += b[i]! ** 2;
  }
  return Math.sqrt(e / s);
}

describe.each(wasm.map((b) => [b.name, b.cg] as const))('%s wiener', (_name, cg) => {
  const x = cameraCrop('float64', 64, 64);
  const h = mat(7, 7, gaussianKernel(7, 7, 1.5));

  it('its objective on the real model is within 15% of the exact Tikhonov minimum (and not below it)', () => {
    const z = cg.conv2d(x, h, 'valid');
    const y: Matrix = { ...z, data: add(z.data, gaussianNoise(z.data.length, 3, 0.01)) };
    const exact = cg.deconvolve(h, y, { method: 'cg', tikhonov: 1e-2, tolerance: 1e-10 });
    const w = cg.deconvolve(h, y, { method: 'wiener', tikhonov: 1e-2 });
    expect(w.method).toBe('wiener');
    expect(w.iterations).toBe(1);
    expect(w.converged).toBe(true);
    expect(w.image.rows).toBe(64);
    expect(w.image.cols).toBe(64);
    expect(w.objective).toBeGreaterThanOrEqual(exact.objective * (1 - 1e-9));
    // On a 64×64 image the 3-pixel border band is a tenth of the data; 15% covers its share.
    expect(w.objective).toBeLessThanOrEqual(exact.objective * 1.15);
  });

  it('away from the borders its image is as good as the exact Tikhonov image', () => {
    const y = cg.conv2d(x, h, 'valid');
    const inside = (i: number) => {
      const r = Math.floor(i / 64);
      const c = i % 64;
      return r >= 12 && r < 52 && c >= 12 && c < 52;
    };
    for (const tikhonov of [1e-3, 1e-2]) {
      const w = cg.deconvolve(h, y, { method: 'wiener', tikhonov });
      const exact = cg.deconvolve(h, y, { method: 'cg', tikhonov, tolerance: 1e-10, maxIterations: 2000 });
      const ew = relErr(w.image.data, x.data, inside);
      const ec = relErr(exact.image.data, x.data, inside);
      expect(ew).toBeLessThan(1.1 * ec);
      expect(ew).toBeLessThan(0.12);
    }
  });

  it('is exact where the mirror-periodic model holds: a constant image', () => {
    const ones: Matrix = { data: new Float64Array(40 * 30).fill(0.5), rows: 40, cols: 30 };
    for (const mode of ['valid', 'same'] as const) {
      const y = cg.conv2d(ones, h, mode);
      if (mode === 'same') continue; // zero padding in 'same' data is not mirror-consistent
      const w = cg.deconvolve(h, y, { method: 'wiener', tikhonov: 1e-12, mode });
      expect(relErr(w.image.data, ones.data)).toBeLessThan(1e-8);
    }
  });

  it('returns the data dtype and takes no x0 or constraints', () => {
    const y32: Matrix = { data: Float32Array.from(cg.conv2d(x, h, 'valid').data), rows: 58, cols: 58 };
    expect(cg.deconvolve({ ...h, data: Float32Array.from(h.data) }, y32, { method: 'wiener' }).image.data).toBeInstanceOf(Float32Array);
    expect(() => cg.deconvolve(h, cg.conv2d(x, h, 'valid'), { method: 'wiener', x0: x })).toThrow(/takes no x0/);
    expect(() => cg.deconvolve(h, cg.conv2d(x, h, 'valid'), { method: 'wiener', nonNegative: true })).toThrow(/'wiener' is linear/);
  });
});

describe('wiener on the JS baseline', () => {
  it('says it needs a WebAssembly backend', () => {
    const js = all.find((b) => b.name === 'js')!.cg;
    const h = mat(2, 2, [0.25, 0.25, 0.25, 0.25]);
    expect(() => js.deconvolve(h, mat(3, 3, new Float64Array(9).fill(1)), { method: 'wiener' })).toThrow(/needs a WebAssembly backend/);
  });
});

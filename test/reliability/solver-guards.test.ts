/**
 * Issue 11 item 2: an all-zero or numerically zero kernel is an ArgumentError naming the kernel
 * for every deconvolution method; Wiener with tikhonov 0 and a zero-sum kernel stays finite; no
 * solver returns a non-finite result (let alone one marked converged).
 */
import { describe, expect, it } from 'vitest';
import { ArgumentError, ConvgradError, type DeconvolveOptions, type Matrix } from '../../src/index.js';
import { backends } from '../support/backends.js';
import { mat } from '../support/problems.js';

const all = await backends();

describe.each(all.map((b) => [b.name, b.cg] as const))('%s solver guards', (name, cg) => {
  const methods: DeconvolveOptions[] = [
    { method: 'cg' }, { method: 'fista' }, { method: 'fista', nonNegative: true }, { method: 'fista', tv: 0.1 },
    { method: 'richardson-lucy' }, {}, { nonNegative: true },
    ...(name === 'js' ? [] : [{ method: 'wiener' } as const, { method: 'wiener', tikhonov: 0 } as const]),
  ];
  const y = mat(6, 6, Array.from({ length: 36 }, (_, i) => 1 + (i % 7)));
  it('an all-zero kernel is an ArgumentError naming the kernel, for every method and dtype', () => {
    for (const dtype of ['float64', 'float32'] as const) {
      for (const options of methods) {
        const h = mat(3, 3, new Float64Array(9), dtype);
        const yy = mat(6, 6, y.data, dtype);
        expect(() => cg.deconvolve(h, yy, options), JSON.stringify(options)).toThrow(ArgumentError);
        expect(() => cg.deconvolve(h, yy, options)).toThrow(/kernel h \(3×3\) is all zeros/);
      }
    }
  });
  it('a numerically zero kernel (a 1e-300 delta) is an ArgumentError naming the kernel, for every method', () => {
    for (const options of methods) {
      const h = mat(3, 3, [0, 0, 0, 0, 1e-300, 0, 0, 0, 0]);
      expect(() => cg.deconvolve(h, y, options), JSON.stringify(options)).toThrow(/kernel h \(3×3\) is numerically zero/);
    }
  });
  it('Wiener with tikhonov 0 and a zero-sum kernel returns a finite image (0 at the unobservable frequencies)', () => {
    const h = mat(1, 2, [1, -1]);
    const x = mat(6, 8, Array.from({ length: 48 }, (_, i) => Math.sin(i) * 3));
    const yz = cg.conv2d(x, h, 'valid');
    if (name === 'js') {
      expect(() => cg.deconvolve(h, yz, { method: 'wiener', tikhonov: 0 })).toThrow(/needs a WebAssembly backend/);
      return;
    }
    const d = cg.deconvolve(h, yz, { method: 'wiener', tikhonov: 0 });
    expect(Array.from(d.image.data).every(Number.isFinite)).toBe(true);
    expect(Number.isFinite(d.objective)).toBe(true);
  });
  it('a result beyond the dtype\'s range is an ERR_NON_FINITE_RESULT error, never a result marked converged', () => {
    // x = y / 1e-10 = 1e40: finite in float64, past float32's 3.4e38.
    const h = mat(1, 1, [1e-10], 'float32');
    const yb = mat(2, 2, [1e30, 2e30, 3e30, 4e30], 'float32');
    for (const options of [{ method: 'cg' }, { method: 'fista' }, ...(name === 'js' ? [] : [{ method: 'wiener', tikhonov: 0 }])] as DeconvolveOptions[]) {
      let thrown: unknown;
      let result: { converged: boolean; image: Matrix } | undefined;
      try {
        result = cg.deconvolve(h, yb, { ...options, maxIterations: 50 });
      } catch (e) {
        thrown = e;
      }
      if (result) expect(result.converged && !Array.from(result.image.data).every(Number.isFinite), JSON.stringify(options)).toBe(false);
      expect(thrown, JSON.stringify(options)).toBeInstanceOf(ConvgradError);
      expect((thrown as ConvgradError).code).toBe('ERR_NON_FINITE_RESULT');
      expect((thrown as Error).message).toMatch(new RegExp(`method '${options.method}' produced a non-finite result`));
    }
    // A kernel estimate likewise: h = y / x = 1e40.
    expect(() => cg.estimateKernel(mat(2, 2, [1e-10, 0, 0, 0], 'float32'), mat(2, 2, [1e30, 0, 0, 0], 'float32'), { rows: 1, cols: 1 })).toThrow(
      /produced a non-finite result/,
    );
  });
});

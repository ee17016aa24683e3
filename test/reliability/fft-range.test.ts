/**
 * Issue 11 item 3: the FFT path (and so 'auto') never overflows or underflows where the result is
 * representable. The issue's two cases, then a property over large dynamic ranges: float32 data
 * from ~1e-30 to ~1e37 scaled so that the result lies anywhere from 2^-90 up to 2^124 (float32's
 * largest finite is ~2^128) — checked against the float64 oracle with fuzz.ts's norm-wise
 * tolerances.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Matrix } from '../../src/index.js';
import { backends } from '../support/backends.js';
import { check, expected, mat, values, type FuzzFunction, type Scenario } from '../support/fuzz.js';
import { prng } from '../support/random.js';

const wasm = (await backends()).filter((b) => b.name !== 'js');

describe.each(wasm.map((b) => [b.name, b.cg] as const))('%s float32 FFT range', (_name, cg) => {
  it('64×64 image of 1e16, 3×3 ones, y = 0: gradKernel by FFT and auto is 3.46e36 (finite), as direct', () => {
    const x: Matrix = { data: new Float32Array(64 * 64).fill(1e16), rows: 64, cols: 64 };
    const h: Matrix = { data: new Float32Array(9).fill(1), rows: 3, cols: 3 };
    const y: Matrix = { data: new Float32Array(62 * 62), rows: 62, cols: 62 };
    const exact = 62 * 62 * 9 * Math.fround(1e16) ** 2; // Σ r·x with r = 9e16 everywhere
    for (const method of ['fft', 'auto', 'direct'] as const) {
      const g = cg.gradKernel(x, h, y, 'valid', { method });
      for (const v of g.data) expect(Math.abs(v - exact) / exact, method).toBeLessThan(1e-5);
    }
  });
  it('294×205 image with values up to 1e14: every gradKernel entry finite under fft and auto', () => {
    const rnd = prng(294);
    const x: Matrix = { data: Float32Array.from({ length: 294 * 205 }, () => rnd() * 1e14), rows: 294, cols: 205 };
    const h: Matrix = { data: Float32Array.from({ length: 80 }, () => rnd()), rows: 8, cols: 10 };
    const y: Matrix = { data: new Float32Array(287 * 196), rows: 287, cols: 196 };
    const direct = cg.gradKernel(x, h, y, 'valid', { method: 'direct' });
    for (const method of ['fft', 'auto'] as const) {
      const g = cg.gradKernel(x, h, y, 'valid', { method });
      for (let i = 0; i < 80; i++) {
        expect(Number.isFinite(g.data[i]!)).toBe(true);
        expect(Math.abs(g.data[i]! - direct.data[i]!) / Math.abs(direct.data[i]!)).toBeLessThan(1e-4);
      }
    }
  });
  it('property: results from 2^-90 to 2^124 in float32 are finite and within tolerance, every function, fft and auto', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 9 }),
        fc.constantFrom('full', 'same', 'valid'), fc.integer({ min: -90, max: 124 }), fc.integer({ min: -30, max: 30 }), fc.nat(),
        fc.constantFrom<FuzzFunction>('conv2d', 'correlate2d', 'gradKernel', 'gradImage', 'valueAndGrad'),
        (m, n, k0, l0, mode, target, split, seed, fn) => {
          const k = mode === 'valid' ? Math.min(k0, m) : k0;
          const l = mode === 'valid' ? Math.min(l0, n) : l0;
          const [R, C] = mode === 'full' ? [m + k - 1, n + l - 1] : mode === 'same' ? [m, n] : [m - k + 1, n - l + 1];
          const lg = (v: number) => Math.ceil(Math.log2(v)) + 1;
          // The largest result (x⋆r for gradKernel, r ~ x∗h) sits near 2^target; x and h split it.
          const big = fn === 'gradKernel' || fn === 'valueAndGrad' ? target - lg(k * l * R * C) - 4 : target - lg(k * l) - 2;
          const eh = Math.round(big / 3) + split;
          const ex = fn === 'gradKernel' || fn === 'valueAndGrad' ? Math.round((big - eh) / 2) : big - eh;
          if (Math.max(ex + 2 * eh + 4 + lg(k * l * k * l), 2 * ex + eh + 4 + lg(k * l * R * C)) > 124) return; // gradImage of valueAndGrad too
          const rnd = prng(seed);
          const s: Scenario = {
            seed, dtype: 'float32', mode, convention: 'matlab', ex, eh,
            x: mat(m, n, values(rnd, m * n, ex, 'float32'), 'float32'),
            h: mat(k, l, values(rnd, k * l, eh, 'float32'), 'float32'),
            y: mat(R, C, rnd() < 0.5 ? new Array(R * C).fill(0) : values(rnd, R * C, ex + eh, 'float32'), 'float32'),
          };
          const e = expected(s);
          for (const method of ['fft', 'auto'] as const) {
            const ratio = check(cg, s, e, fn, method);
            expect(ratio, `${fn} ${method} x ${m}×${n} 2^${ex}, h ${k}×${l} 2^${eh}, ${mode}`).toBeLessThanOrEqual(1);
          }
        },
      ),
      { numRuns: 40, seed: 3 },
    );
  });
});

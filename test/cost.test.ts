import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createContext, type Matrix } from '../src/index.js';
import type { Operation } from '../src/backend.js';
import { predictCosts } from '../src/wasm/cost.js';
import { convCrop } from '../src/geometry.js';

// The cost model behind method 'auto' (src/wasm/cost.ts). Whether its picks are fast is measured
// in bench/crossover.bench.mjs; here: that it is sane everywhere, and that the API runs the path
// it predicts, per function.

const OPS: Operation[] = [
  { kind: 'forward', method: 'auto' },
  { kind: 'objective', method: 'auto' },
  { kind: 'objective', method: 'auto', gradKernel: true },
  { kind: 'objective', method: 'auto', gradImage: true },
  { kind: 'objective', method: 'auto', gradKernel: true, gradImage: true },
];
const name = (op: Operation) => (op.kind === 'forward' ? 'conv2d' : `objective${op.gradKernel ? '+∇ₕ' : ''}${op.gradImage ? '+∇ₓ' : ''}`);

function costs(op: Operation, simd: boolean, f32: boolean, m: number, n: number, k: number, l: number, mode: 'valid' | 'same' | 'full' = 'valid') {
  const { rows: R, cols: C, r0, c0 } = convCrop(m, n, k, l, mode, 'matlab');
  return predictCosts(op, simd, f32, m, n, k, l, R, C, r0, c0);
}

describe('cost model', () => {
  // Not 64² with 51×51: its 14×14 output is smaller than the kernel, the dot-product loop order
  // runs, and in float64 it was measured faster than the FFT path (0.084 vs 0.098 ms).
  it('picks direct for 3×3 and FFT for 51×51 kernels at every grid size from 128², function, dtype and binary', () => {
    for (const simd of [true, false]) {
      for (const f32 of [true, false]) {
        for (const op of OPS) {
          for (const s of [128, 256, 512, 1024, 2048]) {
            const small = costs(op, simd, f32, s, s, 3, 3);
            const large = costs(op, simd, f32, s, s, 51, 51);
            expect(small.direct < small.fft, `${name(op)} ${s}² k=3 simd=${simd} f32=${f32}`).toBe(true);
            expect(large.fft < large.direct, `${name(op)} ${s}² k=51 simd=${simd} f32=${f32}`).toBe(true);
          }
        }
      }
    }
  });

  it('gives positive, finite costs for any shape and mode, including 1×N, N×1 and kernels larger than the image', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 40 }),
        fc.constantFrom('valid', 'same', 'full'), fc.constantFrom(...OPS), fc.boolean(), fc.boolean(),
        (m, n, k, l, mode, op, simd, f32) => {
          fc.pre(mode !== 'valid' || (k <= m && l <= n));
          const { direct, fft } = costs(op, simd, f32, m, n, k, l, mode as 'valid');
          expect(Number.isFinite(direct) && direct > 0).toBe(true);
          expect(fft > 0 && (Number.isFinite(fft) || direct < 4000)).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('each least-squares function decides on its own work: an objective alone stays direct where valueAndGrad goes FFT', async () => {
    const cg = await createContext();
    const simd = cg.backendInfo().backend === 'wasm-simd';
    // The first square problem, scanning up, where the model splits the two.
    let found: { s: number; k: number } | null = null;
    for (let s = 48; s <= 512 && !found; s += 16) {
      for (let k = 3; k <= 31 && !found; k += 2) {
        const alone = costs(OPS[1]!, simd, false, s, s, k, k);
        const both = costs(OPS[4]!, simd, false, s, s, k, k);
        if (alone.direct < alone.fft && both.fft < both.direct) found = { s, k };
      }
    }
    expect(found, 'a problem where the objective alone stays direct but valueAndGrad goes FFT').not.toBeNull();
    const { s, k } = found!;
    const make = (r: number, c: number, seed: number): Matrix => ({
      data: Float64Array.from({ length: r * c }, (_, i) => Math.sin((i + seed) * 0.37)), rows: r, cols: c,
    });
    const x = make(s, s, 1), h = make(k, k, 2), y = make(s - k + 1, s - k + 1, 3);
    const value = (method: 'auto' | 'direct' | 'fft') => cg.objective(x, h, y, 'valid', { method });
    const vag = (method: 'auto' | 'direct' | 'fft') => cg.valueAndGrad(x, h, y, 'valid', { method });
    // Direct and FFT differ in the last bits, so equality says which path ran.
    expect(value('direct')).not.toBe(value('fft'));
    expect(value('auto')).toBe(value('direct'));
    expect(vag('auto').value).toBe(vag('fft').value);
    expect(vag('auto').gradKernel!.data).toEqual(vag('fft').gradKernel!.data);
  });
});

/**
 * Named edge cases, every backend, against the oracle (tolerances as in conv.property.test.ts,
 * see test/support/check.ts), plus: inputs are never mutated, options.out is written and
 * returned, defaults, and inputs/outputs that are views into larger buffers.
 */
import { describe, expect, it } from 'vitest';
import { matrix, toArray, type Convention, type Convgrad, type Matrix, type Mode } from '../src/index.js';
import { backends } from './support/backends.js';
import { assertSameBits, cloneMatrix, sameBytes } from './support/check.js';
import * as O from './support/oracle.js';
import { CONVENTIONS, DTYPES, MODES, fillValues, makeMatrix, type DTypeName, type Inputs, type ValueKind } from './support/random.js';
import { verifyForward, verifyLeastSquares } from './support/verify.js';

const all = await backends();

let seedCounter = 1;
function inputs(m: number, n: number, k: number, l: number, mode: Mode, convention: Convention, dtype: DTypeName, kind: ValueKind = 'uniform'): Inputs {
  const xs = fillValues(m * n, { seed: seedCounter++, kind });
  const hs = fillValues(k * l, { seed: seedCounter++, kind });
  const cr = O.cropOf('conv', mode, convention, m, n, k, l);
  const ys = fillValues(cr.rows * cr.cols, { seed: seedCounter++, kind });
  return {
    x: makeMatrix(m, n, xs, dtype),
    h: makeMatrix(k, l, hs, dtype),
    y: makeMatrix(cr.rows, cr.cols, ys, dtype),
    xo: O.omat(m, n, xs),
    ho: O.omat(k, l, hs),
    yo: O.omat(cr.rows, cr.cols, ys),
  };
}

/** Every function vs the oracle for one shape, all applicable modes × conventions × dtypes. */
function verifyShape(cg: Convgrad, m: number, n: number, k: number, l: number, modes: readonly Mode[] = MODES): void {
  for (const mode of modes) {
    if (mode === 'valid' && (k > m || l > n)) continue;
    for (const convention of CONVENTIONS) {
      for (const dtype of DTYPES) {
        const tag = `x ${m}×${n}, h ${k}×${l}, '${mode}', ${convention}, ${dtype}: `;
        const inp = inputs(m, n, k, l, mode, convention, dtype);
        verifyForward(cg, inp, mode, convention, dtype, tag);
        verifyLeastSquares(cg, inp, mode, convention, dtype, tag);
      }
    }
  }
}

describe.each(all.map((b) => [b.name, b] as const))('%s edge cases', (_name, { cg }) => {
  it('1×1 image and 1×1 kernel', () => {
    verifyShape(cg, 1, 1, 1, 1);
    for (const dtype of DTYPES) {
      const x = matrix([[3]], dtype);
      const h = matrix([[-2]], dtype);
      for (const mode of MODES) expect(toArray(cg.conv2d(x, h, mode))).toEqual([[-6]]);
      expect(cg.objective(x, h, matrix([[1]], dtype), 'valid')).toBe(24.5); // ½(−6 − 1)²
      expect(toArray(cg.gradKernel(x, h, matrix([[1]], dtype)))).toEqual([[-21]]); // x·r = 3·(−7)
      expect(toArray(cg.gradImage(x, h, matrix([[1]], dtype)))).toEqual([[14]]); // h·r = −2·(−7)
    }
  });

  it('1×N signals: the 1-D case, by hand', () => {
    // x = [1 2 3 4 5], h = [1 −1 2]; F[p] = Σ_a h[a]·x[p−a]:
    //   p=0: 1; p=1: 2−1 = 1; p=2: 3−2+2 = 3; p=3: 4−3+4 = 5; p=4: 5−4+6 = 7; p=5: −5+8 = 3; p=6: 10.
    // 'same' (odd kernel: start 1 in both conventions) = [1 3 5 7 3]; 'valid' = [3 5 7].
    // Correlation G[p] = Σ_a h[a]·x[p+a−2] (= convolution with h reversed, [2 −1 1]):
    //   p=0: 2·1 = 2; p=1: −1+4 = 3; p=2: 1−2+6 = 5; p=3: 7; p=4: 9; p=5: 4−5 = −1; p=6: 5
    //   full = [2 3 5 7 9 −1 5], same (start floor(3/2) = 1) = [3 5 7 9 −1], valid = [5 7 9].
    for (const dtype of DTYPES) {
      for (const convention of CONVENTIONS) {
        const x = matrix([1, 2, 3, 4, 5], dtype);
        const h = matrix([1, -1, 2], dtype);
        const c = { convention, method: 'direct' as const };
        expect(toArray(cg.conv2d(x, h, 'full', c))).toEqual([[1, 1, 3, 5, 7, 3, 10]]);
        expect(toArray(cg.conv2d(x, h, 'same', c))).toEqual([[1, 3, 5, 7, 3]]);
        expect(toArray(cg.conv2d(x, h, 'valid', c))).toEqual([[3, 5, 7]]);
        expect(toArray(cg.correlate2d(x, h, 'full', c))).toEqual([[2, 3, 5, 7, 9, -1, 5]]);
        expect(toArray(cg.correlate2d(x, h, 'same', c))).toEqual([[3, 5, 7, 9, -1]]);
        expect(toArray(cg.correlate2d(x, h, 'valid', c))).toEqual([[5, 7, 9]]);
        // Nx1: the same numbers in a column.
        const xc = { data: x.data.slice(), rows: 5, cols: 1 };
        const hc = { data: h.data.slice(), rows: 3, cols: 1 };
        expect(toArray(cg.conv2d(xc, hc, 'full', c)).flat()).toEqual([1, 1, 3, 5, 7, 3, 10]);
        expect(toArray(cg.conv2d(xc, hc, 'same', c)).flat()).toEqual([1, 3, 5, 7, 3]);
        expect(cg.conv2d(xc, hc, 'same', c).cols).toBe(1);
        expect(toArray(cg.correlate2d(xc, hc, 'valid', c)).flat()).toEqual([5, 7, 9]);
      }
    }
    for (const n of [1, 2, 3, 7, 16, 17, 33, 40]) for (const l of [1, 2, 5, 9]) verifyShape(cg, 1, n, 1, l);
  });

  it('N×1 signals', () => {
    for (const m of [1, 2, 3, 7, 16, 17, 33, 40]) for (const k of [1, 2, 5, 9]) verifyShape(cg, m, 1, k, 1);
  });

  it("even kernels (2×2, 4×2, 2×4) in 'same': MATLAB and scipy crops differ by one pixel", () => {
    for (const [k, l] of [[2, 2], [4, 2], [2, 4]] as const) {
      verifyShape(cg, 7, 9, k, l, ['same']);
      // Integer data: exact results, so the shift can be compared exactly.
      const xs = fillValues(7 * 9, { seed: 99, kind: 'integers' });
      const hs = fillValues(k * l, { seed: 100, kind: 'integers' });
      for (const dtype of DTYPES) {
        const x = makeMatrix(7, 9, xs, dtype);
        const h = makeMatrix(k, l, hs, dtype);
        const mat = cg.conv2d(x, h, 'same', { convention: 'matlab' });
        const sci = cg.conv2d(x, h, 'same', { convention: 'scipy' });
        const full = cg.conv2d(x, h, 'full');
        // Each axis with an even kernel length shifts by one: MATLAB at floor(k/2), scipy at floor((k−1)/2).
        for (let i = 0; i < 7; i++) {
          for (let j = 0; j < 9; j++) {
            // === (not Object.is): an exact zero may come out as +0 or −0 from different crops.
            expect(mat.data[i * 9 + j] === full.data[(i + k / 2) * full.cols + (j + l / 2)]).toBe(true);
            expect(sci.data[i * 9 + j] === full.data[(i + k / 2 - 1) * full.cols + (j + l / 2 - 1)]).toBe(true);
          }
        }
        // Correlation 'same' ignores the convention.
        assertSameBits('correlate2d same matlab vs scipy', cg.correlate2d(x, h, 'same', { convention: 'matlab' }), cg.correlate2d(x, h, 'same', { convention: 'scipy' }));
      }
    }
  });

  it("kernel equal to the image in 'valid': a 1×1 output", () => {
    for (const [m, n] of [[1, 1], [3, 3], [2, 5], [9, 4], [9, 9]] as const) {
      verifyShape(cg, m, n, m, n, ['valid']);
      for (const dtype of DTYPES) {
        const x = makeMatrix(m, n, fillValues(m * n, { seed: m * 10 + n, kind: 'integers' }), dtype);
        const h = makeMatrix(m, n, fillValues(m * n, { seed: m * 10 + n + 1, kind: 'integers' }), dtype);
        // conv 'valid' = Σ x[i,j]·h[m−1−i, n−1−j]; correlation 'valid' = Σ x[i,j]·h[i,j] (exact on integers).
        let conv = 0;
        let corr = 0;
        for (let i = 0; i < m * n; i++) {
          conv += x.data[i]! * h.data[m * n - 1 - i]!;
          corr += x.data[i]! * h.data[i]!;
        }
        expect(toArray(cg.conv2d(x, h, 'valid'))).toEqual([[conv]]);
        expect(toArray(cg.correlate2d(x, h, 'valid'))).toEqual([[corr]]);
      }
    }
  });

  it("kernel larger than the image in 'full' and 'same'", () => {
    for (const [m, n, k, l] of [[1, 1, 9, 9], [2, 3, 5, 4], [3, 2, 4, 7], [1, 5, 3, 1], [4, 1, 1, 6], [2, 2, 9, 2], [5, 5, 8, 9]] as const) {
      verifyShape(cg, m, n, k, l, ['full', 'same']);
    }
  });

  it('output widths 1..20 and heights 1..6 (SIMD tiles of 4, 8, 16 columns and their tails)', () => {
    for (let R = 1; R <= 6; R++) {
      for (let Cc = 1; Cc <= 20; Cc++) {
        // 'valid' with a 3×3 and an even 2×4 kernel, 'same' with 3×2, 'full' with 1×1 and 2×3.
        for (const mode of ['valid', 'same', 'full'] as const) {
          const kernels: Array<[number, number]> = mode === 'valid' ? [[3, 3], [2, 4]] : mode === 'same' ? [[3, 2]] : [[1, 1], [2, 3]];
          for (const [k, l] of kernels) {
            const m = mode === 'valid' ? R + k - 1 : mode === 'same' ? R : R - k + 1;
            const n = mode === 'valid' ? Cc + l - 1 : mode === 'same' ? Cc : Cc - l + 1;
            if (m < 1 || n < 1) continue;
            verifyShape(cg, m, n, k, l, [mode]);
          }
        }
      }
    }
  });

  it('image widths 1..20 for the image gradient, kernel-gradient outputs up to 9×9', () => {
    for (let n = 1; n <= 20; n++) verifyShape(cg, 3, n, 2, Math.min(n, 3), ['valid']);
    for (const [k, l] of [[9, 9], [5, 8], [8, 5], [1, 9], [9, 1]] as const) verifyShape(cg, 12, 13, k, l, ['valid', 'full']);
  });

  it('a larger problem (64×64 image, 9×9 kernel, 51×51 kernel valid)', () => {
    for (const dtype of DTYPES) {
      const inp = inputs(64, 64, 9, 9, 'same', 'matlab', dtype);
      verifyForward(cg, inp, 'same', 'matlab', dtype, `64×64 same ${dtype}: `);
    }
    // A kernel-estimation-sized problem; forward only (the dense operator would be large).
    for (const dtype of DTYPES) {
      const inp = inputs(60, 58, 51, 51, 'valid', 'matlab', dtype);
      verifyForward(cg, inp, 'valid', 'matlab', dtype, `60×58 valid 51×51 ${dtype}: `);
    }
  });

  it('defaults: conv2d/correlate2d mode full, least-squares mode valid, convention matlab', () => {
    for (const dtype of DTYPES) {
      const x = makeMatrix(6, 7, fillValues(42, { seed: 5, kind: 'uniform' }), dtype);
      const h = makeMatrix(2, 4, fillValues(8, { seed: 6, kind: 'uniform' }), dtype);
      assertSameBits('conv2d default mode', cg.conv2d(x, h), cg.conv2d(x, h, 'full'));
      assertSameBits('correlate2d default mode', cg.correlate2d(x, h), cg.correlate2d(x, h, 'full'));
      assertSameBits('conv2d default convention', cg.conv2d(x, h, 'same'), cg.conv2d(x, h, 'same', { convention: 'matlab' }));
      assertSameBits('conv2d options {}', cg.conv2d(x, h, 'same', {}), cg.conv2d(x, h, 'same', { convention: 'matlab' }));
      const yValid = makeMatrix(5, 4, fillValues(20, { seed: 7, kind: 'uniform' }), dtype);
      expect(cg.objective(x, h, yValid)).toBe(cg.objective(x, h, yValid, 'valid'));
      assertSameBits('gradKernel default mode', cg.gradKernel(x, h, yValid), cg.gradKernel(x, h, yValid, 'valid'));
      assertSameBits('gradImage default mode', cg.gradImage(x, h, yValid), cg.gradImage(x, h, yValid, 'valid'));
      const d = cg.valueAndGrad(x, h, yValid);
      expect(d.value).toBe(cg.objective(x, h, yValid, 'valid'));
      assertSameBits('valueAndGrad default wrt both: kernel', d.gradKernel!, cg.gradKernel(x, h, yValid));
      assertSameBits('valueAndGrad default wrt both: image', d.gradImage!, cg.gradImage(x, h, yValid));
      const ySame = makeMatrix(6, 7, fillValues(42, { seed: 8, kind: 'uniform' }), dtype);
      expect(cg.objective(x, h, ySame, 'same')).toBe(cg.objective(x, h, ySame, 'same', { convention: 'matlab' }));
      assertSameBits(
        'gradImage default convention',
        cg.gradImage(x, h, ySame, 'same'),
        cg.gradImage(x, h, ySame, 'same', { convention: 'matlab' }),
      );
    }
  });

  it('inputs are never mutated (every function, every mode)', () => {
    for (const dtype of DTYPES) {
      for (const mode of MODES) {
        for (const convention of CONVENTIONS) {
          const inp = inputs(9, 11, 4, 3, mode, convention, dtype);
          const { x, h, y } = inp;
          const before = [x, h, y].map(cloneMatrix);
          const unchanged = (what: string) => {
            [x, h, y].forEach((m, i) => {
              if (!sameBytes(m.data, before[i]!.data) || m.rows !== before[i]!.rows || m.cols !== before[i]!.cols) {
                throw new Error(`${what} (${mode}, ${convention}, ${dtype}) mutated input ${'xhy'[i]}`);
              }
            });
          };
          const o = { convention };
          cg.conv2d(x, h, mode, o); unchanged('conv2d');
          cg.correlate2d(x, h, mode, o); unchanged('correlate2d');
          cg.objective(x, h, y, mode, o); unchanged('objective');
          cg.gradKernel(x, h, y, mode, o); unchanged('gradKernel');
          cg.gradImage(x, h, y, mode, o); unchanged('gradImage');
          for (const wrt of ['both', 'kernel', 'image'] as const) {
            cg.valueAndGrad(x, h, y, mode, { convention, wrt });
            unchanged(`valueAndGrad ${wrt}`);
          }
          // The options objects are not mutated either.
          const opts = { convention };
          cg.conv2d(x, h, mode, opts);
          expect(opts).toEqual({ convention });
        }
      }
    }
  });

  it('options.out is written and returned (same object)', () => {
    for (const dtype of DTYPES) {
      for (const mode of MODES) {
        for (const convention of CONVENTIONS) {
          const { x, h, y } = inputs(8, 10, 3, 4, mode, convention, dtype);
          const o = { convention };
          const nanLike = (m: Matrix): Matrix => {
            const c = cloneMatrix(m);
            c.data.fill(NaN); // every entry must be overwritten
            return c;
          };
          const z = cg.conv2d(x, h, mode, o);
          const outZ = nanLike(z);
          expect(cg.conv2d(x, h, mode, { convention, out: outZ })).toBe(outZ);
          assertSameBits('conv2d out', outZ, z);

          const c = cg.correlate2d(x, h, mode, o);
          const outC = nanLike(c);
          expect(cg.correlate2d(x, h, mode, { convention, out: outC })).toBe(outC);
          assertSameBits('correlate2d out', outC, c);

          const gk = cg.gradKernel(x, h, y, mode, o);
          const outK = nanLike(gk);
          expect(cg.gradKernel(x, h, y, mode, { convention, out: outK })).toBe(outK);
          assertSameBits('gradKernel out', outK, gk);

          const gi = cg.gradImage(x, h, y, mode, o);
          const outI = nanLike(gi);
          expect(cg.gradImage(x, h, y, mode, { convention, out: outI })).toBe(outI);
          assertSameBits('gradImage out', outI, gi);

          const vK = nanLike(gk);
          const vI = nanLike(gi);
          const r = cg.valueAndGrad(x, h, y, mode, { convention, out: { gradKernel: vK, gradImage: vI } });
          expect(r.gradKernel).toBe(vK);
          expect(r.gradImage).toBe(vI);
          assertSameBits('valueAndGrad out.gradKernel', vK, gk);
          assertSameBits('valueAndGrad out.gradImage', vI, gi);
          // Only one given: that one is used, the other allocated.
          const vK2 = nanLike(gk);
          const r2 = cg.valueAndGrad(x, h, y, mode, { convention, out: { gradKernel: vK2 } });
          expect(r2.gradKernel).toBe(vK2);
          assertSameBits('valueAndGrad out.gradKernel only', vK2, gk);
          assertSameBits('valueAndGrad allocated gradImage', r2.gradImage!, gi);
          const vI2 = nanLike(gi);
          const r3 = cg.valueAndGrad(x, h, y, mode, { convention, wrt: 'image', out: { gradImage: vI2 } });
          expect(r3.gradImage).toBe(vI2);
          expect(r3.gradKernel).toBeUndefined();
          assertSameBits('valueAndGrad wrt image out', vI2, gi);
        }
      }
    }
  });

  it('inputs and outputs may be views into larger buffers (byteOffset ≠ 0); neighbours are untouched', () => {
    for (const dtype of DTYPES) {
      const Ctor = dtype === 'float32' ? Float32Array : Float64Array;
      for (const mode of MODES) {
        const inp = inputs(10, 13, 3, 5, mode, 'matlab', dtype);
        // Copy each input into the middle of a bigger buffer, at an odd element offset.
        const embed = (m: Matrix, pad: number): Matrix => {
          const big = new Ctor(m.data.length + 2 * pad).fill(12345);
          big.set(m.data, pad);
          return { data: big.subarray(pad, pad + m.data.length), rows: m.rows, cols: m.cols };
        };
        const xv = embed(inp.x, 3);
        const hv = embed(inp.h, 1);
        const yv = embed(inp.y, 5);
        assertSameBits(`conv2d on views (${mode})`, cg.conv2d(xv, hv, mode), cg.conv2d(inp.x, inp.h, mode));
        assertSameBits(`correlate2d on views (${mode})`, cg.correlate2d(xv, hv, mode), cg.correlate2d(inp.x, inp.h, mode));
        expect(cg.objective(xv, hv, yv, mode)).toBe(cg.objective(inp.x, inp.h, inp.y, mode));
        const ref = cg.valueAndGrad(inp.x, inp.h, inp.y, mode);
        const got = cg.valueAndGrad(xv, hv, yv, mode);
        expect(got.value).toBe(ref.value);
        assertSameBits(`gradKernel on views (${mode})`, got.gradKernel!, ref.gradKernel!);
        assertSameBits(`gradImage on views (${mode})`, got.gradImage!, ref.gradImage!);

        // Outputs as views: exactly their elements are written.
        const z = cg.conv2d(inp.x, inp.h, mode);
        const outBig = new Ctor(z.data.length + 6).fill(-777);
        const out = { data: outBig.subarray(3, 3 + z.data.length), rows: z.rows, cols: z.cols };
        cg.conv2d(xv, hv, mode, { out });
        assertSameBits(`conv2d into a view (${mode})`, out, z);
        for (const i of [0, 1, 2, outBig.length - 3, outBig.length - 2, outBig.length - 1]) expect(outBig[i]).toBe(-777);

        const gBig = new Ctor(inp.x.data.length + 4).fill(-777);
        const gOut = { data: gBig.subarray(2, 2 + inp.x.data.length), rows: inp.x.rows, cols: inp.x.cols };
        cg.gradImage(xv, hv, yv, mode, { out: gOut });
        // Against gradImage itself: near the direct/FFT crossover it may take another path than valueAndGrad.
        assertSameBits(`gradImage into a view (${mode})`, gOut, cg.gradImage(inp.x, inp.h, inp.y, mode));
        for (const i of [0, 1, gBig.length - 2, gBig.length - 1]) expect(gBig[i]).toBe(-777);
      }
    }
  });

  it('repeated calls are deterministic and independent of earlier, larger calls', () => {
    for (const dtype of DTYPES) {
      const small = inputs(5, 6, 2, 3, 'same', 'scipy', dtype);
      const first = cg.valueAndGrad(small.x, small.h, small.y, 'same', { convention: 'scipy' });
      const firstZ = cg.conv2d(small.x, small.h, 'full');
      const big = inputs(40, 40, 9, 9, 'full', 'matlab', dtype);
      cg.valueAndGrad(big.x, big.h, big.y, 'full');
      const again = cg.valueAndGrad(small.x, small.h, small.y, 'same', { convention: 'scipy' });
      expect(again.value).toBe(first.value);
      assertSameBits('gradKernel after a larger call', again.gradKernel!, first.gradKernel!);
      assertSameBits('gradImage after a larger call', again.gradImage!, first.gradImage!);
      assertSameBits('conv2d after a larger call', cg.conv2d(small.x, small.h, 'full'), firstZ);
    }
  });
});

describe('backends agree with each other', () => {
  it('on integer data (exact arithmetic) all backends give the same values', () => {
    const xs = fillValues(12 * 17, { seed: 77, kind: 'integers' });
    const hs = fillValues(4 * 5, { seed: 78, kind: 'integers' });
    for (const dtype of DTYPES) {
      const x = makeMatrix(12, 17, xs, dtype);
      const h = makeMatrix(4, 5, hs, dtype);
      for (const mode of MODES) {
        for (const convention of CONVENTIONS) {
          const ref = all[0]!.cg.conv2d(x, h, mode, { convention });
          for (const b of all.slice(1)) {
            const got = b.cg.conv2d(x, h, mode, { convention });
            expect(got.data.constructor).toBe(ref.data.constructor);
            // Exact integer arithmetic: equal values (=== treats +0 and −0 alike).
            expect(Array.from(got.data).every((v, i) => v === ref.data[i])).toBe(true);
          }
        }
      }
    }
  });
});

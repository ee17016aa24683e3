/**
 * Issue 11 item 4: one NaN policy for every function, method and backend. A NaN or ±Infinity in
 * x, h or y is an ArgumentError (the solvers' class and code) naming the argument, its row,
 * column and index; `checkFinite: false` lets it through. The scan itself (SIMD in WebAssembly)
 * is checked against a plain loop at every position near the vector lanes' edges.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ArgumentError, type Convgrad, type Matrix } from '../../src/index.js';
import { backends } from '../support/backends.js';
import { fillValues, makeMatrix, type DTypeName } from '../support/random.js';

const all = await backends();
const mat = (r: number, c: number, seed: number, dtype: DTypeName): Matrix =>
  makeMatrix(r, c, fillValues(r * c, { seed, kind: 'uniform' }), dtype);

function calls(cg: Convgrad, method: string) {
  return {
    conv2d: (x: Matrix, h: Matrix, _y: Matrix, o: object) => cg.conv2d(x, h, 'valid', { method, ...o } as never),
    correlate2d: (x: Matrix, h: Matrix, _y: Matrix, o: object) => cg.correlate2d(x, h, 'valid', { method, ...o } as never),
    objective: (x: Matrix, h: Matrix, y: Matrix, o: object) => cg.objective(x, h, y, 'valid', { method, ...o } as never),
    gradKernel: (x: Matrix, h: Matrix, y: Matrix, o: object) => cg.gradKernel(x, h, y, 'valid', { method, ...o } as never),
    gradImage: (x: Matrix, h: Matrix, y: Matrix, o: object) => cg.gradImage(x, h, y, 'valid', { method, ...o } as never),
    valueAndGrad: (x: Matrix, h: Matrix, y: Matrix, o: object) => cg.valueAndGrad(x, h, y, 'valid', { method, ...o } as never),
  };
}
const USES_Y = new Set(['objective', 'gradKernel', 'gradImage', 'valueAndGrad']);

describe.each(all.map((b) => [b.name, b] as const))('%s NaN policy', (name, { cg }) => {
  const methods = name === 'js' ? ['direct', 'auto'] : ['direct', 'fft', 'auto'];
  for (const dtype of ['float32', 'float64'] as const) {
    for (const method of methods) {
      it(`${dtype} ${method}: NaN, Infinity, −Infinity in x, h, y are an ArgumentError naming the argument and index`, () => {
        for (const [fname, fn] of Object.entries(calls(cg, method))) {
          for (const bad of [NaN, Infinity, -Infinity]) {
            for (const arg of USES_Y.has(fname) ? ['x', 'h', 'y'] : ['x', 'h']) {
              const p = { x: mat(20, 19, 1, dtype), h: mat(5, 4, 2, dtype), y: mat(16, 16, 3, dtype) };
              const target = p[arg as 'x'];
              const index = target.data.length - 3; // past the SIMD blocks: the tail is scanned too
              target.data[index] = bad;
              const copy = target.data.slice();
              let thrown: unknown;
              try {
                fn(p.x, p.h, p.y, {});
              } catch (e) {
                thrown = e;
              }
              expect(thrown, `${fname} ${arg}=${bad}`).toBeInstanceOf(ArgumentError);
              const msg = (thrown as ArgumentError).message;
              expect((thrown as ArgumentError).code).toBe('ERR_ARGUMENT');
              expect(msg).toMatch(new RegExp(`^${arg} has a non-finite value \\(${String(bad).replace('-', '−?-?')}\\)`));
              const r = Math.floor(index / target.cols);
              const c = index % target.cols;
              expect(msg).toContain(`row ${r}, column ${c}`);
              expect(msg).toContain(`index ${index}`);
              expect(msg).toContain('checkFinite');
              expect(target.data).toEqual(copy); // never mutated
            }
          }
        }
      });
    }
    it(`${dtype}: checkFinite: false computes with the NaN (direct: only outputs whose window holds it)`, () => {
      const x = mat(12, 12, 4, dtype);
      const h = mat(3, 3, 5, dtype);
      x.data[0] = NaN;
      const out = cg.conv2d(x, h, 'valid', { method: 'direct', checkFinite: false });
      expect(Number.isNaN(out.data[0]!)).toBe(true);
      expect(Number.isFinite(out.data[out.data.length - 1]!)).toBe(true);
      expect(() => cg.conv2d(x, h, 'valid', { checkFinite: 'no' as never })).toThrow(/options\.checkFinite must be true or false, got the string "no"/);
    });
  }
  it('large inputs (scanned in 256 KiB chunks as they are copied): the first bad value in any chunk, none among extreme finite ones', () => {
    for (const dtype of ['float32', 'float64'] as const) {
      const n = 200_003; // 3+ chunks of float32, 6+ of float64, and a tail
      const make = (seed: number) => mat(1, n, seed, dtype);
      const one = mat(1, 1, 9, dtype);
      const chunk = 262_144 / (dtype === 'float32' ? 4 : 8);
      for (const i of [chunk - 1, chunk, 2 * chunk + 1, n - 1]) {
        for (const arg of ['x', 'y'] as const) {
          const x = make(1);
          const y = make(2);
          (arg === 'x' ? x : y).data[i] = Infinity;
          if (i + chunk < n) (arg === 'x' ? x : y).data[i + chunk] = NaN; // a later one, in a later chunk
          expect(() => cg.valueAndGrad(x, one, y, 'valid', { method: 'direct' }), `${dtype} ${arg} ${i}`).toThrow(new RegExp(`^${arg} has a non-finite value \\(Infinity\\) at row 0, column ${i} \\(index ${i} `));
        }
      }
      // The largest finite values, the smallest subnormals and −0 are finite: no error.
      const extremes = make(3);
      const big = dtype === 'float32' ? 3.4028234663852886e38 : Number.MAX_VALUE;
      [big, -big, 1.401298464324817e-45, -0, Number.MIN_VALUE].forEach((v, t) => { extremes.data[t * chunk + 5] = v; });
      expect(() => cg.conv2d(extremes, one, 'valid', { method: 'direct' })).not.toThrow();
      expect(() => cg.conv2d(extremes, one, 'valid')).not.toThrow();
    }
  });
  it('the scan finds the first non-finite value wherever it is (every length 1…70, every position)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 70 }), fc.nat(), fc.constantFrom(NaN, Infinity, -Infinity), fc.constantFrom('float32', 'float64'),
        fc.option(fc.nat(), { nil: undefined }),
        (len, pos, bad, dtype, second) => {
          const m = mat(1, len, len, dtype as DTypeName);
          const i = pos % len;
          m.data[i] = bad;
          if (second !== undefined) m.data[Math.min(len - 1, i + (second % 5))] = NaN;
          expect(() => cg.conv2d(m, mat(1, 1, 9, dtype as DTypeName), 'full')).toThrow(new RegExp(`column ${i} \\(index ${i} `));
        },
      ),
      { numRuns: 400, seed: 11 },
    );
  });
});

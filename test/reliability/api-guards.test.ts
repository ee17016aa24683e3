/**
 * Issue 11 items 10, 11 and the library parts of 12: overlapping outputs, init() switching
 * backends whatever order the loads finish in, garbage WebAssembly, sizes of the wrong type,
 * non-numbers in matrix().
 */
import { describe, expect, it } from 'vitest';
import {
  ArgumentError, ConvgradError, DTypeError, ShapeError, backendInfo, conv2d, init, matrix, zeros, type Matrix,
} from '../../src/index.js';
import { backends } from '../support/backends.js';
import { fillValues, makeMatrix } from '../support/random.js';
import { fromMatrix, gradient, imageOperator, kernelOperator } from '../support/oracle.js';

const all = await backends();
const mat = (r: number, c: number, seed: number): Matrix => makeMatrix(r, c, fillValues(r * c, { seed, kind: 'uniform' }), 'float64');

describe.each(all.map((b) => [b.name, b.cg] as const))('%s outputs that share memory (item 10)', (_name, cg) => {
  const x = mat(8, 9, 1);
  const h = mat(3, 3, 2);
  const y = mat(6, 7, 3);
  it('out.gradKernel overlapping out.gradImage is an ArgumentError naming both', () => {
    const buffer = new Float64Array(80);
    for (const [kOff, iOff] of [[0, 0], [0, 5], [70, 0], [2, 8]] as const) {
      const gradKernel = { data: buffer.subarray(kOff, kOff + 9), rows: 3, cols: 3 };
      const gradImage = { data: buffer.subarray(iOff, iOff + 72), rows: 8, cols: 9 };
      expect(() => cg.valueAndGrad(x, h, y, 'valid', { out: { gradKernel, gradImage } })).toThrow(ArgumentError);
      expect(() => cg.valueAndGrad(x, h, y, 'valid', { out: { gradKernel, gradImage } })).toThrow(
        /options\.out\.gradKernel and options\.out\.gradImage share memory/,
      );
    }
  });
  it('disjoint views of one buffer are fine and give the right gradients', () => {
    const buffer = new Float64Array(81);
    const gradKernel = { data: buffer.subarray(72, 81), rows: 3, cols: 3 };
    const gradImage = { data: buffer.subarray(0, 72), rows: 8, cols: 9 };
    cg.valueAndGrad(x, h, y, 'valid', { out: { gradKernel, gradImage } });
    // float64 against the explicit operator matrices: a few ulps of sums of ≤ 81 terms of size ≤ 1.
    const gk = gradient(kernelOperator(fromMatrix(x), h, 'valid', 'matlab'), h.data, y.data);
    const gi = gradient(imageOperator(fromMatrix(h), x, 'valid', 'matlab'), x.data, y.data);
    for (let i = 0; i < 9; i++) expect(Math.abs(gradKernel.data[i]! - gk[i]!)).toBeLessThan(1e-12);
    for (let i = 0; i < 72; i++) expect(Math.abs(gradImage.data[i]! - gi[i]!)).toBeLessThan(1e-12);
  });
  it('an output overlapping an input is still refused', () => {
    const buffer = new Float64Array(200);
    const xs = { data: buffer.subarray(0, 72), rows: 8, cols: 9 };
    xs.data.set(x.data);
    const gradImage = { data: buffer.subarray(60, 132), rows: 8, cols: 9 };
    expect(() => cg.valueAndGrad(xs, h, y, 'valid', { out: { gradImage } })).toThrow(/shares memory with an input/);
  });
});

describe('init() switching (item 11)', () => {
  it('init(); init({ backend: "js" }) without awaiting leaves the JS baseline active, and back', async () => {
    await Promise.all([init(), init({ backend: 'js' })]);
    expect(backendInfo().backend).toBe('js');
    await Promise.all([init({ backend: 'js' }), init({ backend: 'wasm' })]);
    expect(backendInfo().backend).toMatch(/^wasm-/);
    await Promise.all([init({ backend: 'wasm' }), init({ backend: 'js' }), init()]);
    expect(backendInfo().backend).toBe('js');
    await init({ backend: 'wasm' });
    await init({ backend: 'js' });
    expect(backendInfo().backend).toBe('js');
  });
});

describe('bad input of the wrong kind (item 12)', () => {
  it('init({ wasm: garbage }) is an ArgumentError (a ConvgradError with a code), not a raw CompileError', async () => {
    for (const garbage of [new Uint8Array([1, 2, 3]), new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 255, 255])]) {
      const err = await init({ wasm: garbage }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ConvgradError);
      expect(err).toBeInstanceOf(ArgumentError);
      expect((err as ConvgradError).code).toBe('ERR_ARGUMENT');
      expect((err as Error).message).toMatch(/options\.wasm is not valid WebAssembly/);
    }
  });
  it("a size given as the string '2' is reported with its type", async () => {
    await init({ backend: 'js' });
    expect(() => zeros('2' as never, 3)).toThrow(ShapeError);
    expect(() => zeros('2' as never, 3)).toThrow(/rows must be a positive integer, got the string "2"/);
    const x = { data: new Float64Array(4), rows: '2' as never, cols: 2 };
    expect(() => conv2d(x, mat(1, 1, 1), 'full')).toThrow(/x\.rows must be a positive integer, got the string "2"/);
    for (const b of all) {
      expect(() => b.cg.estimateKernel(mat(4, 4, 1), mat(3, 3, 2), { rows: '2' as never, cols: 2 })).toThrow(
        /size\.rows must be a positive integer, got the string "2"/,
      );
    }
  });
  it("matrix([['a', 2]]) is a DTypeError naming the entry, not NaN", () => {
    expect(() => matrix([['a', 2]] as never)).toThrow(DTypeError);
    expect(() => matrix([['a', 2]] as never)).toThrow(/values\[0\]\[0\] is the string "a", not a number/);
    expect(() => matrix([1, null, 3] as never)).toThrow(/values\[1\] is null, not a number/);
    expect(() => matrix(['a', 2] as never)).toThrow(/values\[0\] is the string "a"/);
    expect(() => matrix([[1, 2], [3, {}]] as never)).toThrow(/values\[1\]\[1\] is a value of type object/);
    expect(matrix([[1, 2], [3, 4]]).data).toEqual(new Float64Array([1, 2, 3, 4]));
  });
});

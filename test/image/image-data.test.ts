// fromImageData / toImageData: exact round trips (fast-check over shapes and pixels, 1×1 included),
// BT.601 luminance against per-pixel float64 arithmetic, ranges, clamping, errors, and the hints
// conv2d gives when handed pixels or nested arrays. Runs in Node and Chromium (a real ImageData there).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ArgumentError, conv2d, DTypeError, fromImageData, init, matrix, ShapeError, toImageData, type ImageDataLike, type Matrix,
} from '../../src/index.js';

const pixels = fc
  .record({ width: fc.integer({ min: 1, max: 9 }), height: fc.integer({ min: 1, max: 9 }) })
  .chain(({ width, height }) => fc.uint8Array({ minLength: 4 * width * height, maxLength: 4 * width * height })
    .map((bytes): ImageDataLike => ({ data: new Uint8ClampedArray(bytes), width, height })));

describe('fromImageData / toImageData', () => {
  it('round-trip RGBA pixels exactly (rgba channels, float32 and float64)', () => {
    fc.assert(fc.property(pixels, fc.constantFrom('float32', 'float64') as fc.Arbitrary<'float32' | 'float64'>, (img, dtype) => {
      const channels = fromImageData(img, { channels: 'rgba', dtype });
      expect(channels).toHaveLength(4);
      for (const [c, m] of channels.entries()) {
        expect(m.rows).toBe(img.height);
        expect(m.cols).toBe(img.width);
        expect(m.data).toBeInstanceOf(dtype === 'float32' ? Float32Array : Float64Array);
        // b · (1/255), as the CLI's readImage computes it (so the two agree bit for bit): within an ulp of b/255.
        for (let i = 0; i < m.data.length; i++) {
          const v = img.data[4 * i + c]! * (1 / 255);
          expect(m.data[i]).toBe(dtype === 'float32' ? Math.fround(v) : v);
          expect(Math.abs(v - img.data[4 * i + c]! / 255)).toBeLessThanOrEqual(Number.EPSILON);
        }
      }
      const back = toImageData(channels);
      expect(back.width).toBe(img.width);
      expect(back.height).toBe(img.height);
      expect(back.data).toBeInstanceOf(Uint8ClampedArray);
      expect([...back.data]).toEqual([...img.data]);
    }), { numRuns: 60 });
  });

  it('rgb drops alpha and comes back opaque', () => {
    fc.assert(fc.property(pixels, (img) => {
      const back = toImageData(fromImageData(img, { channels: 'rgb' }));
      for (let i = 0; i < img.data.length; i++) expect(back.data[i]).toBe(i % 4 === 3 ? 255 : img.data[i]);
    }), { numRuns: 30 });
  });

  it("'luminance' (default) is 0.299 R + 0.587 G + 0.114 B over 255, and a gray image is read exactly", () => {
    const img: ImageDataLike = { data: new Uint8ClampedArray([255, 0, 0, 255, 0, 255, 0, 9, 0, 0, 255, 0, 10, 20, 30, 255]), width: 2, height: 2 };
    const y = fromImageData(img);
    expect(y.rows).toBe(2);
    expect(y.cols).toBe(2);
    const oracle = [[255, 0, 0], [0, 255, 0], [0, 0, 255], [10, 20, 30]].map(([r, g, b]) => (0.299 * r! + 0.587 * g! + 0.114 * b!) / 255);
    for (let i = 0; i < 4; i++) expect(y.data[i]).toBeCloseTo(oracle[i]!, 15);
    const gray: ImageDataLike = { data: new Uint8ClampedArray([7, 7, 7, 255, 200, 200, 200, 0]), width: 2, height: 1 };
    expect([...fromImageData(gray).data]).toEqual([7 * (1 / 255), 200 * (1 / 255)]);
    // One Matrix drawn back is gray: R = G = B, opaque.
    expect([...toImageData(fromImageData(gray)).data]).toEqual([7, 7, 7, 255, 200, 200, 200, 255]);
  });

  it('range maps values linearly to 0…255 (rounded), clamps by default, auto uses the data', () => {
    const m = matrix([[-1, 0, 0.5, 1, 2]]);
    const bytes = (img: ImageDataLike) => [...img.data].filter((_, i) => i % 4 === 0);
    expect(bytes(toImageData(m))).toEqual([0, 0, 128, 255, 255]);
    expect(bytes(toImageData(m, { range: [-1, 2] }))).toEqual([0, 85, 128, 170, 255]);
    expect(bytes(toImageData(m, { range: 'auto' }))).toEqual([0, 85, 128, 170, 255]);
    expect(bytes(toImageData(matrix([[3, 3]]), { range: 'auto' }))).toEqual([128, 128]);
    expect(() => toImageData(m, { clamp: false })).toThrow(/source at row 0, column 0 is -1, outside options\.range \[0, 1\]/);
    expect(() => toImageData(matrix([[0, NaN]]))).toThrow(/column 1 is NaN/);
    expect(() => toImageData(m, { range: [1, 0] })).toThrow(ArgumentError);
  });

  it('returns a real ImageData where the environment has one', () => {
    const img = toImageData(matrix([[0.5]]));
    if (typeof ImageData === 'function') expect(img).toBeInstanceOf(ImageData);
    else expect(Object.keys(img).sort()).toEqual(['data', 'height', 'width']);
  });

  it('rejects bad input with the argument named', () => {
    expect(() => fromImageData({ data: new Uint8ClampedArray(3), width: 1, height: 1 })).toThrow(ShapeError);
    expect(() => fromImageData({ data: new Float32Array(4), width: 1, height: 1 } as never)).toThrow(/imageData\.data must be a Uint8ClampedArray/);
    expect(() => fromImageData({ data: new Uint8ClampedArray(4), width: 1, height: 1 }, { channels: 'hsv' as never })).toThrow(/options\.channels/);
    expect(() => fromImageData({ data: new Uint8ClampedArray(4), width: 1, height: 1 }, { chanels: 'rgb' } as never)).toThrow(/did you mean 'channels'/);
    const a = matrix([[1, 2]]);
    expect(() => toImageData([a, a, matrix([[1, 2, 3]])])).toThrow(/source\[2\] is 1×3 but source\[0\] is 1×2/);
    expect(() => toImageData([a, a] as Matrix[])).toThrow(/\[r, g, b\]/);
  });
});

describe('conv2d says what to call for the usual mistakes', () => {
  it('ImageData, a canvas, nested arrays', async () => {
    await init();
    const h = matrix([[1]]);
    const img: ImageDataLike = { data: new Uint8ClampedArray(16), width: 2, height: 2 };
    expect(() => conv2d(img as never, h)).toThrow(DTypeError);
    expect(() => conv2d(img as never, h)).toThrow(/x is ImageData.*fromImageData\(x\)/);
    expect(() => conv2d([[1, 2], [3, 4]] as never, h)).toThrow(/x is an array.*matrix\(x\)/);
    expect(() => conv2d(matrix([[1]]), [[1]] as never)).toThrow(/h is an array.*matrix\(h\)/);
    const canvasLike = { width: 2, height: 2, getContext: () => null };
    expect(() => conv2d(canvasLike as never, h)).toThrow(/x is a canvas.*fromCanvas\(x\)/);
  });
});

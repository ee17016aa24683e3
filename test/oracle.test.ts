/**
 * The oracle is not trusted blindly: it is checked here against documented results of
 * MATLAB/numpy, hand-worked examples, and against second, differently written formulas.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  conv2d,
  correlate2d,
  cropOf,
  fromRows,
  fullConv,
  fullCorr,
  gradient,
  imageOperator,
  kernelOperator,
  matTvec,
  matvec,
  objective,
  omat,
  rot180,
  toRows,
  type OMat,
  type OMode,
  type OConvention,
} from './support/oracle.js';
import { fillValues, valueSpecArb } from './support/random.js';

const row = (v: number[]): OMat => fromRows([v]);

describe('oracle: documented 1-D results (a 1×N matrix is a signal)', () => {
  // numpy.convolve docs: np.convolve([1, 2, 3], [0, 1, 0.5]) -> [0, 1, 2.5, 4, 1.5];
  // 'same' -> [1, 2.5, 4]; 'valid' -> [2.5].
  it('numpy.convolve example', () => {
    const x = row([1, 2, 3]);
    const h = row([0, 1, 0.5]);
    expect(toRows(conv2d(x, h, 'full'))).toEqual([[0, 1, 2.5, 4, 1.5]]);
    expect(toRows(conv2d(x, h, 'same'))).toEqual([[1, 2.5, 4]]);
    expect(toRows(conv2d(x, h, 'same', 'scipy'))).toEqual([[1, 2.5, 4]]); // odd kernel: no difference
    expect(toRows(conv2d(x, h, 'valid'))).toEqual([[2.5]]);
  });

  // numpy.correlate docs: np.correlate([1, 2, 3], [0, 1, 0.5], 'full') -> [0.5, 2, 3.5, 3, 0];
  // 'same' -> [2, 3.5, 3]; default 'valid' -> [3.5].
  it('numpy.correlate example', () => {
    const x = row([1, 2, 3]);
    const h = row([0, 1, 0.5]);
    expect(toRows(correlate2d(x, h, 'full'))).toEqual([[0.5, 2, 3.5, 3, 0]]);
    expect(toRows(correlate2d(x, h, 'same'))).toEqual([[2, 3.5, 3]]);
    expect(toRows(correlate2d(x, h, 'same', 'scipy'))).toEqual([[2, 3.5, 3]]);
    expect(toRows(correlate2d(x, h, 'valid'))).toEqual([[3.5]]);
  });

  // MATLAB conv docs ("Central Part of Convolution"): u = [-1 2 3 -2 0 1 2]; v = [2 4 -1 1];
  // conv(u, v, 'same') -> [15 5 -9 7 6 7 -1]. Worked by hand, F[p] = Σ_a v[a]·u[p−a]:
  //   F = [-2, 0, 15, 5, -9, 7, 6, 7, -1, 2]  (length 7+4−1 = 10)
  // MATLAB 'same' starts at floor(4/2) = 2 -> [15 5 -9 7 6 7 -1]  (matches the docs);
  // scipy/numpy 'same' starts at floor((4−1)/2) = 1 -> [0 15 5 -9 7 6 7]: one sample earlier.
  it('MATLAB conv example with an even kernel; scipy shifts by one', () => {
    const u = row([-1, 2, 3, -2, 0, 1, 2]);
    const v = row([2, 4, -1, 1]);
    expect(toRows(conv2d(u, v, 'full'))).toEqual([[-2, 0, 15, 5, -9, 7, 6, 7, -1, 2]]);
    expect(toRows(conv2d(u, v, 'same', 'matlab'))).toEqual([[15, 5, -9, 7, 6, 7, -1]]);
    expect(toRows(conv2d(u, v, 'same', 'scipy'))).toEqual([[0, 15, 5, -9, 7, 6, 7]]);
    expect(toRows(conv2d(u, v, 'valid'))).toEqual([[5, -9, 7, 6]]);
  });

  // MATLAB conv docs: conv([1 0 1], [2 7]) -> [2 7 2 7].
  it('MATLAB conv polynomial example', () => {
    expect(toRows(conv2d(row([1, 0, 1]), row([2, 7])))).toEqual([[2, 7, 2, 7]]);
  });
});

describe('oracle: hand-worked 2-D examples', () => {
  // x = [1 2; 3 4], h = ones(2). Full convolution by hand:
  //   [1  3 2]
  //   [4 10 6]
  //   [3  7 4]
  // valid = [10]; MATLAB conv2 'same' (start 1,1) = [10 6; 7 4]; scipy 'same' (start 0,0) = [1 3; 4 10].
  it('2×2 image with a 2×2 box kernel', () => {
    const x = fromRows([[1, 2], [3, 4]]);
    const h = fromRows([[1, 1], [1, 1]]);
    expect(toRows(conv2d(x, h, 'full'))).toEqual([[1, 3, 2], [4, 10, 6], [3, 7, 4]]);
    expect(toRows(conv2d(x, h, 'valid'))).toEqual([[10]]);
    expect(toRows(conv2d(x, h, 'same', 'matlab'))).toEqual([[10, 6], [7, 4]]);
    expect(toRows(conv2d(x, h, 'same', 'scipy'))).toEqual([[1, 3], [4, 10]]);
  });

  // x = [1 2 3; 4 5 6; 7 8 9], h = [0 1; 2 0] (asymmetric, so convolution ≠ correlation).
  // Convolution F[p,q] = x[p, q−1] + 2·x[p−1, q]:
  //   [ 0  1  2  3]
  //   [ 2  8 11  6]
  //   [ 8 17 20  9]
  //   [14 16 18  0]
  // Correlation G[p,q] = h[0,1]·x[p−1, q] + h[1,0]·x[p, q−1] = x[p−1, q] + 2·x[p, q−1]:
  //   [0  2  4  6]
  //   [1 10 13 12]
  //   [4 19 22 18]
  //   [7  8  9  0]
  it('3×3 image with an asymmetric 2×2 kernel', () => {
    const x = fromRows([[1, 2, 3], [4, 5, 6], [7, 8, 9]]);
    const h = fromRows([[0, 1], [2, 0]]);
    expect(toRows(fullConv(x, h))).toEqual([[0, 1, 2, 3], [2, 8, 11, 6], [8, 17, 20, 9], [14, 16, 18, 0]]);
    expect(toRows(conv2d(x, h, 'valid'))).toEqual([[8, 11], [17, 20]]);
    expect(toRows(conv2d(x, h, 'same', 'matlab'))).toEqual([[8, 11, 6], [17, 20, 9], [16, 18, 0]]);
    expect(toRows(conv2d(x, h, 'same', 'scipy'))).toEqual([[0, 1, 2], [2, 8, 11], [8, 17, 20]]);

    expect(toRows(fullCorr(x, h))).toEqual([[0, 2, 4, 6], [1, 10, 13, 12], [4, 19, 22, 18], [7, 8, 9, 0]]);
    expect(toRows(correlate2d(x, h, 'valid'))).toEqual([[10, 13], [19, 22]]);
    // Correlation 'same' starts at floor(k/2) = 1 in both conventions (filter2 = scipy correlate2d).
    expect(toRows(correlate2d(x, h, 'same', 'matlab'))).toEqual([[10, 13, 12], [19, 22, 18], [8, 9, 0]]);
    expect(toRows(correlate2d(x, h, 'same', 'scipy'))).toEqual([[10, 13, 12], [19, 22, 18], [8, 9, 0]]);
  });

  it('kernel larger than the image (full and same)', () => {
    // x = [5], h = [1 2 3; 4 5 6]: full = 5·h; same keeps the 1×1 at (floor(2/2), floor(3/2)) = (1,1) -> 25.
    const x = fromRows([[5]]);
    const h = fromRows([[1, 2, 3], [4, 5, 6]]);
    expect(toRows(conv2d(x, h, 'full'))).toEqual([[5, 10, 15], [20, 25, 30]]);
    expect(toRows(conv2d(x, h, 'same', 'matlab'))).toEqual([[25]]);
    // scipy starts at (floor(1/2), floor(2/2)) = (0, 1) -> 10.
    expect(toRows(conv2d(x, h, 'same', 'scipy'))).toEqual([[10]]);
    // correlation full = 5·rot180(h); same at (1,1) -> 5·rot180(h)[1,1] = 5·2 = 10.
    expect(toRows(correlate2d(x, h, 'full'))).toEqual([[30, 25, 20], [15, 10, 5]]);
    expect(toRows(correlate2d(x, h, 'same'))).toEqual([[10]]);
  });

  it('crop table', () => {
    // 10×7 image, 4×3 kernel.
    expect(cropOf('conv', 'full', 'matlab', 10, 7, 4, 3)).toEqual({ r0: 0, c0: 0, rows: 13, cols: 9 });
    expect(cropOf('conv', 'valid', 'scipy', 10, 7, 4, 3)).toEqual({ r0: 3, c0: 2, rows: 7, cols: 5 });
    expect(cropOf('conv', 'same', 'matlab', 10, 7, 4, 3)).toEqual({ r0: 2, c0: 1, rows: 10, cols: 7 });
    expect(cropOf('conv', 'same', 'scipy', 10, 7, 4, 3)).toEqual({ r0: 1, c0: 1, rows: 10, cols: 7 });
    expect(cropOf('corr', 'same', 'scipy', 10, 7, 4, 3)).toEqual({ r0: 2, c0: 1, rows: 10, cols: 7 });
  });
});

// --- second, independently written formulas ---------------------------------------------------

/** Gather form of the full convolution: F[p,q] = Σ_{a,b} h[a,b]·x[p−a, q−b]. */
function gatherConv(x: OMat, h: OMat): OMat {
  const F = omat(x.rows + h.rows - 1, x.cols + h.cols - 1);
  for (let p = 0; p < F.rows; p++) {
    for (let q = 0; q < F.cols; q++) {
      let s = 0;
      for (let a = 0; a < h.rows; a++) {
        for (let b = 0; b < h.cols; b++) {
          const u = p - a;
          const v = q - b;
          if (u >= 0 && u < x.rows && v >= 0 && v < x.cols) s += h.data[a * h.cols + b]! * x.data[u * x.cols + v]!;
        }
      }
      F.data[p * F.cols + q] = s;
    }
  }
  return F;
}

/** Gather form of 'valid' correlation: out[i,j] = Σ h[a,b]·x[i+a, j+b]. */
function gatherCorrValid(x: OMat, h: OMat): OMat {
  const R = x.rows - h.rows + 1;
  const Cc = x.cols - h.cols + 1;
  const out = omat(R, Cc);
  for (let i = 0; i < R; i++) {
    for (let j = 0; j < Cc; j++) {
      let s = 0;
      for (let a = 0; a < h.rows; a++) {
        for (let b = 0; b < h.cols; b++) s += h.data[a * h.cols + b]! * x.data[(i + a) * x.cols + (j + b)]!;
      }
      out.data[i * Cc + j] = s;
    }
  }
  return out;
}

const small = fc.record({
  m: fc.integer({ min: 1, max: 9 }),
  n: fc.integer({ min: 1, max: 9 }),
  k: fc.integer({ min: 1, max: 5 }),
  l: fc.integer({ min: 1, max: 5 }),
  mode: fc.constantFrom<OMode>('full', 'same', 'valid'),
  convention: fc.constantFrom<OConvention>('matlab', 'scipy'),
  xs: valueSpecArb,
  hs: valueSpecArb,
  ys: valueSpecArb,
});

type SmallCase = typeof small extends fc.Arbitrary<infer T> ? T : never;

function build(c: SmallCase) {
  const mode: OMode = c.mode === 'valid' && (c.k > c.m || c.l > c.n) ? 'full' : c.mode;
  const x = omat(c.m, c.n, fillValues(c.m * c.n, c.xs).map((v) => Math.round(v * 8)));
  const h = omat(c.k, c.l, fillValues(c.k * c.l, c.hs).map((v) => Math.round(v * 8)));
  return { x, h, mode };
}

const same = (a: OMat, b: OMat) => expect(toRows(a)).toEqual(toRows(b));

describe('oracle: self-consistency on random small integer cases (exact arithmetic)', () => {
  it('scatter convolution = gather convolution', () => {
    fc.assert(
      fc.property(small, (c) => {
        const { x, h } = build(c);
        same(fullConv(x, h), gatherConv(x, h));
      }),
      { numRuns: 100 },
    );
  });

  it('full correlation = full convolution with rot180(h); correlate valid = gather formula', () => {
    fc.assert(
      fc.property(small, (c) => {
        const { x, h } = build(c);
        same(fullCorr(x, h), fullConv(x, rot180(h)));
        if (h.rows <= x.rows && h.cols <= x.cols) same(correlate2d(x, h, 'valid'), gatherCorrValid(x, h));
      }),
      { numRuns: 100 },
    );
  });

  it("correlate2d = conv2d with rot180(h) except scipy 'same' with an even kernel", () => {
    fc.assert(
      fc.property(small, (c) => {
        const { x, h, mode } = build(c);
        const viaConv = conv2d(x, rot180(h), mode, c.convention);
        const corr = correlate2d(x, h, mode, c.convention);
        if (mode !== 'same' || c.convention === 'matlab') same(corr, viaConv);
        // scipy 'same' with even kernel: the convolution crop starts one earlier than the correlation's.
      }),
      { numRuns: 100 },
    );
  });

  it('matlab and scipy same differ exactly by a one-pixel shift for even kernels', () => {
    // x = 4×5 ramp, h = 2×2 ones: scipy crop starts at (0,0), MATLAB at (1,1).
    const x = omat(4, 5, Array.from({ length: 20 }, (_, i) => i + 1));
    const h = omat(2, 2, [1, 1, 1, 1]);
    const F = fullConv(x, h);
    const mat = conv2d(x, h, 'same', 'matlab');
    const sci = conv2d(x, h, 'same', 'scipy');
    for (let i = 0; i < 4; i++) {
      for (let j = 0; j < 5; j++) {
        expect(mat.data[i * 5 + j]).toBe(F.data[(i + 1) * F.cols + (j + 1)]);
        expect(sci.data[i * 5 + j]).toBe(F.data[i * F.cols + j]);
        if (i + 1 < 4 && j + 1 < 5) expect(sci.data[(i + 1) * 5 + (j + 1)]).toBe(mat.data[i * 5 + j]);
      }
    }
  });

  it('operator matrices reproduce conv2d and agree with each other (A_h·h = A_x·x)', () => {
    fc.assert(
      fc.property(small, (c) => {
        const { x, h, mode } = build(c);
        const z = conv2d(x, h, mode, c.convention);
        const Ah = kernelOperator(x, h, mode, c.convention);
        const Ax = imageOperator(h, x, mode, c.convention);
        expect([Ah.outRows, Ah.outCols, Ax.outRows, Ax.outCols]).toEqual([z.rows, z.cols, z.rows, z.cols]);
        expect(Array.from(matvec(Ah, h.data))).toEqual(Array.from(z.data));
        expect(Array.from(matvec(Ax, x.data))).toEqual(Array.from(z.data));
      }),
      { numRuns: 100 },
    );
  });

  it("gradients = MATH.md's canvas formula: ∇x = corr(E, h, 'valid'), ∇h = corr(E, x, 'valid')", () => {
    fc.assert(
      fc.property(small, (c) => {
        const { x, h, mode } = build(c);
        const cr = cropOf('conv', mode, c.convention, x.rows, x.cols, h.rows, h.cols);
        const y = omat(cr.rows, cr.cols, fillValues(cr.rows * cr.cols, c.ys).map((v) => Math.round(v * 8)));
        const Ah = kernelOperator(x, h, mode, c.convention);
        const Ax = imageOperator(h, x, mode, c.convention);
        // Residual and its zero canvas E of the full size, r placed at (r0, c0).
        const z = conv2d(x, h, mode, c.convention);
        const E = omat(x.rows + h.rows - 1, x.cols + h.cols - 1);
        let sq = 0;
        for (let i = 0; i < cr.rows; i++) {
          for (let j = 0; j < cr.cols; j++) {
            const r = z.data[i * cr.cols + j]! - y.data[i * cr.cols + j]!;
            E.data[(i + cr.r0) * E.cols + (j + cr.c0)] = r;
            sq += r * r;
          }
        }
        expect(Array.from(gradient(Ax, x.data, y.data))).toEqual(Array.from(gatherCorrValid(E, h).data));
        expect(Array.from(gradient(Ah, h.data, y.data))).toEqual(Array.from(gatherCorrValid(E, x).data));
        expect(objective(Ah, h.data, y.data)).toBe(sq / 2);
        expect(objective(Ax, x.data, y.data)).toBe(sq / 2);
        // Adjointness of the dense transposes: <A v, w> = <v, Aᵀ w> exactly on integers.
        const Atw = matTvec(Ah, y.data);
        let lhs = 0;
        let rhs = 0;
        for (let i = 0; i < z.data.length; i++) lhs += z.data[i]! * y.data[i]!;
        for (let i = 0; i < h.data.length; i++) rhs += h.data[i]! * Atw[i]!;
        expect(lhs).toBe(rhs);
      }),
      { numRuns: 100 },
    );
  });
});

import type { Backend } from '../backend.js';
import type { FloatArray, Matrix } from '../types.js';
import { jsLayerKernels } from './layer.js';
import { jsSession } from './session.js';
import { firstNonFiniteJs, scanInputs } from '../validate.js';

/*
 * The pure-JS baseline: what a competent JS developer writes. Row-major loops, bounds
 * clipped once per (output row, kernel tap) instead of per pixel, the innermost loop
 * a contiguous axpy the JIT can keep in registers, no allocation inside loops.
 * Sums accumulate in the output array, so float32 results are rounded to float32 at
 * every step; dot products (the kernel gradient) accumulate in JS doubles.
 */

/** out[i,j] += Σ_b K[a,b]·X[i+r0−a, j+c0−b] over all a, b, with X zero outside. */
function convolveInto(
  out: FloatArray, outRows: number, outCols: number,
  x: FloatArray, m: number, n: number,
  h: FloatArray, k: number, l: number,
  r0: number, c0: number,
): void {
  out.fill(0);
  for (let i = 0; i < outRows; i++) {
    const outRow = i * outCols;
    for (let a = 0; a < k; a++) {
      const u = i + r0 - a;
      if (u < 0 || u >= m) continue;
      const xRow = u * n;
      for (let b = 0; b < l; b++) {
        const w = h[a * l + b]!;
        // j + c0 − b must lie in [0, n)
        const jStart = Math.max(0, b - c0);
        const jEnd = Math.min(outCols, n + b - c0);
        const shift = xRow + c0 - b;
        for (let j = jStart; j < jEnd; j++) out[outRow + j]! += w * x[shift + j]!;
      }
    }
  }
}

function rot180(h: FloatArray): FloatArray {
  return h.slice().reverse();
}

export const jsBackend: Backend = {
  name: 'js',

  // Direct only. Plain typed arrays: the engine's own limits apply and it reports them itself.
  resolveMethod: () => 'direct',
  session: jsSession,
  layer: jsLayerKernels,
  firstNonFinite: firstNonFiniteJs,
  wiener: null,
  spectral: null,

  convolve(out, x, h, r0, c0, _method, reject) {
    if (reject) scanInputs(reject, firstNonFiniteJs, [['x', x.data], ['h', h.data]]);
    convolveInto(out.data, out.rows, out.cols, x.data, x.rows, x.cols, h.data, h.rows, h.cols, r0, c0);
  },

  correlate(out, x, h, r0, c0, _method, reject) {
    if (reject) scanInputs(reject, firstNonFiniteJs, [['x', x.data], ['h', h.data]]);
    // Correlation is convolution with the kernel turned by 180°, read from the same crop.
    convolveInto(out.data, out.rows, out.cols, x.data, x.rows, x.cols, rot180(h.data), h.rows, h.cols, r0, c0);
  },

  valueAndGrad(x, h, y, r0, c0, gradKernel, gradImage, _method, reject) {
    if (reject) scanInputs(reject, firstNonFiniteJs, [['x', x.data], ['h', h.data], ['y', y.data]]);
    const R = y.rows;
    const C = y.cols;
    const r = new (x.data.constructor as Float64ArrayConstructor)(R * C) as FloatArray;
    convolveInto(r, R, C, x.data, x.rows, x.cols, h.data, h.rows, h.cols, r0, c0);
    let sum = 0;
    const yd = y.data;
    for (let t = 0; t < r.length; t++) {
      r[t] = r[t]! - yd[t]!;
      const d = r[t]!; // read back: rounded to the data's precision, as the gradients see it
      sum += d * d;
    }
    if (gradKernel) kernelGradient(gradKernel, x, r, R, C, r0, c0);
    if (gradImage) imageGradient(gradImage, h, r, R, C, r0, c0);
    return 0.5 * sum;
  },
};

/** g[a,b] = Σ_{i,j} r[i,j]·x[i+r0−a, j+c0−b]: one dot product per kernel tap over the overlap. */
function kernelGradient(g: Matrix, x: Matrix, r: FloatArray, R: number, C: number, r0: number, c0: number): void {
  const { rows: k, cols: l, data: gd } = g;
  const { rows: m, cols: n, data: xd } = x;
  for (let a = 0; a < k; a++) {
    const iStart = Math.max(0, a - r0);
    const iEnd = Math.min(R, m + a - r0);
    for (let b = 0; b < l; b++) {
      const jStart = Math.max(0, b - c0);
      const jEnd = Math.min(C, n + b - c0);
      let acc = 0;
      for (let i = iStart; i < iEnd; i++) {
        const rRow = i * C;
        const xShift = (i + r0 - a) * n + c0 - b;
        let rowAcc = 0;
        for (let j = jStart; j < jEnd; j++) rowAcc += r[rRow + j]! * xd[xShift + j]!;
        acc += rowAcc;
      }
      gd[a * l + b] = acc;
    }
  }
}

/** g[u,v] = Σ_{a,b} h[a,b]·r[u−r0+a, v−c0+b] (r zero outside): correlation of r with h. */
function imageGradient(g: Matrix, h: Matrix, r: FloatArray, R: number, C: number, r0: number, c0: number): void {
  const { rows: m, cols: n, data: gd } = g;
  const { rows: k, cols: l, data: hd } = h;
  gd.fill(0);
  for (let u = 0; u < m; u++) {
    const gRow = u * n;
    for (let a = 0; a < k; a++) {
      const i = u - r0 + a;
      if (i < 0 || i >= R) continue;
      const rRow = i * C;
      for (let b = 0; b < l; b++) {
        const w = hd[a * l + b]!;
        // j = v − c0 + b must lie in [0, C)
        const vStart = Math.max(0, c0 - b);
        const vEnd = Math.min(n, C + c0 - b);
        const shift = rRow - c0 + b;
        for (let v = vStart; v < vEnd; v++) gd[gRow + v]! += w * r[shift + v]!;
      }
    }
  }
}

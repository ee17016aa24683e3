/**
 * An independent float64 reference for convgrad. It reuses NOTHING from src/: its own
 * matrix type, its own crop table, the scatter definitions of convolution and correlation,
 * and the explicit dense operator matrices A_h and A_x built column by column from unit
 * impulses. Everything is computed in float64 from the numeric values of the inputs
 * (float32 inputs are widened exactly).
 *
 * Notation (as in /work/shared/MATH.md): image x is m×n, kernel h is k×l, 0-based, row-major.
 */

export type OMode = 'full' | 'valid' | 'same';
export type OConvention = 'matlab' | 'scipy';

/** The oracle's own dense row-major float64 matrix. */
export interface OMat {
  rows: number;
  cols: number;
  data: Float64Array;
}

interface ShapeLike {
  rows: number;
  cols: number;
}

/** A float64 copy of anything shaped like a matrix (a Float32Array is widened exactly). */
export function omat(rows: number, cols: number, data?: ArrayLike<number>): OMat {
  const d = new Float64Array(rows * cols);
  if (data !== undefined) {
    if (data.length !== rows * cols) throw new Error(`oracle: ${data.length} values for ${rows}x${cols}`);
    for (let i = 0; i < d.length; i++) d[i] = data[i]!;
  }
  return { rows, cols, data: d };
}

/** Float64 copy of a library Matrix (or anything with rows, cols, data). */
export function fromMatrix(m: { rows: number; cols: number; data: ArrayLike<number> }): OMat {
  return omat(m.rows, m.cols, m.data);
}

/** Nested rows, for hand-worked examples. */
export function fromRows(rows: number[][]): OMat {
  return omat(rows.length, rows[0]!.length, rows.flat());
}

export function toRows(a: OMat): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < a.rows; i++) out.push(Array.from(a.data.subarray(i * a.cols, (i + 1) * a.cols)));
  return out;
}

export function rot180(a: OMat): OMat {
  const out = omat(a.rows, a.cols);
  const n = a.data.length;
  for (let i = 0; i < n; i++) out.data[i] = a.data[n - 1 - i]!;
  return out;
}

export function absMat(a: OMat): OMat {
  const out = omat(a.rows, a.cols);
  for (let i = 0; i < a.data.length; i++) out.data[i] = Math.abs(a.data[i]!);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Full convolution / correlation by scatter.

/** F = x ∗ h, size (m+k−1)×(n+l−1): every product x[u,v]·h[a,b] lands in F[u+a, v+b]. */
export function fullConv(x: OMat, h: OMat): OMat {
  const { rows: m, cols: n } = x;
  const { rows: k, cols: l } = h;
  const W = n + l - 1;
  const F = omat(m + k - 1, W);
  for (let u = 0; u < m; u++) {
    for (let v = 0; v < n; v++) {
      const xv = x.data[u * n + v]!;
      if (xv === 0) continue; // zero entries contribute nothing (keeps impulse columns cheap)
      for (let a = 0; a < k; a++) {
        for (let b = 0; b < l; b++) {
          const hv = h.data[a * l + b]!;
          if (hv === 0) continue;
          const idx = (u + a) * W + (v + b);
          F.data[idx] = F.data[idx]! + xv * hv;
        }
      }
    }
  }
  return F;
}

/**
 * G = full correlation, G[p,q] = Σ h[a,b]·x[p+a−(k−1), q+b−(l−1)]. Scatter form: the product
 * x[u,v]·h[a,b] lands in G[u−a+k−1, v−b+l−1].
 */
export function fullCorr(x: OMat, h: OMat): OMat {
  const { rows: m, cols: n } = x;
  const { rows: k, cols: l } = h;
  const W = n + l - 1;
  const G = omat(m + k - 1, W);
  for (let u = 0; u < m; u++) {
    for (let v = 0; v < n; v++) {
      const xv = x.data[u * n + v]!;
      if (xv === 0) continue;
      for (let a = 0; a < k; a++) {
        for (let b = 0; b < l; b++) {
          const hv = h.data[a * l + b]!;
          if (hv === 0) continue;
          const idx = (u - a + k - 1) * W + (v - b + l - 1);
          G.data[idx] = G.data[idx]! + xv * hv;
        }
      }
    }
  }
  return G;
}

// ---------------------------------------------------------------------------------------------
// The crop table (the oracle's own; deliberately written differently from src/geometry.ts).

export interface OCrop {
  r0: number;
  c0: number;
  rows: number;
  cols: number;
}

function axisCrop(kind: 'conv' | 'corr', mode: OMode, convention: OConvention, n: number, k: number): [number, number] {
  if (mode === 'full') return [0, n + k - 1];
  if (mode === 'valid') {
    if (k > n) throw new Error(`oracle: valid needs kernel ${k} <= image ${n}`);
    return [k - 1, n - k + 1];
  }
  // 'same': output has the image's size.
  let start: number;
  if (kind === 'corr') start = Math.floor(k / 2); // filter2 = scipy correlate2d
  else if (convention === 'matlab') start = Math.floor(k / 2); // conv2(..., 'same')
  else start = Math.floor((k - 1) / 2); // scipy.signal.convolve2d(..., 'same')
  return [start, n];
}

export function cropOf(
  kind: 'conv' | 'corr',
  mode: OMode,
  convention: OConvention,
  m: number,
  n: number,
  k: number,
  l: number,
): OCrop {
  const [r0, rows] = axisCrop(kind, mode, convention, m, k);
  const [c0, cols] = axisCrop(kind, mode, convention, n, l);
  return { r0, c0, rows, cols };
}

export function crop(F: OMat, c: OCrop): OMat {
  const out = omat(c.rows, c.cols);
  for (let i = 0; i < c.rows; i++) {
    for (let j = 0; j < c.cols; j++) out.data[i * c.cols + j] = F.data[(i + c.r0) * F.cols + (j + c.c0)]!;
  }
  return out;
}

export function conv2d(x: OMat, h: OMat, mode: OMode = 'full', convention: OConvention = 'matlab'): OMat {
  return crop(fullConv(x, h), cropOf('conv', mode, convention, x.rows, x.cols, h.rows, h.cols));
}

export function correlate2d(x: OMat, h: OMat, mode: OMode = 'full', convention: OConvention = 'matlab'): OMat {
  return crop(fullCorr(x, h), cropOf('corr', mode, convention, x.rows, x.cols, h.rows, h.cols));
}

// ---------------------------------------------------------------------------------------------
// Explicit operator matrices.

/** A dense row-major matrix of `rows` × `cols`; outRows×outCols is the shape of A·v as an image. */
export interface Operator {
  rows: number;
  cols: number;
  outRows: number;
  outCols: number;
  data: Float64Array;
}

function impulse(shape: ShapeLike, index: number): OMat {
  const e = omat(shape.rows, shape.cols);
  e.data[index] = 1;
  return e;
}

/** A_h: vec(h) ↦ vec(conv2d(x, h, mode)), for kernels of shape `kShape`. */
export function kernelOperator(x: OMat, kShape: ShapeLike, mode: OMode, convention: OConvention): Operator {
  const c = cropOf('conv', mode, convention, x.rows, x.cols, kShape.rows, kShape.cols);
  const nOut = c.rows * c.cols;
  const nIn = kShape.rows * kShape.cols;
  const data = new Float64Array(nOut * nIn);
  for (let j = 0; j < nIn; j++) {
    const col = conv2d(x, impulse(kShape, j), mode, convention);
    for (let i = 0; i < nOut; i++) data[i * nIn + j] = col.data[i]!;
  }
  return { rows: nOut, cols: nIn, outRows: c.rows, outCols: c.cols, data };
}

/** A_x: vec(x) ↦ vec(conv2d(x, h, mode)), for images of shape `xShape`. */
export function imageOperator(h: OMat, xShape: ShapeLike, mode: OMode, convention: OConvention): Operator {
  const c = cropOf('conv', mode, convention, xShape.rows, xShape.cols, h.rows, h.cols);
  const nOut = c.rows * c.cols;
  const nIn = xShape.rows * xShape.cols;
  const data = new Float64Array(nOut * nIn);
  for (let j = 0; j < nIn; j++) {
    const col = conv2d(impulse(xShape, j), h, mode, convention);
    for (let i = 0; i < nOut; i++) data[i * nIn + j] = col.data[i]!;
  }
  return { rows: nOut, cols: nIn, outRows: c.rows, outCols: c.cols, data };
}

/** A·v (or |A|·|v| when `abs`). */
export function matvec(A: Operator, v: ArrayLike<number>, abs = false): Float64Array {
  if (v.length !== A.cols) throw new Error(`oracle: matvec length ${v.length} != ${A.cols}`);
  const out = new Float64Array(A.rows);
  for (let i = 0; i < A.rows; i++) {
    let s = 0;
    const base = i * A.cols;
    for (let j = 0; j < A.cols; j++) {
      const a = A.data[base + j]!;
      if (a === 0) continue;
      s += abs ? Math.abs(a) * Math.abs(v[j]!) : a * v[j]!;
    }
    out[i] = s;
  }
  return out;
}

/** Aᵀ·w (or |A|ᵀ·|w| when `abs`). */
export function matTvec(A: Operator, w: ArrayLike<number>, abs = false): Float64Array {
  if (w.length !== A.rows) throw new Error(`oracle: matTvec length ${w.length} != ${A.rows}`);
  const out = new Float64Array(A.cols);
  for (let i = 0; i < A.rows; i++) {
    const wi = abs ? Math.abs(w[i]!) : w[i]!;
    if (wi === 0) continue;
    const base = i * A.cols;
    for (let j = 0; j < A.cols; j++) {
      const a = A.data[base + j]!;
      if (a === 0) continue;
      out[j] = out[j]! + (abs ? Math.abs(a) : a) * wi;
    }
  }
  return out;
}

/** Residual A·v − y. */
export function residual(A: Operator, v: ArrayLike<number>, y: ArrayLike<number>): Float64Array {
  const r = matvec(A, v);
  for (let i = 0; i < r.length; i++) r[i] = r[i]! - y[i]!;
  return r;
}

/** ½‖A·v − y‖². */
export function objective(A: Operator, v: ArrayLike<number>, y: ArrayLike<number>): number {
  const r = residual(A, v, y);
  let s = 0;
  for (let i = 0; i < r.length; i++) s += r[i]! * r[i]!;
  return 0.5 * s;
}

/** ∇_v ½‖A·v − y‖² = Aᵀ(A·v − y). */
export function gradient(A: Operator, v: ArrayLike<number>, y: ArrayLike<number>): Float64Array {
  return matTvec(A, residual(A, v, y));
}

// ---------------------------------------------------------------------------------------------
// Absolute-value scales for tolerances. For a sum s = Σ p_i computed in floating point (any
// order), |fl(s) − s| ≤ γ_n · Σ|p_i|; these helpers give the Σ|p_i| per output entry.

/** |A|·|v| + |y|: per-entry magnitude of the residual's terms (y may be omitted). */
export function residualScale(A: Operator, v: ArrayLike<number>, y?: ArrayLike<number>): Float64Array {
  const s = matvec(A, v, true);
  if (y !== undefined) for (let i = 0; i < s.length; i++) s[i] = s[i]! + Math.abs(y[i]!);
  return s;
}

/** |A|ᵀ(|A|·|v| + |y|): per-entry magnitude of the gradient's terms, forward error included. */
export function gradientScale(A: Operator, v: ArrayLike<number>, y: ArrayLike<number>): Float64Array {
  return matTvec(A, residualScale(A, v, y), true);
}

/** Σ_i (|A|·|v| + |y|)_i²: magnitude scale of ½‖A·v − y‖² (times 2). */
export function objectiveScale(A: Operator, v: ArrayLike<number>, y: ArrayLike<number>): number {
  const s = residualScale(A, v, y);
  let t = 0;
  for (let i = 0; i < s.length; i++) t += s[i]! * s[i]!;
  return t;
}

/** conv2d(|x|, |h|): per-entry magnitude of the forward result's terms. */
export function convScale(x: OMat, h: OMat, mode: OMode, convention: OConvention): OMat {
  return conv2d(absMat(x), absMat(h), mode, convention);
}

export function corrScale(x: OMat, h: OMat, mode: OMode, convention: OConvention): OMat {
  return correlate2d(absMat(x), absMat(h), mode, convention);
}

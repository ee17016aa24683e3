/**
 * An independent float64 reference for the Conv2D layer. It reuses NOTHING from src/: its own
 * option parser (padding found by search, not by TensorFlow's formula), and one plain loop over
 * every term (n, o, i, j, c′, a, b) of the forward sum that credits each term to the output, to
 * the input-gradient pixel it came from and to the weight-gradient tap it used — the three
 * definitions read off one enumeration. Alongside each value it keeps Σ|terms| (the scale the
 * round-off of any summation order is bounded by).
 */

export interface OracleOptions {
  stride?: number | [number, number];
  padding?: 'valid' | 'same' | number | [number, number] | [number, number, number, number];
  dilation?: number | [number, number];
  groups?: number;
}

export interface OracleGeometry {
  N: number; Cin: number; H: number; W: number;
  Cout: number; CinG: number; kH: number; kW: number;
  G: number; sh: number; sw: number; dh: number; dw: number;
  top: number; bottom: number; left: number; right: number;
  Ho: number; Wo: number;
}

const pair = (v: number | [number, number] | undefined): [number, number] =>
  v === undefined ? [1, 1] : typeof v === 'number' ? [v, v] : [v[0], v[1]];

/** Output length along one axis with explicit padding. */
function outLen(size: number, before: number, after: number, k: number, s: number, d: number): number {
  let count = 0;
  // Count the window starts that fit, one by one.
  for (let start = 0; start + (k - 1) * d <= size + before + after - 1; start += s) count++;
  return count;
}

/** TensorFlow 'same' along one axis, by search: the least total padding giving ⌈size/s⌉ outputs, odd pixel after. */
function sameAxis(size: number, k: number, s: number, d: number): [number, number] {
  const want = Math.ceil(size / s);
  let total = 0;
  while (outLen(size, 0, total, k, s, d) < want) total++;
  const before = total >> 1;
  return [before, total - before];
}

export function oracleGeometry(xShape: readonly number[], wShape: readonly number[], o: OracleOptions = {}): OracleGeometry {
  const [N, Cin, H, W] = xShape as [number, number, number, number];
  const [Cout, CinG, kH, kW] = wShape as [number, number, number, number];
  const [sh, sw] = pair(o.stride);
  const [dh, dw] = pair(o.dilation);
  const G = o.groups ?? 1;
  let top = 0, bottom = 0, left = 0, right = 0;
  const p = o.padding;
  if (p === 'same') {
    [top, bottom] = sameAxis(H, kH, sh, dh);
    [left, right] = sameAxis(W, kW, sw, dw);
  } else if (typeof p === 'number') {
    top = bottom = left = right = p;
  } else if (Array.isArray(p) && p.length === 2) {
    top = bottom = p[0];
    left = right = p[1];
  } else if (Array.isArray(p) && p.length === 4) {
    [top, bottom, left, right] = p;
  } else if (p !== undefined && p !== 'valid') {
    throw new Error(`oracle: bad padding ${JSON.stringify(p)}`);
  }
  if (Cin !== CinG * G || Cout % G !== 0) throw new Error('oracle: channels do not match groups');
  const Ho = outLen(H, top, bottom, kH, sh, dh);
  const Wo = outLen(W, left, right, kW, sw, dw);
  return { N, Cin, H, W, Cout, CinG, kH, kW, G, sh, sw, dh, dw, top, bottom, left, right, Ho, Wo };
}

export interface OracleResult {
  geometry: OracleGeometry;
  /** Forward output (bias included) and Σ|terms| per element. */
  y: Float64Array;
  yMag: Float64Array;
  /** Input gradient for the given dY and its Σ|terms|. */
  dx: Float64Array;
  dxMag: Float64Array;
  dw: Float64Array;
  dwMag: Float64Array;
  db: Float64Array;
  dbMag: Float64Array;
}

/**
 * Forward and all three gradients in float64. `dy` may be omitted (the gradients are then zero).
 * Values are read as numbers (float32 inputs are widened exactly).
 */
export function oracleLayer(
  x: ArrayLike<number>, xShape: readonly number[],
  w: ArrayLike<number>, wShape: readonly number[],
  bias: ArrayLike<number> | null,
  dy: ArrayLike<number> | null,
  opts: OracleOptions = {},
): OracleResult {
  const g = oracleGeometry(xShape, wShape, opts);
  const { N, Cin, H, W, Cout, CinG, kH, kW, G, sh, sw, dh, dw, top, left, Ho, Wo } = g;
  const CoutG = Cout / G;
  const y = new Float64Array(N * Cout * Ho * Wo);
  const yMag = new Float64Array(y.length);
  const dx = new Float64Array(N * Cin * H * W);
  const dxMag = new Float64Array(dx.length);
  const dW = new Float64Array(Cout * CinG * kH * kW);
  const dwMag = new Float64Array(dW.length);
  const db = new Float64Array(Cout);
  const dbMag = new Float64Array(Cout);
  const X = (n: number, c: number, u: number, v: number): number =>
    u < 0 || u >= H || v < 0 || v >= W ? 0 : x[((n * Cin + c) * H + u) * W + v]!;
  for (let n = 0; n < N; n++) {
    for (let o = 0; o < Cout; o++) {
      const grp = Math.floor(o / CoutG);
      for (let i = 0; i < Ho; i++) {
        for (let j = 0; j < Wo; j++) {
          const yi = ((n * Cout + o) * Ho + i) * Wo + j;
          const d = dy === null ? 0 : dy[yi]!;
          let s = bias === null ? 0 : bias[o]!;
          let m = Math.abs(s);
          db[o]! += d;
          dbMag[o]! += Math.abs(d);
          for (let cg = 0; cg < CinG; cg++) {
            const c = grp * CinG + cg;
            for (let a = 0; a < kH; a++) {
              for (let b = 0; b < kW; b++) {
                const u = i * sh + a * dh - top;
                const v = j * sw + b * dw - left;
                const wi = ((o * CinG + cg) * kH + a) * kW + b;
                const wv = w[wi]!;
                const xv = X(n, c, u, v);
                s += wv * xv;
                m += Math.abs(wv * xv);
                dW[wi]! += d * xv;
                dwMag[wi]! += Math.abs(d * xv);
                if (u >= 0 && u < H && v >= 0 && v < W) {
                  const xi = ((n * Cin + c) * H + u) * W + v;
                  dx[xi]! += wv * d;
                  dxMag[xi]! += Math.abs(wv * d);
                }
              }
            }
          }
          y[yi] = s;
          yMag[yi] = m;
        }
      }
    }
  }
  return { geometry: g, y, yMag, dx, dxMag, dw: dW, dwMag, db, dbMag };
}

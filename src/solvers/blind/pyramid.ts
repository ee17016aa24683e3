// Coarse to fine: the scales, the image at each scale, and the kernel carried to the next one.

/** Image scale between consecutive levels (Pan et al. 2016 use √½ too). */
export const SCALE_STEP = Math.SQRT1_2;

export interface Level {
  /** Image size at this level. */
  rows: number;
  cols: number;
  /** Kernel size at this level (odd). */
  kRows: number;
  kCols: number;
  /** Image scale relative to the input (1 at the finest level). */
  scale: number;
}

const odd = (n: number) => (n % 2 === 0 ? n + 1 : n);

/**
 * The levels, coarsest first: the kernel shrinks by √½ per level until its smaller side is
 * about 5 px (3 at the least), the image with it.
 */
export function levels(H: number, W: number, kRows: number, kCols: number): Level[] {
  const count = Math.max(Math.floor(Math.log(5 / Math.min(kRows, kCols)) / Math.log(SCALE_STEP)), 0) + 1;
  const out: Level[] = [];
  // Scales by repeated multiplication, not Math.pow (whose last bit may differ between engines).
  const scales = [1];
  for (let s = 1; s < count; s++) scales.push(scales[s - 1]! * SCALE_STEP);
  for (let s = count - 1; s >= 0; s--) {
    const scale = scales[s]!;
    out.push(
      s === 0
        ? { rows: H, cols: W, kRows, kCols, scale: 1 }
        : {
            rows: Math.max(Math.round(H * scale), 1),
            cols: Math.max(Math.round(W * scale), 1),
            kRows: Math.max(odd(Math.ceil(kRows * scale)), 3),
            kCols: Math.max(odd(Math.ceil(kCols * scale)), 3),
            scale,
          },
    );
  }
  return out;
}

/** 1-D resampling weights: out[o] = Σ w·in[idx], with a triangle filter widened when shrinking (anti-aliasing). */
function weights(inLen: number, outLen: number): { start: Int32Array; count: Int32Array; idx: Int32Array; w: Float64Array } {
  const f = outLen / inLen;
  const support = f < 1 ? 1 / f : 1; // half-width of the triangle, input pixels
  const taps = Math.ceil(2 * support) + 2;
  const start = new Int32Array(outLen);
  const count = new Int32Array(outLen);
  const idx = new Int32Array(outLen * taps);
  const w = new Float64Array(outLen * taps);
  for (let o = 0; o < outLen; o++) {
    const u = (o + 0.5) / f - 0.5;
    const lo = Math.ceil(u - support);
    const hi = Math.floor(u + support);
    let n = 0;
    let total = 0;
    start[o] = o * taps;
    for (let i = lo; i <= hi && n < taps; i++) {
      const v = 1 - Math.abs(i - u) / support;
      if (v <= 0) continue;
      idx[o * taps + n] = Math.min(Math.max(i, 0), inLen - 1); // replicate the edge
      w[o * taps + n] = v;
      total += v;
      n++;
    }
    for (let t = 0; t < n; t++) w[o * taps + t]! /= total;
    count[o] = n;
  }
  return { start, count, idx, w };
}

/** y (H×W) resampled to outH×outW: separable triangle filter, anti-aliased when shrinking (as imresize 'bilinear'). */
export function resample(y: ArrayLike<number>, H: number, W: number, outH: number, outW: number): Float64Array {
  const cw = weights(W, outW);
  const rw = weights(H, outH);
  const mid = new Float64Array(H * outW);
  for (let i = 0; i < H; i++) {
    for (let o = 0; o < outW; o++) {
      let s = 0;
      for (let t = 0; t < cw.count[o]!; t++) s += cw.w[cw.start[o]! + t]! * y[i * W + cw.idx[cw.start[o]! + t]!]!;
      mid[i * outW + o] = s;
    }
  }
  const out = new Float64Array(outH * outW);
  for (let o = 0; o < outH; o++) {
    for (let j = 0; j < outW; j++) {
      let s = 0;
      for (let t = 0; t < rw.count[o]!; t++) s += rw.w[rw.start[o]! + t]! * mid[rw.idx[rw.start[o]! + t]! * outW + j]!;
      out[o * outW + j] = s;
    }
  }
  return out;
}

/**
 * The kernel of the next (finer) level: k (kr×kc) magnified by `factor` about its centre onto an
 * outR×outC grid by bilinear interpolation (zero outside), then made non-negative with Σ = 1.
 */
export function magnifyKernel(k: Float64Array, kr: number, kc: number, outR: number, outC: number, factor: number): Float64Array {
  const out = new Float64Array(outR * outC);
  const cr = (kr - 1) / 2;
  const cc = (kc - 1) / 2;
  const at = (i: number, j: number) => (i < 0 || j < 0 || i >= kr || j >= kc ? 0 : k[i * kc + j]!);
  let total = 0;
  for (let a = 0; a < outR; a++) {
    const u = (a - (outR - 1) / 2) / factor + cr;
    const i0 = Math.floor(u);
    const fu = u - i0;
    for (let b = 0; b < outC; b++) {
      const v = (b - (outC - 1) / 2) / factor + cc;
      const j0 = Math.floor(v);
      const fv = v - j0;
      const val =
        (1 - fu) * ((1 - fv) * at(i0, j0) + fv * at(i0, j0 + 1)) + fu * ((1 - fv) * at(i0 + 1, j0) + fv * at(i0 + 1, j0 + 1));
      const c = Math.max(val, 0);
      out[a * outC + b] = c;
      total += c;
    }
  }
  if (total > 0) for (let t = 0; t < out.length; t++) out[t]! /= total;
  return out;
}

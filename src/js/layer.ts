import type { LayerGeometry, LayerKernels } from '../layer/kernels.js';
import type { FloatArray } from '../types.js';

/*
 * The pure-JS Conv2D layer: what a competent JS developer writes. Every inner loop is a
 * contiguous run over one output (or input) row, bounds clipped once per (kernel tap, row)
 * instead of per pixel; 1×1 stride-1 unpadded layers are a GEMM blocked over pixels and
 * four output channels. No closures or allocation inside loops.
 *
 * Summation order is fixed: forward and gradInput accumulate in the output array in the order
 * (bias,) input channel, tap row, tap column — so float32 results round to float32 at every
 * step, as in the single-channel JS baseline; gradWeight and gradBias accumulate each
 * reduction over N·Ho·Wo in a JS double and round once.
 */

/** Output rows i whose input row i·s + a·d − p lies in [0, size), for each tap a: [lo, hi). */
function tapRanges(k: number, s: number, d: number, p: number, size: number, out: number): Int32Array {
  const r = new Int32Array(2 * k);
  for (let a = 0; a < k; a++) {
    const off = a * d - p;
    const lo = Math.max(0, Math.ceil(-off / s));
    const hi = Math.min(out, Math.floor((size - 1 - off) / s) + 1);
    r[2 * a] = lo;
    r[2 * a + 1] = Math.max(lo, hi);
  }
  return r;
}

/*
 * Padding is skipped, not multiplied — except where PyTorch's result depends on it: a
 * non-finite weight (forward) or gradOutput (gradWeight) times a padding zero is NaN there,
 * so those outputs are set to NaN explicitly. Finite data never takes these branches.
 */

/** Sets to NaN the outputs of one plane outside [iLo, iHi) × [jLo, jHi): where a tap reads padding. */
function nanOutside(y: FloatArray, plane: number, Ho: number, Wo: number, iLo: number, iHi: number, jLo: number, jHi: number): void {
  for (let i = 0; i < Ho; i++) {
    const row = plane + i * Wo;
    if (i < iLo || i >= iHi || jHi <= jLo) {
      y.fill(NaN, row, row + Wo);
    } else {
      y.fill(NaN, row, row + jLo);
      y.fill(NaN, row + jHi, row + Wo);
    }
  }
}

/** Whether a plane holds a NaN or ±Inf outside [iLo, iHi) × [jLo, jHi). */
function nonFiniteOutside(d: FloatArray, plane: number, Ho: number, Wo: number, iLo: number, iHi: number, jLo: number, jHi: number): boolean {
  for (let i = 0; i < Ho; i++) {
    const row = plane + i * Wo;
    const inside = i >= iLo && i < iHi;
    for (let j = 0; j < Wo; j++) {
      if (inside && j >= jLo && j < jHi) continue;
      const v = d[row + j]!;
      if (v - v !== 0) return true;
    }
  }
  return false;
}

const isPointwise = (g: LayerGeometry): boolean =>
  g.kH === 1 && g.kW === 1 && g.sh === 1 && g.sw === 1 && g.pt === 0 && g.pb === 0 && g.pl === 0 && g.pr === 0;

/** Pixels per block of the 1×1 GEMM: a block of every input channel of a group stays in cache. */
const PIXEL_BLOCK = 128;

/** y[n,o,p] = bias[o] + Σ_c′ w[o,c′]·x[n,c,p]: four output channels per pass over a pixel block. */
function pointwiseForward(y: FloatArray, x: FloatArray, w: FloatArray, bias: FloatArray | null, g: LayerGeometry): void {
  const { N, Cin, Cout, groups } = g;
  const P = g.H * g.W;
  const CinG = Cin / groups;
  const CoutG = Cout / groups;
  for (let n = 0; n < N; n++) {
    for (let p0 = 0; p0 < P; p0 += PIXEL_BLOCK) {
      const p1 = Math.min(P, p0 + PIXEL_BLOCK);
      for (let gi = 0; gi < groups; gi++) {
        const xBase = (n * Cin + gi * CinG) * P;
        let oo = 0;
        for (; oo + 4 <= CoutG; oo += 4) {
          const o = gi * CoutG + oo;
          const y0 = (n * Cout + o) * P;
          const y1 = y0 + P;
          const y2 = y1 + P;
          const y3 = y2 + P;
          const b0 = bias ? bias[o]! : 0;
          const b1 = bias ? bias[o + 1]! : 0;
          const b2 = bias ? bias[o + 2]! : 0;
          const b3 = bias ? bias[o + 3]! : 0;
          for (let p = p0; p < p1; p++) {
            y[y0 + p] = b0;
            y[y1 + p] = b1;
            y[y2 + p] = b2;
            y[y3 + p] = b3;
          }
          for (let c = 0; c < CinG; c++) {
            const w0 = w[o * CinG + c]!;
            const w1 = w[(o + 1) * CinG + c]!;
            const w2 = w[(o + 2) * CinG + c]!;
            const w3 = w[(o + 3) * CinG + c]!;
            const xr = xBase + c * P;
            for (let p = p0; p < p1; p++) {
              const xv = x[xr + p]!;
              y[y0 + p]! += w0 * xv;
              y[y1 + p]! += w1 * xv;
              y[y2 + p]! += w2 * xv;
              y[y3 + p]! += w3 * xv;
            }
          }
        }
        for (; oo < CoutG; oo++) {
          const o = gi * CoutG + oo;
          const y0 = (n * Cout + o) * P;
          const b0 = bias ? bias[o]! : 0;
          for (let p = p0; p < p1; p++) y[y0 + p] = b0;
          for (let c = 0; c < CinG; c++) {
            const w0 = w[o * CinG + c]!;
            const xr = xBase + c * P;
            for (let p = p0; p < p1; p++) y[y0 + p]! += w0 * x[xr + p]!;
          }
        }
      }
    }
  }
}

function forward(y: FloatArray, x: FloatArray, w: FloatArray, bias: FloatArray | null, g: LayerGeometry): void {
  if (isPointwise(g)) {
    pointwiseForward(y, x, w, bias, g);
    return;
  }
  const { N, Cin, H, W, Cout, kH, kW, sh, sw, dh, dw, pt, pl, Ho, Wo } = g;
  const CinG = Cin / g.groups;
  const CoutG = Cout / g.groups;
  const rows = tapRanges(kH, sh, dh, pt, H, Ho);
  const cols = tapRanges(kW, sw, dw, pl, W, Wo);
  for (let n = 0; n < N; n++) {
    for (let o = 0; o < Cout; o++) {
      const yPlane = (n * Cout + o) * Ho * Wo;
      y.fill(bias ? bias[o]! : 0, yPlane, yPlane + Ho * Wo);
      const cBase = Math.floor(o / CoutG) * CinG;
      for (let c = 0; c < CinG; c++) {
        const xPlane = (n * Cin + cBase + c) * H * W;
        const wTaps = (o * CinG + c) * kH * kW;
        for (let a = 0; a < kH; a++) {
          const iLo = rows[2 * a]!;
          const iHi = rows[2 * a + 1]!;
          for (let b = 0; b < kW; b++) {
            const wv = w[wTaps + a * kW + b]!;
            const jLo = cols[2 * b]!;
            const jHi = cols[2 * b + 1]!;
            for (let i = iLo; i < iHi; i++) {
              const xRow = xPlane + (i * sh + a * dh - pt) * W + b * dw - pl;
              const yRow = yPlane + i * Wo;
              if (sw === 1) {
                for (let j = jLo; j < jHi; j++) y[yRow + j]! += wv * x[xRow + j]!;
              } else {
                for (let j = jLo; j < jHi; j++) y[yRow + j]! += wv * x[xRow + j * sw]!;
              }
            }
            if (wv - wv !== 0) nanOutside(y, yPlane, Ho, Wo, iLo, iHi, jLo, jHi); // wv·0 over padding
          }
        }
      }
    }
  }
}

/** dx[n,c] = Σ_{o in c's group, a, b} w[o,c′,a,b] · dy[n,o] scattered back onto the taps it read. */
function gradInput(dx: FloatArray, dy: FloatArray, w: FloatArray, g: LayerGeometry): void {
  const { N, Cin, H, W, Cout, kH, kW, sh, sw, dh, dw, pt, pl, Ho, Wo } = g;
  const CinG = Cin / g.groups;
  const CoutG = Cout / g.groups;
  const rows = tapRanges(kH, sh, dh, pt, H, Ho);
  const cols = tapRanges(kW, sw, dw, pl, W, Wo);
  dx.fill(0);
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < Cin; c++) {
      const dxPlane = (n * Cin + c) * H * W;
      const gi = Math.floor(c / CinG);
      const cg = c - gi * CinG;
      for (let oo = 0; oo < CoutG; oo++) {
        const o = gi * CoutG + oo;
        const dyPlane = (n * Cout + o) * Ho * Wo;
        const wTaps = (o * CinG + cg) * kH * kW;
        for (let a = 0; a < kH; a++) {
          const iLo = rows[2 * a]!;
          const iHi = rows[2 * a + 1]!;
          for (let b = 0; b < kW; b++) {
            const wv = w[wTaps + a * kW + b]!;
            const jLo = cols[2 * b]!;
            const jHi = cols[2 * b + 1]!;
            for (let i = iLo; i < iHi; i++) {
              const dxRow = dxPlane + (i * sh + a * dh - pt) * W + b * dw - pl;
              const dyRow = dyPlane + i * Wo;
              if (sw === 1) {
                for (let j = jLo; j < jHi; j++) dx[dxRow + j]! += wv * dy[dyRow + j]!;
              } else {
                for (let j = jLo; j < jHi; j++) dx[dxRow + j * sw]! += wv * dy[dyRow + j]!;
              }
            }
          }
        }
      }
    }
  }
}

/** dw[o,c′,a,b] = Σ_{n,i,j} dy[n,o,i,j] · xp[n,c,i·sh+a·dh−pt, j·sw+b·dw−pl]: one dot product per tap. */
function gradWeight(dwOut: FloatArray, x: FloatArray, dy: FloatArray, g: LayerGeometry): void {
  const { N, Cin, H, W, Cout, kH, kW, sh, sw, dh, dw, pt, pl, Ho, Wo } = g;
  const CinG = Cin / g.groups;
  const CoutG = Cout / g.groups;
  const rows = tapRanges(kH, sh, dh, pt, H, Ho);
  const cols = tapRanges(kW, sw, dw, pl, W, Wo);
  // Output channels whose dy holds a NaN or ±Inf (they need the padding check below).
  const dyNonFinite = new Uint8Array(Cout);
  for (let n = 0; n < N; n++) {
    for (let o = 0; o < Cout; o++) {
      const base = (n * Cout + o) * Ho * Wo;
      let acc = 0;
      for (let p = 0; p < Ho * Wo; p++) acc += dy[base + p]! * 0;
      if (Number.isNaN(acc)) dyNonFinite[o] = 1; // Σ dy·0 is NaN exactly when some dy is NaN or ±Inf
    }
  }
  for (let o = 0; o < Cout; o++) {
    const cBase = Math.floor(o / CoutG) * CinG;
    for (let c = 0; c < CinG; c++) {
      for (let a = 0; a < kH; a++) {
        const iLo = rows[2 * a]!;
        const iHi = rows[2 * a + 1]!;
        for (let b = 0; b < kW; b++) {
          const jLo = cols[2 * b]!;
          const jHi = cols[2 * b + 1]!;
          let s = 0;
          for (let n = 0; n < N; n++) {
            const xPlane = (n * Cin + cBase + c) * H * W;
            const dyPlane = (n * Cout + o) * Ho * Wo;
            for (let i = iLo; i < iHi; i++) {
              const xRow = xPlane + (i * sh + a * dh - pt) * W + b * dw - pl;
              const dyRow = dyPlane + i * Wo;
              if (sw === 1) {
                for (let j = jLo; j < jHi; j++) s += dy[dyRow + j]! * x[xRow + j]!;
              } else {
                for (let j = jLo; j < jHi; j++) s += dy[dyRow + j]! * x[xRow + j * sw]!;
              }
            }
          }
          if (dyNonFinite[o] && !Number.isNaN(s)) {
            // dy·0 over padding: NaN where a non-finite dy meets it.
            for (let n = 0; n < N; n++) {
              if (nonFiniteOutside(dy, (n * Cout + o) * Ho * Wo, Ho, Wo, iLo, iHi, jLo, jHi)) s = NaN;
            }
          }
          dwOut[((o * CinG + c) * kH + a) * kW + b] = s;
        }
      }
    }
  }
}

function gradBias(db: FloatArray, dy: FloatArray, g: LayerGeometry): void {
  const { N, Cout } = g;
  const P = g.Ho * g.Wo;
  for (let o = 0; o < Cout; o++) {
    let s = 0;
    for (let n = 0; n < N; n++) {
      const base = (n * Cout + o) * P;
      for (let p = 0; p < P; p++) s += dy[base + p]!;
    }
    db[o] = s;
  }
}

/** `out`, or a fresh zeroed array of `like`'s dtype and n elements. */
function target(out: FloatArray | null, like: FloatArray, n: number): FloatArray {
  return out ?? new (like.constructor as Float32ArrayConstructor | Float64ArrayConstructor)(n);
}

export const jsLayerKernels: LayerKernels = {
  // Plain typed arrays: the engine's own allocation limits apply and it reports them itself.
  checkFits: () => {},
  forward(y, x, w, bias, g) {
    const out = target(y, x, g.N * g.Cout * g.Ho * g.Wo);
    forward(out, x, w, bias, g);
    return out;
  },
  gradInput(dx, dy, w, g) {
    const out = target(dx, dy, g.N * g.Cin * g.H * g.W);
    gradInput(out, dy, w, g);
    return out;
  },
  gradWeight(dw, x, dy, g) {
    const out = target(dw, x, g.Cout * (g.Cin / g.groups) * g.kH * g.kW);
    gradWeight(out, x, dy, g);
    return out;
  },
  gradBias(db, dy, g) {
    const out = target(db, dy, g.Cout);
    gradBias(out, dy, g);
    return out;
  },
};

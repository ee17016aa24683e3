// Implicit GEMM for the Conv2D layer (forward, and gradInput as one stride phase at a time):
//   out[k][q] = bias[k] + Σ_{r < nRed} Σ_{t < nTaps} w[k][r][t] · x[r][q + taps[t]]
// per group, over the wide output pixels q (see layer-layout.ts: each tap is a contiguous shift
// of a stride-phase plane, so no im2col buffer is built). The register tile is 4 output
// channels × 2 vectors of pixels (4×8 f32 / 4×4 f64): 8 accumulators, 2 input vectors and one
// splatted weight live (11 v128; V8 keeps 15 xmm for values and spills a 5×2 or 6×2 tile),
// weights read in packed order (layer-pack.ts). The inner loop runs over reduction channels
// with one tap fixed (a pointer step, no table load), RED_BLOCK channels at a time so that a
// tile's rows of those channels stay in L1 across the taps. Channels past the last block of 4 go to
// a 3-channel tile when there are 3 of them, else to the 1-channel tile (layer-dwconv.ts). Each lane sums
// bias, then for each block of channels the taps t and within each tap the channels r, in
// order, with separate mul and add —
// the scalar order — so SIMD and scalar builds agree bit for bit; tiling never changes it.
import { conv1x4v, dwTile, RED_BLOCK } from './layer-dwconv';

// @ts-ignore: decorator
@inline function lanes<T>(): i32 {
  return 16 / sizeof<T>();
}

/** Pixels per igemmMx2v tile: 2 vectors. */
// @ts-ignore: decorator
@inline function tile4<T>(): i32 {
  return 2 * lanes<T>();
}

/**
 * One m-channel tile, m = 4 (or 3, for a remainder of three channels, e.g. gradInput of a
 * 3-channel input: each input vector then serves the three instead of being loaded once per
 * channel by the 1-channel tile): out[k][q .. q+tile4) for k < m (channel stride outStride
 * bytes); `x` and `out` point at pixel q; `w` at the block's packed [r-block][t][r][m] weights;
 * `bias` at its m values. Inlined with a constant m, so the fourth channel's code is folded away.
 */
// @ts-ignore: decorator
@inline function igemmMx2v<T>(out: usize, outStride: usize, x: usize, xChan: usize, nRed: i32, taps: usize, nTaps: i32, w: usize, bias: usize, m: i32): void {
  const sz = <usize>sizeof<T>();
  const tapsEnd = taps + (<usize>nTaps << 2);
  if (ASC_FEATURE_SIMD) {
    let c00 = v128.splat<T>(load<T>(bias));
    let c10 = v128.splat<T>(load<T>(bias + sz));
    let c20 = v128.splat<T>(load<T>(bias + 2 * sz));
    let c30 = m == 4 ? v128.splat<T>(load<T>(bias + 3 * sz)) : c20;
    let c01 = c00, c11 = c10, c21 = c20, c31 = c30;
    // One tap (1×1): blocks change neither the packed order nor the sums; run all channels.
    const rb = nTaps == 1 ? nRed : RED_BLOCK;
    for (let r0 = 0; r0 < nRed; r0 += rb) {
      const xb = x + <usize>r0 * xChan;
      const xEnd = <usize>min(rb, nRed - r0) * xChan;
      for (let tp = taps; tp < tapsEnd; tp += 4) {
      const xt = xb + <usize>load<i32>(tp);
      for (let xo: usize = 0; xo < xEnd; xo += xChan) {
        const p = xt + xo;
        const x0 = v128.load(p);
        const x1 = v128.load(p, 16);
        let wv = v128.load_splat<T>(w);
        c00 = v128.add<T>(c00, v128.mul<T>(wv, x0));
        c01 = v128.add<T>(c01, v128.mul<T>(wv, x1));
        wv = v128.load_splat<T>(w + sz);
        c10 = v128.add<T>(c10, v128.mul<T>(wv, x0));
        c11 = v128.add<T>(c11, v128.mul<T>(wv, x1));
        wv = v128.load_splat<T>(w + 2 * sz);
        c20 = v128.add<T>(c20, v128.mul<T>(wv, x0));
        c21 = v128.add<T>(c21, v128.mul<T>(wv, x1));
        if (m == 4) {
          wv = v128.load_splat<T>(w + 3 * sz);
          c30 = v128.add<T>(c30, v128.mul<T>(wv, x0));
          c31 = v128.add<T>(c31, v128.mul<T>(wv, x1));
        }
        w += <usize>m * sz;
      }
      }
    }
    v128.store(out, c00);
    v128.store(out, c01, 16);
    out += outStride;
    v128.store(out, c10);
    v128.store(out, c11, 16);
    out += outStride;
    v128.store(out, c20);
    v128.store(out, c21, 16);
    if (m == 4) {
      out += outStride;
      v128.store(out, c30);
      v128.store(out, c31, 16);
    }
  } else {
    // m channels × 2 pixels at a time (up to 8 scalar accumulators), same per-output order.
    const n = tile4<T>();
    for (let j = 0; j < n; j += 2) {
      const b0 = load<T>(bias), b1 = load<T>(bias + sz), b2 = load<T>(bias + 2 * sz), b3 = m == 4 ? load<T>(bias + 3 * sz) : <T>0;
      let s00 = b0, s01 = b0, s10 = b1, s11 = b1, s20 = b2, s21 = b2, s30 = b3, s31 = b3;
      const xr = x + <usize>j * sz;
      let wp = w;
      for (let r0 = 0; r0 < nRed; r0 += RED_BLOCK) {
      const rn = min(RED_BLOCK, nRed - r0);
      for (let tp = taps; tp < tapsEnd; tp += 4) {
        let p = xr + <usize>r0 * xChan + <usize>load<i32>(tp);
        for (let r = 0; r < rn; r++) {
          const x0 = load<T>(p);
          const x1 = load<T>(p + sz);
          let wv = load<T>(wp);
          s00 += wv * x0;
          s01 += wv * x1;
          wv = load<T>(wp + sz);
          s10 += wv * x0;
          s11 += wv * x1;
          wv = load<T>(wp + 2 * sz);
          s20 += wv * x0;
          s21 += wv * x1;
          if (m == 4) {
            wv = load<T>(wp + 3 * sz);
            s30 += wv * x0;
            s31 += wv * x1;
          }
          wp += <usize>m * sz;
          p += xChan;
        }
      }
      }
      const o = out + <usize>j * sz;
      store<T>(o, s00);
      store<T>(o + sz, s01);
      store<T>(o + outStride, s10);
      store<T>(o + outStride + sz, s11);
      store<T>(o + 2 * outStride, s20);
      store<T>(o + 2 * outStride + sz, s21);
      if (m == 4) {
        store<T>(o + 3 * outStride, s30);
        store<T>(o + 3 * outStride + sz, s31);
      }
    }
  }
}

/**
 * Wide output pixels per cache chunk: every output block sweeps one chunk of the input planes
 * (all reduction channels) while it is in L2, instead of the whole image.
 */
// @ts-ignore: decorator
@inline function chunk<T>(): i32 {
  return 64 * lanes<T>();
}

/**
 * out ← implicit GEMM of `nGroups` groups (see the file comment). Element strides: output
 * channel `outChan` (≥ Q rounded up to 4 vectors), input plane-block channel `xChan`. Group g
 * uses out channels g·nOut…, input channels g·nRed…, packed weights at g·nOut·nRed·nTaps, bias
 * at g·nOut. `taps`: nTaps i32 byte offsets into a channel's plane block. Pixels q < Q are
 * computed (whole tiles: up to Q rounded up to 4 vectors), reading up to 4 vectors past the
 * last tap's run — the caller leaves that much slack after x.
 */
export function igemm<T>(
  out: usize, outChan: i32, x: usize, xChan: i32, w: usize, bias: usize, taps: usize, nTaps: i32,
  nGroups: i32, nOut: i32, nRed: i32, Q: i32,
): void {
  const sz = <usize>sizeof<T>();
  const T4 = tile4<T>();
  const T1 = dwTile<T>();
  const C = chunk<T>();
  const oStride = <usize>outChan * sz;
  const xStride = <usize>xChan * sz;
  const wChan = <usize>nRed * <usize>nTaps * sz;
  const blocks = nOut >> 2;
  for (let g = 0; g < nGroups; g++) {
    const og = out + <usize>g * <usize>nOut * oStride;
    const xg = x + <usize>g * <usize>nRed * xStride;
    const wg = w + <usize>g * <usize>nOut * wChan;
    const bg = bias + <usize>g * <usize>nOut * sz;
    for (let q0 = 0; q0 < Q; q0 += C) {
      const q1 = min(Q, q0 + C);
      for (let b = 0; b < blocks; b++) {
        const ob = og + <usize>(4 * b) * oStride;
        const wb = wg + <usize>(4 * b) * wChan;
        const bb = bg + <usize>(4 * b) * sz;
        for (let q = q0; q < q1; q += T4) {
          igemmMx2v<T>(ob + <usize>q * sz, oStride, xg + <usize>q * sz, xStride, nRed, taps, nTaps, wb, bb, 4);
        }
      }
      let k = blocks << 2;
      if (nOut - k == 3) {
        const o3 = og + <usize>k * oStride;
        const w3 = wg + <usize>k * wChan;
        const b3 = bg + <usize>k * sz;
        for (let q = q0; q < q1; q += T4) {
          igemmMx2v<T>(o3 + <usize>q * sz, oStride, xg + <usize>q * sz, xStride, nRed, taps, nTaps, w3, b3, 3);
        }
        k = nOut;
      }
      for (; k < nOut; k++) {
        const ok = og + <usize>k * oStride;
        const wk = wg + <usize>k * wChan;
        const bk = bg + <usize>k * sz;
        for (let q = q0; q < q1; q += T1) {
          conv1x4v<T>(ok + <usize>q * sz, xg + <usize>q * sz, xStride, nRed, taps, nTaps, wk, bk);
        }
      }
    }
  }
}

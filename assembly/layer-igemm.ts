// Implicit GEMM for the Conv2D layer (forward, and gradInput as one stride phase at a time):
//   out[k][q] = bias[k] + Σ_{r < nRed} Σ_{t < nTaps} w[k][r][t] · x[r][q + taps[t]]
// per group, over the wide output pixels q (see layer-layout.ts: each tap is a contiguous shift
// of a stride-phase plane, so no im2col buffer is built). The register tile is 4 output
// channels × 2 vectors of pixels (4×8 f32 / 4×4 f64): 8 accumulators, 2 input vectors and one
// splatted weight live (11 v128; V8 keeps 15 xmm for values and spills a 5×2 or 6×2 tile),
// weights read in packed order (layer-pack.ts). The inner loop runs over reduction channels
// with one tap fixed (a pointer step, no table load).
//
// Cache blocking: the pixels are cut into chunks and the reduction channels into blocks of
// RED_BLOCK; for one chunk, one block of channels at a time is swept by every output channel,
// so that block's rows of the chunk (sized to stay in L1) are read from L1 by all of them; the
// partial sums wait in `out` (L2) between channel blocks. Channels past the last block of 4 go
// to a 3-channel tile when there are 3 of them, else to the 1-channel tile (layer-dwconv.ts).
// Each lane sums bias, then for each block of channels the taps t and within each tap the
// channels r, in order, with separate mul and add — the scalar order — so SIMD and scalar
// builds agree bit for bit; neither tiling nor blocking changes it (a partial sum stored and
// reloaded is the same value).
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
 * One m-channel tile over one block of `nRed` reduction channels, m = 4 (or 3, for a remainder
 * of three channels, e.g. gradInput of a 3-channel input: each input vector then serves the
 * three instead of being loaded once per channel by the 1-channel tile): out[k][q .. q+tile4)
 * for k < m (channel stride outStride bytes) ← (first block ? bias[k] : out[k][…]) + the
 * block's terms; `x` and `out` point at pixel q; `w` at the block's packed [t][r][m] weights;
 * `bias` at its m values. Inlined with a constant m, so the fourth channel's code is folded away.
 */
// @ts-ignore: decorator
@inline export function igemmMx2v<T>(out: usize, outStride: usize, x: usize, xChan: usize, nRed: i32, taps: usize, nTaps: i32, w: usize, bias: usize, first: bool, m: i32): void {
  const sz = <usize>sizeof<T>();
  const tapsEnd = taps + (<usize>nTaps << 2);
  const xEnd = <usize>nRed * xChan;
  if (ASC_FEATURE_SIMD) {
    let c00: v128, c01: v128, c10: v128, c11: v128, c20: v128, c21: v128, c30: v128, c31: v128;
    if (first) {
      c00 = v128.load_splat<T>(bias);
      c10 = v128.load_splat<T>(bias, sz);
      c20 = v128.load_splat<T>(bias, 2 * sz);
      c30 = m == 4 ? v128.load_splat<T>(bias, 3 * sz) : c20;
      c01 = c00; c11 = c10; c21 = c20; c31 = c30;
    } else {
      c00 = v128.load(out); c01 = v128.load(out, 16);
      c10 = v128.load(out + outStride); c11 = v128.load(out + outStride, 16);
      c20 = v128.load(out + 2 * outStride); c21 = v128.load(out + 2 * outStride, 16);
      c30 = m == 4 ? v128.load(out + 3 * outStride) : c20;
      c31 = m == 4 ? v128.load(out + 3 * outStride, 16) : c21;
    }
    for (let tp = taps; tp < tapsEnd; tp += 4) {
      const xt = x + <usize>load<i32>(tp);
      const xe = xt + xEnd;
      for (let p = xt; p < xe; p += xChan) {
        const x0 = v128.load(p);
        const x1 = v128.load(p, 16);
        let wv = v128.load_splat<T>(w);
        c00 = v128.add<T>(c00, v128.mul<T>(wv, x0));
        c01 = v128.add<T>(c01, v128.mul<T>(wv, x1));
        wv = v128.load_splat<T>(w, sz);
        c10 = v128.add<T>(c10, v128.mul<T>(wv, x0));
        c11 = v128.add<T>(c11, v128.mul<T>(wv, x1));
        wv = v128.load_splat<T>(w, 2 * sz);
        c20 = v128.add<T>(c20, v128.mul<T>(wv, x0));
        c21 = v128.add<T>(c21, v128.mul<T>(wv, x1));
        if (m == 4) {
          wv = v128.load_splat<T>(w, 3 * sz);
          c30 = v128.add<T>(c30, v128.mul<T>(wv, x0));
          c31 = v128.add<T>(c31, v128.mul<T>(wv, x1));
        }
        w += <usize>m * sz;
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
      const o = out + <usize>j * sz;
      let s00: T, s01: T, s10: T, s11: T, s20: T, s21: T, s30: T = 0, s31: T = 0;
      if (first) {
        s00 = s01 = load<T>(bias);
        s10 = s11 = load<T>(bias + sz);
        s20 = s21 = load<T>(bias + 2 * sz);
        if (m == 4) s30 = s31 = load<T>(bias + 3 * sz);
      } else {
        s00 = load<T>(o); s01 = load<T>(o + sz);
        s10 = load<T>(o + outStride); s11 = load<T>(o + outStride + sz);
        s20 = load<T>(o + 2 * outStride); s21 = load<T>(o + 2 * outStride + sz);
        if (m == 4) { s30 = load<T>(o + 3 * outStride); s31 = load<T>(o + 3 * outStride + sz); }
      }
      const xr = x + <usize>j * sz;
      let wp = w;
      for (let tp = taps; tp < tapsEnd; tp += 4) {
        const xt = xr + <usize>load<i32>(tp);
        const xe = xt + xEnd;
        for (let p = xt; p < xe; p += xChan) {
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
        }
      }
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

/** Bytes of one channel block's input rows a chunk of pixels may keep in L1 (of 32 KiB). */
const L1_X_BYTES: i32 = 16 * 1024;
/** Reduction channels per block for a one-tap (1×1) GEMM. */
const ONE_TAP_BLOCK: i32 = 256;
/** Chunk bounds, in tiles of 2 vectors (even). */
const MIN_CHUNK_TILES: i32 = 8;
const MAX_CHUNK_TILES: i32 = 32;

/**
 * Wide output pixels per cache chunk: a block of RED_BLOCK channels' input rows for the chunk
 * (its pixels plus the reach of the taps, `span` elements) fit in L1_X_BYTES.
 */
// @ts-ignore: decorator
@inline function chunkPixels<T>(span: i32, rb: i32): i32 {
  const T4 = tile4<T>();
  let tiles = (L1_X_BYTES / (rb * sizeof<T>()) - span) / T4;
  if (tiles < MIN_CHUNK_TILES) tiles = MIN_CHUNK_TILES;
  if (tiles > MAX_CHUNK_TILES) tiles = MAX_CHUNK_TILES;
  return (tiles & ~1) * T4; // whole 1-channel tiles (2 × tile4) too

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
  let span = 0;
  for (let t = 0; t < nTaps; t++) span = max(span, load<i32>(taps + (<usize>t << 2)));
  // One tap (1×1): blocks of any length give the same sums (one channel after another); longer
  // ones spend less on loading and storing partial sums.
  const rb = nTaps == 1 ? ONE_TAP_BLOCK : RED_BLOCK;
  // One block of output channels (e.g. gradInput's 3 input channels) reuses nothing across
  // blocks: long chunks then stream better (1.1–1.3× on the 7×7 stem's gradInput).
  const C = nOut <= 4 ? MAX_CHUNK_TILES * T4 : chunkPixels<T>(span / <i32>sz, rb);
  const oStride = <usize>outChan * sz;
  const xStride = <usize>xChan * sz;
  const wChan = <usize>nRed * <usize>nTaps * sz;
  const blocks = nOut >> 2;
  const rest = nOut - (blocks << 2);
  for (let g = 0; g < nGroups; g++) {
    const og = out + <usize>g * <usize>nOut * oStride;
    const xg = x + <usize>g * <usize>nRed * xStride;
    const wg = w + <usize>g * <usize>nOut * wChan;
    const bg = bias + <usize>g * <usize>nOut * sz;
    for (let q0 = 0; q0 < Q; q0 += C) {
      const q1 = min(Q, q0 + C);
      for (let r0 = 0; r0 < nRed; r0 += rb) {
        const rn = min(rb, nRed - r0);
        const xr = xg + <usize>r0 * xStride;
        // Packed [r-block][t][r][m]: this block's weights start at r0·nTaps·m.
        const wr = <usize>r0 * <usize>nTaps * sz;
        const first = r0 == 0;
        for (let b = 0; b < blocks; b++) {
          const ob = og + <usize>(4 * b) * oStride;
          const wb = wg + <usize>(4 * b) * wChan + 4 * wr;
          const bb = bg + <usize>(4 * b) * sz;
          for (let q = q0; q < q1; q += T4) {
            igemmMx2v<T>(ob + <usize>q * sz, oStride, xr + <usize>q * sz, xStride, rn, taps, nTaps, wb, bb, first, 4);
          }
        }
        if (rest == 3) {
          const k = blocks << 2;
          const o3 = og + <usize>k * oStride;
          const w3 = wg + <usize>k * wChan + 3 * wr;
          const b3 = bg + <usize>k * sz;
          for (let q = q0; q < q1; q += T4) {
            igemmMx2v<T>(o3 + <usize>q * sz, oStride, xr + <usize>q * sz, xStride, rn, taps, nTaps, w3, b3, first, 3);
          }
        }
      }
      if (rest != 3) {
        for (let k = blocks << 2; k < nOut; k++) {
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
}

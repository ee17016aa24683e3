// gradWeight of the Conv2D layer as a GEMM over the output pixels, reducing over N·Ho·Wo:
//   dw[k][j] = Σ_n Σ_i Σ_{v < Wo} dy[n][k][i][v] · x[n][c(j)][i·Wph + v + taps[t(j)]],  j = c′·nTaps + t,
// with x the forward's stride-phase planes (layer-layout.ts) and dy in rows padded with zeros
// to whole vectors (dyRow = Wo rounded up to the lane count). The last vector of a row masks
// the x lanes past Wo to zero, so a NaN or ±Inf outside the window meets no product (0·Inf
// would be NaN). Tile: 4 output channels × 2 columns — 8 accumulators, 4 dy vectors and one x
// vector live (13 v128); 1 channel × 4 columns for channels past the last block of 4 (and
// depthwise). Each output keeps one partial sum per lane (lane ℓ takes columns v ≡ ℓ mod lanes,
// image by image, row by row, in order) and adds them at the end as (ℓ0 + ℓ1) + (ℓ2 + ℓ3); the
// scalar build keeps the same stripes, so both agree bit for bit.
// Kernels whose taps mostly come in runs of consecutive elements of a plane (3×3 and wider at
// stride 1, 7×7 at stride 2) go to layer-gradweight-runs.ts instead, when a group has at least
// 2·lanes output channels: fewer loads per multiply-add there, and its own (plain) order.
// One-tap groups (1×1 kernels, the Winograd paths' GEMMs) over at most GEMM_MAX_PIXELS pixels go
// to layer-gradweight-gemm.ts: a plain GEMM over the pixels on the forward's tile, in its own
// (plain) order too.

import { GEMM_MAX_PIXELS, gradWeightGemm } from './layer-gradweight-gemm';
import { buildRuns, gradWeightRuns, RUN_BYTES } from './layer-gradweight-runs';

// @ts-ignore: decorator
@inline function lanes<T>(): i32 {
  return 16 / sizeof<T>();
}

// @ts-ignore: decorator
@inline function hsum<T>(v: v128): T {
  if (sizeof<T>() == 4) {
    return <T>((v128.extract_lane<f32>(v, 0) + v128.extract_lane<f32>(v, 1)) + (v128.extract_lane<f32>(v, 2) + v128.extract_lane<f32>(v, 3)));
  }
  return <T>(v128.extract_lane<f64>(v, 0) + v128.extract_lane<f64>(v, 1));
}

/** The scalar build's version of one tile output: the same lane stripes, columns v < Wo only. */
function stripedDot<T>(dy: usize, dyBatch: usize, dyRow: usize, x: usize, xBatch: usize, xRow: usize, N: i32, Ho: i32, Wo: i32): T {
  const sz = <usize>sizeof<T>();
  const L = lanes<T>();
  let s0 = <T>0, s1 = <T>0, s2 = <T>0, s3 = <T>0;
  for (let n = 0; n < N; n++) {
    for (let i = 0; i < Ho; i++) {
      const d = dy + <usize>n * dyBatch + <usize>i * dyRow;
      const xp = x + <usize>n * xBatch + <usize>i * xRow;
      for (let v = 0; v < Wo; v++) {
        const p = load<T>(d + <usize>v * sz) * load<T>(xp + <usize>v * sz);
        const lane = v & (L - 1);
        if (lane == 0) s0 += p;
        else if (lane == 1) s1 += p;
        else if (lane == 2) s2 += p;
        else s3 += p;
      }
    }
  }
  return L == 4 ? (s0 + s1) + (s2 + s3) : s0 + s1;
}

/** All ones in the lanes ℓ < tail (of a vector of T), zeros above. */
// @ts-ignore: decorator
@inline function laneMask<T>(tail: i32): v128 {
  const index = sizeof<T>() == 4 ? i32x4(0, 1, 2, 3) : i32x4(0, 0, 1, 1);
  return v128.lt<i32>(index, i32x4.splat(tail));
}

/**
 * Output channels k0…k0+3 of dy (rows layout: channel stride dyChan, image dyBatch, row dyRow
 * bytes; rowVecs vectors a row) interleaved into `pack` vector by vector, [n][i][vector][m], so
 * the tile loop reads all four with one pointer and constant offsets.
 */
function packBlock4(pack: usize, dy: usize, dyChan: usize, dyBatch: usize, dyRow: usize, N: i32, Ho: i32, rowVecs: i32): void {
  let p = pack;
  for (let n = 0; n < N; n++) {
    for (let i = 0; i < Ho; i++) {
      let d = dy + <usize>n * dyBatch + <usize>i * dyRow;
      for (let v = 0; v < rowVecs; v++) {
        v128.store(p, v128.load(d));
        v128.store(p, v128.load(d + dyChan), 16);
        v128.store(p, v128.load(d + 2 * dyChan), 32);
        v128.store(p, v128.load(d + 3 * dyChan), 48);
        p += 64;
        d += 16;
      }
    }
  }
}

/** dw[m][a], dw[m][b] for m < 4 (row stride dwStride bytes), scalar build: the lane stripes of stripedDot. */
function dots4x2s<T>(
  dwa: usize, dwb: usize, dwStride: usize, dy: usize, dyChan: usize, dyBatch: usize, dyRow: usize,
  xa: usize, xb: usize, xBatch: usize, xRow: usize, N: i32, Ho: i32, Wo: i32,
): void {
  for (let m = 0; m < 4; m++) {
    const d = dy + <usize>m * dyChan;
    store<T>(dwa + <usize>m * dwStride, stripedDot<T>(d, dyBatch, dyRow, xa, xBatch, xRow, N, Ho, Wo));
    store<T>(dwb + <usize>m * dwStride, stripedDot<T>(d, dyBatch, dyRow, xb, xBatch, xRow, N, Ho, Wo));
  }
}

/**
 * SIMD tile: the per-lane partial sums of dw[m][a], dw[m][b] for m < 4, four dy channels (from
 * packBlock4's interleaved copy `pk`) against columns xa, xb, stored as vectors at partA, partB
 * (m-th at + m·partStride) for flushPartials to add up.
 */
function dots4x2v<T>(
  partA: usize, partB: usize, partStride: usize, pk: usize,
  xa: usize, xb: usize, xBatch: usize, xRow: usize, N: i32, Ho: i32, Wo: i32,
): void {
  const sz = <usize>sizeof<T>();
  let a0 = v128.splat<T>(<T>0);
  let a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
  const L = lanes<T>();
  const tail = Wo & (L - 1);
  const fullBytes = <usize>(Wo - tail) * sz;
  const mask = laneMask<T>(tail);
  const delta = xb - xa;
  let d = pk;
  for (let n = 0; n < N; n++) {
    let row = xa + <usize>n * xBatch;
    for (let i = 0; i < Ho; i++) {
      let pa = row;
      const end = pa + fullBytes;
      row += xRow;
      while (pa < end) {
        const d0 = v128.load(d);
        const d1 = v128.load(d, 16);
        const d2 = v128.load(d, 32);
        const d3 = v128.load(d, 48);
        let xv = v128.load(pa);
        a0 = v128.add<T>(a0, v128.mul<T>(d0, xv));
        a1 = v128.add<T>(a1, v128.mul<T>(d1, xv));
        a2 = v128.add<T>(a2, v128.mul<T>(d2, xv));
        a3 = v128.add<T>(a3, v128.mul<T>(d3, xv));
        xv = v128.load(pa + delta);
        b0 = v128.add<T>(b0, v128.mul<T>(d0, xv));
        b1 = v128.add<T>(b1, v128.mul<T>(d1, xv));
        b2 = v128.add<T>(b2, v128.mul<T>(d2, xv));
        b3 = v128.add<T>(b3, v128.mul<T>(d3, xv));
        d += 64;
        pa += 16;
      }
      if (tail) {
        const d0 = v128.load(d);
        const d1 = v128.load(d, 16);
        const d2 = v128.load(d, 32);
        const d3 = v128.load(d, 48);
        let xv = v128.and(v128.load(pa), mask);
        a0 = v128.add<T>(a0, v128.mul<T>(d0, xv));
        a1 = v128.add<T>(a1, v128.mul<T>(d1, xv));
        a2 = v128.add<T>(a2, v128.mul<T>(d2, xv));
        a3 = v128.add<T>(a3, v128.mul<T>(d3, xv));
        xv = v128.and(v128.load(pa + delta), mask);
        b0 = v128.add<T>(b0, v128.mul<T>(d0, xv));
        b1 = v128.add<T>(b1, v128.mul<T>(d1, xv));
        b2 = v128.add<T>(b2, v128.mul<T>(d2, xv));
        b3 = v128.add<T>(b3, v128.mul<T>(d3, xv));
        d += 64;
      }
    }
  }
  v128.store(partA, a0);
  v128.store(partA + partStride, a1);
  v128.store(partA + 2 * partStride, a2);
  v128.store(partA + 3 * partStride, a3);
  v128.store(partB, b0);
  v128.store(partB + partStride, b1);
  v128.store(partB + 2 * partStride, b2);
  v128.store(partB + 3 * partStride, b3);
}

/**
 * dw[j] = hsum(part[j]) for j < n (part: n vectors, dw: n elements), several outputs at a time by a
 * transpose: lane k of (r0 + r1) + (r2 + r3) is (ℓ0 + ℓ1) + (ℓ2 + ℓ3) of vector k, exactly hsum.
 */
function flushPartials<T>(dw: usize, part: usize, n: i32): void {
  const sz = <usize>sizeof<T>();
  let j = 0;
  if (sizeof<T>() == 4) {
    for (; j + 4 <= n; j += 4) {
      const p = part + (<usize>j << 4);
      const v0 = v128.load(p), v1 = v128.load(p, 16), v2 = v128.load(p, 32), v3 = v128.load(p, 48);
      const t0 = v128.shuffle<f32>(v0, v1, 0, 4, 1, 5);
      const t1 = v128.shuffle<f32>(v0, v1, 2, 6, 3, 7);
      const t2 = v128.shuffle<f32>(v2, v3, 0, 4, 1, 5);
      const t3 = v128.shuffle<f32>(v2, v3, 2, 6, 3, 7);
      const r0 = v128.shuffle<f64>(t0, t2, 0, 2);
      const r1 = v128.shuffle<f64>(t0, t2, 1, 3);
      const r2 = v128.shuffle<f64>(t1, t3, 0, 2);
      const r3 = v128.shuffle<f64>(t1, t3, 1, 3);
      v128.store(dw + <usize>j * sz, f32x4.add(f32x4.add(r0, r1), f32x4.add(r2, r3)));
    }
  } else {
    for (; j + 2 <= n; j += 2) {
      const p = part + (<usize>j << 4);
      const v0 = v128.load(p), v1 = v128.load(p, 16);
      v128.store(dw + <usize>j * sz, f64x2.add(v128.shuffle<f64>(v0, v1, 0, 2), v128.shuffle<f64>(v0, v1, 1, 3)));
    }
  }
  for (; j < n; j++) store<T>(dw + <usize>j * sz, hsum<T>(v128.load(part + (<usize>j << 4))));
}

/** dw at w0…w3 (one channel) from dy against four columns. */
function dots1x4v<T>(
  w0: usize, w1: usize, w2: usize, w3: usize, dy: usize, dyBatch: usize, dyRow: usize,
  x0: usize, x1: usize, x2: usize, x3: usize, xBatch: usize, xRow: usize, N: i32, Ho: i32, Wo: i32,
): void {
  if (!ASC_FEATURE_SIMD) {
    store<T>(w0, stripedDot<T>(dy, dyBatch, dyRow, x0, xBatch, xRow, N, Ho, Wo));
    store<T>(w1, stripedDot<T>(dy, dyBatch, dyRow, x1, xBatch, xRow, N, Ho, Wo));
    store<T>(w2, stripedDot<T>(dy, dyBatch, dyRow, x2, xBatch, xRow, N, Ho, Wo));
    store<T>(w3, stripedDot<T>(dy, dyBatch, dyRow, x3, xBatch, xRow, N, Ho, Wo));
  } else {
    const sz = <usize>sizeof<T>();
    let a0 = v128.splat<T>(<T>0);
    let a1 = a0, a2 = a0, a3 = a0;
    const L = lanes<T>();
    const tail = Wo & (L - 1);
    const fullBytes = <usize>(Wo - tail) * sz;
    const mask = laneMask<T>(tail);
    for (let n = 0; n < N; n++) {
      for (let i = 0; i < Ho; i++) {
        let d = dy + <usize>n * dyBatch + <usize>i * dyRow;
        const off = <usize>n * xBatch + <usize>i * xRow;
        let p0 = x0 + off, p1 = x1 + off, p2 = x2 + off, p3 = x3 + off;
        const end = d + fullBytes;
        while (d < end) {
          const dv = v128.load(d);
          a0 = v128.add<T>(a0, v128.mul<T>(dv, v128.load(p0)));
          a1 = v128.add<T>(a1, v128.mul<T>(dv, v128.load(p1)));
          a2 = v128.add<T>(a2, v128.mul<T>(dv, v128.load(p2)));
          a3 = v128.add<T>(a3, v128.mul<T>(dv, v128.load(p3)));
          d += 16;
          p0 += 16;
          p1 += 16;
          p2 += 16;
          p3 += 16;
        }
        if (tail) {
          const dv = v128.load(d);
          a0 = v128.add<T>(a0, v128.mul<T>(dv, v128.and(v128.load(p0), mask)));
          a1 = v128.add<T>(a1, v128.mul<T>(dv, v128.and(v128.load(p1), mask)));
          a2 = v128.add<T>(a2, v128.mul<T>(dv, v128.and(v128.load(p2), mask)));
          a3 = v128.add<T>(a3, v128.mul<T>(dv, v128.and(v128.load(p3), mask)));
        }
      }
    }
    store<T>(w0, hsum<T>(a0));
    store<T>(w1, hsum<T>(a1));
    store<T>(w2, hsum<T>(a2));
    store<T>(w3, hsum<T>(a3));
  }
}

// @ts-ignore: decorator
@inline function column(xg: usize, xStride: usize, taps: usize, nTaps: i32, j: i32): usize {
  return xg + <usize>(j / nTaps) * xStride + <usize>load<i32>(taps + (<usize>(j % nTaps) << 2));
}

/**
 * dw (OIHW, taps in a·kW + b order) ← gradWeight of `nGroups` groups. Element strides: dy
 * channel `dyChan`, image `dyBatch` and row `dyRow` (Wo rounded up to the lane count, zeros
 * past Wo), x plane-block channel `xChan`, image `xBatch` and plane row `xRow`; `taps` i32
 * byte offsets. Output pixels Ho×Wo.
 */
export function gradWeight<T>(
  dw: usize, scratch: usize, runs: usize, dy: usize, dyChan: i32, dyBatch: i32, dyRow: i32, x: usize, xChan: i32, xBatch: i32, xRow: i32,
  taps: usize, nTaps: i32, nGroups: i32, nOut: i32, nRed: i32, N: i32, Ho: i32, Wo: i32,
): void {
  const sz = <usize>sizeof<T>();
  const cols = nRed * nTaps;
  const dwStride = <usize>cols * sz;
  const dyStride = <usize>dyChan * sz;
  const dyB = <usize>dyBatch * sz;
  const xStride = <usize>xChan * sz;
  const xB = <usize>xBatch * sz;
  const dyR = <usize>dyRow * sz;
  const xR = <usize>xRow * sz;
  const blocks = nOut >> 2;
  // SIMD scratch: column offsets (cols i32), partial sums of a block (4·cols vectors), dy of a block interleaved.
  const colOff = scratch;
  const part = colOff + ((<usize>cols * 4 + 15) & ~15);
  const partStride = <usize>cols << 4;
  const pack = part + 4 * partStride;
  // Taps in runs of consecutive elements (3×3 and wider at stride 1, 7×7 at stride 2): the
  // channel-vectorised kernel of layer-gradweight-runs.ts, when it fills its 2L channels.
  const nRuns = buildRuns<T>(runs, taps, nTaps, runs + <usize>nTaps * RUN_BYTES);
  const byRuns = nOut >= 2 * lanes<T>() && nRuns * 3 <= nTaps;
  for (let g = 0; g < nGroups; g++) {
    const dwg = dw + <usize>g * <usize>nOut * dwStride;
    const dyg = dy + <usize>g * <usize>nOut * dyStride;
    const xg = x + <usize>g * <usize>nRed * xStride;
    if (byRuns) {
      gradWeightRuns<T>(dwg, dwStride, pack, dyg, dyStride, dyB, dyR, xg, xStride, xB, xR, runs, nRuns, taps, nTaps, nOut, nRed, N, Ho, Wo);
      continue;
    }
    if (nTaps == 1 && N * Ho * Wo <= GEMM_MAX_PIXELS) {
      gradWeightGemm<T>(dwg, dwStride, scratch, dyg, dyStride, dyB, dyR, xg + <usize>load<i32>(taps), xStride, xB, xR, nOut, nRed, N, Ho, Wo);
      continue;
    }
    if (ASC_FEATURE_SIMD && blocks > 0) {
      for (let j = 0; j < cols; j++) store<u32>(colOff + (<usize>j << 2), <u32>(column(xg, xStride, taps, nTaps, j) - xg));
    }
    for (let b = 0; b < blocks; b++) {
      const dwb = dwg + <usize>(4 * b) * dwStride;
      const dyb = dyg + <usize>(4 * b) * dyStride;
      if (ASC_FEATURE_SIMD) {
        packBlock4(pack, dyb, dyStride, dyB, dyR, N, Ho, dyRow / lanes<T>());
        for (let j = 0; j < cols; j += 2) {
          const j1 = j + 1 < cols ? j + 1 : j; // an odd last column is computed twice
          dots4x2v<T>(
            part + (<usize>j << 4), part + (<usize>j1 << 4), partStride, pack,
            xg + <usize>load<u32>(colOff + (<usize>j << 2)), xg + <usize>load<u32>(colOff + (<usize>j1 << 2)), xB, xR, N, Ho, Wo,
          );
        }
        for (let m = 0; m < 4; m++) flushPartials<T>(dwb + <usize>m * dwStride, part + <usize>m * partStride, cols);
      } else {
        for (let j = 0; j < cols; j += 2) {
          const j1 = j + 1 < cols ? j + 1 : j; // an odd last column is computed twice, stored once
          dots4x2s<T>(
            dwb + <usize>j * sz, dwb + <usize>j1 * sz, dwStride, dyb, dyStride, dyB, dyR,
            column(xg, xStride, taps, nTaps, j), column(xg, xStride, taps, nTaps, j1), xB, xR, N, Ho, Wo,
          );
        }
      }
    }
    for (let k = blocks << 2; k < nOut; k++) {
      const dwk = dwg + <usize>k * dwStride;
      const dyk = dyg + <usize>k * dyStride;
      for (let j = 0; j < cols; j += 4) {
        const j1 = min(j + 1, cols - 1), j2 = min(j + 2, cols - 1), j3 = min(j + 3, cols - 1);
        dots1x4v<T>(
          dwk + <usize>j * sz, dwk + <usize>j1 * sz, dwk + <usize>j2 * sz, dwk + <usize>j3 * sz, dyk, dyB, dyR,
          column(xg, xStride, taps, nTaps, j), column(xg, xStride, taps, nTaps, j1),
          column(xg, xStride, taps, nTaps, j2), column(xg, xStride, taps, nTaps, j3), xB, xR, N, Ho, Wo,
        );
      }
    }
  }
}

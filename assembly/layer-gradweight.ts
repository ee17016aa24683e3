// gradWeight of the Conv2D layer as a GEMM over the wide pixels, reducing over N·Ho·Wph:
//   dw[k][j] = Σ_n Σ_{q < K} dy[n][k][q] · x[n][c(j)][q + taps[t(j)]],   j = c′·nTaps + t,
// with dy laid out wide (Ho rows of Wph, zeros in the columns past Wo and up to K), x the
// forward's stride-phase planes (layer-layout.ts). Tile: 4 output channels × 2 columns —
// 8 accumulators, 4 dy vectors and one x vector live (13 v128); 1 channel × 4 columns for
// channels past the last block of 4 (and depthwise). Each output keeps one partial sum per
// lane (lane ℓ takes q ≡ ℓ mod lanes, batch by batch in order) and adds them at the end as
// (ℓ0 + ℓ1) + (ℓ2 + ℓ3); the scalar build keeps the same stripes, so both agree bit for bit.

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

/** Σ_n Σ_q dy[q]·x[q] with lane stripes (the scalar build's version of one tile output). */
function stripedDot<T>(dy: usize, dyBatch: usize, x: usize, xBatch: usize, N: i32, K: i32): T {
  const sz = <usize>sizeof<T>();
  let s0 = <T>0, s1 = <T>0, s2 = <T>0, s3 = <T>0;
  const four = lanes<T>() == 4;
  for (let n = 0; n < N; n++) {
    const d = dy + <usize>n * dyBatch;
    const xp = x + <usize>n * xBatch;
    for (let q = 0; q < K; q += lanes<T>()) {
      const o = <usize>q * sz;
      s0 += load<T>(d + o) * load<T>(xp + o);
      s1 += load<T>(d + o + sz) * load<T>(xp + o + sz);
      if (four) {
        s2 += load<T>(d + o + 2 * sz) * load<T>(xp + o + 2 * sz);
        s3 += load<T>(d + o + 3 * sz) * load<T>(xp + o + 3 * sz);
      }
    }
  }
  return four ? (s0 + s1) + (s2 + s3) : s0 + s1;
}

/** dw[m][a], dw[m][b] for m < 4 (row stride dwStride bytes): four dy channels against columns xa, xb. */
function dots4x2v<T>(
  dwa: usize, dwb: usize, dwStride: usize, dy: usize, dyChan: usize, dyBatch: usize,
  xa: usize, xb: usize, xBatch: usize, N: i32, K: i32,
): void {
  if (!ASC_FEATURE_SIMD) {
    for (let m = 0; m < 4; m++) {
      const d = dy + <usize>m * dyChan;
      store<T>(dwa + <usize>m * dwStride, stripedDot<T>(d, dyBatch, xa, xBatch, N, K));
      store<T>(dwb + <usize>m * dwStride, stripedDot<T>(d, dyBatch, xb, xBatch, N, K));
    }
  } else {
    const sz = <usize>sizeof<T>();
    let a0 = v128.splat<T>(<T>0);
    let a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
    const bytes = <usize>K * sz;
    for (let n = 0; n < N; n++) {
      let d = dy + <usize>n * dyBatch;
      let pa = xa + <usize>n * xBatch;
      let pb = xb + <usize>n * xBatch;
      const end = d + bytes;
      while (d < end) {
        const d0 = v128.load(d);
        const d1 = v128.load(d + dyChan);
        const d2 = v128.load(d + 2 * dyChan);
        const d3 = v128.load(d + 3 * dyChan);
        let xv = v128.load(pa);
        a0 = v128.add<T>(a0, v128.mul<T>(d0, xv));
        a1 = v128.add<T>(a1, v128.mul<T>(d1, xv));
        a2 = v128.add<T>(a2, v128.mul<T>(d2, xv));
        a3 = v128.add<T>(a3, v128.mul<T>(d3, xv));
        xv = v128.load(pb);
        b0 = v128.add<T>(b0, v128.mul<T>(d0, xv));
        b1 = v128.add<T>(b1, v128.mul<T>(d1, xv));
        b2 = v128.add<T>(b2, v128.mul<T>(d2, xv));
        b3 = v128.add<T>(b3, v128.mul<T>(d3, xv));
        d += 16;
        pa += 16;
        pb += 16;
      }
    }
    store<T>(dwa, hsum<T>(a0));
    store<T>(dwa + dwStride, hsum<T>(a1));
    store<T>(dwa + 2 * dwStride, hsum<T>(a2));
    store<T>(dwa + 3 * dwStride, hsum<T>(a3));
    store<T>(dwb, hsum<T>(b0));
    store<T>(dwb + dwStride, hsum<T>(b1));
    store<T>(dwb + 2 * dwStride, hsum<T>(b2));
    store<T>(dwb + 3 * dwStride, hsum<T>(b3));
  }
}

/** dw at w0…w3 (one channel) from dy against four columns. */
function dots1x4v<T>(
  w0: usize, w1: usize, w2: usize, w3: usize, dy: usize, dyBatch: usize,
  x0: usize, x1: usize, x2: usize, x3: usize, xBatch: usize, N: i32, K: i32,
): void {
  if (!ASC_FEATURE_SIMD) {
    store<T>(w0, stripedDot<T>(dy, dyBatch, x0, xBatch, N, K));
    store<T>(w1, stripedDot<T>(dy, dyBatch, x1, xBatch, N, K));
    store<T>(w2, stripedDot<T>(dy, dyBatch, x2, xBatch, N, K));
    store<T>(w3, stripedDot<T>(dy, dyBatch, x3, xBatch, N, K));
  } else {
    const sz = <usize>sizeof<T>();
    let a0 = v128.splat<T>(<T>0);
    let a1 = a0, a2 = a0, a3 = a0;
    const bytes = <usize>K * sz;
    for (let n = 0; n < N; n++) {
      let d = dy + <usize>n * dyBatch;
      const off = <usize>n * xBatch;
      let p0 = x0 + off, p1 = x1 + off, p2 = x2 + off, p3 = x3 + off;
      const end = d + bytes;
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
 * channel `dyChan` and image `dyBatch` (wide, K a multiple of the lane count, zero past Wo
 * in each row), x plane-block channel `xChan` and image `xBatch`; `taps` i32 byte offsets.
 */
export function gradWeight<T>(
  dw: usize, dy: usize, dyChan: i32, dyBatch: i32, x: usize, xChan: i32, xBatch: i32, taps: usize, nTaps: i32,
  nGroups: i32, nOut: i32, nRed: i32, N: i32, K: i32,
): void {
  const sz = <usize>sizeof<T>();
  const cols = nRed * nTaps;
  const dwStride = <usize>cols * sz;
  const dyStride = <usize>dyChan * sz;
  const dyB = <usize>dyBatch * sz;
  const xStride = <usize>xChan * sz;
  const xB = <usize>xBatch * sz;
  const blocks = nOut >> 2;
  for (let g = 0; g < nGroups; g++) {
    const dwg = dw + <usize>g * <usize>nOut * dwStride;
    const dyg = dy + <usize>g * <usize>nOut * dyStride;
    const xg = x + <usize>g * <usize>nRed * xStride;
    for (let b = 0; b < blocks; b++) {
      const dwb = dwg + <usize>(4 * b) * dwStride;
      const dyb = dyg + <usize>(4 * b) * dyStride;
      for (let j = 0; j < cols; j += 2) {
        const j1 = j + 1 < cols ? j + 1 : j; // an odd last column is computed twice, stored once
        dots4x2v<T>(
          dwb + <usize>j * sz, dwb + <usize>j1 * sz, dwStride, dyb, dyStride, dyB,
          column(xg, xStride, taps, nTaps, j), column(xg, xStride, taps, nTaps, j1), xB, N, K,
        );
      }
    }
    for (let k = blocks << 2; k < nOut; k++) {
      const dwk = dwg + <usize>k * dwStride;
      const dyk = dyg + <usize>k * dyStride;
      for (let j = 0; j < cols; j += 4) {
        const j1 = min(j + 1, cols - 1), j2 = min(j + 2, cols - 1), j3 = min(j + 3, cols - 1);
        dots1x4v<T>(
          dwk + <usize>j * sz, dwk + <usize>j1 * sz, dwk + <usize>j2 * sz, dwk + <usize>j3 * sz, dyk, dyB,
          column(xg, xStride, taps, nTaps, j), column(xg, xStride, taps, nTaps, j1),
          column(xg, xStride, taps, nTaps, j2), column(xg, xStride, taps, nTaps, j3), xB, N, K,
        );
      }
    }
  }
}

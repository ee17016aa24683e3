// gradBias of the Conv2D layer: db[o] = Σ_n Σ_p dy[n][o][p] over the dense Ho·Wo pixels.
// Fixed order: one partial sum per lane (p ≡ ℓ mod lanes over the whole vectors of each
// image's channel row), the p past the last whole vector in a separate sum; the result is
// (ℓ0 + ℓ1) + (ℓ2 + ℓ3) + tail. The scalar build keeps the same stripes: identical bits.
// float32 sums in float64 (four f64 stripes), rounded once at the end: a bias gradient is one
// number per channel from up to N·Ho·Wo terms of both signs, and f32 stripes lost up to 6e-4
// of it to cancellation on a random 108-term case (PyTorch: 7e-5; float64 sums: ½ ulp); the
// JS baseline sums in float64 too.

// @ts-ignore: decorator
@inline function lanes<T>(): i32 {
  return 16 / sizeof<T>();
}

export function gradBias<T>(db: usize, dy: usize, nOut: i32, HW: i32, N: i32): void {
  const sz = <usize>sizeof<T>();
  for (let o = 0; o < nOut; o++) {
    const first = dy + <usize>o * <usize>HW * sz;
    const imageStride = <usize>nOut * <usize>HW * sz;
    if (ASC_FEATURE_SIMD) store<T>(db + <usize>o * sz, channelSumSimd<T>(first, imageStride, HW, N));
    else store<T>(db + <usize>o * sz, channelSumScalar<T>(first, imageStride, HW, N));
  }
}

function channelSumSimd<T>(first: usize, imageStride: usize, HW: i32, N: i32): T {
  const sz = <usize>sizeof<T>();
  const L = lanes<T>();
  const vecEnd = HW - HW % L;
  let tail: f64 = 0;
  // f64: lanes ℓ0, ℓ1 in lo and (float32 only) ℓ2, ℓ3 in hi.
  let lo = f64x2.splat(0);
  let hi = lo;
  for (let n = 0; n < N; n++) {
    const row = first + <usize>n * imageStride;
    for (let p = 0; p < vecEnd; p += L) {
      const v = v128.load(row + <usize>p * sz);
      if (L == 4) {
        lo = f64x2.add(lo, f64x2.promote_low_f32x4(v));
        hi = f64x2.add(hi, f64x2.promote_low_f32x4(v128.shuffle<i32>(v, v, 2, 3, 2, 3)));
      } else {
        lo = f64x2.add(lo, v);
      }
    }
    for (let p = vecEnd; p < HW; p++) tail += <f64>load<T>(row + <usize>p * sz);
  }
  const pair01 = f64x2.extract_lane(lo, 0) + f64x2.extract_lane(lo, 1);
  if (L == 4) return <T>((pair01 + (f64x2.extract_lane(hi, 0) + f64x2.extract_lane(hi, 1))) + tail);
  return <T>(pair01 + tail);
}

function channelSumScalar<T>(first: usize, imageStride: usize, HW: i32, N: i32): T {
  const sz = <usize>sizeof<T>();
  const L = lanes<T>();
  const vecEnd = HW - HW % L;
  let tail: f64 = 0;
  let s0: f64 = 0, s1: f64 = 0, s2: f64 = 0, s3: f64 = 0;
  for (let n = 0; n < N; n++) {
    const row = first + <usize>n * imageStride;
    for (let p = 0; p < vecEnd; p += L) {
      const a = row + <usize>p * sz;
      s0 += <f64>load<T>(a);
      s1 += <f64>load<T>(a + sz);
      if (L == 4) {
        s2 += <f64>load<T>(a + 2 * sz);
        s3 += <f64>load<T>(a + 3 * sz);
      }
    }
    for (let p = vecEnd; p < HW; p++) tail += <f64>load<T>(row + <usize>p * sz);
  }
  return <T>((L == 4 ? (s0 + s1) + (s2 + s3) : s0 + s1) + tail);
}

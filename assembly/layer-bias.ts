// gradBias of the Conv2D layer: db[o] = Σ_n Σ_p dy[n][o][p] over the dense Ho·Wo pixels.
// Fixed order: one partial sum per lane (p ≡ ℓ mod lanes over the whole vectors of each
// image's channel row), the p past the last whole vector in a separate sum; the result is
// (ℓ0 + ℓ1) + (ℓ2 + ℓ3) + tail. The scalar build keeps the same stripes: identical bits.

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
  let tail = <T>0;
  let v = v128.splat<T>(<T>0);
  for (let n = 0; n < N; n++) {
    const row = first + <usize>n * imageStride;
    for (let p = 0; p < vecEnd; p += L) v = v128.add<T>(v, v128.load(row + <usize>p * sz));
    for (let p = vecEnd; p < HW; p++) tail += load<T>(row + <usize>p * sz);
  }
  if (L == 4) {
    return <T>((v128.extract_lane<f32>(v, 0) + v128.extract_lane<f32>(v, 1)) + (v128.extract_lane<f32>(v, 2) + v128.extract_lane<f32>(v, 3))) + tail;
  }
  return <T>(v128.extract_lane<f64>(v, 0) + v128.extract_lane<f64>(v, 1)) + tail;
}

function channelSumScalar<T>(first: usize, imageStride: usize, HW: i32, N: i32): T {
  const sz = <usize>sizeof<T>();
  const L = lanes<T>();
  const vecEnd = HW - HW % L;
  let tail = <T>0;
  let s0 = <T>0, s1 = <T>0, s2 = <T>0, s3 = <T>0;
  for (let n = 0; n < N; n++) {
    const row = first + <usize>n * imageStride;
    for (let p = 0; p < vecEnd; p += L) {
      const a = row + <usize>p * sz;
      s0 += load<T>(a);
      s1 += load<T>(a + sz);
      if (L == 4) {
        s2 += load<T>(a + 2 * sz);
        s3 += load<T>(a + 3 * sz);
      }
    }
    for (let p = vecEnd; p < HW; p++) tail += load<T>(row + <usize>p * sz);
  }
  return (L == 4 ? (s0 + s1) + (s2 + s3) : s0 + s1) + tail;
}

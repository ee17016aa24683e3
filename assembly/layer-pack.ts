// Weight packing for the layer's implicit GEMM (layer-igemm.ts): once per call, into the order
// the micro-kernels read. Per group, output channels in blocks of 4 — block b holds
// w[4b..4b+3] interleaved as [r][t][4] (reduction channel r, tap t) — then the remaining
// nOut mod 4 channels one by one as [r][t]. Channel k's data starts at k·nRed·nTaps either way.

/**
 * dst ← packed weights of `nGroups` groups: source element for (group g, output k, reduction
 * channel r, tap t) is src[g·groupStride + k·strideOut + r·strideRed + tapSrc[t]] (element
 * strides; tapSrc is an i32 table). Forward: k = o, r = c′. gradInput: k = c′, r = o.
 */
export function packWeights<T>(
  dst: usize, src: usize, nGroups: i32, groupStride: i32, nOut: i32, strideOut: i32, nRed: i32, strideRed: i32,
  tapSrc: usize, nTaps: i32,
): void {
  const sz = <usize>sizeof<T>();
  let d = dst;
  const blocks = nOut >> 2;
  for (let g = 0; g < nGroups; g++) {
    const sg = src + <usize>g * <usize>groupStride * sz;
    for (let b = 0; b < blocks; b++) {
      for (let r = 0; r < nRed; r++) {
        for (let t = 0; t < nTaps; t++) {
          let s = sg + (<usize>(4 * b) * <usize>strideOut + <usize>r * <usize>strideRed + <usize>load<i32>(tapSrc + (<usize>t << 2))) * sz;
          for (let m = 0; m < 4; m++) {
            store<T>(d, load<T>(s));
            d += sz;
            s += <usize>strideOut * sz;
          }
        }
      }
    }
    for (let k = blocks << 2; k < nOut; k++) {
      for (let r = 0; r < nRed; r++) {
        for (let t = 0; t < nTaps; t++) {
          store<T>(d, load<T>(sg + (<usize>k * <usize>strideOut + <usize>r * <usize>strideRed + <usize>load<i32>(tapSrc + (<usize>t << 2))) * sz));
          d += sz;
        }
      }
    }
  }
}

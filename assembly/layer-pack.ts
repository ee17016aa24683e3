// Weight packing for the layer's implicit GEMM (layer-igemm.ts): once per call, into the order
// the micro-kernels read. Per group, output channels in blocks of 4 — block b holds
// w[4b..4b+3] interleaved as [r-block][t][r][4] (blocks of RED_BLOCK reduction channels, tap t,
// channel r) — then the remaining nOut mod 4 channels: three as one [r-block][t][r][3] block
// (layer-igemm.ts's 3-channel tile), else one by one as [r-block][t][r].
// Channel k's data starts at k·nRed·nTaps either way.
import { RED_BLOCK } from './layer-dwconv';

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
    for (let b = 0; b < blocks; b++) d = packBlock<T>(d, sg, 4 * b, 4, strideOut, nRed, strideRed, tapSrc, nTaps);
    const rest = nOut - (blocks << 2);
    if (rest == 3) d = packBlock<T>(d, sg, blocks << 2, 3, strideOut, nRed, strideRed, tapSrc, nTaps);
    else for (let k = blocks << 2; k < nOut; k++) d = packBlock<T>(d, sg, k, 1, strideOut, nRed, strideRed, tapSrc, nTaps);
  }
}

/** Output channels k0 … k0+mr−1 in the kernels' read order [r-block][t][r][mr]; returns the next free dst. */
function packBlock<T>(
  d: usize, sg: usize, k0: i32, mr: i32, strideOut: i32, nRed: i32, strideRed: i32, tapSrc: usize, nTaps: i32,
): usize {
  return mr == 4
    ? packRows<T>(d, sg, k0, 4, strideOut, nRed, strideRed, tapSrc, nTaps)
    : packRows<T>(d, sg, k0, mr, strideOut, nRed, strideRed, tapSrc, nTaps);
}

/** packBlock's loops, inlined with a constant mr = 4 (the common block: no inner loop left). */
// @ts-ignore: decorator
@inline function packRows<T>(
  d: usize, sg: usize, k0: i32, mr: i32, strideOut: i32, nRed: i32, strideRed: i32, tapSrc: usize, nTaps: i32,
): usize {
  const sz = <usize>sizeof<T>();
  const so = <usize>strideOut * sz;
  const sr = <usize>strideRed * sz;
  const base = sg + <usize>k0 * so;
  for (let r0 = 0; r0 < nRed; r0 += RED_BLOCK) {
    const rn = min(RED_BLOCK, nRed - r0);
    for (let t = 0; t < nTaps; t++) {
      let s = base + <usize>r0 * sr + <usize>load<i32>(tapSrc + (<usize>t << 2)) * sz;
      for (let r = 0; r < rn; r++) {
        if (mr == 4) {
          store<T>(d, load<T>(s));
          store<T>(d + sz, load<T>(s + so));
          store<T>(d + 2 * sz, load<T>(s + 2 * so));
          store<T>(d + 3 * sz, load<T>(s + 3 * so));
          d += 4 * sz;
        } else {
          let sm = s;
          for (let m = 0; m < mr; m++) {
            store<T>(d, load<T>(sm));
            d += sz;
            sm += so;
          }
        }
        s += sr;
      }
    }
  }
  return d;
}

// The one-output-channel tile of the layer's implicit GEMM: 1 channel × 4 vectors of output
// pixels (16 f32 / 8 f64), four accumulators. It is the whole of a depthwise convolution
// (groups = Cin: one input channel, kH·kW taps per output channel), vectorised along the wide
// output pixels q = i·Wph + j, and it takes the nOut mod 4 channels a 4-channel tile leaves.
// Each lane sums bias, then (channel block, t, r) in order (as layer-igemm.ts), one mul and one add at a
// time — the order of the scalar build, so SIMD and scalar binaries agree bit for bit.

// @ts-ignore: decorator
@inline function lanes<T>(): i32 {
  return 16 / sizeof<T>();
}

/**
 * Reduction channels per block of the implicit GEMM's loops (and of the packed weights): the
 * tile's input rows of one block (16 channels × 3 rows × 2 cache lines) stay in L1 while every
 * tap reads them. Order of a sum: blocks, then taps, then channels within the block.
 */
export const RED_BLOCK: i32 = 16;

/** Pixels per conv1x4v tile: 4 vectors. */
// @ts-ignore: decorator
@inline export function dwTile<T>(): i32 {
  return 4 * lanes<T>();
}

/**
 * out[q .. q+dwTile) = bias + Σ_r Σ_t w[r][t] · x[r·xChan + taps[t] + q] for one output
 * channel; `x` and `out` already point at pixel q, `taps` holds byte offsets, `xChan` bytes.
 */
export function conv1x4v<T>(out: usize, x: usize, xChan: usize, nRed: i32, taps: usize, nTaps: i32, w: usize, bias: usize): void {
  const sz = <usize>sizeof<T>();
  const tapsEnd = taps + (<usize>nTaps << 2);
  if (ASC_FEATURE_SIMD) {
    let a0 = v128.splat<T>(load<T>(bias));
    let a1 = a0, a2 = a0, a3 = a0;
    if (nRed == 1) {
      // Depthwise: taps only (the same order as below with one channel).
      for (let tp = taps; tp < tapsEnd; tp += 4) {
        const p = x + <usize>load<i32>(tp);
        const wv = v128.load_splat<T>(w);
        a0 = v128.add<T>(a0, v128.mul<T>(wv, v128.load(p)));
        a1 = v128.add<T>(a1, v128.mul<T>(wv, v128.load(p, 16)));
        a2 = v128.add<T>(a2, v128.mul<T>(wv, v128.load(p, 32)));
        a3 = v128.add<T>(a3, v128.mul<T>(wv, v128.load(p, 48)));
        w += sz;
      }
    } else {
      const rb = nTaps == 1 ? nRed : RED_BLOCK; // as in layer-igemm.ts
      for (let r0 = 0; r0 < nRed; r0 += rb) {
        const xb = x + <usize>r0 * xChan;
        const xEnd = <usize>min(rb, nRed - r0) * xChan;
        for (let tp = taps; tp < tapsEnd; tp += 4) {
          const xt = xb + <usize>load<i32>(tp);
          for (let xo: usize = 0; xo < xEnd; xo += xChan) {
            const p = xt + xo;
            const wv = v128.load_splat<T>(w);
            a0 = v128.add<T>(a0, v128.mul<T>(wv, v128.load(p)));
            a1 = v128.add<T>(a1, v128.mul<T>(wv, v128.load(p, 16)));
            a2 = v128.add<T>(a2, v128.mul<T>(wv, v128.load(p, 32)));
            a3 = v128.add<T>(a3, v128.mul<T>(wv, v128.load(p, 48)));
            w += sz;
          }
        }
      }
    }
    v128.store(out, a0);
    v128.store(out, a1, 16);
    v128.store(out, a2, 32);
    v128.store(out, a3, 48);
  } else {
    const n = dwTile<T>();
    for (let j = 0; j < n; j += 4) {
      const b = load<T>(bias);
      let s0 = b, s1 = b, s2 = b, s3 = b;
      const xr = x + <usize>j * sz;
      let wp = w;
      for (let r0 = 0; r0 < nRed; r0 += RED_BLOCK) {
      const rn = min(RED_BLOCK, nRed - r0);
      for (let tp = taps; tp < tapsEnd; tp += 4) {
        let p = xr + <usize>r0 * xChan + <usize>load<i32>(tp);
        for (let r = 0; r < rn; r++) {
          const wv = load<T>(wp);
          s0 += wv * load<T>(p);
          s1 += wv * load<T>(p + sz);
          s2 += wv * load<T>(p + 2 * sz);
          s3 += wv * load<T>(p + 3 * sz);
          wp += sz;
          p += xChan;
        }
      }
      }
      const o = out + <usize>j * sz;
      store<T>(o, s0);
      store<T>(o + sz, s1);
      store<T>(o + 2 * sz, s2);
      store<T>(o + 3 * sz, s3);
    }
  }
}

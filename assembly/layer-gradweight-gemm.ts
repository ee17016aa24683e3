// gradWeight of a one-tap group (1×1 kernels, and the Winograd paths' per-point GEMMs) as a plain
// GEMM on the forward's register tile (layer-igemm.ts), reducing over the output pixels
// p = (n, i, v), v < Wo:
//   dw[k][c] = Σ_p dy[n][k][i][v] · x[n][c][i·xRow + v + tap]
// x is transposed into rows of pixels (xT[p][c]) and dy packed as the GEMM's weights ([p][m] per
// tile of output channels, layer-pack.ts's order), so each tile runs over the whole reduction with
// contiguous loads: 4× longer runs per tile than the per-lane dot products of layer-gradweight.ts. Each dw is a plain
// sum over p in order after a zero bias — igemm's order, the same in SIMD and scalar builds.
// Only pixels v < Wo are read, so whatever lies past a row (padding columns, garbage after the
// last tile) meets no product.
import { igemm } from './layer-igemm';

/**
 * Reductions (N·Ho·Wo pixels) up to which one-tap gradWeight takes this GEMM; longer ones keep the
 * dot products, whose runs are then long enough, and save the transposes (interleaved A/B, 1×1,
 * float32: 49 pixels 1.41×, 98 1.36×, 196 1.17×; 784 0.88–0.97×, 3136 0.86×).
 * src/wasm/layer-plan.ts (gradWeightScratch) uses the same bound.
 */
export const GEMM_MAX_PIXELS: i32 = 512;

// @ts-ignore: decorator
@inline function lanes<T>(): i32 {
  return 16 / sizeof<T>();
}

/**
 * Elements per row of the transposed x: whole 1-channel tiles (16 f32, 8 f64; igemm reads whole
 * tiles), plus one more tile when a row is a multiple of 1 KiB (rows 1 KiB apart share L1 sets).
 * src/wasm/layer-plan.ts (gradWeightScratch) sizes the scratch with the same rule.
 */
// @ts-ignore: decorator
@inline function transposedRow<T>(nRed: i32): i32 {
  let ld = (nRed + 15) & ~15;
  if (((ld * sizeof<T>()) & 1023) == 0) ld += 16;
  return ld;
}

// @ts-ignore: decorator
@inline function align16(p: usize): usize {
  return (p + 15) & ~(<usize>15);
}

/** dst rows j < L (stride dstStride bytes) ← column j of the L×L block at src (row stride srcStride bytes). */
// @ts-ignore: decorator
@inline export function transposeBlock<T>(dst: usize, dstStride: usize, src: usize, srcStride: usize): void {
  if (!ASC_FEATURE_SIMD) return; // callers use it in SIMD builds only
  if (sizeof<T>() == 4) {
    const r0 = v128.load(src), r1 = v128.load(src + srcStride), r2 = v128.load(src + 2 * srcStride), r3 = v128.load(src + 3 * srcStride);
    const t0 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5);
    const t1 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7);
    const t2 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5);
    const t3 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7);
    v128.store(dst, v128.shuffle<f64>(t0, t2, 0, 2));
    v128.store(dst + dstStride, v128.shuffle<f64>(t0, t2, 1, 3));
    v128.store(dst + 2 * dstStride, v128.shuffle<f64>(t1, t3, 0, 2));
    v128.store(dst + 3 * dstStride, v128.shuffle<f64>(t1, t3, 1, 3));
  } else {
    const r0 = v128.load(src), r1 = v128.load(src + srcStride);
    v128.store(dst, v128.shuffle<f64>(r0, r1, 0, 2));
    v128.store(dst + dstStride, v128.shuffle<f64>(r0, r1, 1, 3));
  }
}

/**
 * xT[p][c] (row stride ldB bytes) ← x[n][c][i·xR + v] for c < nRed and the pixels p = (n, i, v)
 * in order; `x` points at channel 0's first pixel (tap included). SIMD: L×L blocks.
 */
function transposeX<T>(xT: usize, ldB: usize, x: usize, xStride: usize, xB: usize, xR: usize, nRed: i32, N: i32, Ho: i32, Wo: i32): void {
  const sz = <usize>sizeof<T>();
  const L = lanes<T>();
  const vecV = ASC_FEATURE_SIMD ? Wo - Wo % L : 0;
  const vecC = ASC_FEATURE_SIMD ? nRed - nRed % L : 0;
  let d = xT;
  for (let n = 0; n < N; n++) {
    for (let i = 0; i < Ho; i++) {
      const row = x + <usize>n * xB + <usize>i * xR;
      for (let v = 0; v < vecV; v += L) {
        const dv = d + <usize>v * ldB;
        const sv = row + <usize>v * sz;
        for (let c = 0; c < vecC; c += L) transposeBlock<T>(dv + <usize>c * sz, ldB, sv + <usize>c * xStride, xStride);
        for (let c = vecC; c < nRed; c++) {
          for (let j = 0; j < L; j++) store<T>(dv + <usize>j * ldB + <usize>c * sz, load<T>(sv + <usize>c * xStride + <usize>j * sz));
        }
      }
      for (let v = vecV; v < Wo; v++) {
        const dv = d + <usize>v * ldB;
        const sv = row + <usize>v * sz;
        for (let c = 0; c < nRed; c++) store<T>(dv + <usize>c * sz, load<T>(sv + <usize>c * xStride));
      }
      d += <usize>Wo * ldB;
    }
  }
}

/**
 * Output channels k0 … k0+m−1 of dy (channel stride dyStride, image dyB, row dyR bytes) as one
 * packed tile [p][m] at d; returns the next free byte. SIMD: L×L blocks for m = 4.
 */
// @ts-ignore: decorator
@inline function packDyRows<T>(d: usize, dy: usize, m: i32, dyStride: usize, dyB: usize, dyR: usize, N: i32, Ho: i32, Wo: i32): usize {
  const sz = <usize>sizeof<T>();
  const L = lanes<T>();
  const mB = <usize>m * sz;
  const vecV = ASC_FEATURE_SIMD && m == 4 ? Wo - Wo % L : 0;
  for (let n = 0; n < N; n++) {
    for (let i = 0; i < Ho; i++) {
      const row = dy + <usize>n * dyB + <usize>i * dyR;
      for (let v = 0; v < vecV; v += L) {
        const dv = d + <usize>v * mB;
        const sv = row + <usize>v * sz;
        for (let h = 0; h < 4; h += L) transposeBlock<T>(dv + <usize>h * sz, mB, sv + <usize>h * dyStride, dyStride);
      }
      for (let v = vecV; v < Wo; v++) {
        const dv = d + <usize>v * mB;
        const sv = row + <usize>v * sz;
        for (let j = 0; j < m; j++) store<T>(dv + <usize>j * sz, load<T>(sv + <usize>j * dyStride));
      }
      d += <usize>Wo * mB;
    }
  }
  return d;
}

/** dy of nOut channels as igemm's packed weights over the reduction p (layer-pack.ts: blocks of 4, then a 3-block or single channels). */
function packDy<T>(pack: usize, dy: usize, dyStride: usize, dyB: usize, dyR: usize, nOut: i32, N: i32, Ho: i32, Wo: i32): void {
  const blocks = nOut >> 2;
  const rest = nOut - (blocks << 2);
  let d = pack;
  for (let b = 0; b < blocks; b++) d = packDyRows<T>(d, dy + <usize>(4 * b) * dyStride, 4, dyStride, dyB, dyR, N, Ho, Wo);
  if (rest == 3) {
    packDyRows<T>(d, dy + <usize>(blocks << 2) * dyStride, 3, dyStride, dyB, dyR, N, Ho, Wo);
  } else {
    for (let k = blocks << 2; k < nOut; k++) d = packDyRows<T>(d, dy + <usize>k * dyStride, 1, dyStride, dyB, dyR, N, Ho, Wo);
  }
}

/**
 * dw[k][c] (row stride dwStride bytes) for k < nOut, c < nRed of one group with one tap (see the
 * file comment). `x` points at the group's channel 0 plus the tap; byte strides as in
 * layer-gradweight.ts. `scratch` (16-byte aligned) holds, in order: xT (P rows of
 * transposedRow(nRed) elements and a tile of slack), the packed dy (nOut·P), a zero bias (nOut),
 * the tap table (one i32) and, unless dw's rows can take whole tiles, the GEMM's wide output
 * (nOut rows of transposedRow(nRed)) — P = N·Ho·Wo, each part 16-byte aligned.
 */
export function gradWeightGemm<T>(
  dw: usize, dwStride: usize, scratch: usize, dy: usize, dyStride: usize, dyB: usize, dyR: usize,
  x: usize, xStride: usize, xB: usize, xR: usize, nOut: i32, nRed: i32, N: i32, Ho: i32, Wo: i32,
): void {
  const sz = <usize>sizeof<T>();
  const P = N * Ho * Wo;
  const ld = transposedRow<T>(nRed);
  const ldB = <usize>ld * sz;
  const xT = scratch;
  const pack = align16(xT + (<usize>P * <usize>ld + 16) * sz);
  const zero = align16(pack + <usize>nOut * <usize>P * sz);
  const tap = align16(zero + <usize>nOut * sz);
  const wide = tap + 16;
  memory.fill(zero, 0, <usize>nOut * sz);
  store<i32>(tap, 0);
  transposeX<T>(xT, ldB, x, xStride, xB, xR, nRed, N, Ho, Wo);
  packDy<T>(pack, dy, dyStride, dyB, dyR, nOut, N, Ho, Wo);
  // dw's rows take igemm's whole tiles when they are whole tiles long (and contiguous).
  const direct = (nRed & 15) == 0 && dwStride == <usize>nRed * sz;
  igemm<T>(direct ? dw : wide, direct ? nRed : ld, xT, ld, pack, zero, tap, 1, 1, nOut, P, nRed);
  if (!direct) {
    for (let k = 0; k < nOut; k++) memory.copy(dw + <usize>k * dwStride, wide + <usize>k * ldB, <usize>nRed * sz);
  }
}

// Pointwise (1×1, stride 1, no padding) layer passes as packed GEMMs C = init + A·B:
//   forward     y[o][q]  = bias[o] + Σ_c  w[o][c]  · x[c][q]      A = W,  B = x  (in place)
//   gradInput   dx[c][q] =           Σ_o  w[o][c]  · dy[o][q]     A = Wᵀ, B = dy (in place)
//   gradWeight  dw[o][c] =           Σ_p  dy[o][p] · x[c][p]      A = dy, B = xᵀ (packed)
// A is packed once per call into panels of 4 rows in the order the tile reads them ([k][4]: a
// row's values splatted from consecutive floats); B is read through panels of NR = 2 vectors of
// columns, each a run of bStep-strided rows: the caller's rows in place (x, dy: their channels)
// or the packed xᵀ ([k][NR], contiguous). The register tile is layer-igemm.ts's 4 rows × 2
// vectors with one tap (8 accumulators, 2 B vectors, the splats: V8 keeps it in its 15 xmm
// registers; 5×2 and 3×3 tiles spilled and ran ≈ 0.65× as fast). Loops: K in blocks of KC, then
// chunks of B panels that fit L1 together (16 KiB), then A panels (a panel's block, 4 KiB, from
// L2), then the chunk's B panels. No wide rows to compact: C is y, dx or dw itself, border
// tiles going through a scratch tile. Every C entry is init then the products in k order, one
// mul and one add each, partial sums stored and reloaded between K blocks — igemm's order, so
// results are bit-identical to it and to the scalar build.
import { transposeBlock } from './layer-gradweight-gemm';
import { igemmMx2v } from './layer-igemm';

// @ts-ignore: decorator
@inline function lanes<T>(): i32 {
  return 16 / sizeof<T>();
}

/** Columns of a B panel: 2 vectors (8 f32, 4 f64). */
// @ts-ignore: decorator
@inline export function panelCols<T>(): i32 {
  return 2 * lanes<T>();
}

/** Reduction steps per K block: the A panel's block (4 KiB f32, 8 KiB f64) stays in L1. */
const KC: i32 = 256;

/** Bytes of B panels swept together by all A panels (in L1 with one A panel's block). */
const B_CHUNK_BYTES: i32 = 16 * 1024;

/** Rows of Wᵀ's source packed for all panels at a time (packA). */
const PACK_ROWS: i32 = 16;

/**
 * c (M × N, row stride ldc elements) ← init + A·B: `a` packed by packA (ceil(M/4) panels of K
 * rows × 4), B's column j0 of row k at b + (j0/NR)·bPanel + k·bStep elements (j0 a multiple of
 * NR; a panel's columns past N are read but never stored). `init` holds ceil(M/4)·4 values (the
 * bias, or zeros). `edge` is scratch: a tile of 4·NR elements for the partial tiles at the
 * bottom and right borders, then the tile's one-tap table (an i32 0).
 */
export function packedGemm<T>(
  c: usize, ldc: i32, a: usize, b: usize, bStep: i32, bPanel: i32, M: i32, N: i32, K: i32, init: usize, edge: usize,
): void {
  const sz = <usize>sizeof<T>();
  const NR = panelCols<T>();
  const ldcB = <usize>ldc * sz;
  const bStepB = <usize>bStep * sz;
  const edgeB = <usize>NR * sz;
  const taps = edge + 4 * edgeB;
  store<i32>(taps, 0);
  for (let k0 = 0; k0 < K; k0 += KC) {
    const kn = min(KC, K - k0);
    const first = k0 == 0;
    // Chunks of B panels that fit L1 (B_CHUNK_BYTES) together, swept by every A panel in turn.
    const chunk = max(1, B_CHUNK_BYTES / (kn * <i32>edgeB)) * NR;
    for (let jc = 0; jc < N; jc += chunk) {
      const jEnd = min(N, jc + chunk);
      for (let i0 = 0; i0 < M; i0 += 4) {
        const ap = a + (<usize>i0 * <usize>K + <usize>k0 * 4) * sz;
        const ip = init + <usize>i0 * sz;
        const mv = min(4, M - i0);
        const ci = c + <usize>i0 * ldcB;
        // Whole tiles in one call (few live values: V8 keeps the tile's pointers in registers).
        const full = mv == 4 ? (jEnd - jc) / NR : 0; // the partial last panel (N % NR) is not whole
        const bc = b + (<usize>(jc / NR) * <usize>bPanel + <usize>k0 * <usize>bStep) * sz;
        if (full > 0) sweepTiles<T>(ci + <usize>jc * sz, ldcB, ap, bc, <usize>bPanel * sz, bStepB, kn, ip, first, full, taps);
        for (let j0 = jc + full * NR; j0 < jEnd; j0 += NR) {
          const bp = b + (<usize>(j0 / NR) * <usize>bPanel + <usize>k0 * <usize>bStep) * sz;
          const cp = ci + <usize>j0 * sz;
          const nv = min(NR, N - j0);
          // A border tile: through the scratch tile, so nothing past C's rows or columns is written.
          if (!first) for (let r = 0; r < mv; r++) memory.copy(edge + <usize>r * edgeB, cp + <usize>r * ldcB, <usize>nv * sz);
          igemmMx2v<T>(edge, edgeB, bp, bStepB, kn, taps, 1, ap, ip, first, 4);
          for (let r = 0; r < mv; r++) memory.copy(cp + <usize>r * ldcB, edge + <usize>r * edgeB, <usize>nv * sz);
        }
      }
    }
  }
}

/** `count` whole tiles side by side: C columns advance by NR, B by a panel (bPanelB bytes). */
function sweepTiles<T>(c: usize, ldc: usize, a: usize, b: usize, bPanelB: usize, bStep: usize, K: i32, init: usize, first: bool, count: i32, taps: usize): void {
  const step = <usize>panelCols<T>() * sizeof<T>();
  for (let t = 0; t < count; t++) {
    igemmMx2v<T>(c, ldc, b, bStep, K, taps, 1, a, init, first, 4);
    c += step;
    b += bPanelB;
  }
}

/**
 * dst ← A packed for packedGemm: panels of 4 rows (the last padded with zeros), each [k][4] over
 * k < K. A[i][k] = src[i·rowStride + s·segStride + t·kStride] with k = s·seg + t (t < seg): the
 * reduction may run over several segments (gradWeight's images). Element strides.
 */
export function packA<T>(dst: usize, src: usize, M: i32, K: i32, rowStride: i32, kStride: i32, seg: i32, segStride: i32): void {
  const sz = <usize>sizeof<T>();
  const L = lanes<T>();
  const rs = <usize>rowStride * sz;
  const ks = <usize>kStride * sz;
  let i00 = 0;
  if (ASC_FEATURE_SIMD && rowStride == 1 && seg >= K) {
    // Wᵀ: each k's 4 panel rows are adjacent (one 4-element copy). Blocks of PACK_ROWS rows of W at a
    // time for all panels: W's rows are 1 KiB or so apart, and one panel's 256 of them would fall
    // in a few L1 sets.
    const full = M >> 2;
    for (let t0 = 0; t0 < K; t0 += PACK_ROWS) {
      const tn = min(PACK_ROWS, K - t0);
      for (let p = 0; p < full; p++) {
        let d = dst + (<usize>p * <usize>K + <usize>t0) * 4 * sz;
        let q = src + (<usize>(4 * p) + <usize>t0 * <usize>kStride) * sz;
        for (let t = 0; t < tn; t++) {
          v128.store(d, v128.load(q));
          if (sz == 8) v128.store(d, v128.load(q, 16), 16);
          d += 4 * sz;
          q += ks;
        }
      }
    }
    i00 = full << 2;
  }
  let d = dst + <usize>i00 * <usize>K * sz;
  for (let i0 = i00; i0 < M; i0 += 4) {
    const mv = min(4, M - i0);
    for (let s0 = 0; s0 < K; s0 += seg) {
      const base = src + (<usize>i0 * <usize>rowStride + <usize>(s0 / seg) * <usize>segStride) * sz;
      const tn = min(seg, K - s0);
      let t = 0;
      if (ASC_FEATURE_SIMD && mv == 4) {
        if (kStride == 1) {
          // Rows contiguous in k (W, dy): L×L transposes.
          const tv = tn - tn % L;
          for (; t < tv; t += L) {
            const p = base + <usize>t * sz;
            for (let h = 0; h < 4; h += L) transposeBlock<T>(d + <usize>h * sz, 4 * sz, p + <usize>h * rs, rs);
            d += <usize>L * 4 * sz;
          }
        }
      }
      for (; t < tn; t++) {
        const p = base + <usize>t * ks;
        for (let r = 0; r < 4; r++) store<T>(d + <usize>r * sz, r < mv ? load<T>(p + <usize>r * rs) : <T>0);
        d += 4 * sz;
      }
    }
  }
}

/**
 * dst ← B packed for packedGemm (bStep = NR, bPanel = K·NR): panels of NR columns (the last
 * padded with zeros), each [k][NR] over k < K. B[k][j] = src[j·colStride + s·segStride + t] with
 * k = s·seg + t (t < seg): x's channels j, read as rows of pixels (gradWeight's xᵀ).
 */
export function packB<T>(dst: usize, src: usize, K: i32, N: i32, colStride: i32, seg: i32, segStride: i32): void {
  const sz = <usize>sizeof<T>();
  const L = lanes<T>();
  const NR = panelCols<T>();
  const cs = <usize>colStride * sz;
  const rowB = <usize>NR * sz;
  let d = dst;
  for (let j0 = 0; j0 < N; j0 += NR) {
    const nv = min(NR, N - j0);
    for (let s0 = 0; s0 < K; s0 += seg) {
      const base = src + (<usize>j0 * <usize>colStride + <usize>(s0 / seg) * <usize>segStride) * sz;
      const tn = min(seg, K - s0);
      let t = 0;
      if (ASC_FEATURE_SIMD && nv == NR) {
        const tv = tn - tn % L;
        for (; t < tv; t += L) {
          const p = base + <usize>t * sz;
          for (let h = 0; h < NR; h += L) transposeBlock<T>(d + <usize>h * sz, rowB, p + <usize>h * cs, cs);
          d += <usize>L * rowB;
        }
      }
      for (; t < tn; t++) {
        const p = base + <usize>t * sz;
        for (let j = 0; j < NR; j++) store<T>(d + <usize>j * sz, j < nv ? load<T>(p + <usize>j * cs) : <T>0);
        d += rowB;
      }
    }
  }
}

// gradInput of layers with few input channels (small RGB or grey input layers, the 224² stem)
// as one GEMM and a col2im (assembly/layer-col2im.ts): G = Wᵀ·dY with Cin·kH·kW rows (147 for
// 3 channels 7×7) on the implicit GEMM's 4-channel tile, where the transposed convolution has
// only Cin ≤ 3 output channels per tap and runs on the slower 3- or 1-channel tile; then each
// dx pixel sums its taps' G entries. Both in bands of dy rows, so a band of G stays in L2.
// Small dy (≤ 1 MiB an image) is copied in whole at a channel stride of an odd number of cache
// lines (its own 112·112·4 bytes put the 64 channels a GEMM tile reads in the same few L1
// sets: 18.7 GFLOP/s, against 26–27 at the odd stride). Larger dy is copied in whole as it is,
// then band by band, just before that band's GEMM, into one band buffer (channels at an odd-line
// stride again) by a copy loop that keeps many loads in flight: the GEMM then reads its 64
// channel runs from L2, where from the whole copy it streamed them from memory (≈ 21 against
// 25–28 GFLOP/s on the stem, BENCHMARKS.md). The band copy costs ≈ 0.13 ms on the stem; copying
// each band straight from the JS array instead (one set() per channel and band) cost ≈ 1 ms in
// Node and Chromium. No padded copy of dy (padding is never read), no phase scatter.
import type { LayerGeometry } from '../layer/kernels.js';
import type { FloatArray } from '../types.js';
import type { Arena } from './arena.js';
import type { LayerExports } from './layer.js';
import { roundUp, tileOf } from './layer-plan.js';

/** What the pass needs from createWasmLayerKernels. */
export interface ColContext {
  readonly ex: LayerExports;
  readonly arena: Arena;
  reserve(elements: number[], bytes: number, g: LayerGeometry): number[];
  deliver(into: FloatArray | null, view: FloatArray): FloatArray;
}

/** Input channels below which the direct gradInput's tile is starved (fewer than its 4 rows). */
const MAX_CIN = 3;
/** Rows of G at least, so the 4-row tile has work (a 3×3 kernel on 2 channels: 18). */
const MIN_ROWS = 16;
/** dy bytes per image up to which the GEMM reads dy where it was copied in; past it, from band copies. */
const WHOLE_DY_BYTES = 1024 * 1024;
/**
 * Output channels (the GEMM's reduction length) at least when dy comes in band by band: at 16–24
 * the short reductions lost to the direct path on large images (0.87–0.99×, 384²–512² RGB 3×3
 * and 5×5), at 32 and more they won (1.06–1.45×; interleaved A/B, BENCHMARKS.md).
 */
const MIN_STREAMED_COUT = 32;
/** G's bound per band (wide rows: past it, the direct path). */
const MAX_COL_BYTES = 4 * 1024 * 1024;

/** Pixels per band (about): G's band then holds 147 × 512 floats ≈ 300 KB, in L2. */
const BAND_PIXELS = 512;
/**
 * dy's channel stride in WebAssembly memory (elements) for runs of n pixels: whole 64-byte lines,
 * an odd number of them, so the GEMM's reads of one pixel run in every channel spread over all L1 sets.
 */
function oddLines(n: number, bytes: number): number {
  const line = 64 / bytes;
  const s = roundUp(n, line);
  return (s / line) % 2 === 0 ? s + line : s;
}

/**
 * The band layout: dy rows per band, G's row stride, and dy's channel stride (elements) — of the
 * whole image, or (streamed) of one band's copy.
 */
function bandPlan(g: LayerGeometry, bytes: number) {
  const bandRows = Math.max(1, Math.min(g.Ho, Math.floor(BAND_PIXELS / g.Wo)));
  const P = bandRows * g.Wo;
  const colChan = roundUp(P, tileOf(bytes));
  const streamed = streamsDyBands(g, bytes);
  return { bandRows, colChan, streamed, dyChan: oddLines(streamed ? P : g.Ho * g.Wo, bytes) };
}

/** True when that path copies dy band by band into a band buffer for the GEMM (more than 1 MiB an image). */
export function streamsDyBands(g: LayerGeometry, bytes: number): boolean {
  return g.Cout * g.Ho * g.Wo * bytes > WHOLE_DY_BYTES;
}

/**
 * True when gradInput of `g` goes by GEMM + col2im: dense, ≤ 3 input channels, ≥ 16 G rows, a band
 * of G ≤ 4 MiB, and ≥ 32 output channels when dy is over 1 MiB an image.
 */
export function usesColGradInput(g: LayerGeometry, bytes: number): boolean {
  const rows = g.Cin * g.kH * g.kW;
  return g.groups === 1 && g.Cin <= MAX_CIN && rows >= MIN_ROWS && (g.Cout >= MIN_STREAMED_COUT || !streamsDyBands(g, bytes)) &&
    rows * bandPlan(g, bytes).colChan * bytes <= MAX_COL_BYTES;
}

/**
 * Its buffers (elements): dy — whole, or one band when streamed — at a channel stride of an odd
 * number of lines (with a tile of slack the GEMM may read past its last pixel), dy as given when
 * streamed, W, Wᵀ packed, zero bias (one per G row), the one-tap table, G (one band), the row
 * buffer, dx.
 */
export function colGradInputBuffers(g: LayerGeometry, bytes: number): number[] {
  const { N, Cin, H, W, Cout, kH, kW, Ho, Wo } = g;
  const rows = Cin * kH * kW;
  const tile = tileOf(bytes);
  const b = bandPlan(g, bytes);
  return [(b.streamed ? 1 : N) * Cout * b.dyChan + tile, b.streamed ? N * Cout * Ho * Wo : 0, Cout * rows, Cout * rows, rows, Math.ceil(4 / bytes), rows * b.colChan, W + tile + Math.ceil((32 + 8 * (rows + kH + g.sw * (kW + 1))) / bytes), N * Cin * H * W];
}

/** gradInput by GEMM + col2im (see the file comment); `g` must satisfy usesColGradInput. */
export function colGradInput(c: ColContext, dx: FloatArray | null, dy: FloatArray, w: FloatArray, g: LayerGeometry): FloatArray {
  const { ex, arena } = c;
  const f32 = dy instanceof Float32Array;
  const bytes = dy.BYTES_PER_ELEMENT;
  const { N, Cin, H, W, Cout, kH, kW, Ho, Wo } = g;
  const rows = Cin * kH * kW;
  const { bandRows, colChan, dyChan, streamed } = bandPlan(g, bytes);
  const [dyPtr, givenPtr, wPtr, packPtr, zeroPtr, tapPtr, colPtr, rowPtr, dxPtr] =
    c.reserve(colGradInputBuffers(g, bytes), bytes, g) as [number, number, number, number, number, number, number, number, number];
  const HW = Ho * Wo;
  if (streamed) {
    arena.view(dy, givenPtr, dy.length).set(dy);
  } else {
    const dyIn = arena.view(dy, dyPtr, N * Cout * dyChan);
    for (let k = 0; k < N * Cout; k++) dyIn.set(dy.subarray(k * HW, (k + 1) * HW), k * dyChan);
  }
  arena.view(w, wPtr, w.length).set(w);
  arena.view(dy, zeroPtr, rows).fill(0);
  new Int32Array(ex.memory.buffer, tapPtr, 1)[0] = 0;
  const pack = f32 ? ex.layerPackWeights_f32 : ex.layerPackWeights_f64;
  const igemm = f32 ? ex.layerIgemm_f32 : ex.layerIgemm_f64;
  const col2im = f32 ? ex.layerCol2im_f32 : ex.layerCol2im_f64;
  const copy2d = f32 ? ex.layerCopy2d_f32 : ex.layerCopy2d_f64;
  // Wᵀ: output k = (c, a, b) is W's column k (stride 1 between k), reducing over o (stride rows).
  pack(packPtr, wPtr, 1, Cout * rows, rows, 1, Cout, rows, tapPtr, 1);
  const dxAll = arena.view(dy, dxPtr, N * Cin * H * W);
  dxAll.fill(0);
  for (let n = 0; n < N; n++) {
    const dxn = dxPtr + n * Cin * H * W * bytes;
    for (let u0 = 0; u0 < Ho; u0 += bandRows) {
      const u1 = Math.min(Ho, u0 + bandRows);
      const Q = (u1 - u0) * Wo;
      let band = dyPtr + (n * Cout * dyChan + u0 * Wo) * bytes;
      if (streamed) {
        // This band's rows of every channel, copied just before the GEMM reads them (from L2).
        copy2d(dyPtr, dyChan, 0, 1, givenPtr + (n * Cout * HW + u0 * Wo) * bytes, HW, 0, Cout, 1, Q);
        band = dyPtr;
      }
      igemm(colPtr, colChan, band, dyChan, packPtr, zeroPtr, tapPtr, 1, 1, rows, Cout, Q);
      col2im(dxn, colPtr, colChan, Cin, H, W, kH, kW, g.sh, g.sw, g.dh, g.dw, g.pt, g.pl, Ho, Wo, u0, u1, rowPtr);
    }
  }
  return c.deliver(dx, dxAll);
}

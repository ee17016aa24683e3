// Pointwise layers (1×1 kernels, stride 1, no padding, one group) as packed GEMMs
// (assembly/layer-pointwise.ts): per image y = W·x + b and dx = Wᵀ·dy with x and dy read in place
// as the GEMM's B rows, and dw = dy·xᵀ over all images' pixels with both operands packed. No
// stride-phase planes, no wide rows to compact: the GEMM writes y, dx and dw directly.
import type { LayerGeometry } from '../layer/kernels.js';
import type { FloatArray } from '../types.js';
import type { PhaseContext as PassContext } from './layer-phase-winograd.js';
import { lanesOf, roundUp } from './layer-plan.js';

/** Columns of a B panel (2 vectors) and rows of an A panel, as in the kernel. */
const panelCols = (bytes: number): number => 2 * lanesOf(bytes);
const PANEL_ROWS = 4;

export type PointwisePass = 'forward' | 'gradInput' | 'gradWeight';

/**
 * Channels below which forward (Cin) and gradWeight (the fewer of Cin and Cout, over more than
 * GEMM_MAX_PIXELS pixels) keep the implicit GEMM and the dot products: with few channels a tile
 * has little work for its loads and stores, or the packed copies of x and dy cost more than they
 * save (interleaved A/B, BENCHMARKS.md: [8,16,32,32]×[32,16,1,1] forward 0.94×, gradWeight 0.92×;
 * [1,16,56,56]×[64,16,1,1] gradWeight 0.92×; 64 channels and more 1.00–1.08×).
 */
const MIN_CHANNELS = 64;
/** Pixels up to which gradWeight takes the GEMM whatever the channels (layer-gradweight-gemm.ts's bound). */
const GEMM_MAX_PIXELS = 512;

/** True when `pass` of `g` goes by packed GEMM: 1×1, stride 1, unpadded, one group (dilation does not matter), and the bounds above. */
export function usesPointwise(g: LayerGeometry, pass: PointwisePass): boolean {
  const pointwise = g.kH === 1 && g.kW === 1 && g.sh === 1 && g.sw === 1 && g.groups === 1 &&
    g.pt === 0 && g.pb === 0 && g.pl === 0 && g.pr === 0;
  if (!pointwise) return false;
  if (pass === 'forward') return g.Cin >= MIN_CHANNELS;
  if (pass === 'gradWeight') return g.N * g.Ho * g.Wo <= GEMM_MAX_PIXELS || Math.min(g.Cin, g.Cout) >= MIN_CHANNELS;
  return true;
}

/**
 * Buffers (elements) of a pass: forward [x (+ a panel of slack: the last panel reads past a
 * row), W, packed W, bias, scratch, y]; gradInput [dy (+ slack), W, packed Wᵀ, zeros, scratch,
 * dx]; gradWeight [x, dy, packed dy, packed xᵀ, zeros, scratch, dw].
 */
export function pointwiseBuffers(g: LayerGeometry, bytes: number, pass: PointwisePass): number[] {
  const { N, Cin, Cout, Ho, Wo } = g;
  const HW = Ho * Wo;
  const NR = panelCols(bytes);
  const edge = PANEL_ROWS * NR + 1; // the border tile, then an i32 tap table
  if (pass === 'forward') return [N * Cin * HW + NR, Cout * Cin, roundUp(Cout, PANEL_ROWS) * Cin, roundUp(Cout, PANEL_ROWS), edge, N * Cout * HW];
  if (pass === 'gradInput') return [N * Cout * HW + NR, Cout * Cin, roundUp(Cin, PANEL_ROWS) * Cout, roundUp(Cin, PANEL_ROWS), edge, N * Cin * HW];
  const P = N * HW;
  return [N * Cin * HW, N * Cout * HW, roundUp(Cout, PANEL_ROWS) * P, roundUp(Cin, NR) * P, roundUp(Cout, PANEL_ROWS), edge, Cout * Cin];
}

/**
 * out = W·inp + bias (forward: inp = x, out = y) or Wᵀ·inp (gradInput: inp = dy, out = dx), per
 * image, inp read in place as the GEMM's B rows.
 */
function applyWeights(c: PassContext, out: FloatArray | null, inp: FloatArray, w: FloatArray, bias: FloatArray | null, g: LayerGeometry, transposed: boolean): FloatArray {
  const { ex, arena } = c;
  const f32 = inp instanceof Float32Array;
  const bytes = inp.BYTES_PER_ELEMENT;
  const HW = g.Ho * g.Wo;
  // Rows of A = output channels of this pass; K = its input channels.
  const [M, K] = transposed ? [g.Cin, g.Cout] : [g.Cout, g.Cin];
  const [inPtr, wPtr, packPtr, initPtr, edgePtr, outPtr] =
    c.reserve(pointwiseBuffers(g, bytes, transposed ? 'gradInput' : 'forward'), bytes, g) as [number, number, number, number, number, number];
  arena.view(inp, inPtr, inp.length).set(inp);
  arena.view(w, wPtr, w.length).set(w);
  const init = arena.view(inp, initPtr, roundUp(M, PANEL_ROWS)).fill(0);
  if (bias) init.set(bias);
  // A's row i, column k: W[i][k] (forward) or W[k][i] (Wᵀ).
  (f32 ? ex.layerPointwisePackA_f32 : ex.layerPointwisePackA_f64)(packPtr, wPtr, M, K, transposed ? 1 : g.Cin, transposed ? g.Cin : 1, K, 0);
  const gemm = f32 ? ex.layerPointwiseGemm_f32 : ex.layerPointwiseGemm_f64;
  for (let n = 0; n < g.N; n++) {
    gemm(outPtr + n * M * HW * bytes, HW, packPtr, inPtr + n * K * HW * bytes, HW, panelCols(bytes), M, HW, K, initPtr, edgePtr);
  }
  return c.deliver(out, arena.view(inp, outPtr, g.N * M * HW));
}

/** The forward pass (see the file comment); `g` must satisfy usesPointwise for this pass. */
export function pointwiseForward(c: PassContext, y: FloatArray | null, x: FloatArray, w: FloatArray, bias: FloatArray | null, g: LayerGeometry): FloatArray {
  return applyWeights(c, y, x, w, bias, g, false);
}

/** gradInput (see the file comment); `g` must satisfy usesPointwise for this pass. */
export function pointwiseGradInput(c: PassContext, dx: FloatArray | null, dy: FloatArray, w: FloatArray, g: LayerGeometry): FloatArray {
  return applyWeights(c, dx, dy, w, null, g, true);
}

/** gradWeight (see the file comment); `g` must satisfy usesPointwise for this pass. */
export function pointwiseGradWeight(c: PassContext, dw: FloatArray | null, x: FloatArray, dy: FloatArray, g: LayerGeometry): FloatArray {
  const { ex, arena } = c;
  const f32 = x instanceof Float32Array;
  const bytes = x.BYTES_PER_ELEMENT;
  const { N, Cin, Cout, Ho, Wo } = g;
  const HW = Ho * Wo;
  const P = N * HW;
  const NR = panelCols(bytes);
  const [xPtr, dyPtr, packAPtr, packBPtr, zeroPtr, edgePtr, dwPtr] =
    c.reserve(pointwiseBuffers(g, bytes, 'gradWeight'), bytes, g) as [number, number, number, number, number, number, number];
  arena.view(x, xPtr, x.length).set(x);
  arena.view(dy, dyPtr, dy.length).set(dy);
  arena.view(x, zeroPtr, roundUp(Cout, PANEL_ROWS)).fill(0);
  (f32 ? ex.layerPointwisePackA_f32 : ex.layerPointwisePackA_f64)(packAPtr, dyPtr, Cout, P, HW, 1, HW, Cout * HW);
  (f32 ? ex.layerPointwisePackB_f32 : ex.layerPointwisePackB_f64)(packBPtr, xPtr, P, Cin, HW, HW, Cin * HW);
  (f32 ? ex.layerPointwiseGemm_f32 : ex.layerPointwiseGemm_f64)(dwPtr, Cin, packAPtr, packBPtr, NR, P * NR, Cout, Cin, P, zeroPtr, edgePtr);
  return c.deliver(dw, arena.view(x, dwPtr, Cout * Cin));
}

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

/** True when `g` is pointwise: 1×1, stride 1, unpadded, one group (dilation does not matter). */
export function usesPointwise(g: LayerGeometry): boolean {
  return g.kH === 1 && g.kW === 1 && g.sh === 1 && g.sw === 1 && g.groups === 1 &&
    g.pt === 0 && g.pb === 0 && g.pl === 0 && g.pr === 0;
}

/**
 * Buffers (elements) of a pass: forward [x (+ a panel of slack: the last panel reads past a
 * row), W, packed W, bias, edge tile, y]; gradInput [dy (+ slack), W, packed Wᵀ, zeros, edge
 * tile, dx]; gradWeight [x, dy, packed dy, packed xᵀ, zeros, edge tile, dw].
 */
export function pointwiseBuffers(g: LayerGeometry, bytes: number, pass: 'forward' | 'gradInput' | 'gradWeight'): number[] {
  const { N, Cin, Cout, Ho, Wo } = g;
  const HW = Ho * Wo;
  const NR = panelCols(bytes);
  const edge = PANEL_ROWS * NR;
  if (pass === 'forward') return [N * Cin * HW + NR, Cout * Cin, roundUp(Cout, PANEL_ROWS) * Cin, roundUp(Cout, PANEL_ROWS), edge, N * Cout * HW];
  if (pass === 'gradInput') return [N * Cout * HW + NR, Cout * Cin, roundUp(Cin, PANEL_ROWS) * Cout, roundUp(Cin, PANEL_ROWS), edge, N * Cin * HW];
  const P = N * HW;
  return [N * Cin * HW, N * Cout * HW, roundUp(Cout, PANEL_ROWS) * P, roundUp(Cin, NR) * P, roundUp(Cout, PANEL_ROWS), edge, Cout * Cin];
}

/** The forward pass (see the file comment); `g` must satisfy usesPointwise. */
export function pointwiseForward(c: PassContext, y: FloatArray | null, x: FloatArray, w: FloatArray, bias: FloatArray | null, g: LayerGeometry): FloatArray {
  const { ex, arena } = c;
  const f32 = x instanceof Float32Array;
  const bytes = x.BYTES_PER_ELEMENT;
  const { N, Cin, Cout, Ho, Wo } = g;
  const HW = Ho * Wo;
  const [xPtr, wPtr, packPtr, initPtr, edgePtr, yPtr] =
    c.reserve(pointwiseBuffers(g, bytes, 'forward'), bytes, g) as [number, number, number, number, number, number];
  arena.view(x, xPtr, x.length).set(x);
  arena.view(w, wPtr, w.length).set(w);
  const init = arena.view(x, initPtr, roundUp(Cout, PANEL_ROWS)).fill(0);
  if (bias) init.set(bias);
  (f32 ? ex.layerPointwisePackA_f32 : ex.layerPointwisePackA_f64)(packPtr, wPtr, Cout, Cin, Cin, 1, Cin, 0);
  const gemm = f32 ? ex.layerPointwiseGemm_f32 : ex.layerPointwiseGemm_f64;
  for (let n = 0; n < N; n++) {
    gemm(yPtr + n * Cout * HW * bytes, HW, packPtr, xPtr + n * Cin * HW * bytes, HW, panelCols(bytes), Cout, HW, Cin, initPtr, edgePtr);
  }
  return c.deliver(y, arena.view(x, yPtr, N * Cout * HW));
}

/** gradInput (see the file comment); `g` must satisfy usesPointwise. */
export function pointwiseGradInput(c: PassContext, dx: FloatArray | null, dy: FloatArray, w: FloatArray, g: LayerGeometry): FloatArray {
  const { ex, arena } = c;
  const f32 = dy instanceof Float32Array;
  const bytes = dy.BYTES_PER_ELEMENT;
  const { N, Cin, Cout, Ho, Wo } = g;
  const HW = Ho * Wo;
  const [dyPtr, wPtr, packPtr, zeroPtr, edgePtr, dxPtr] =
    c.reserve(pointwiseBuffers(g, bytes, 'gradInput'), bytes, g) as [number, number, number, number, number, number];
  arena.view(dy, dyPtr, dy.length).set(dy);
  arena.view(w, wPtr, w.length).set(w);
  arena.view(dy, zeroPtr, roundUp(Cin, PANEL_ROWS)).fill(0);
  // Wᵀ: row c of A is W's column c (its 4 rows adjacent in each k = o).
  (f32 ? ex.layerPointwisePackA_f32 : ex.layerPointwisePackA_f64)(packPtr, wPtr, Cin, Cout, 1, Cin, Cout, 0);
  const gemm = f32 ? ex.layerPointwiseGemm_f32 : ex.layerPointwiseGemm_f64;
  for (let n = 0; n < N; n++) {
    gemm(dxPtr + n * Cin * HW * bytes, HW, packPtr, dyPtr + n * Cout * HW * bytes, HW, panelCols(bytes), Cin, HW, Cout, zeroPtr, edgePtr);
  }
  return c.deliver(dx, arena.view(dy, dxPtr, N * Cin * HW));
}

/** gradWeight (see the file comment); `g` must satisfy usesPointwise. */
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

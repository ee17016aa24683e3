// gradInput and gradWeight of float32 3×3 stride-2 layers by Winograd F(2, 2) per stride phase
// (assembly/layer-winograd-s2.ts; layouts in layer-phase-plan.ts). Each of the four stride
// phases is a stride-1 problem with 2×2, 2×1, 1×2 or 1×1 taps; its transforms turn it into 9,
// 3, 3 or 1 GEMMs on the 1×1 kernels of layer-igemm.ts and layer-gradweight.ts: 6.25 products
// per pixel where the direct sums take 9. Null (nothing delivered) when an input holds a NaN or
// ±Inf: the transforms would mix it into neighbouring outputs, so those go the direct way, which
// propagates them as PyTorch does.
import type { LayerGeometry } from '../layer/kernels.js';
import type { FloatArray } from '../types.js';
import type { Arena } from './arena.js';
import type { LayerExports } from './layer.js';
import { phaseGradInputBuffers, phaseGradInputPlan, phaseGradWeightBuffers, phaseGradWeightPlan, type Phase } from './layer-phase-plan.js';

/** What the two passes need from createWasmLayerKernels: the exports, the arena, its reservation and the copy out. */
export interface PhaseContext {
  readonly ex: LayerExports;
  readonly arena: Arena;
  reserve(elements: number[], bytes: number, g: LayerGeometry): number[];
  deliver(into: FloatArray | null, view: FloatArray): FloatArray;
}

/** Writes each phase's kernel taps (4 i32 slots a phase) at `ptr`. */
function writePhaseTaps(ex: LayerExports, ptr: number, phases: Phase[]): void {
  const t = new Int32Array(ex.memory.buffer, ptr, 4 * phases.length);
  phases.forEach((f, i) => t.set(f.taps, 4 * i));
}

const flag = (b: boolean) => (b ? 1 : 0);

/**
 * gradInput: W → U per phase once; per image, dy → padded, then per phase V, the GEMMs (one 1×1
 * implicit GEMM of `pts` groups), and M → that phase's pixels of dx.
 */
export function phaseGradInput(c: PhaseContext, dx: FloatArray | null, dy: FloatArray, w: FloatArray, g: LayerGeometry): FloatArray | null {
  const { ex, arena } = c;
  const bytes = 4;
  const p = phaseGradInputPlan(g, bytes)!;
  const { N, Cin, H, W, Cout, Ho, Wo } = g;
  const [dyPtr, padPtr, wPtr, packPtr, zeroPtr, tapPtr, phaseTapPtr, vPtr, mPtr, dxPtr] =
    c.reserve(phaseGradInputBuffers(g, bytes), bytes, g) as [number, number, number, number, number, number, number, number, number, number];
  arena.view(dy, dyPtr, dy.length).set(dy);
  arena.view(w, wPtr, w.length).set(w);
  if (!ex.layerAllFinite_f32(dyPtr, dy.length) || !ex.layerAllFinite_f32(wPtr, w.length)) return null;
  arena.view(dy, zeroPtr, 9 * Cin).fill(0);
  new Int32Array(ex.memory.buffer, tapPtr, 1)[0] = 0;
  writePhaseTaps(ex, phaseTapPtr, p.phases);
  p.phases.forEach((f, i) => {
    ex.layerPhaseWeights_f32(packPtr + f.uOff * bytes, wPtr, Cout, Cin, 9, phaseTapPtr + 16 * i, flag(f.h.two), flag(f.w.two));
  });
  for (let n = 0; n < N; n++) {
    ex.layerPadPhases_f32(padPtr, dyPtr + n * Cout * Ho * Wo * bytes, Cout, Ho, Wo, p.bh, p.bw, 1, 1, p.Hp, p.Wp);
    const dxn = dxPtr + n * Cin * H * W * bytes;
    for (const f of p.phases) {
      const { h, w: v } = f;
      ex.layerPhaseInput_f32(vPtr, f.Pr, padPtr + (h.base * p.Wp + v.base) * bytes, p.Hp * p.Wp, Cout, h.T, v.T, p.Wp, flag(h.two), flag(v.two));
      ex.layerIgemm_f32(mPtr, f.Pr, vPtr, f.Pr, packPtr + f.uOff * bytes, zeroPtr, tapPtr, 1, f.pts, Cin, Cout, f.P);
      // The phase's first pixel of dx: u = 2·Umin + ρ − pad, and so on every second row and column.
      const u0 = 2 * h.Umin + f.rh - g.pt;
      const v0 = 2 * v.Umin + f.rw - g.pl;
      ex.layerPhaseOutput_f32(dxn + (u0 * W + v0) * bytes, H * W, 2 * W, 2, mPtr, f.Pr, Cin, h.T, v.T, h.count, v.count, flag(h.two), flag(v.two));
    }
  }
  return c.deliver(dx, arena.view(dy, dxPtr, N * Cin * H * W));
}

/**
 * gradWeight: x → its stride-phase planes and dy → padded (odd sizes), all images at once; per
 * phase of the kernel's taps, every image's V and dy tiles side by side, one 1×1 gradWeight GEMM
 * of `pts` groups reducing over them (the sums S[ξ][o][c]), and Gᵀ ⊗ Gᵀ into that phase's taps of dw.
 */
export function phaseGradWeight(c: PhaseContext, dw: FloatArray | null, x: FloatArray, dy: FloatArray, g: LayerGeometry): FloatArray | null {
  const { ex, arena } = c;
  const bytes = 4;
  const p = phaseGradWeightPlan(g, bytes);
  const { N, Cin, H, W, Cout, Ho, Wo } = g;
  const [xPtr, dyPtr, planesPtr, dyqPtr, vPtr, ePtr, tapPtr, scratchPtr, runsPtr, sumPtr, phaseTapPtr, dwPtr] =
    c.reserve(phaseGradWeightBuffers(g, bytes), bytes, g) as [number, number, number, number, number, number, number, number, number, number, number, number];
  arena.view(x, xPtr, x.length).set(x);
  arena.view(dy, dyPtr, dy.length).set(dy);
  new Int32Array(ex.memory.buffer, tapPtr, 1)[0] = 0;
  writePhaseTaps(ex, phaseTapPtr, p.phases);
  const plane = p.Hph * p.Wph;
  ex.layerPadPhases_f32(planesPtr, xPtr, N * Cin, H, W, g.pt, g.pl, 2, 2, p.Hph, p.Wph);
  const dyq = p.dyDirect ? dyPtr : dyqPtr;
  if (!p.dyDirect) ex.layerPadPhases_f32(dyqPtr, dyPtr, N * Cout, Ho, Wo, 0, 0, 1, 1, p.Hq, p.Wq);
  p.phases.forEach((f, i) => {
    const { h, w: v } = f;
    const P = h.T * v.T; // tiles per image; f.P counts all images
    for (let n = 0; n < N; n++) {
      const xn = planesPtr + ((n * Cin * 4 + f.rh * 2 + f.rw) * plane) * bytes;
      ex.layerPhaseInput_f32(vPtr + n * P * bytes, f.Pr, xn, 4 * plane, Cin, h.T, v.T, p.Wph, flag(h.two), flag(v.two));
      ex.layerPhaseGradOutput_f32(
        ePtr + n * P * bytes, f.dyRow, dyq + n * Cout * p.Hq * p.Wq * bytes, p.Hq * p.Wq, Cout, h.T, v.T, p.Wq, flag(h.two), flag(v.two),
        n === N - 1 ? f.dyRow - f.P : 0,
      );
    }
    ex.layerGradWeight_f32(
      sumPtr, scratchPtr, runsPtr, ePtr, f.dyRow, f.pts * Cout * f.dyRow, f.dyRow, vPtr, f.Pr, f.pts * Cin * f.Pr, f.P,
      tapPtr, 1, f.pts, Cout, Cin, 1, 1, f.P,
    );
    ex.layerPhaseWeightGrad_f32(dwPtr, sumPtr, Cout, Cin, Cin, 9, phaseTapPtr + 16 * i, flag(h.two), flag(v.two));
  });
  // A NaN or ±Inf in x or dy reaches dw (every transformed value meets a product, and 0·Inf is
  // NaN), as does an overflow in the transforms: then the direct sums, which put non-finite
  // values exactly where PyTorch does. Checking dw costs less than checking x and dy.
  if (!ex.layerAllFinite_f32(dwPtr, Cout * Cin * 9)) return null;
  return c.deliver(dw, arena.view(x, dwPtr, Cout * Cin * 9));
}

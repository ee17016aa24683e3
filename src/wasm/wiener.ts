import type { Arena } from './arena.js';
import { FftPlan2d, nextFastEvenSize, nextFastSize, type FftExports } from './fft.js';

export interface WienerExports extends FftExports {
  wienerDivide_f64(out: number, y: number, h: number, lambda: number, n: number): void;
}

/**
 * Index into [0, len) for position d past the start of a periodic canvas axis whose first `len`
 * entries hold the data: beyond the data the axis mirrors the data's far edge, before it (the
 * second half of the gap, circularly) its near edge, so the seam sits mid-gap, away from the data.
 */
function mirrored(d: number, len: number, period: number): number {
  if (d < len) return d;
  const gap = period - len;
  const e = d - len; // 0 just past the end
  let i: number;
  if (e < gap / 2) i = len - 1 - e; // reflect the far edge
  else i = e - gap; // −(distance before the start): −1 just before it, reflected below
  if (i < 0) i = -i - 1;
  // Gaps longer than the data reflect again (clamped: a long gap only needs a smooth fill).
  return Math.min(Math.max(i, 0), len - 1);
}

/**
 * x̂ (m×n, float64) minimising ½‖h ⊛ x − ŷ‖² + ½λ‖x‖² on a periodic canvas (period ≥ the full
 * size m+k−1 × n+l−1) where ŷ is y placed at (r0, c0) and extended past its borders by mirror
 * reflection: the boundary this method assumes. One forward transform of ŷ and h, one division,
 * one inverse.
 */
export function wienerFloat64(
  ex: WienerExports, arena: Arena, h: Float64Array, k: number, l: number, y: Float64Array, R: number, C: number,
  m: number, n: number, r0: number, c0: number, lambda: number,
): Float64Array {
  const plan = new FftPlan2d(ex, nextFastSize(m + k - 1), nextFastEvenSize(n + l - 1), 'float64');
  const { rows: Tr, cols: Tc } = plan;
  arena.reset();
  const [planPtr, work, Y, H, canvas, hPtr, out] = arena.allocAll(
    [plan.planBytes, plan.workBytes, plan.spectrumBytes, plan.spectrumBytes, Tr * Tc * 8, k * l * 8, m * n * 8],
    () => `Wiener deconvolution of y ${R}×${C} with kernel ${k}×${l}`,
  ) as [number, number, number, number, number, number, number];
  const c = arena.f64(canvas, Tr * Tc);
  const colIndex = new Int32Array(Tc);
  for (let t = 0; t < Tc; t++) colIndex[t] = mirrored((t - c0 + Tc) % Tc, C, Tc);
  for (let s = 0; s < Tr; s++) {
    const i = mirrored((s - r0 + Tr) % Tr, R, Tr);
    for (let t = 0; t < Tc; t++) c[s * Tc + t] = y[i * C + colIndex[t]!]!;
  }
  arena.f64(hPtr, k * l).set(h);
  plan.prepare(planPtr, work);
  plan.forward(Y, canvas);
  plan.forward(H, hPtr, k, l);
  ex.wienerDivide_f64(Y, Y, H, lambda, plan.spectrumLength);
  plan.inverse(out, Y, { row: 0, col: 0, rows: m, cols: n });
  return Float64Array.from(arena.f64(out, m * n));
}

// gradInput and gradWeight of 3×3 stride-2 layers by Winograd F(2, 2) per stride phase
// (assembly/layer-winograd-s2.ts, src/wasm/layer-phase-winograd.ts): which layers take it, its
// float32 error against the float64 oracle on real-valued data (odd sizes: half tiles; padding
// forms that crop; several images), and the fallback to the direct path when an input holds NaN
// or ±Inf. Exactness on integers and SIMD = scalar bit for bit: wasm-kernels.test.ts.
import { describe, expect, it } from 'vitest';
import { layerScalarWasm, layerSimdWasm } from '../../src/wasm/binaries.js';
import { usesPhaseWinograd, usesPhaseWinogradWeight } from '../../src/wasm/layer-phase-plan.js';
import type { LayerGeometry } from '../../src/layer/kernels.js';
import { oracleLayer } from '../support/layer-oracle.js';
import { expectSameNonFinite as same, kernelsOf, maxAbs, maxErr, nonFiniteInputs, uniform } from '../support/layer-float32.js';

function geometry(N: number, Cin: number, H: number, W: number, Cout: number, pad: [number, number, number, number], s = 2, k = 3): LayerGeometry {
  const [pt, pb, pl, pr] = pad;
  return {
    N, Cin, H, W, Cout, kH: k, kW: k, groups: 1, sh: s, sw: s, dh: 1, dw: 1, pt, pb, pl, pr,
    Ho: Math.floor((H + pt + pb - k) / s) + 1, Wo: Math.floor((W + pl + pr - k) / s) + 1,
  };
}

const oracle = (g: LayerGeometry, x: Float32Array, w: Float32Array, dy: Float32Array) =>
  oracleLayer(x, [g.N, g.Cin, g.H, g.W], w, [g.Cout, g.Cin, 3, 3], null, dy, { stride: 2, padding: [g.pt, g.pb, g.pl, g.pr] });

describe('stride-2 Winograd: which layers take it', () => {
  it('float32, one group, 3×3, stride 2 and dilation 1, ≥ 32 channels each way, enough pixels', () => {
    const g = geometry(1, 32, 16, 16, 32, [1, 1, 1, 1]); // 8×8 = 64 output pixels, 16 dy tiles
    expect(usesPhaseWinograd(g, 4)).toBe(true);
    expect(usesPhaseWinograd(g, 8)).toBe(false); // float64 keeps the direct sums
    expect(usesPhaseWinogradWeight(g, 4)).toBe(false); // gradWeight wants 100 tiles over all images
    expect(usesPhaseWinogradWeight({ ...g, N: 7 }, 4)).toBe(true);
    expect(usesPhaseWinogradWeight({ ...g, N: 7 }, 8)).toBe(false);
    expect(usesPhaseWinogradWeight(geometry(1, 32, 64, 64, 32, [1, 1, 1, 1]), 4)).toBe(true); // Wo = 32
    expect(usesPhaseWinogradWeight(geometry(1, 32, 66, 66, 32, [1, 1, 1, 1]), 4)).toBe(false); // Wo = 33: direct
    expect(usesPhaseWinograd(geometry(1, 31, 16, 16, 32, [1, 1, 1, 1]), 4)).toBe(false);
    expect(usesPhaseWinograd(geometry(1, 32, 16, 16, 31, [1, 1, 1, 1]), 4)).toBe(false);
    expect(usesPhaseWinograd(geometry(1, 32, 16, 14, 32, [1, 1, 1, 1]), 4)).toBe(false); // 56 pixels
    expect(usesPhaseWinograd(geometry(1, 32, 32, 32, 32, [1, 1, 1, 1], 1), 4)).toBe(false); // stride 1: the F(2×2, 3×3) path
    expect(usesPhaseWinograd(geometry(1, 32, 32, 32, 32, [1, 1, 1, 1], 3), 4)).toBe(false);
    expect(usesPhaseWinograd(geometry(1, 32, 32, 32, 32, [2, 2, 2, 2], 2, 5), 4)).toBe(false);
    expect(usesPhaseWinograd({ ...g, sw: 1, Wo: 16 }, 4)).toBe(false);
    expect(usesPhaseWinograd({ ...g, dh: 2, Ho: 7 }, 4)).toBe(false);
    expect(usesPhaseWinograd({ ...g, Cin: 64, groups: 2 }, 4)).toBe(false);
  });
});

for (const [name, bin] of [['wasm-simd', layerSimdWasm], ['wasm-scalar', layerScalarWasm]] as const) {
  describe(`stride-2 Winograd on ${name}`, async () => {
    const k = await kernelsOf(bin());
    const cases = [
      geometry(1, 64, 56, 56, 128, [1, 1, 1, 1]), // the benchmark's shape
      geometry(2, 32, 23, 21, 40, [1, 1, 1, 1]), // odd sizes: half tiles at the bottom and right
      geometry(1, 33, 20, 27, 32, [0, 2, 1, 0]), // asymmetric padding
      geometry(7, 32, 16, 17, 36, [0, 0, 0, 0]), // valid padding; gradWeight over several images
      geometry(1, 40, 18, 19, 32, [3, 1, 0, 3]), // padding past the kernel's reach: gradInput crops
      geometry(3, 48, 25, 24, 33, [2, 2, 2, 2]),
    ];
    it.each(cases.map((g, i) => [i, g] as const))('case %i: float32 within 1e-5 of the largest gradient of the float64 oracle', (i, g) => {
      const x = uniform(g.N * g.Cin * g.H * g.W, 30 + i);
      const w = uniform(g.Cout * g.Cin * 9, 10 + i);
      const dy = uniform(g.N * g.Cout * g.Ho * g.Wo, 20 + i);
      k.checkFits(g, { gradInput: true, gradWeight: true }, 4);
      const ref = oracle(g, x, w, dy);
      // The direct float32 sums reach ~1e-6 of the scale here (9·Cout or N·Ho·Wo terms); the
      // transforms add a few roundings of values up to 4× the inputs: 1e-5 leaves a margin of ~10.
      // Real-valued data: some rounding must have happened (no trivial pass).
      expect(usesPhaseWinograd(g, 4) || usesPhaseWinogradWeight(g, 4)).toBe(true);
      if (usesPhaseWinograd(g, 4)) {
        const err = maxErr(k.gradInput(null, dy, w, g), ref.dx);
        expect(err).toBeLessThan(1e-5 * maxAbs(ref.dx));
        expect(err).toBeGreaterThan(0);
      }
      if (usesPhaseWinogradWeight(g, 4)) {
        const err = maxErr(k.gradWeight(null, x, dy, g), ref.dw);
        expect(err).toBeLessThan(1e-5 * maxAbs(ref.dw));
        expect(err).toBeGreaterThan(0);
      }
    });

    it('NaN or ±Inf in an input: the direct path, so non-finite values land exactly where the oracle puts them', () => {
      const g = geometry(7, 32, 16, 16, 32, [1, 1, 1, 1]);
      expect(usesPhaseWinograd(g, 4) && usesPhaseWinogradWeight(g, 4)).toBe(true);
      k.checkFits(g, { gradInput: true, gradWeight: true }, 4);
      const { x, w, dy, dyBad, wBad, xBad } = nonFiniteInputs(g);
      same('gradInput (dy)', k.gradInput(null, dyBad, w, g), oracle(g, x, w, dyBad).dx);
      same('gradWeight (dy)', k.gradWeight(null, x, dyBad, g), oracle(g, x, w, dyBad).dw);
      same('gradInput (w)', k.gradInput(null, dy, wBad, g), oracle(g, x, wBad, dy).dx);
      same('gradWeight (x)', k.gradWeight(null, xBad, dy, g), oracle(g, xBad, w, dy).dw);
    });

    it('finite inputs whose transforms overflow (x near the float32 limit): the direct sums, finite and accurate', () => {
      const g = geometry(7, 32, 16, 16, 32, [1, 1, 1, 1]);
      expect(usesPhaseWinogradWeight(g, 4)).toBe(true);
      k.checkFits(g, { gradWeight: true }, 4);
      // x0 − x1 of two neighbours of opposite signs past 1.7e38 is ±Inf in float32; the direct
      // products (≤ 3e8) and their sums over 448 pixels stay finite.
      const x = uniform(g.N * g.Cin * g.H * g.W, 5).map((v) => v * 3e38);
      const dy = uniform(g.N * g.Cout * g.Ho * g.Wo, 6).map((v) => v * 1e-30);
      const ref = oracle(g, x, uniform(g.Cout * g.Cin * 9, 7), dy).dw;
      const got = k.gradWeight(null, x, dy, g);
      expect(got.every(Number.isFinite)).toBe(true);
      expect(maxErr(got, ref)).toBeLessThan(1e-5 * maxAbs(ref));
    });
  });
}

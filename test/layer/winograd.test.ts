// The forward pass, gradInput and gradWeight by Winograd F(2×2, 3×3) (assembly/layer-winograd.ts,
// src/wasm/layer.ts): which layers take it, its float32 error against the float64 oracle on
// real-valued data, and the fallback to the direct path when an input holds NaN or ±Inf (whose
// propagation must stay PyTorch's). Exactness on integers and SIMD = scalar bit for bit:
// wasm-kernels.test.ts.
import { describe, expect, it } from 'vitest';
import { layerScalarWasm, layerSimdWasm } from '../../src/wasm/binaries.js';
import { usesWinograd, usesWinogradForward, usesWinogradWeight } from '../../src/wasm/layer-plan.js';
import type { LayerGeometry } from '../../src/layer/kernels.js';
import { oracleLayer } from '../support/layer-oracle.js';
import { expectSameNonFinite as same, kernelsOf, maxAbs, maxErr, nonFiniteInputs, uniform } from '../support/layer-float32.js';

function geometry(N: number, Cin: number, H: number, W: number, Cout: number, pad: [number, number, number, number], k = 3, s = 1, groups = 1): LayerGeometry {
  const [pt, pb, pl, pr] = pad;
  return {
    N, Cin, H, W, Cout, kH: k, kW: k, groups, sh: s, sw: s, dh: 1, dw: 1, pt, pb, pl, pr,
    Ho: Math.floor((H + pt + pb - k) / s) + 1, Wo: Math.floor((W + pl + pr - k) / s) + 1,
  };
}

const oracle = (g: LayerGeometry, x: Float32Array, w: Float32Array, dy: Float32Array, b: Float32Array | null = null) =>
  oracleLayer(x, [g.N, g.Cin, g.H, g.W], w, [g.Cout, g.Cin, 3, 3], b, dy, { padding: [g.pt, g.pb, g.pl, g.pr] });

describe('Winograd: which layers take it', () => {
  it('float32, one group, 3×3, stride and dilation 1, ≥ 32 channels each way, enough tiles', () => {
    const g = geometry(1, 32, 16, 16, 32, [1, 1, 1, 1]); // 64 tiles of dx, 64 of dy
    expect(usesWinograd(g, 4)).toBe(true);
    expect(usesWinogradForward(g, 4)).toBe(true);
    expect(usesWinogradForward(g, 8)).toBe(false);
    expect(usesWinogradForward(geometry(1, 32, 16, 16, 32, [0, 0, 0, 0]), 4)).toBe(false); // 49 tiles of y
    expect(usesWinogradWeight(g, 4)).toBe(false); // gradWeight wants 100 tiles over all images
    expect(usesWinogradWeight({ ...g, N: 2 }, 4)).toBe(true);
    expect(usesWinograd(g, 8)).toBe(false); // float64 keeps the direct sums
    expect(usesWinogradWeight({ ...g, N: 2 }, 8)).toBe(false);
    expect(usesWinograd(geometry(1, 31, 16, 16, 32, [1, 1, 1, 1]), 4)).toBe(false);
    expect(usesWinograd(geometry(1, 32, 16, 16, 31, [1, 1, 1, 1]), 4)).toBe(false);
    expect(usesWinograd(geometry(1, 32, 16, 14, 32, [1, 1, 1, 1]), 4)).toBe(false); // 56 tiles
    expect(usesWinograd(geometry(1, 32, 32, 32, 32, [1, 1, 1, 1], 3, 2), 4)).toBe(false);
    expect(usesWinograd(geometry(1, 32, 16, 16, 32, [2, 2, 2, 2], 5), 4)).toBe(false);
    expect(usesWinograd(geometry(1, 64, 16, 16, 64, [1, 1, 1, 1], 3, 1, 2), 4)).toBe(false);
    expect(usesWinograd({ ...g, dh: 2, Ho: 14 }, 4)).toBe(false);
  });
});

for (const [name, bin] of [['wasm-simd', layerSimdWasm], ['wasm-scalar', layerScalarWasm]] as const) {
  describe(`Winograd on ${name}`, async () => {
    const k = await kernelsOf(bin());
    const cases = [
      geometry(1, 64, 20, 23, 48, [1, 1, 1, 1]),
      geometry(2, 32, 16, 15, 40, [0, 2, 2, 1]),
      geometry(1, 32, 17, 16, 33, [3, 0, 1, 3]),
      geometry(3, 40, 13, 12, 32, [1, 1, 1, 1]),
    ];
    it.each(cases.map((g, i) => [i, g] as const))('case %i: float32 within 1e-5 of the largest gradient of the float64 oracle', (i, g) => {
      const x = uniform(g.N * g.Cin * g.H * g.W, 30 + i);
      const w = uniform(g.Cout * g.Cin * 9, 10 + i);
      const dy = uniform(g.N * g.Cout * g.Ho * g.Wo, 20 + i);
      const b = uniform(g.Cout, 40 + i);
      k.checkFits(g, { forward: true, gradInput: true, gradWeight: true }, 4);
      const ref = oracle(g, x, w, dy, b);
      // The direct float32 sums reach ~1e-6 of the scale here (9·Cout or N·Ho·Wo terms); the
      // transforms add a few roundings of values up to 4× the inputs: 1e-5 leaves a margin of ~10.
      // Real-valued data: some rounding must have happened (no trivial pass).
      if (usesWinograd(g, 4)) {
        const err = maxErr(k.gradInput(null, dy, w, g), ref.dx);
        expect(err).toBeLessThan(1e-5 * maxAbs(ref.dx));
        expect(err).toBeGreaterThan(0);
      }
      if (usesWinogradWeight(g, 4)) {
        const err = maxErr(k.gradWeight(null, x, dy, g), ref.dw);
        expect(err).toBeLessThan(1e-5 * maxAbs(ref.dw));
        expect(err).toBeGreaterThan(0);
      }
      if (usesWinogradForward(g, 4)) {
        const err = maxErr(k.forward(null, x, w, b, g), ref.y);
        expect(err).toBeLessThan(1e-5 * maxAbs(ref.y));
        expect(err).toBeGreaterThan(0);
      }
      expect(usesWinograd(g, 4) || usesWinogradWeight(g, 4) || usesWinogradForward(g, 4)).toBe(true);
    });

    it('NaN or ±Inf in an input: the direct path, so non-finite values land exactly where the oracle puts them', () => {
      const g = geometry(2, 32, 16, 16, 32, [1, 1, 1, 1]);
      expect(usesWinograd(g, 4) && usesWinogradWeight(g, 4) && usesWinogradForward(g, 4)).toBe(true);
      k.checkFits(g, { forward: true, gradInput: true, gradWeight: true }, 4);
      const { x, w, dy, dyBad, wBad, xBad } = nonFiniteInputs(g);
      same('gradInput (dy)', k.gradInput(null, dyBad, w, g), oracle(g, x, w, dyBad).dx);
      same('gradWeight (dy)', k.gradWeight(null, x, dyBad, g), oracle(g, x, w, dyBad).dw);
      same('gradInput (w)', k.gradInput(null, dy, wBad, g), oracle(g, x, wBad, dy).dx);
      same('gradWeight (x)', k.gradWeight(null, xBad, dy, g), oracle(g, xBad, w, dy).dw);
      same('forward (x)', k.forward(null, xBad, w, null, g), oracle(g, xBad, w, dy).y);
      same('forward (w)', k.forward(null, x, wBad, null, g), oracle(g, x, wBad, dy).y);
    });
  });
}

// gradInput by Winograd F(2×2, 3×3) (assembly/layer-winograd.ts, src/wasm/layer.ts): which
// layers take it, its float32 error against the float64 oracle on real-valued data, and the
// fallback to the direct path when dy or W holds NaN or ±Inf (whose propagation must stay
// PyTorch's). Exactness on integers and SIMD = scalar bit for bit: wasm-kernels.test.ts.
import { describe, expect, it } from 'vitest';
import { Arena } from '../../src/wasm/arena.js';
import { layerScalarWasm, layerSimdWasm } from '../../src/wasm/binaries.js';
import { createWasmLayerKernels, type LayerExports } from '../../src/wasm/layer.js';
import { usesWinograd } from '../../src/wasm/layer-plan.js';
import type { LayerGeometry, LayerKernels } from '../../src/layer/kernels.js';
import { oracleLayer } from '../support/layer-oracle.js';
import { prng } from '../support/random.js';

function geometry(N: number, Cin: number, H: number, W: number, Cout: number, pad: [number, number, number, number], k = 3, s = 1, groups = 1): LayerGeometry {
  const [pt, pb, pl, pr] = pad;
  return {
    N, Cin, H, W, Cout, kH: k, kW: k, groups, sh: s, sw: s, dh: 1, dw: 1, pt, pb, pl, pr,
    Ho: Math.floor((H + pt + pb - k) / s) + 1, Wo: Math.floor((W + pl + pr - k) / s) + 1,
  };
}

async function kernelsOf(bytes: ReturnType<typeof layerSimdWasm>): Promise<LayerKernels> {
  const instance = await WebAssembly.instantiate(await WebAssembly.compile(bytes), {});
  const ex = instance.exports as unknown as LayerExports & { heapBase(): number };
  return createWasmLayerKernels(ex, new Arena(ex.memory, ex.heapBase()));
}

function uniform(n: number, seed: number): Float32Array {
  const r = prng(seed);
  return Float32Array.from({ length: n }, () => r() * 2 - 1);
}

const oracleDx = (g: LayerGeometry, w: Float32Array, dy: Float32Array) =>
  oracleLayer(new Float64Array(g.N * g.Cin * g.H * g.W), [g.N, g.Cin, g.H, g.W], w, [g.Cout, g.Cin, 3, 3], null, dy, {
    padding: [g.pt, g.pb, g.pl, g.pr],
  });

describe('Winograd gradInput: which layers take it', () => {
  it('float32, one group, 3×3, stride and dilation 1, at least 16 channels each way', () => {
    const g = geometry(1, 16, 8, 8, 16, [1, 1, 1, 1]);
    expect(usesWinograd(g, 4)).toBe(true);
    expect(usesWinograd(g, 8)).toBe(false); // float64 keeps the direct sums
    expect(usesWinograd(geometry(1, 15, 8, 8, 16, [1, 1, 1, 1]), 4)).toBe(false);
    expect(usesWinograd(geometry(1, 16, 8, 8, 15, [1, 1, 1, 1]), 4)).toBe(false);
    expect(usesWinograd(geometry(1, 16, 8, 8, 16, [1, 1, 1, 1], 3, 2), 4)).toBe(false);
    expect(usesWinograd(geometry(1, 16, 8, 8, 16, [2, 2, 2, 2], 5), 4)).toBe(false);
    expect(usesWinograd(geometry(1, 32, 8, 8, 32, [1, 1, 1, 1], 3, 1, 2), 4)).toBe(false);
    expect(usesWinograd({ ...g, dh: 2, Ho: 6 }, 4)).toBe(false);
  });
});

for (const [name, bin] of [['wasm-simd', layerSimdWasm], ['wasm-scalar', layerScalarWasm]] as const) {
  describe(`Winograd gradInput on ${name}`, async () => {
    const k = await kernelsOf(bin());
    const cases = [
      geometry(1, 64, 20, 23, 48, [1, 1, 1, 1]),
      geometry(2, 16, 11, 9, 24, [0, 2, 2, 1]),
      geometry(1, 32, 7, 12, 16, [3, 0, 1, 3]),
    ];
    it.each(cases.map((g, i) => [i, g] as const))('case %i: float32 within 1e-5 of the largest |dx| of the float64 oracle', (i, g) => {
      expect(usesWinograd(g, 4)).toBe(true);
      const w = uniform(g.Cout * g.Cin * 9, 10 + i);
      const dy = uniform(g.N * g.Cout * g.Ho * g.Wo, 20 + i);
      k.checkFits(g, { gradInput: true }, 4);
      const dx = k.gradInput(null, dy, w, g);
      const ref = oracleDx(g, w, dy).dx;
      let scale = 0;
      for (const v of ref) scale = Math.max(scale, Math.abs(v));
      let err = 0;
      for (let j = 0; j < ref.length; j++) err = Math.max(err, Math.abs(dx[j]! - ref[j]!));
      // The direct float32 sums reach ~1e-6 of the scale here (up to 9·Cout terms); the
      // transforms add a few roundings of values up to 4× the inputs: 1e-5 leaves a margin of ~10.
      expect(err).toBeLessThan(1e-5 * scale);
      expect(err).toBeGreaterThan(0); // real-valued data: some rounding happened (no trivial pass)
    });

    it('NaN or ±Inf in dy or W: the direct path, so non-finite values land exactly where the oracle puts them', () => {
      const g = geometry(1, 16, 9, 10, 16, [1, 1, 1, 1]);
      k.checkFits(g, { gradInput: true }, 4);
      const kind = (v: number) => (Number.isNaN(v) ? 'NaN' : v === Infinity ? '+Inf' : v === -Infinity ? '-Inf' : 'finite');
      const check = (w: Float32Array, dy: Float32Array) => {
        const got = k.gradInput(null, dy, w, g);
        const ref = oracleDx(g, w, dy).dx;
        let nonFinite = 0;
        for (let j = 0; j < ref.length; j++) {
          expect(kind(got[j]!), `dx[${j}]`).toBe(kind(ref[j]!));
          if (kind(ref[j]!) !== 'finite') nonFinite++;
        }
        expect(nonFinite).toBeGreaterThan(0);
        expect(nonFinite).toBeLessThan(ref.length / 4);
      };
      const w = uniform(g.Cout * g.Cin * 9, 3);
      const dy = uniform(g.N * g.Cout * g.Ho * g.Wo, 4);
      const dyBad = dy.slice();
      dyBad[5] = Infinity;
      dyBad[g.Ho * g.Wo * 3 + 40] = NaN;
      check(w, dyBad);
      const wBad = w.slice();
      wBad[9 * 7 + 4] = -Infinity; // output channel 0, input channel 7, the centre tap
      check(wBad, dy);
    });
  });
}

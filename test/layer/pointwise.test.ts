// Pointwise layers (1×1, stride 1, unpadded: src/wasm/layer-pointwise.ts, assembly/layer-pointwise.ts)
// on the packed GEMM, straight against the float64 oracle, on shapes around every edge of its
// tiling: A panels of 4 rows (forward and gradWeight: Cout; gradInput: Cin), B panels of 2 vectors
// (8 f32 / 4 f64 columns: forward and gradInput: H·W pixels; gradWeight: Cin), K blocks of 256
// (forward: Cin; gradInput: Cout; gradWeight: N·H·W over several images), chunks of B panels
// (16 KiB), and the border tiles that go through the scratch tile. Small integers make every sum
// exact in float32 and float64, so any summation order must give the oracle's values exactly.
import { describe, expect, it } from 'vitest';
import { Arena } from '../../src/wasm/arena.js';
import { layerScalarWasm as scalarWasm, layerSimdWasm as simdWasm } from '../../src/wasm/binaries.js';
import { createWasmLayerKernels, type LayerExports } from '../../src/wasm/layer.js';
import { usesPointwise } from '../../src/wasm/layer-pointwise.js';
import type { LayerGeometry, LayerKernels } from '../../src/layer/kernels.js';
import { oracleLayer } from '../support/layer-oracle.js';
import { prng } from '../support/random.js';

interface Spec { N: number; Cin: number; H: number; W: number; Cout: number }

const geometry = ({ N, Cin, H, W, Cout }: Spec): LayerGeometry => ({
  N, Cin, H, W, Cout, kH: 1, kW: 1, groups: 1, sh: 1, sw: 1, dh: 1, dw: 1, pt: 0, pb: 0, pl: 0, pr: 0, Ho: H, Wo: W,
});

async function kernelsOf(bytes: ReturnType<typeof simdWasm>): Promise<LayerKernels> {
  const instance = await WebAssembly.instantiate(await WebAssembly.compile(bytes), {});
  const ex = instance.exports as unknown as LayerExports & { heapBase(): number };
  return createWasmLayerKernels(ex, new Arena(ex.memory, ex.heapBase()));
}

function values(n: number, seed: number, ints: boolean): Float64Array {
  const r = prng(seed);
  const a = new Float64Array(n);
  for (let i = 0; i < n; i++) a[i] = ints ? Math.floor(r() * 7) - 3 : r() * 2 - 1;
  return a;
}

// Each spec runs all three passes; the shapes are chosen so that each pass takes the packed GEMM
// (usesPointwise: forward needs Cin ≥ 64; gradWeight ≤ 512 pixels or ≥ 64 channels each way).
const specs: Spec[] = [];
// Rows of A (forward: Cout; gradInput: Cin = Cout + 64) around the 4-row panel, pixels (forward and
// gradInput columns) around both panel widths.
for (const C of [1, 3, 4, 5, 6, 7, 8, 9]) for (const W of [1, 3, 4, 5, 7, 8, 9, 16, 17]) specs.push({ N: 1, Cin: C + 64, H: 1, W, Cout: C });
// gradWeight's columns (Cin) around the panel width, several images.
for (const C of [2, 3, 4, 6, 9, 12, 17]) specs.push({ N: 2, Cin: C, H: 3, W: 5, Cout: C + 1 });
specs.push(
  // K blocks of 256: Cin (forward) and Cout (gradInput) at 255, 256, 257 and 520, with border tiles
  // reloaded from C between blocks (H·W and the channel counts off their panels).
  { N: 1, Cin: 255, H: 3, W: 3, Cout: 6 },
  { N: 1, Cin: 256, H: 2, W: 5, Cout: 257 },
  { N: 2, Cin: 257, H: 1, W: 13, Cout: 7 },
  { N: 1, Cin: 9, H: 3, W: 7, Cout: 520 },
  // gradWeight's reduction over N·H·W: several images (segments off the transposes' 4/2 rows),
  // two K blocks, three (600 pixels, 64 channels and more); chunks of B panels (600 pixels).
  { N: 3, Cin: 13, H: 7, W: 13, Cout: 5 },
  { N: 5, Cin: 10, H: 9, W: 7, Cout: 11 },
  { N: 1, Cin: 64, H: 20, W: 30, Cout: 65 },
  { N: 1, Cin: 300, H: 2, W: 3, Cout: 4 },
);

describe('pointwise geometry', () => {
  it('takes the 1×1 stride-1 unpadded single-group layers, within the channel and pixel bounds', () => {
    const g = geometry({ N: 1, Cin: 64, H: 4, W: 4, Cout: 8 });
    for (const pass of ['forward', 'gradInput', 'gradWeight'] as const) {
      expect(usesPointwise(g, pass)).toBe(true);
      expect(usesPointwise({ ...g, dh: 2, dw: 3 }, pass)).toBe(true);
      expect(usesPointwise({ ...g, sh: 2, Ho: 2 }, pass)).toBe(false);
      expect(usesPointwise({ ...g, pt: 1, Ho: 5 }, pass)).toBe(false);
      expect(usesPointwise({ ...g, groups: 2 }, pass)).toBe(false);
      expect(usesPointwise({ ...g, kH: 3, kW: 3, Ho: 2, Wo: 2 }, pass)).toBe(false);
    }
    expect(usesPointwise({ ...g, Cin: 63 }, 'forward')).toBe(false);
    expect(usesPointwise({ ...g, Cin: 8 }, 'gradInput')).toBe(true);
    // gradWeight: 512 pixels with any channels, more only with ≥ 64 each way.
    const big = geometry({ N: 2, Cin: 16, H: 16, W: 16, Cout: 64 });
    expect(usesPointwise(big, 'gradWeight')).toBe(true);
    expect(usesPointwise({ ...big, N: 3 }, 'gradWeight')).toBe(false);
    expect(usesPointwise({ ...big, N: 3, Cin: 64 }, 'gradWeight')).toBe(true);
  });
});

for (const [name, bin] of [['wasm-simd', simdWasm], ['wasm-scalar', scalarWasm]] as const) {
  describe(`pointwise packed GEMM on ${name}`, async () => {
    const k = await kernelsOf(bin());
    for (const Arr of [Float32Array, Float64Array]) {
      it.each(specs.map((s, i) => [i, JSON.stringify(s), s] as const))(`${Arr.name} case %i %s exact`, (_i, _l, spec) => {
        const g = geometry(spec);
        const xs = [g.N, g.Cin, g.H, g.W], ws = [g.Cout, g.Cin, 1, 1];
        const x = values(g.N * g.Cin * g.H * g.W, 1, true);
        const w = values(g.Cout * g.Cin, 2, true);
        const b = values(g.Cout, 3, true);
        const dy = values(g.N * g.Cout * g.H * g.W, 4, true);
        const want = oracleLayer(x, xs, w, ws, b, dy);
        k.checkFits(g, { forward: true, gradInput: true, gradWeight: true }, Arr.BYTES_PER_ELEMENT);
        const xa = Arr.from(x), wa = Arr.from(w), dya = Arr.from(dy);
        expect(Array.from(k.forward(null, xa, wa, Arr.from(b), g))).toEqual(Array.from(want.y));
        expect(Array.from(k.gradInput(null, dya, wa, g))).toEqual(Array.from(want.dx));
        expect(Array.from(k.gradWeight(null, xa, dya, g))).toEqual(Array.from(want.dw));
        // Inputs untouched.
        expect(Array.from(xa)).toEqual(Array.from(x));
        expect(Array.from(dya)).toEqual(Array.from(dy));
      });
    }

    it('a NaN or ±Inf reaches exactly the outputs that read it', () => {
      const g = geometry({ N: 1, Cin: 6, H: 3, W: 7, Cout: 5 });
      const x = Float32Array.from(values(6 * 21, 5, false));
      const dy = Float32Array.from(values(5 * 21, 6, false));
      const w = Float32Array.from(values(30, 7, false));
      x[2 * 21 + 20] = NaN; // channel 2, the last pixel: in the last, partial B panel
      dy[4 * 21 + 3] = Infinity; // channel 4, pixel 3
      k.checkFits(g, { forward: true, gradInput: true, gradWeight: true }, 4);
      const y = k.forward(null, x, w, null, g);
      const dx = k.gradInput(null, dy, w, g);
      const dwt = k.gradWeight(null, x, dy, g);
      for (let o = 0; o < 5; o++) for (let q = 0; q < 21; q++) expect(Number.isNaN(y[o * 21 + q]!)).toBe(q === 20);
      for (let c = 0; c < 6; c++) for (let q = 0; q < 21; q++) expect(Number.isFinite(dx[c * 21 + q]!)).toBe(q !== 3);
      for (let o = 0; o < 5; o++) for (let c = 0; c < 6; c++) expect(Number.isFinite(dwt[o * 6 + c]!)).toBe(o !== 4 && c !== 2);
    });
  });
}

describe('pointwise: SIMD and scalar binaries agree bit for bit on real-valued data', async () => {
  const simd = await kernelsOf(simdWasm());
  const scalar = await kernelsOf(scalarWasm());
  for (const Arr of [Float32Array, Float64Array]) {
    it.each([
      { N: 1, Cin: 64, H: 14, W: 14, Cout: 36 },
      { N: 2, Cin: 300, H: 3, W: 5, Cout: 13 },
      { N: 3, Cin: 7, H: 11, W: 9, Cout: 22 },
    ])(`${Arr.name} %o`, (spec) => {
      const g = geometry(spec);
      const x = Arr.from(values(g.N * g.Cin * g.H * g.W, 11, false));
      const w = Arr.from(values(g.Cout * g.Cin, 12, false));
      const b = Arr.from(values(g.Cout, 13, false));
      const dy = Arr.from(values(g.N * g.Cout * g.H * g.W, 14, false));
      const run = (k: LayerKernels) => {
        k.checkFits(g, { forward: true, gradInput: true, gradWeight: true }, Arr.BYTES_PER_ELEMENT);
        return [k.forward(null, x, w, b, g), k.gradInput(null, dy, w, g), k.gradWeight(null, x, dy, g)];
      };
      const [a, s] = [run(simd), run(scalar)];
      const bits = (v: Float32Array | Float64Array) => Array.from(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
      for (let i = 0; i < 3; i++) expect(bits(a[i]!)).toEqual(bits(s[i]!));
      // And close to the float64 oracle (f32: each sum's round-off ≤ K·ε·Σ|terms|).
      const want = oracleLayer(Float64Array.from(x), [g.N, g.Cin, g.H, g.W], Float64Array.from(w), [g.Cout, g.Cin, 1, 1], Float64Array.from(b), Float64Array.from(dy));
      const eps = Arr === Float32Array ? 2 ** -24 : 2 ** -53;
      const check = (got: ArrayLike<number>, ref: Float64Array, mag: Float64Array, K: number) => {
        for (let i = 0; i < ref.length; i++) expect(Math.abs(got[i]! - ref[i]!)).toBeLessThanOrEqual((K + 1) * eps * mag[i]! + 1e-300);
      };
      check(a[0]!, want.y, want.yMag, g.Cin);
      check(a[1]!, want.dx, want.dxMag, g.Cout);
      check(a[2]!, want.dw, want.dwMag, g.N * g.H * g.W);
    });
  }
});

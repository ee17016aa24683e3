// The WebAssembly layer kernels (src/wasm/layer.ts) straight against plain float64 loops, on
// shapes around every tile edge. Integer data small enough that every sum is exact in float32
// and float64, so results must match the oracle exactly whatever the summation order. Then, on
// real-valued data: the SIMD and scalar binaries agree bit for bit (each SIMD lane sums in the
// scalar build's order), and a pass gives the same bits whatever ran before it.
import { describe, expect, it } from 'vitest';
import { Arena } from '../../src/wasm/arena.js';
import { layerScalarWasm as scalarWasm, layerSimdWasm as simdWasm } from '../../src/wasm/binaries.js';
import { createWasmLayerKernels, type LayerExports } from '../../src/wasm/layer.js';
import type { LayerGeometry, LayerKernels } from '../../src/layer/kernels.js';
import { prng } from '../support/random.js';

interface Spec {
  N: number; Cin: number; H: number; W: number; Cout: number; kH: number; kW: number;
  groups?: number; s?: [number, number]; d?: [number, number]; pad?: [number, number, number, number];
}

function geometry(c: Spec): LayerGeometry {
  const [sh, sw] = c.s ?? [1, 1];
  const [dh, dw] = c.d ?? [1, 1];
  const [pt, pb, pl, pr] = c.pad ?? [0, 0, 0, 0];
  const Ho = Math.floor((c.H + pt + pb - dh * (c.kH - 1) - 1) / sh) + 1;
  const Wo = Math.floor((c.W + pl + pr - dw * (c.kW - 1) - 1) / sw) + 1;
  return { N: c.N, Cin: c.Cin, H: c.H, W: c.W, Cout: c.Cout, kH: c.kH, kW: c.kW, groups: c.groups ?? 1, sh, sw, dh, dw, pt, pb, pl, pr, Ho, Wo };
}

/** Plain float64 loops over the definition (src/layer/kernels.ts). */
function oracle(g: LayerGeometry, x: Float64Array, w: Float64Array, b: Float64Array, dy: Float64Array) {
  const { N, Cin, H, W, Cout, kH, kW, groups, sh, sw, dh, dw, pt, pl, Ho, Wo } = g;
  const CinG = Cin / groups, CoutG = Cout / groups;
  const y = new Float64Array(N * Cout * Ho * Wo);
  const dx = new Float64Array(N * Cin * H * W);
  const dwt = new Float64Array(w.length);
  const db = new Float64Array(Cout);
  for (let n = 0; n < N; n++) for (let o = 0; o < Cout; o++) {
    const gi = Math.floor(o / CoutG);
    for (let i = 0; i < Ho; i++) for (let j = 0; j < Wo; j++) {
      const yi = ((n * Cout + o) * Ho + i) * Wo + j;
      let s = b[o]!;
      const gy = dy[yi]!;
      db[o]! += gy;
      for (let cc = 0; cc < CinG; cc++) {
        const c = gi * CinG + cc;
        for (let a = 0; a < kH; a++) {
          const u = i * sh + a * dh - pt;
          if (u < 0 || u >= H) continue;
          for (let bb = 0; bb < kW; bb++) {
            const v = j * sw + bb * dw - pl;
            if (v < 0 || v >= W) continue;
            const wi = ((o * CinG + cc) * kH + a) * kW + bb;
            const xi = ((n * Cin + c) * H + u) * W + v;
            s += w[wi]! * x[xi]!;
            dx[xi]! += w[wi]! * gy;
            dwt[wi]! += gy * x[xi]!;
          }
        }
      }
      y[yi] = s;
    }
  }
  return { y, dx, dw: dwt, db };
}

function ints(n: number, seed: number, range = 3): Float64Array {
  const r = prng(seed);
  const a = new Float64Array(n);
  for (let i = 0; i < n; i++) a[i] = Math.floor(r() * (2 * range + 1)) - range;
  return a;
}

async function kernelsOf(bytes: ReturnType<typeof simdWasm>): Promise<LayerKernels> {
  const instance = await WebAssembly.instantiate(await WebAssembly.compile(bytes), {});
  const ex = instance.exports as unknown as LayerExports & { heapBase(): number };
  return createWasmLayerKernels(ex, new Arena(ex.memory, ex.heapBase()));
}

const specs: Spec[] = [];
// Wo = 1…9 and around the vector widths, 3×3 pad 1, Cout/Cin off the tile.
for (const W of [1, 2, 3, 4, 5, 6, 7, 8, 9, 15, 16, 17, 33]) specs.push({ N: 1, Cin: 3, H: 4, W, Cout: 5, kH: 3, kW: 3, pad: [1, 1, 1, 1] });
// Depthwise (assembly/layer-depthwise.ts): output widths around one vector and the 4-vector tile
// (f32 4/16, f64 2/8) for column strides 1, 2 (deinterleaved as the planes are built) and 3
// (padPhases), row strides 1–3, dilation, uneven and zero padding, and a channel multiplier.
for (const Wo of [1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 20, 33]) {
  for (const s of [1, 2, 3]) {
    specs.push({ N: 2, Cin: 3, H: 5, W: (Wo - 1) * s + 1, Cout: 3, kH: 3, kW: 3, groups: 3, s: [s, s], pad: [1, 1, 1, 1] });
  }
}
// Column stride 2: image widths around the deinterleaved pair of vectors (f32 8, f64 4), even and
// odd left padding (each pair's evens land in either column phase), the last pair overlapping.
for (const W of [3, 4, 5, 7, 8, 9, 12, 16, 28, 29]) {
  for (const pl of [0, 1, 2]) specs.push({ N: 1, Cin: 2, H: 6, W, Cout: 2, kH: 3, kW: 3, groups: 2, s: [1 + (pl & 1), 2], pad: [pl, 1, pl, 2 - pl] });
}
specs.push(
  { N: 1, Cin: 2, H: 9, W: 21, Cout: 6, kH: 3, kW: 3, groups: 2, s: [1, 2], pad: [1, 1, 1, 1] },
  { N: 1, Cin: 4, H: 11, W: 40, Cout: 4, kH: 3, kW: 3, groups: 4, s: [2, 2], d: [2, 2], pad: [2, 0, 3, 1] },
  { N: 1, Cin: 3, H: 8, W: 37, Cout: 3, kH: 5, kW: 4, groups: 3, s: [3, 2], d: [1, 2], pad: [2, 2, 1, 2] },
  { N: 2, Cin: 2, H: 6, W: 18, Cout: 4, kH: 3, kW: 3, groups: 2, s: [2, 2] },
  { N: 1, Cin: 3, H: 7, W: 19, Cout: 3, kH: 2, kW: 2, groups: 3, d: [2, 3], pad: [0, 1, 0, 1] },
  { N: 1, Cin: 2, H: 5, W: 9, Cout: 2, kH: 1, kW: 1, groups: 2, s: [2, 2] },
  // Depthwise gradInput at stride 1 runs as a forward pass (layer-plan.ts
  // depthwiseGradInputGeometry) unless the padding passes the kernel's reach:
  { N: 1, Cin: 3, H: 6, W: 10, Cout: 3, kH: 3, kW: 3, groups: 3, pad: [3, 0, 1, 3] },
  { N: 1, Cin: 2, H: 5, W: 9, Cout: 2, kH: 1, kW: 1, groups: 2, pad: [1, 0, 0, 1] },
  { N: 2, Cin: 3, H: 7, W: 21, Cout: 3, kH: 4, kW: 5, groups: 3, d: [1, 2], pad: [1, 2, 8, 0] },
  // 3×3 stride 1 takes two output rows per tile (tile3x3Rows2): even Ho (no single last row),
  // 'valid' and uneven padding, widths around the tile, a channel multiplier.
  { N: 1, Cin: 2, H: 8, W: 17, Cout: 4, kH: 3, kW: 3, groups: 2, pad: [1, 1, 1, 1] },
  { N: 2, Cin: 3, H: 10, W: 35, Cout: 3, kH: 3, kW: 3, groups: 3 },
  { N: 1, Cin: 2, H: 7, W: 6, Cout: 2, kH: 3, kW: 3, groups: 2, pad: [0, 2, 2, 0] },
  // Chunks of channels through the arena (src/wasm/layer-plan.ts depthwiseChunk, 128 KiB):
  // less than one image per chunk, and several images per chunk with a shorter last one.
  { N: 2, Cin: 3, H: 100, W: 100, Cout: 6, kH: 3, kW: 3, groups: 3, pad: [1, 1, 1, 1] },
  { N: 13, Cin: 2, H: 40, W: 40, Cout: 2, kH: 3, kW: 3, groups: 2, s: [2, 2], pad: [1, 1, 1, 1] },
);
// 3×3 stride 2 reads the input in place (assembly/layer-dw3x3s2.ts; the scalar build builds
// planes): rows of one tile (Wo from L + 2 to 4 vectors: f32 6–16, f64 4–8) and of several, the
// last overlapping; padded column −1 (pl = 1) and column W ('same' on an even width: pl = 0,
// pr = 1) masked, or neither; zero rows at the top and bottom; odd and even Ho; a multiplier.
for (const W of [9, 11, 12, 14, 17, 27, 28, 33, 34, 35, 36, 67, 68]) {
  for (const pad of [[1, 1, 1, 1], [0, 1, 0, 1], [2, 0, 1, 0], [0, 3, 0, 0]] as const) {
    specs.push({ N: 2, Cin: 2, H: 6 + (W % 3), W, Cout: 4, kH: 3, kW: 3, groups: 2, s: [2, 2], pad: [...pad] });
  }
}
specs.push(
  { N: 2, Cin: 4, H: 7, W: 6, Cout: 9, kH: 3, kW: 2, s: [2, 1], pad: [1, 0, 0, 1] },
  { N: 3, Cin: 6, H: 9, W: 11, Cout: 6, kH: 3, kW: 3, groups: 3, s: [2, 3], d: [2, 1], pad: [2, 1, 1, 2] },
  { N: 1, Cin: 8, H: 10, W: 10, Cout: 8, kH: 3, kW: 3, groups: 8, pad: [1, 1, 1, 1] },
  { N: 2, Cin: 4, H: 11, W: 9, Cout: 8, kH: 3, kW: 3, groups: 4, s: [2, 2], pad: [1, 1, 1, 1] },
  { N: 1, Cin: 7, H: 5, W: 13, Cout: 12, kH: 1, kW: 1 },
  { N: 2, Cin: 5, H: 6, W: 7, Cout: 4, kH: 1, kW: 1, s: [2, 2] },
  { N: 1, Cin: 3, H: 17, W: 19, Cout: 4, kH: 7, kW: 7, s: [2, 2], pad: [3, 3, 3, 3] },
  { N: 1, Cin: 2, H: 8, W: 8, Cout: 3, kH: 2, kW: 4, d: [3, 2], pad: [0, 1, 2, 1] },
  { N: 2, Cin: 2, H: 5, W: 5, Cout: 3, kH: 5, kW: 5 },
  { N: 1, Cin: 2, H: 9, W: 9, Cout: 2, kH: 1, kW: 1, s: [3, 3] },
  { N: 1, Cin: 3, H: 6, W: 6, Cout: 5, kH: 3, kW: 3, s: [3, 2], d: [1, 3], pad: [4, 0, 1, 3] },
);
// gradWeight by runs of taps (assembly/layer-gradweight-runs.ts: 8 f32 / 4 f64 output channels
// a block, runs of 4, 3, and 2 or 1 taps): a partial last block, runs cut 4+3 (7×7 stride 2),
// 3+2 (5×5: the per-pixel kernel, runs too short on average), 3+3 (6 wide), 4+4 (8 wide), 4+3+2
// (9 wide), dilation 2 at stride 2 (one plane), groups, Wo = 1.
specs.push(
  { N: 2, Cin: 3, H: 9, W: 11, Cout: 10, kH: 3, kW: 3, pad: [1, 1, 1, 1] },
  { N: 1, Cin: 2, H: 15, W: 17, Cout: 8, kH: 7, kW: 7, s: [2, 2], pad: [3, 3, 3, 3] },
  { N: 1, Cin: 2, H: 8, W: 9, Cout: 9, kH: 5, kW: 5, pad: [2, 2, 2, 2] },
  { N: 1, Cin: 1, H: 5, W: 13, Cout: 8, kH: 2, kW: 6, pad: [0, 1, 2, 3] },
  { N: 2, Cin: 1, H: 4, W: 12, Cout: 16, kH: 1, kW: 8 },
  { N: 1, Cin: 2, H: 6, W: 20, Cout: 8, kH: 2, kW: 9, pad: [0, 0, 4, 4] },
  { N: 1, Cin: 2, H: 13, W: 14, Cout: 8, kH: 3, kW: 3, s: [2, 2], d: [2, 2], pad: [2, 2, 2, 2] },
  { N: 2, Cin: 4, H: 6, W: 7, Cout: 16, kH: 3, kW: 3, groups: 2, pad: [1, 0, 1, 0] },
  { N: 1, Cin: 2, H: 3, W: 3, Cout: 8, kH: 3, kW: 3 },
);
// The implicit GEMM's cache blocking (assembly/layer-igemm.ts): partial sums over several
// blocks of 16 reduction channels (the last one short) and several pixel chunks, with 4-, 3- and
// 1-channel tiles; one-tap blocks of 256 channels (the last one short); gradInput's stride
// phases reducing over many output channels.
specs.push(
  { N: 1, Cin: 37, H: 20, W: 40, Cout: 11, kH: 3, kW: 3, pad: [1, 1, 1, 1] },
  { N: 2, Cin: 20, H: 15, W: 33, Cout: 19, kH: 3, kW: 3, s: [2, 2], pad: [1, 1, 1, 1] },
  { N: 1, Cin: 300, H: 6, W: 7, Cout: 6, kH: 1, kW: 1 },
  { N: 1, Cin: 3, H: 23, W: 30, Cout: 40, kH: 7, kW: 7, s: [2, 2], pad: [3, 3, 3, 3] },
);
// One-tap gradWeight as a GEMM over the pixels (assembly/layer-gradweight-gemm.ts, up to 512 of
// them): rows of x transposed in 4×4 / 2×2 blocks with tails both ways (Wo and Cin off the lane
// count), dy packed in blocks of 4 with a 3-block or single channels left, dw written in place
// (Cin a multiple of 16) or through the wide output, a transposed row of 1 KiB (one more tile),
// several images, groups, stride 2 with padding (rows of planes), and 529 pixels (the dot kernels).
specs.push(
  { N: 3, Cin: 32, H: 5, W: 7, Cout: 7, kH: 1, kW: 1 },
  { N: 1, Cin: 256, H: 3, W: 5, Cout: 9, kH: 1, kW: 1 },
  { N: 2, Cin: 18, H: 4, W: 6, Cout: 16, kH: 1, kW: 1, groups: 2 },
  { N: 2, Cin: 6, H: 9, W: 11, Cout: 5, kH: 1, kW: 1, s: [2, 2], pad: [1, 0, 1, 1] },
  { N: 1, Cin: 8, H: 23, W: 23, Cout: 8, kH: 1, kW: 1 },
);
// gradInput in bands of rows (src/wasm/layer-plan.ts gradInputPlan, 512 KiB a band): f32 bands
// of 3 rows, f64 bands of 1 row; stride 2 with bands of 4 rows (f32) and 1 row (f64).
specs.push(
  { N: 1, Cin: 5, H: 24, W: 150, Cout: 160, kH: 3, kW: 3, pad: [1, 1, 1, 1] },
  { N: 2, Cin: 3, H: 21, W: 140, Cout: 260, kH: 5, kW: 5, s: [2, 2], pad: [2, 2, 2, 2] },
);

// gradInput and gradWeight by Winograd F(2×2, 3×3) (assembly/layer-winograd.ts; float32, 3×3
// stride 1, ≥ 32 channels each way, enough tiles: src/wasm/layer-plan.ts usesWinograd,
// usesWinogradWeight): odd sizes (half tiles at the bottom and right), widths around the
// four-tile vectors (8 columns), asymmetric padding, padding past the kernel's reach (cropped),
// valid padding, several images. Small integers keep it exact as well.
specs.push(
  { N: 2, Cin: 32, H: 15, W: 17, Cout: 32, kH: 3, kW: 3, pad: [1, 1, 1, 1] },
  { N: 2, Cin: 33, H: 20, W: 16, Cout: 40, kH: 3, kW: 3, pad: [0, 2, 1, 0] },
  { N: 2, Cin: 32, H: 16, W: 17, Cout: 32, kH: 3, kW: 3, pad: [3, 1, 0, 3] },
  { N: 2, Cin: 32, H: 18, W: 19, Cout: 36, kH: 3, kW: 3 },
  { N: 1, Cin: 64, H: 16, W: 24, Cout: 64, kH: 3, kW: 3, pad: [2, 2, 2, 2] },
);

// gradInput and gradWeight of 3×3 stride-2 layers by Winograd F(2, 2) per stride phase
// (assembly/layer-winograd-s2.ts; float32, ≥ 32 channels each way, enough pixels:
// src/wasm/layer-phase-plan.ts): odd output sizes (half tiles), asymmetric padding, a channel
// count off the GEMM's blocks of 4, several images.
specs.push(
  { N: 4, Cin: 32, H: 19, W: 21, Cout: 33, kH: 3, kW: 3, s: [2, 2], pad: [1, 1, 1, 1] },
  { N: 3, Cin: 35, H: 24, W: 30, Cout: 32, kH: 3, kW: 3, s: [2, 2], pad: [0, 2, 3, 1] },
  { N: 7, Cin: 32, H: 17, W: 18, Cout: 32, kH: 3, kW: 3, s: [2, 2] },
);

for (const [name, bin] of [['wasm-simd', simdWasm], ['wasm-scalar', scalarWasm]] as const) {
  describe(`layer kernels on ${name}`, async () => {
    const k = await kernelsOf(bin());
    for (const Arr of [Float32Array, Float64Array]) {
      it.each(specs.map((s, i) => [i, JSON.stringify(s), s] as const))(`${Arr.name} case %i %s`, (_i, _l, spec) => {
        const g = geometry(spec);
        const x = ints(g.N * g.Cin * g.H * g.W, 1);
        const w = ints(g.Cout * (g.Cin / g.groups) * g.kH * g.kW, 2);
        const b = ints(g.Cout, 3);
        const dy = ints(g.N * g.Cout * g.Ho * g.Wo, 4);
        const want = oracle(g, x, w, b, dy);
        const bytes = Arr.BYTES_PER_ELEMENT;
        k.checkFits(g, { forward: true, gradInput: true, gradWeight: true, gradBias: true }, bytes);
        const y = new Arr(want.y.length);
        k.forward(y, Arr.from(x), Arr.from(w), Arr.from(b), g);
        expect(Array.from(y)).toEqual(Array.from(want.y));
        const dx = new Arr(want.dx.length);
        k.gradInput(dx, Arr.from(dy), Arr.from(w), g);
        expect(Array.from(dx)).toEqual(Array.from(want.dx));
        const dwt = new Arr(want.dw.length);
        k.gradWeight(dwt, Arr.from(x), Arr.from(dy), g);
        expect(Array.from(dwt)).toEqual(Array.from(want.dw));
        const db = new Arr(g.Cout);
        k.gradBias(db, Arr.from(dy), g);
        expect(Array.from(db)).toEqual(Array.from(want.db));
      });
    }
  });
}

function uniform(n: number, seed: number): Float64Array {
  const r = prng(seed);
  const a = new Float64Array(n);
  for (let i = 0; i < n; i++) a[i] = r() * 2 - 1;
  return a;
}

interface Passes { y: Float64Array; dx: Float64Array; dw: Float64Array; db: Float64Array }

function runAll(k: LayerKernels, g: LayerGeometry, Arr: Float32ArrayConstructor | Float64ArrayConstructor, seed: number): Passes {
  const x = Arr.from(uniform(g.N * g.Cin * g.H * g.W, seed));
  const w = Arr.from(uniform(g.Cout * (g.Cin / g.groups) * g.kH * g.kW, seed + 1));
  const b = Arr.from(uniform(g.Cout, seed + 2));
  const dy = Arr.from(uniform(g.N * g.Cout * g.Ho * g.Wo, seed + 3));
  k.checkFits(g, { forward: true, gradInput: true, gradWeight: true, gradBias: true }, Arr.BYTES_PER_ELEMENT);
  const y = new Arr(dy.length), dx = new Arr(x.length), dwt = new Arr(w.length), db = new Arr(g.Cout);
  k.forward(y, x, w, b, g);
  k.gradInput(dx, dy, w, g);
  k.gradWeight(dwt, x, dy, g);
  k.gradBias(db, dy, g);
  return { y: Float64Array.from(y), dx: Float64Array.from(dx), dw: Float64Array.from(dwt), db: Float64Array.from(db) };
}

describe('layer kernels: bitwise agreement and reproducibility', async () => {
  const simd = await kernelsOf(simdWasm());
  const scalar = await kernelsOf(scalarWasm());
  const big = geometry({ N: 2, Cin: 16, H: 24, W: 21, Cout: 12, kH: 3, kW: 3, pad: [1, 1, 1, 1] });
  for (const Arr of [Float32Array, Float64Array]) {
    it.each(specs.map((s, i) => [i, JSON.stringify(s), s] as const))(`${Arr.name}: simd = scalar, bit for bit, case %i %s`, (i, _l, spec) => {
      const g = geometry(spec);
      const a = runAll(simd, g, Arr, 100 + i);
      const b = runAll(scalar, g, Arr, 100 + i);
      for (const key of ['y', 'dx', 'dw', 'db'] as const) expect(a[key], key).toEqual(b[key]);
    });
    it(`${Arr.name}: the same bits after a larger problem has used the arena`, () => {
      const g = geometry(specs[specs.length - 1]!);
      const first = runAll(simd, g, Arr, 7);
      runAll(simd, big, Arr, 8);
      const again = runAll(simd, g, Arr, 7);
      for (const key of ['y', 'dx', 'dw', 'db'] as const) expect(again[key], key).toEqual(first[key]);
    });
  }
});

// gradInput of layers with ≤ 3 input channels by GEMM + col2im (src/wasm/layer-col-grad-input.ts,
// assembly/layer-col2im.ts): which layers take it; float32 and float64 against the float64
// oracle (a small 7×7 stride-2 stem, odd sizes, several images, several dy bands, unequal
// strides, dilation, kernels larger and smaller than the stride, padding forms that crop,
// output columns past the interior where only some taps reach), on dy copied in whole and (over
// 1 MiB an image) band by band; the SIMD and scalar binaries bit for bit; NaN and ±Inf land where
// the oracle puts them.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { layerScalarWasm, layerSimdWasm } from '../../src/wasm/binaries.js';
import { streamsDyBands, usesColGradInput } from '../../src/wasm/layer-col-grad-input.js';
import type { LayerGeometry } from '../../src/layer/kernels.js';
import { oracleLayer } from '../support/layer-oracle.js';
import { expectSameNonFinite as same, kernelsOf, maxAbs, maxErr, uniform } from '../support/layer-float32.js';

interface Shape { N: number; Cin: number; H: number; W: number; Cout: number; k: [number, number]; s: [number, number]; d?: [number, number]; pad: [number, number, number, number] }

function geometry(c: Shape): LayerGeometry {
  const [kH, kW] = c.k;
  const [sh, sw] = c.s;
  const [dh, dw] = c.d ?? [1, 1];
  const [pt, pb, pl, pr] = c.pad;
  return {
    N: c.N, Cin: c.Cin, H: c.H, W: c.W, Cout: c.Cout, kH, kW, groups: 1, sh, sw, dh, dw, pt, pb, pl, pr,
    Ho: Math.floor((c.H + pt + pb - (kH - 1) * dh - 1) / sh) + 1, Wo: Math.floor((c.W + pl + pr - (kW - 1) * dw - 1) / sw) + 1,
  };
}

const oracle = (g: LayerGeometry, w: ArrayLike<number>, dy: ArrayLike<number>) =>
  oracleLayer(new Float64Array(g.N * g.Cin * g.H * g.W), [g.N, g.Cin, g.H, g.W], w, [g.Cout, g.Cin, g.kH, g.kW], null, dy, {
    stride: [g.sh, g.sw], dilation: [g.dh, g.dw], padding: [g.pt, g.pb, g.pl, g.pr],
  }).dx;

const CASES: Shape[] = [
  { N: 1, Cin: 3, H: 96, W: 96, Cout: 64, k: [7, 7], s: [2, 2], pad: [3, 3, 3, 3] }, // a small stem, 6 dy bands
  { N: 2, Cin: 3, H: 37, W: 41, Cout: 10, k: [7, 7], s: [2, 2], pad: [3, 3, 3, 3] }, // odd sizes, two images
  { N: 1, Cin: 3, H: 20, W: 300, Cout: 5, k: [5, 5], s: [1, 1], pad: [2, 2, 2, 2] }, // wide rows: one dy row a band
  { N: 3, Cin: 2, H: 19, W: 23, Cout: 7, k: [3, 5], s: [3, 2], pad: [0, 2, 1, 0] }, // unequal strides, asymmetric padding
  { N: 1, Cin: 1, H: 30, W: 29, Cout: 9, k: [5, 4], s: [2, 3], d: [2, 1], pad: [4, 0, 0, 3] }, // dilation, even kernel, stride > kernel step
  { N: 1, Cin: 3, H: 16, W: 16, Cout: 4, k: [4, 4], s: [4, 4], pad: [0, 0, 0, 0] }, // kernel = stride: every pixel one tap
  { N: 1, Cin: 2, H: 9, W: 11, Cout: 6, k: [3, 3], s: [1, 1], pad: [5, 0, 0, 6] }, // padding past the kernel's reach: crops
  { N: 2, Cin: 3, H: 12, W: 5, Cout: 3, k: [3, 3], s: [2, 2], pad: [1, 1, 1, 1] }, // rows under one vector
  { N: 1, Cin: 3, H: 14, W: 21, Cout: 5, k: [7, 7], s: [2, 2], pad: [3, 3, 3, 3] }, // stride 2, odd width: the last column's phase is short
  { N: 1, Cin: 2, H: 10, W: 40, Cout: 4, k: [3, 3], s: [1, 2], d: [1, 3], pad: [1, 1, 4, 2] }, // stride 2 with dilation 3 and crop-free left pad
  // dy over 1 MiB an image (float32): copied in band by band, just before each band's GEMM.
  { N: 1, Cin: 3, H: 131, W: 131, Cout: 64, k: [7, 7], s: [2, 2], pad: [3, 3, 3, 3] }, // a stem on odd sizes: 17 bands of 4 rows, the last of 2
  { N: 1, Cin: 2, H: 200, W: 190, Cout: 48, k: [3, 4], s: [2, 3], d: [2, 1], pad: [3, 1, 0, 2] }, // stride 3 columns, dilation, asymmetric padding
  { N: 1, Cin: 3, H: 40, W: 600, Cout: 32, k: [3, 5], s: [1, 1], pad: [1, 1, 2, 2] }, // stride 1, wide rows: one dy row a band
  { N: 2, Cin: 3, H: 32, W: 32, Cout: 260, k: [3, 3], s: [1, 1], pad: [1, 1, 1, 1] }, // many output channels on a small image: 2 bands of 16 rows
];
/** The cases past 1 MiB of float32 dy an image. */
const STREAMED = [10, 11, 12, 13];

describe('GEMM + col2im gradInput: which layers take it', () => {
  it('one group, ≤ 3 input channels, ≥ 16 rows of G (Cin·kH·kW), both dtypes; dy over 1 MiB an image comes in band by band', () => {
    const rgb = geometry(CASES[0]!);
    expect(usesColGradInput(rgb, 4)).toBe(true);
    expect(streamsDyBands(rgb, 4)).toBe(false); // 0.6 MB
    expect(usesColGradInput(rgb, 8)).toBe(true);
    expect(streamsDyBands(rgb, 8)).toBe(true); // float64 doubles dy: 1.2 MB
    expect(usesColGradInput(geometry(CASES[1]!), 8)).toBe(true);
    expect(usesColGradInput({ ...rgb, Cin: 4 }, 4)).toBe(false); // the 4-channel tile is fed
    expect(usesColGradInput({ ...rgb, Cin: 3, Cout: 6, groups: 3 }, 4)).toBe(false);
    const stem = geometry({ N: 1, Cin: 3, H: 224, W: 224, Cout: 64, k: [7, 7], s: [2, 2], pad: [3, 3, 3, 3] });
    expect(usesColGradInput(stem, 4)).toBe(true); // dy 3.2 MB: 1.05–1.18× the direct path (BENCHMARKS.md)
    expect(streamsDyBands(stem, 4)).toBe(true);
    expect(usesColGradInput({ ...stem, N: 4, H: 112, W: 112, Ho: 56, Wo: 56 }, 4)).toBe(true); // 0.8 MB an image
    expect(streamsDyBands({ ...stem, N: 4, H: 112, W: 112, Ho: 56, Wo: 56 }, 4)).toBe(false);
    // dy over 1 MiB with under 32 output channels (the GEMM's reduction): the direct path measured faster.
    const wide16 = geometry({ N: 1, Cin: 3, H: 512, W: 512, Cout: 16, k: [3, 3], s: [1, 1], pad: [1, 1, 1, 1] });
    expect(usesColGradInput(wide16, 4)).toBe(false);
    expect(usesColGradInput({ ...wide16, Cout: 32 }, 4)).toBe(true);
    expect(usesColGradInput({ ...wide16, H: 128, W: 128, Ho: 128, Wo: 128 }, 4)).toBe(true); // 1 MiB: copied in whole
    expect(usesColGradInput(geometry({ N: 1, Cin: 1, H: 8, W: 8, Cout: 8, k: [3, 3], s: [1, 1], pad: [1, 1, 1, 1] }), 4)).toBe(false); // 9 rows
    expect(usesColGradInput(geometry({ N: 1, Cin: 2, H: 8, W: 8, Cout: 8, k: [3, 3], s: [1, 1], pad: [1, 1, 1, 1] }), 4)).toBe(true); // 18 rows
    for (const c of CASES) expect(usesColGradInput(geometry(c), 4)).toBe(true);
    CASES.forEach((c, i) => expect(streamsDyBands(geometry(c), 4), `case ${i}`).toBe(STREAMED.includes(i)));
  });
});

const kernels = { simd: await kernelsOf(layerSimdWasm()), scalar: await kernelsOf(layerScalarWasm()) };

describe('GEMM + col2im gradInput', () => {
  it.each(CASES.map((c, i) => [i, c] as const))('case %i: float32 within 1e-5 and float64 within 1e-12 of the oracle; SIMD ≡ scalar', (i, c) => {
    const g = geometry(c);
    const w = uniform(g.Cout * g.Cin * g.kH * g.kW, 10 + i);
    const dy = uniform(g.N * g.Cout * g.Ho * g.Wo, 20 + i);
    const ref = oracle(g, w, dy);
    const scale = maxAbs(ref);
    for (const k of [kernels.simd, kernels.scalar]) k.checkFits(g, { gradInput: true }, 8);
    const got32 = kernels.simd.gradInput(null, dy, w, g);
    // Each dx sums Cout·(taps reaching it) ≤ 260·9 float32 products of values in [−1, 1]: a
    // rounding error of a few 1e-7 of the scale; 1e-5 leaves a margin of ~10.
    const err32 = maxErr(got32, ref);
    expect(err32).toBeLessThan(1e-5 * scale);
    expect(err32).toBeGreaterThan(0); // real-valued data: the float32 sums did round
    const w64 = Float64Array.from(w);
    const dy64 = Float64Array.from(dy);
    // float64 against float64 sums in another order: ~1e-16 of the scale per term.
    expect(maxErr(kernels.simd.gradInput(null, dy64, w64, g), ref)).toBeLessThan(1e-12 * scale);
    // One summation order for both binaries: identical bits.
    expect(kernels.scalar.gradInput(null, dy, w, g)).toEqual(got32);
    expect(kernels.scalar.gradInput(null, dy64, w64, g)).toEqual(kernels.simd.gradInput(null, dy64, w64, g));
  });

  it('random small layers on 1–3 channels (strides 1–3 each way, dilation, uneven padding, widths across the vector edges): oracle, SIMD ≡ scalar', () => {
    const shape = fc.record({
      N: fc.integer({ min: 1, max: 2 }), Cin: fc.integer({ min: 1, max: 3 }), Cout: fc.integer({ min: 1, max: 9 }),
      kH: fc.integer({ min: 1, max: 7 }), kW: fc.integer({ min: 1, max: 7 }),
      sh: fc.integer({ min: 1, max: 3 }), sw: fc.integer({ min: 1, max: 3 }),
      dh: fc.integer({ min: 1, max: 2 }), dw: fc.integer({ min: 1, max: 2 }),
      H: fc.integer({ min: 1, max: 24 }), W: fc.integer({ min: 1, max: 40 }),
      pad: fc.tuple(fc.nat(4), fc.nat(4), fc.nat(4), fc.nat(4)), seed: fc.nat(1000),
    }).map((r) => ({ ...r, H: r.H + (r.kH - 1) * r.dh, W: r.W + (r.kW - 1) * r.dw })) // an output row and column at least
      .filter((r) => r.Cin * r.kH * r.kW >= 16);
    fc.assert(fc.property(shape, (r) => {
      const g = geometry({ N: r.N, Cin: r.Cin, H: r.H, W: r.W, Cout: r.Cout, k: [r.kH, r.kW], s: [r.sh, r.sw], d: [r.dh, r.dw], pad: r.pad });
      expect(usesColGradInput(g, 4)).toBe(true);
      const w = uniform(g.Cout * g.Cin * g.kH * g.kW, 2 * r.seed);
      const dy = uniform(g.N * g.Cout * g.Ho * g.Wo, 2 * r.seed + 1);
      const ref = oracle(g, w, dy);
      const scale = maxAbs(ref) + Number.MIN_VALUE;
      for (const k of [kernels.simd, kernels.scalar]) k.checkFits(g, { gradInput: true }, 8);
      const got32 = kernels.simd.gradInput(null, dy, w, g);
      expect(maxErr(got32, ref)).toBeLessThanOrEqual(1e-5 * scale); // as the cases above
      const [w64, dy64] = [Float64Array.from(w), Float64Array.from(dy)];
      const got64 = kernels.simd.gradInput(null, dy64, w64, g);
      expect(maxErr(got64, ref)).toBeLessThanOrEqual(1e-12 * scale);
      expect(kernels.scalar.gradInput(null, dy, w, g)).toEqual(got32);
      expect(kernels.scalar.gradInput(null, dy64, w64, g)).toEqual(got64);
    }), { numRuns: 60 });
  });

  it('inputs are not mutated and a caller-owned output is filled in place', () => {
    const g = geometry(CASES[1]!);
    const w = uniform(g.Cout * g.Cin * g.kH * g.kW, 1);
    const dy = uniform(g.N * g.Cout * g.Ho * g.Wo, 2);
    const [w0, dy0] = [w.slice(), dy.slice()];
    kernels.simd.checkFits(g, { gradInput: true }, 4);
    const out = new Float32Array(g.N * g.Cin * g.H * g.W).fill(7);
    const first = kernels.simd.gradInput(out, dy, w, g);
    expect(first).toBe(out);
    expect(out).toEqual(kernels.simd.gradInput(null, dy, w, g)); // stale contents never leak in
    expect(w).toEqual(w0);
    expect(dy).toEqual(dy0);
  });

  it.each([1, 13])('NaN or ±Inf in dy or W: non-finite values land exactly where the oracle puts them (case %i)', (i) => {
    const g = geometry(CASES[i]!);
    const w = uniform(g.Cout * g.Cin * g.kH * g.kW, 3);
    const dy = uniform(g.N * g.Cout * g.Ho * g.Wo, 4);
    const dyBad = dy.slice();
    dyBad[5] = Infinity;
    dyBad[g.Ho * g.Wo * 3 + 40] = NaN;
    dyBad[g.Ho * g.Wo * g.Cout + g.Wo - 1] = -Infinity; // second image, a right-edge pixel
    const wBad = w.slice();
    const kk = g.kH * g.kW;
    wBad[kk * (g.Cin + 1) + (kk >> 1)] = -Infinity; // output channel 1, input channel 1, the centre tap
    kernels.simd.checkFits(g, { gradInput: true }, 4);
    for (const [name, k] of Object.entries(kernels)) {
      same(`${name} gradInput (dy)`, k.gradInput(null, dyBad, w, g), oracle(g, w, dyBad));
      same(`${name} gradInput (w)`, k.gradInput(null, dy, wBad, g), oracle(g, wBad, dy));
    }
  });
});

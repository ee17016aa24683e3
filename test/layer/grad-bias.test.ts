import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backends } from '../support/backends.js';

const all = await backends();

/**
 * gradBias is one number per channel summed from N·Ho·Wo terms of both signs, so float32 sums
 * lose it to cancellation; every backend sums float32 in float64 and rounds once. For float32
 * values on a grid of 2⁻²⁰ within ±8 any float64 sum of a few thousand of them is exact (34
 * bits) while float32 partial sums round, so the result must be that sum correctly rounded, in
 * whatever order a backend adds.
 */
describe('Conv2D layer: gradBias is the correctly rounded sum of dy', () => {
  it.each(all.map((b) => [b.name, b]))('%s: cancellation the float32 stripes lose', (_, { cg }) => {
    // Lanes p ≡ 0 and p ≡ 2 (mod 4) hold 2²⁴ + 1 and −2²⁴ + 1: in float32 the first loses its 1.
    const dy = new Float32Array([2 ** 24, 0, -(2 ** 24), 0, 1, 0, 1, 0]);
    const x = { data: new Float32Array(8), shape: [1, 1, 2, 4] };
    const w = { data: new Float32Array([0]), shape: [1, 1, 1, 1] };
    const { gradBias } = cg.conv2dLayerBackward(x, w, { data: dy, shape: [1, 1, 2, 4] }, { wrt: { bias: true } });
    expect(Array.from(gradBias!.data)).toEqual([2]);
  });

  it.each(all.map((b) => [b.name, b]))('%s: float32 gradBias = fround(the exact sum), any shape', (_, { cg }) => {
    const arb = fc.record({
      N: fc.integer({ min: 1, max: 3 }),
      C: fc.integer({ min: 1, max: 5 }),
      Ho: fc.integer({ min: 1, max: 19 }),
      Wo: fc.integer({ min: 1, max: 19 }),
      seed: fc.integer({ min: 0, max: 2 ** 30 }),
    });
    fc.assert(fc.property(arb, ({ N, C, Ho, Wo, seed }) => {
      let s = seed;
      // Within ±8 on a grid of 2⁻²⁰: 23 bits, exact in float32; partial sums need up to 34 bits.
      const next = (): number => { s = (Math.imul(s, 1103515245) + 12345) >>> 0; return ((s >>> 1) % 2 ** 24 - 2 ** 23) / 2 ** 20; };
      const dy = new Float32Array(N * C * Ho * Wo).map(next);
      // A 1×1 kernel over an Ho×Wo input: the output is Ho×Wo.
      const x = { data: new Float32Array(N * C * Ho * Wo), shape: [N, C, Ho, Wo] };
      const w = { data: new Float32Array(C * C), shape: [C, C, 1, 1] };
      const { gradBias } = cg.conv2dLayerBackward(x, w, { data: dy, shape: [N, C, Ho, Wo] }, { wrt: { bias: true } });
      for (let c = 0; c < C; c++) {
        let exact = 0;
        for (let n = 0; n < N; n++) for (let p = 0; p < Ho * Wo; p++) exact += dy[(n * C + c) * Ho * Wo + p]!;
        expect(gradBias!.data[c]).toBe(Math.fround(exact));
      }
    }), { numRuns: 60 });
  });
});

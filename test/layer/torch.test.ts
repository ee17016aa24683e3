import { describe, expect, it } from 'vitest';
import type { LayerConfig, Tensor } from '../../src/index.js';
import { backends } from '../support/backends.js';
import fixture from '../fixtures/layer-torch.json' with { type: 'json' };

/**
 * PyTorch 1.13 reference cases (scripts/layer-torch-cases.py writes test/fixtures/layer-torch.json):
 * F.conv2d forward and autograd's gradInput, gradWeight, gradBias for every option. Inputs are
 * recomputed from the fixture's fill formula (dyadic values, exact in both dtypes).
 *
 * Tolerance, per element, relative to the largest |value| of that tensor (torch's summation
 * order and ours differ; both are within round-off of the exact sums): float64 1e-10, float32
 * 1e-4 — the acceptance bounds. The errors reached are well over ten times smaller (the
 * fixture stores 14 and 9 significant digits).
 */

interface TorchCase {
  dtype: 'float32' | 'float64';
  input: number[];
  weight: number[];
  options: LayerConfig;
  bias: boolean;
  seeds: { input: number; weight: number; bias: number; gradOutput: number };
  output: { shape: number[]; data: number[] };
  gradInput: number[];
  gradWeight: number[];
  gradBias: number[];
}

const cases = fixture.cases as unknown as TorchCase[];
const all = await backends();

function fill(shape: number[], seed: number, dtype: TorchCase['dtype']): Tensor {
  const n = shape.reduce((p, d) => p * d, 1);
  const data = dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
  // The fixture's formula; BigInt-free: i·7919 + seed·104729 stays far below 2^53.
  for (let i = 0; i < n; i++) data[i] = (((i * 7919 + seed * 104729) % 4093) - 2046) / 2048;
  return { data, shape };
}

/** max_i |got_i − ref_i| / max_i |ref_i|. */
function relErr(got: ArrayLike<number>, ref: readonly number[]): number {
  expect(got.length).toBe(ref.length);
  let scale = 0;
  let err = 0;
  for (let i = 0; i < ref.length; i++) {
    scale = Math.max(scale, Math.abs(ref[i]!));
    const e = Math.abs(got[i]! - ref[i]!);
    err = Number.isNaN(e) ? Infinity : Math.max(err, e);
  }
  return err / (scale || 1);
}

describe('Conv2D layer against PyTorch 1.13 (F.conv2d and autograd)', () => {
  it('the fixture covers every option', () => {
    const opts = cases.map((c) => c.options);
    expect(cases.length).toBeGreaterThanOrEqual(40);
    expect(new Set(cases.map((c) => c.dtype))).toEqual(new Set(['float32', 'float64']));
    expect(opts.some((o) => o.padding === 'same' && o.stride === 2)).toBe(true);
    expect(opts.some((o) => Array.isArray(o.padding) && o.padding.length === 4)).toBe(true);
    expect(opts.some((o) => Array.isArray(o.padding) && o.padding.length === 2)).toBe(true);
    expect(opts.some((o) => typeof o.padding === 'number')).toBe(true);
    expect(opts.some((o) => o.padding === 'valid')).toBe(true);
    expect(opts.some((o) => Array.isArray(o.dilation))).toBe(true);
    expect(opts.some((o) => Array.isArray(o.stride))).toBe(true);
    expect(cases.some((c) => (c.options.groups ?? 1) > 1 && c.options.groups === c.input[1])).toBe(true);
    expect(cases.some((c) => !c.bias)).toBe(true);
  });

  for (const { name, cg } of all) {
    for (const dtype of ['float64', 'float32'] as const) {
      it(`${name} ${dtype}: forward, gradInput, gradWeight, gradBias`, () => {
        const tol = dtype === 'float64' ? 1e-10 : 1e-4;
        let max = 0;
        for (const c of cases.filter((k) => k.dtype === dtype)) {
          const x = fill(c.input, c.seeds.input, dtype);
          const w = fill(c.weight, c.seeds.weight, dtype);
          const b = c.bias ? fill([c.weight[0]!], c.seeds.bias, dtype) : null;
          const dy = fill(c.output.shape, c.seeds.gradOutput, dtype);
          const where = `x [${c.input}] w [${c.weight}] ${JSON.stringify(c.options)}`;
          const y = cg.conv2dLayer(x, w, b, c.options);
          expect(y.shape, where).toEqual(c.output.shape);
          const g = cg.conv2dLayerBackward(x, w, dy, c.options);
          for (const [what, got, ref] of [
            ['forward', y.data, c.output.data],
            ['gradInput', g.gradInput!.data, c.gradInput],
            ['gradWeight', g.gradWeight!.data, c.gradWeight],
            ['gradBias', g.gradBias!.data, c.gradBias],
          ] as const) {
            const e = relErr(got, ref);
            expect(e, `${what} ${where}`).toBeLessThanOrEqual(tol);
            max = Math.max(max, e);
          }
        }
        // Far inside the bound: measured 3.8e-14 (float64) and 4.4e-7 (float32) on every backend.
        expect(max).toBeLessThan(tol / 10);
      });
    }
  }
});

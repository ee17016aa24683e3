import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backends } from '../support/backends.js';
import {
  describeLayer,
  layerCaseArb,
  materializeLayer,
  mismatch,
  options,
  tolerance,
  type LayerCase,
} from '../support/layer-cases.js';

const all = await backends();

/** Every pass of every backend against the float64 oracle; the first disagreement as a message. */
function check(c: LayerCase): string | null {
  const { x, w, b, dy, ref } = materializeLayer(c);
  const g = ref.geometry;
  const CoutG = c.Cout / c.groups;
  for (const { name, cg } of all) {
    const y = cg.conv2dLayer(x, w, b, options(c));
    if (y.data.constructor !== x.data.constructor) return `${name}: forward dtype ${y.data.constructor.name}`;
    if (y.shape.join() !== [c.N, c.Cout, g.Ho, g.Wo].join()) return `${name}: forward shape [${y.shape}]`;
    const grads = cg.conv2dLayerBackward(x, w, dy, options(c));
    const bad =
      mismatch(`${name} forward`, y.data, ref.y, ref.yMag, tolerance(c.dtype, (c.Cin / c.groups) * c.kH * c.kW + 1)) ??
      mismatch(`${name} gradInput`, grads.gradInput!.data, ref.dx, ref.dxMag, tolerance(c.dtype, CoutG * c.kH * c.kW)) ??
      mismatch(`${name} gradWeight`, grads.gradWeight!.data, ref.dw, ref.dwMag, tolerance(c.dtype, c.N * g.Ho * g.Wo)) ??
      mismatch(`${name} gradBias`, grads.gradBias!.data, ref.db, ref.dbMag, tolerance(c.dtype, c.N * g.Ho * g.Wo));
    if (bad) return bad;
  }
  return null;
}

describe('Conv2D layer: every backend against the float64 oracle', () => {
  it('random configurations (groups, depthwise, stride, dilation, every padding form, kernels up to 7×7)', () => {
    fc.assert(
      fc.property(layerCaseArb(), (c) => {
        const bad = check(c);
        if (bad) throw new Error(`${describeLayer(c)}: ${bad}`);
      }),
      { numRuns: 120 },
    );
  });

  const fixed: Array<Partial<LayerCase> & Pick<LayerCase, 'N' | 'Cin' | 'Cout' | 'H' | 'W' | 'kH' | 'kW'>> = [
    // 'same' with even kernels and stride 2 (asymmetric TF padding), dilation, unequal strides.
    { N: 2, Cin: 3, Cout: 4, H: 9, W: 8, kH: 4, kW: 2, stride: 2, padding: 'same' },
    { N: 1, Cin: 2, Cout: 3, H: 11, W: 10, kH: 3, kW: 5, stride: [2, 3], dilation: [2, 1], padding: 'same' },
    { N: 3, Cin: 4, Cout: 6, H: 7, W: 9, kH: 3, kW: 3, groups: 2, padding: [1, 2, 0, 3] },
    // Depthwise with a channel multiplier, stride 2.
    { N: 1, Cin: 5, Cout: 10, H: 12, W: 11, kH: 3, kW: 3, groups: 5, stride: 2, padding: 1 },
    // 1×1 (the GEMM path) with and without groups, and 1×1 with stride (not the GEMM path).
    { N: 2, Cin: 8, Cout: 7, H: 5, W: 13, kH: 1, kW: 1 },
    { N: 1, Cin: 6, Cout: 4, H: 9, W: 9, kH: 1, kW: 1, groups: 2 },
    { N: 1, Cin: 3, Cout: 5, H: 9, W: 8, kH: 1, kW: 1, stride: 2, padding: [1, 0] },
    // Kernel equal to the padded image: a 1×1 output.
    { N: 2, Cin: 3, Cout: 2, H: 5, W: 4, kH: 7, kW: 6, padding: 1 },
    // A wide image, many pixels per row (vectorised tails).
    { N: 1, Cin: 3, Cout: 9, H: 6, W: 67, kH: 3, kW: 3, padding: 'same' },
    // More channels than the random cases: full register tiles plus odd tails of output channels.
    { N: 1, Cin: 16, Cout: 13, H: 12, W: 21, kH: 3, kW: 3, padding: 1 },
    { N: 2, Cin: 12, Cout: 20, H: 9, W: 17, kH: 3, kW: 3, stride: 2, padding: 1 },
    { N: 1, Cin: 32, Cout: 32, H: 9, W: 33, kH: 3, kW: 3, groups: 32, stride: 2, padding: 1 },
    { N: 1, Cin: 40, Cout: 36, H: 7, W: 11, kH: 1, kW: 1 },
    { N: 1, Cin: 3, Cout: 17, H: 23, W: 21, kH: 7, kW: 7, stride: 2, padding: 3 },
  ];
  for (const f of fixed) {
    for (const dtype of ['float64', 'float32'] as const) {
      const c: LayerCase = {
        groups: 1, stride: 1, dilation: 1, padding: 'valid', bias: true, ...f, dtype,
        seeds: { x: { seed: 1, kind: 'uniform' }, w: { seed: 2, kind: 'uniform' }, b: { seed: 3, kind: 'uniform' }, dy: { seed: 4, kind: 'wide' } },
      };
      it(describeLayer(c), () => expect(check(c)).toBeNull());
    }
  }
});

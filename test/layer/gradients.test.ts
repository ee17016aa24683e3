import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Tensor } from '../../src/index.js';
import { backends } from '../support/backends.js';
import { describeLayer, layerCaseArb, materializeLayer, options, type LayerCase } from '../support/layer-cases.js';

const all = await backends();

/** ⟨a, b⟩ and Σ|a·b| in float64. */
function dot(a: ArrayLike<number>, b: ArrayLike<number>): [number, number] {
  let s = 0;
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    s += a[i]! * b[i]!;
    m += Math.abs(a[i]! * b[i]!);
  }
  return [s, m];
}

describe('Conv2D layer: adjoint identities ⟨Y(X, W), dY⟩ = ⟨X, dX⟩ = ⟨W, dW⟩ (float64, bias 0)', () => {
  it('hold on random configurations, every backend', () => {
    fc.assert(
      fc.property(layerCaseArb({ dtypes: ['float64'] }), (c0) => {
        const c: LayerCase = { ...c0, bias: false };
        const { x, w, dy } = materializeLayer(c);
        for (const { name, cg } of all) {
          const y = cg.conv2dLayer(x, w, null, options(c));
          const { gradInput, gradWeight } = cg.conv2dLayerBackward(x, w, dy, { ...options(c), wrt: { input: true, weight: true } });
          const [yd, ym] = dot(y.data, dy.data);
          const [xd, xm] = dot(x.data, gradInput!.data);
          const [wd, wm] = dot(w.data, gradWeight!.data);
          // Each side is the same sum of products x·w·dy, grouped differently: their difference is
          // round-off, bounded by a few ulps of Σ|terms| of the inner sums plus the outer dot product.
          const scale = Math.max(ym, xm, wm);
          const tol = 1e-13 * scale + Number.MIN_VALUE;
          if (!(Math.abs(yd - xd) <= tol && Math.abs(yd - wd) <= tol)) {
            throw new Error(`${name} ${describeLayer(c)}: ⟨Y,dY⟩ ${yd}, ⟨X,dX⟩ ${xd}, ⟨W,dW⟩ ${wd} (scale ${scale})`);
          }
        }
      }),
      { numRuns: 60 },
    );
  });
});

/**
 * L(X, W, b) = ⟨conv2dLayer(X, W, b), dY⟩ is linear in each argument, so a central difference
 * (L(θ + h·e) − L(θ − h·e)) / 2h is its exact partial derivative up to round-off: with h = 1/8
 * (exact steps in binary) the error is a few ulps of Σ|terms| / h.
 */
describe('Conv2D layer: gradients match central finite differences (float64)', () => {
  const cases: LayerCase[] = [
    { N: 2, Cin: 4, Cout: 6, groups: 2, H: 7, W: 8, kH: 3, kW: 2, stride: [2, 1], dilation: [1, 2], padding: 'same', bias: true, dtype: 'float64',
      seeds: { x: { seed: 11, kind: 'uniform' }, w: { seed: 12, kind: 'uniform' }, b: { seed: 13, kind: 'uniform' }, dy: { seed: 14, kind: 'uniform' } } },
    { N: 1, Cin: 3, Cout: 3, groups: 3, H: 9, W: 6, kH: 4, kW: 3, stride: 3, dilation: 1, padding: [2, 0, 1, 3], bias: true, dtype: 'float64',
      seeds: { x: { seed: 21, kind: 'uniform' }, w: { seed: 22, kind: 'uniform' }, b: { seed: 23, kind: 'uniform' }, dy: { seed: 24, kind: 'uniform' } } },
  ];
  const h = 1 / 8;
  for (const c of cases) {
    for (const { name, cg } of all) {
      it(`${name}: ${describeLayer(c)}`, () => {
        const { x, w, b, dy } = materializeLayer(c);
        const L = (xx: Tensor, ww: Tensor, bb: Tensor) => dot(cg.conv2dLayer(xx, ww, bb, options(c)).data, dy.data);
        const g = cg.conv2dLayerBackward(x, w, dy, options(c));
        const grads: Array<[string, Tensor, Tensor]> = [['input', x, g.gradInput!], ['weight', w, g.gradWeight!], ['bias', b!, g.gradBias!]];
        let checked = 0;
        for (const [what, t, grad] of grads) {
          // Every coordinate of bias and weight; every third of the input.
          const step = what === 'input' ? 3 : 1;
          for (let k = 0; k < t.data.length; k += step) {
            const plus = { data: t.data.slice(), shape: t.shape };
            const minus = { data: t.data.slice(), shape: t.shape };
            plus.data[k]! += h;
            minus.data[k]! -= h;
            const args = (v: Tensor): [Tensor, Tensor, Tensor] => [what === 'input' ? v : x, what === 'weight' ? v : w, what === 'bias' ? v : b!];
            const [lp, mp] = L(...args(plus));
            const [lm, mm] = L(...args(minus));
            const fd = (lp - lm) / (2 * h);
            const tol = (1e-13 * (mp + mm)) / h;
            expect(Math.abs(fd - grad.data[k]!), `${what}[${k}]: fd ${fd} vs ${grad.data[k]}`).toBeLessThanOrEqual(tol);
            checked++;
          }
        }
        expect(checked).toBeGreaterThan(50);
      });
    }
  }
});

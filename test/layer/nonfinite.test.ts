import { describe, expect, it } from 'vitest';
import { backends } from '../support/backends.js';
import { materializeLayer, options, type LayerCase } from '../support/layer-cases.js';
import { oracleLayer } from '../support/layer-oracle.js';

const all = await backends();

/**
 * The layer computes directly (no FFT), so NaN and ±Inf propagate like PyTorch's: a NaN or
 * Inf in the input reaches exactly the outputs (and weight-gradient taps) whose sums read that
 * pixel, one in gradOutput the input-gradient pixels and bias entries it feeds and every
 * weight-gradient tap it meets, and — as in PyTorch, whose forward and weight gradient multiply
 * the zero padding (checked with torch 1.13) — a non-finite weight or gradOutput times a
 * padding zero is NaN there. (PyTorch's input gradient sums over real gradOutput entries only;
 * a non-finite weight in gradInput is not covered here: see the README.)
 * The float64 oracle, which sums the same terms over the padded input, says which: its class
 * (NaN, +Inf, −Inf, finite) must match element by element — summation order cannot change a
 * class here, as finite terms are far from overflow.
 */
const kind = (v: number) => (Number.isNaN(v) ? 'NaN' : v === Infinity ? '+Inf' : v === -Infinity ? '-Inf' : 'finite');

function sameClasses(what: string, got: ArrayLike<number>, ref: Float64Array): void {
  let nonFinite = 0;
  for (let i = 0; i < ref.length; i++) {
    if (kind(got[i]!) !== kind(ref[i]!)) throw new Error(`${what}[${i}]: ${got[i]} where the oracle has ${ref[i]}`);
    if (kind(ref[i]!) !== 'finite') nonFinite++;
  }
  // The case must exercise propagation (and leave some outputs finite).
  expect(nonFinite, what).toBeGreaterThan(0);
  expect(nonFinite, what).toBeLessThan(ref.length);
}

const seeds = { x: { seed: 31, kind: 'uniform' }, w: { seed: 32, kind: 'uniform' }, b: { seed: 33, kind: 'uniform' }, dy: { seed: 34, kind: 'uniform' } } as const;
const configs: LayerCase[] = [
  { N: 2, Cin: 3, Cout: 4, groups: 1, H: 9, W: 10, kH: 3, kW: 3, stride: 1, dilation: 1, padding: 'same', bias: true, dtype: 'float64', seeds },
  { N: 1, Cin: 4, Cout: 4, groups: 4, H: 11, W: 9, kH: 3, kW: 3, stride: 2, dilation: 1, padding: 1, bias: true, dtype: 'float32', seeds },
  // Depthwise 3×3 at stride 1: two output rows per tile (and a last single row), a multiplier.
  { N: 1, Cin: 3, Cout: 6, groups: 3, H: 9, W: 21, kH: 3, kW: 3, stride: 1, dilation: 1, padding: 1, bias: true, dtype: 'float32', seeds },
  { N: 1, Cin: 4, Cout: 6, groups: 2, H: 8, W: 12, kH: 2, kW: 4, stride: [1, 2], dilation: [2, 1], padding: 'same', bias: false, dtype: 'float32', seeds },
  { N: 2, Cin: 5, Cout: 3, groups: 1, H: 6, W: 7, kH: 1, kW: 1, stride: 1, dilation: 1, padding: 'valid', bias: true, dtype: 'float64', seeds },
];

describe('Conv2D layer: NaN and ±Inf propagate like PyTorch (direct summation)', () => {
  for (const c of configs) {
    for (const { name, cg } of all) {
      it(`${name}: x [${c.N},${c.Cin},${c.H},${c.W}] w ${c.kH}×${c.kW} groups ${c.groups} ${c.dtype}`, () => {
        const { x, w, b, dy } = materializeLayer(c);
        const plane = c.H * c.W;
        x.data[3] = NaN; // near a corner of channel 0, image 0
        x.data[plane + Math.floor(plane / 2)] = Infinity; // the middle of channel 1
        x.data[x.data.length - 1] = -Infinity; // the last pixel
        dy.data[1] = NaN;
        dy.data[dy.data.length - 2] = Infinity;
        // Finite weights first: every pass.
        const ref = oracleLayer(x.data, x.shape, w.data, w.shape, b?.data ?? null, dy.data, options(c));
        const y = cg.conv2dLayer(x, w, b, options(c));
        const g = cg.conv2dLayerBackward(x, w, dy, options(c));
        sameClasses('forward', y.data, ref.y);
        sameClasses('gradInput', g.gradInput!.data, ref.dx);
        sameClasses('gradBias', g.gradBias!.data, ref.db);
        sameClasses('gradWeight', g.gradWeight!.data, ref.dw);
        // Non-finite values in dY only: the weight gradient's NaNs come from padding alone.
        const clean = materializeLayer(c);
        const ref2 = oracleLayer(clean.x.data, x.shape, w.data, w.shape, null, dy.data, options(c));
        sameClasses('gradWeight (finite x)', cg.conv2dLayerBackward(clean.x, w, dy, { ...options(c), wrt: { weight: true } }).gradWeight!.data, ref2.dw);
        // A non-finite weight: the forward pass meets the padding with it (−Inf·0 = NaN).
        const wBad = { data: w.data.slice(), shape: w.shape };
        wBad.data[wBad.data.length - 1] = -Infinity; // the last tap of the last output channel
        const ref3 = oracleLayer(clean.x.data, x.shape, wBad.data, w.shape, b?.data ?? null, null, options(c));
        sameClasses('forward (−Inf weight)', cg.conv2dLayer(clean.x, wBad, b, options(c)).data, ref3.y);
      });
    }
  }
});

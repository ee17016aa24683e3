import fc from 'fast-check';
import { describe, it } from 'vitest';
import { backends } from '../support/backends.js';
import { fillValues, valueSpecArb, type DTypeName } from '../support/random.js';
import { mismatch, tolerance } from '../support/layer-cases.js';
import { oracleLayer } from '../support/layer-oracle.js';

const all = await backends();

/**
 * The seed document's single-channel identities (N = Cin = Cout = 1, stride 1, dilation 1,
 * 'same'): forward = correlate2d(X, W, 'same') for every kernel size, and the input gradient
 * = correlate2d(dY, rot180(W), 'same') for odd kernels. With integer values every sum is exact,
 * so the two paths must agree bit for bit; with real values, each is within round-off of the
 * exact sum, so they differ by at most twice the bound, relative to Σ|terms| (from the oracle).
 */
describe("Conv2D layer: the seed's single-channel identities", () => {
  const arb = fc.record({
    m: fc.integer({ min: 1, max: 17 }),
    n: fc.integer({ min: 1, max: 17 }),
    k: fc.integer({ min: 1, max: 7 }),
    l: fc.integer({ min: 1, max: 7 }),
    dtype: fc.constantFrom<DTypeName>('float32', 'float64'),
    xs: valueSpecArb,
    ws: valueSpecArb,
    dys: valueSpecArb,
  });

  for (const { name, cg } of all) {
    it(`${name}: forward = correlate2d(X, W, 'same'); dX = correlate2d(dY, rot180(W), 'same') for odd kernels`, () => {
      fc.assert(
        fc.property(arb, ({ m, n, k, l, dtype, xs, ws, dys }) => {
          const Ctor = dtype === 'float32' ? Float32Array : Float64Array;
          const x = new Ctor(fillValues(m * n, xs));
          const w = new Ctor(fillValues(k * l, ws));
          const dy = new Ctor(fillValues(m * n, dys));
          const exact = xs.kind === 'integers' && ws.kind === 'integers' && dys.kind === 'integers';
          const { yMag, dxMag } = oracleLayer(x, [1, 1, m, n], w, [1, 1, k, l], null, dy, { padding: 'same' });
          const y = cg.conv2dLayer({ data: x, shape: [1, 1, m, n] }, { data: w, shape: [1, 1, k, l] }, null, { padding: 'same' });
          const ref = cg.correlate2d({ data: x, rows: m, cols: n }, { data: w, rows: k, cols: l }, 'same', { method: 'direct' });
          compare('forward', y.data, ref.data, yMag, exact, dtype, k * l);
          if (k % 2 === 1 && l % 2 === 1) {
            const { gradInput } = cg.conv2dLayerBackward(
              { data: x, shape: [1, 1, m, n] }, { data: w, shape: [1, 1, k, l] }, { data: dy, shape: [1, 1, m, n] },
              { padding: 'same', wrt: { input: true } },
            );
            const rot = w.slice().reverse();
            const ref2 = cg.correlate2d({ data: dy, rows: m, cols: n }, { data: rot, rows: k, cols: l }, 'same', { method: 'direct' });
            compare('gradInput', gradInput!.data, ref2.data, dxMag, exact, dtype, k * l);
          }
        }),
        { numRuns: 150 },
      );
    });
  }
});

/** Bitwise when exact; else within twice the round-off bound of one summation. */
function compare(
  what: string, got: ArrayLike<number>, ref: ArrayLike<number>, mag: Float64Array, exact: boolean, dtype: DTypeName, terms: number,
): void {
  if (exact) {
    for (let i = 0; i < ref.length; i++) {
      if (got[i] !== ref[i]) throw new Error(`${what}[${i}]: ${got[i]} vs ${ref[i]} (exact integers)`);
    }
    return;
  }
  const bad = mismatch(what, got, Float64Array.from(ref), mag, 2 * tolerance(dtype, terms));
  if (bad) throw new Error(bad);
}

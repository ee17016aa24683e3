/**
 * The FFT path (options.method 'fft') of the WebAssembly backends against the float64 oracle, on
 * the same random shapes as the direct path: every mode, convention and dtype, kernels larger
 * than the image, and every function.
 *
 * Tolerance: an FFT spreads each rounding error over everything it transforms, so its error is
 * bounded relative to the scale of the whole circular product, not entry by entry and not just
 * the crop a mode keeps: |error| ≤ tol · S, with S the largest entry of the full product of the
 * absolute values — full(|x| ∗ |h|) for the forward; for the gradients full(|E| ⋆ |h|) and
 * full(|E| ⋆ |x|), E the residual's absolute-value bound |A||v| + |y| in its zero canvas. The
 * FFT's own error is ~ε·log₂N (Higham §24.1), ≲ 1e-15 (f64) and ≲ 1e-6 (f32) here, so
 * tol = 1e-12 (f64) and 1e-5 (f32) — the documented FFT accuracy.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Convgrad, Matrix } from '../src/index.js';
import { backends } from './support/backends.js';
import * as O from './support/oracle.js';
import { caseArb, describeCase, materialize, type Case } from './support/random.js';

const wasm = (await backends()).filter((b) => b.name !== 'js');
const TOL = { float32: 1e-5, float64: 1e-12 } as const;
const NUM_RUNS = 60;

function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]!));
  return m;
}

function close(what: string, got: Matrix, want: ArrayLike<number>, scale: number, c: Case): void {
  expect(got.data, what).toBeInstanceOf(c.dtype === 'float32' ? Float32Array : Float64Array);
  expect(got.data.length, what).toBe(want.length);
  const bound = TOL[c.dtype] * scale;
  for (let i = 0; i < want.length; i++) {
    const err = Math.abs(got.data[i]! - want[i]!);
    if (!(err <= bound)) throw new Error(`${what}[${i}]: got ${got.data[i]}, want ${want[i]}, |err| ${err} > ${bound}`);
  }
}

function check(cg: Convgrad, c: Case): void {
  const { x, h, y, xo, ho } = materialize(c);
  const opts = { convention: c.convention, method: 'fft' as const };
  const xa = O.absMat(xo);
  const ha = O.absMat(ho);
  const forwardScale = maxAbs(O.fullConv(xa, ha).data);
  close('conv2d', cg.conv2d(x, h, c.mode, opts), O.conv2d(xo, ho, c.mode, c.convention).data, forwardScale, c);
  close('correlate2d', cg.correlate2d(x, h, c.mode, opts), O.correlate2d(xo, ho, c.mode, c.convention).data, forwardScale, c);

  const Ah = O.kernelOperator(xo, ho, c.mode, c.convention);
  const Ax = O.imageOperator(ho, xo, c.mode, c.convention);
  const got = cg.valueAndGrad(x, h, y, c.mode, opts);
  // The residual's bound |A||v| + |y|, placed in the full-size zero canvas at the mode's crop.
  const rScale = O.residualScale(Ah, ho.data, y.data);
  const cr = O.cropOf('conv', c.mode, c.convention, c.m, c.n, c.k, c.l);
  const E = O.omat(c.m + c.k - 1, c.n + c.l - 1);
  for (let i = 0; i < cr.rows; i++) for (let j = 0; j < cr.cols; j++) E.data[(i + cr.r0) * E.cols + j + cr.c0] = rScale[i * cr.cols + j]!;
  // The residual carries the forward's error (≤ tol·forwardScale per entry) into ½‖r‖².
  let rAbs = 0;
  for (const v of rScale) rAbs += v;
  const value = O.objective(Ah, ho.data, y.data);
  // (The last term: entries whose exact residual is 0 still carry the FFT's error, squared.)
  const fwdErr = TOL[c.dtype] * forwardScale;
  expect(Math.abs(got.value - value), `${describeCase(c)} objective`).toBeLessThanOrEqual(
    2 * fwdErr * rAbs + 4 * TOL[c.dtype] * O.objectiveScale(Ah, ho.data, y.data) + 0.5 * rScale.length * fwdErr * fwdErr,
  );
  // Gradients: the forward's error enters through r, then the adjoint FFT adds its own.
  const gk = maxAbs(O.fullCorr(E, xa).data) + forwardScale * xa.data.reduce((s, v) => s + v, 0);
  const gi = maxAbs(O.fullCorr(E, ha).data) + forwardScale * ha.data.reduce((s, v) => s + v, 0);
  close('gradKernel', got.gradKernel!, O.gradient(Ah, ho.data, y.data), gk, c);
  close('gradImage', got.gradImage!, O.gradient(Ax, xo.data, y.data), gi, c);
}

describe.each(wasm.map((b) => [b.name, b.cg] as const))('%s, method fft, vs oracle', (_name, cg) => {
  it('every function, mode, convention and dtype on random shapes', () => {
    fc.assert(
      fc.property(caseArb(), (c) => {
        try {
          check(cg, c);
        } catch (e) {
          throw new Error(`${describeCase(c)}: ${(e as Error).message}`);
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('kernels larger than the image (full, same)', () => {
    fc.assert(
      fc.property(caseArb({ modes: ['full', 'same'], maxImage: 6 }), (c) => {
        fc.pre(c.k > c.m || c.l > c.n);
        check(cg, c);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("'auto' gives the direct result where direct is cheaper and the FFT result where FFT is", () => {
    const make = (r: number, c: number) => ({ data: Float64Array.from({ length: r * c }, (_, i) => Math.sin(i * 0.37)), rows: r, cols: c });
    const small = [make(40, 40), make(3, 3)] as const;
    expect(cg.conv2d(...small, 'valid').data).toEqual(cg.conv2d(...small, 'valid', { method: 'direct' }).data);
    const big = [make(300, 300), make(41, 41)] as const;
    expect(cg.conv2d(...big, 'valid').data).toEqual(cg.conv2d(...big, 'valid', { method: 'fft' }).data);
  });
});

describe('the JS baseline has no FFT path', () => {
  it("rejects method 'fft' and computes 'auto' directly", async () => {
    const js = (await backends()).find((b) => b.name === 'js')!.cg;
    const x = { data: new Float64Array(9).fill(1), rows: 3, cols: 3 };
    expect(() => js.conv2d(x, x, 'full', { method: 'fft' })).toThrow(/method 'fft' needs a WebAssembly backend/);
    expect(() => js.conv2d(x, x, 'full', { method: 'fast' as never })).toThrow(/options\.method must be 'auto', 'direct' or 'fft'/);
    expect(js.conv2d(x, x, 'full', { method: 'auto' }).data[12]).toBe(9);
  });
});

/**
 * One backend vs the oracle on one concrete problem: every public function, tolerances from
 * check.ts. Shared by the property tests and the named edge cases. Calls force method 'direct':
 * these per-entry bounds are the direct kernels' (the FFT path, whose error is bounded relative
 * to the whole product, has its own tests in fft-conv.test.ts).
 *
 * Term counts (n in γ_n) per output entry, x m×n, h k×l, output R×C:
 *  - conv2d / correlate2d: k·l products, +1 for a final rounding into the output dtype
 *    (a backend may accumulate in a wider type) -> nTerms = k·l + 1.
 *  - residual r = A·v − y: k·l products and one subtraction, +1 for rounding r to the dtype
 *    -> nF = k·l + 2; its error is ≤ γ_nF·(|A||v| + |y|).
 *  - ∇ = Aᵀ r̂: R·C products per kernel tap (∇ₕ), k·l per pixel (∇ₓ), +1 final rounding;
 *    with the residual's error carried through Aᵀ the bound is (γ_nF + γ_nA)·|A|ᵀ(|A||v| + |y|).
 *  - ½‖r̂‖²: |r̂ᵢ² − rᵢ²| ≤ γ_nF·sᵢ²·(2 + γ) with sᵢ = (|A||v| + |y|)ᵢ, so the value is within
 *    γ_nF·Σsᵢ² (dtype eps), plus float64 accumulation of R·C squares: γ_{RC+2}·Σsᵢ² (2^-52).
 */
import type { Convention, Convgrad, Matrix, Mode } from '../../src/index.js';
import { assertClose, assertSameBits, assertScalarClose, C, EPS, EPS64 } from './check.js';
import * as O from './oracle.js';
import type { DTypeName, Inputs } from './random.js';

export function verifyForward(cg: Convgrad, inp: Inputs, mode: Mode, convention: Convention, dtype: DTypeName, tag = ''): void {
  const { x, h, xo, ho } = inp;
  const nTerms = h.rows * h.cols + 1;
  const z = cg.conv2d(x, h, mode, { convention, method: 'direct' as const });
  assertClose(`${tag}conv2d`, z, O.conv2d(xo, ho, mode, convention), O.convScale(xo, ho, mode, convention).data, nTerms, dtype);
  const c = cg.correlate2d(x, h, mode, { convention, method: 'direct' as const });
  assertClose(
    `${tag}correlate2d`,
    c,
    O.correlate2d(xo, ho, mode, convention),
    O.corrScale(xo, ho, mode, convention).data,
    nTerms,
    dtype,
  );
}

export interface LeastSquaresReference {
  value: number;
  valueTol: number;
  gradKernel: Float64Array;
  gradKernelScale: Float64Array;
  gradImage: Float64Array;
  gradImageScale: Float64Array;
  nKernel: number;
  nImage: number;
}

export function leastSquaresReference(inp: Inputs, mode: Mode, convention: Convention, dtype: DTypeName): LeastSquaresReference {
  const { xo, ho, yo } = inp;
  const Ah = O.kernelOperator(xo, ho, mode, convention);
  const Ax = O.imageOperator(ho, xo, mode, convention);
  const kl = ho.rows * ho.cols;
  const RC = yo.rows * yo.cols;
  const nF = kl + 2;
  return {
    value: O.objective(Ah, ho.data, yo.data),
    valueTol: C * (nF * EPS[dtype] + (RC + 2) * EPS64) * O.objectiveScale(Ah, ho.data, yo.data),
    gradKernel: O.gradient(Ah, ho.data, yo.data),
    gradKernelScale: O.gradientScale(Ah, ho.data, yo.data),
    gradImage: O.gradient(Ax, xo.data, yo.data),
    gradImageScale: O.gradientScale(Ax, xo.data, yo.data),
    nKernel: nF + RC + 1,
    nImage: nF + kl + 1,
  };
}

/** objective, gradKernel, gradImage and valueAndGrad (all three wrt) against the oracle and each other. */
export function verifyLeastSquares(
  cg: Convgrad,
  inp: Inputs,
  mode: Mode,
  convention: Convention,
  dtype: DTypeName,
  tag = '',
): void {
  const { x, h, y } = inp;
  const ref = leastSquaresReference(inp, mode, convention, dtype);
  const gkWant = { rows: h.rows, cols: h.cols, data: ref.gradKernel };
  const giWant = { rows: x.rows, cols: x.cols, data: ref.gradImage };

  const value = cg.objective(x, h, y, mode, { convention, method: 'direct' as const });
  assertScalarClose(`${tag}objective`, value, ref.value, ref.valueTol);

  const gk = cg.gradKernel(x, h, y, mode, { convention, method: 'direct' as const });
  assertClose(`${tag}gradKernel`, gk, gkWant, ref.gradKernelScale, ref.nKernel, dtype);
  const gi = cg.gradImage(x, h, y, mode, { convention, method: 'direct' as const });
  assertClose(`${tag}gradImage`, gi, giWant, ref.gradImageScale, ref.nImage, dtype);

  const both = cg.valueAndGrad(x, h, y, mode, { convention, method: 'direct' as const });
  const onlyK = cg.valueAndGrad(x, h, y, mode, { convention, method: 'direct' as const, wrt: 'kernel' });
  const onlyI = cg.valueAndGrad(x, h, y, mode, { convention, method: 'direct' as const, wrt: 'image' });
  for (const [w, r] of [['both', both], ['kernel', onlyK], ['image', onlyI]] as const) {
    // The same computation as objective(): the very same number.
    if (!Object.is(r.value, value)) {
      throw new Error(`${tag}valueAndGrad(wrt '${w}').value ${r.value} !== objective ${value}`);
    }
  }
  if (onlyK.gradImage !== undefined) throw new Error(`${tag}valueAndGrad(wrt 'kernel') returned gradImage`);
  if (onlyI.gradKernel !== undefined) throw new Error(`${tag}valueAndGrad(wrt 'image') returned gradKernel`);
  // Gradients equal the separate calls bit for bit (and therefore also match the oracle).
  assertSameBits(`${tag}valueAndGrad(both).gradKernel vs gradKernel`, both.gradKernel as Matrix, gk);
  assertSameBits(`${tag}valueAndGrad(both).gradImage vs gradImage`, both.gradImage as Matrix, gi);
  assertSameBits(`${tag}valueAndGrad(kernel).gradKernel vs gradKernel`, onlyK.gradKernel as Matrix, gk);
  assertSameBits(`${tag}valueAndGrad(image).gradImage vs gradImage`, onlyI.gradImage as Matrix, gi);
}

/**
 * Property tests: every backend against the independent float64 oracle (test/support/oracle.ts)
 * on random shapes (image 1..40 × 1..40, kernel 1..9 × 1..9, kernels larger than the image in
 * 'full'/'same'), every mode, both conventions, both dtypes.
 *
 * Tolerance (see test/support/check.ts and verify.ts): per entry
 *     |library − oracle| ≤ 2 · nTerms · eps · scale,
 * eps = 2^-52 (float64) or 2^-23 (float32), scale = the same operator applied to absolute
 * values (conv2d(|x|, |h|) for the forward, |A|ᵀ(|A||v| + |y|) for gradients), nTerms the
 * number of rounded operations per entry (k·l + 1 forward; k·l + 2 + R·C + 1 for ∇ₕ,
 * k·l + 2 + k·l + 1 for ∇ₓ). This is the textbook bound for a sum in any order (γ_n ≤ n·u·(1+ε),
 * u = eps/2), counted once for the library and once for the oracle, so it cannot fail for a
 * correct implementation, while any wrong index, crop, flip or dropped term is far outside it.
 * The result dtype must equal the input dtype (checked in assertClose).
 */
import { describe, it } from 'vitest';
import fc from 'fast-check';
import { backends } from './support/backends.js';
import { caseArb, describeCase, materialize, type Case } from './support/random.js';
import { verifyForward, verifyLeastSquares } from './support/verify.js';

const all = await backends();
const NUM_RUNS = 80;

function run(c: Case, body: () => void): void {
  try {
    body();
  } catch (e) {
    throw new Error(`${describeCase(c)}: ${(e as Error).message}`);
  }
}

describe.each(all.map((b) => [b.name, b] as const))('%s vs oracle', (_name, { cg }) => {
  it('conv2d and correlate2d, every mode, both conventions and dtypes', () => {
    fc.assert(
      fc.property(caseArb(), (c) => {
        run(c, () => verifyForward(cg, materialize(c), c.mode, c.convention, c.dtype));
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('conv2d and correlate2d with the kernel larger than the image (full, same)', () => {
    fc.assert(
      fc.property(caseArb({ modes: ['full', 'same'], maxImage: 6 }), (c) => {
        fc.pre(c.k > c.m || c.l > c.n);
        run(c, () => verifyForward(cg, materialize(c), c.mode, c.convention, c.dtype));
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('objective, gradKernel, gradImage and valueAndGrad (every wrt)', () => {
    fc.assert(
      fc.property(caseArb(), (c) => {
        run(c, () => verifyLeastSquares(cg, materialize(c), c.mode, c.convention, c.dtype));
      }),
      { numRuns: NUM_RUNS },
    );
  });
});

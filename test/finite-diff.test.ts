/**
 * Central finite differences of objective() against gradKernel()/gradImage(), float64, every
 * mode and both conventions, for a few entries of h and of x (first, last, one random).
 *
 * f(v) = ½‖A v − y‖² is quadratic in v, so the central difference
 *     (f(v + t·e) − f(v − t·e)) / (2t) = ∇f·e           exactly, for ANY step t;
 * the only error is round-off: if each evaluation of f is within δf of the exact value, the
 * difference quotient is within δf/t. δf is bounded like the value tolerance in verify.ts:
 *     δf ≤ 2·((k·l + 2) + (R·C + 2))·eps·Σᵢ sᵢ²,  s = |A|·|v ± t·e| + |y|,
 * computed per evaluation point with the oracle's absolute-value operator. The library's own
 * gradient is within 2·nTerms·eps·(|A|ᵀ s) (verify.ts). Both are added to form the tolerance.
 *
 * Two steps are used: t = 2^-17·max(1, |v_j|) (≈ 1e-5, the classic choice; tolerance ~δf/t is
 * then looser), and t = 1/2 (legal because f is exactly quadratic; makes δf/t ~1e5 times
 * smaller, so the check is tight). Values come from the 'uniform'/'integers'/'sparse' kinds
 * (|v| ≤ 4, multiples of 2^-43), so v ± t is exact in float64 and the step is exactly t.
 */
import { describe, it } from 'vitest';
import fc from 'fast-check';
import type { Convgrad, Matrix, Mode, Convention } from '../src/index.js';
import { backends } from './support/backends.js';
import { EPS64 } from './support/check.js';
import * as O from './support/oracle.js';
import { CONVENTIONS, MODES, makeMatrix, fillValues, shapesArb, type ValueKind } from './support/random.js';

const all = await backends();

const specArb = fc.record({
  seed: fc.integer({ min: 0, max: 0x7fffffff }),
  kind: fc.constantFrom<ValueKind>('uniform', 'integers', 'sparse'),
});

function bumped(m: Matrix, j: number, t: number): Matrix {
  const d = m.data.slice();
  d[j] = d[j]! + t;
  if (d[j]! - m.data[j]! !== t) throw new Error('step not exact');
  return { data: d, rows: m.rows, cols: m.cols };
}

/** |v| with |v_j| + t at j: bounds |v ± t e_j| entrywise. */
function absBumped(v: ArrayLike<number>, j: number, t: number): Float64Array {
  const a = Float64Array.from(v, Math.abs);
  a[j] = a[j]! + t;
  return a;
}

function checkEntries(
  what: 'kernel' | 'image',
  cg: Convgrad,
  x: Matrix,
  h: Matrix,
  y: Matrix,
  mode: Mode,
  convention: Convention,
  indices: number[],
  A: O.Operator,
  v: Matrix,
  yo: Float64Array,
): void {
  const grad = what === 'kernel' ? cg.gradKernel(x, h, y, mode, { convention }) : cg.gradImage(x, h, y, mode, { convention });
  const kl = h.rows * h.cols;
  const RC = y.rows * y.cols;
  const nValue = kl + 2 + RC + 2;
  const nGrad = kl + 2 + (what === 'kernel' ? RC : kl) + 1;
  const gScale = O.gradientScale(A, v.data, yo);
  const f = (vv: Matrix) => (what === 'kernel' ? cg.objective(x, vv, y, mode, { convention }) : cg.objective(vv, h, y, mode, { convention }));

  for (const j of indices) {
    const g = grad.data[j]!;
    for (const t of [2 ** -17 * Math.max(1, Math.abs(v.data[j]!)), 0.5]) {
      const fp = f(bumped(v, j, t));
      const fm = f(bumped(v, j, -t));
      const fd = (fp - fm) / (2 * t);
      // Each evaluation point lies in |v| + t·e_j entrywise, so one scale bounds both.
      const sSq = O.objectiveScale(A, absBumped(v.data, j, t), yo);
      const deltaF = 2 * nValue * EPS64 * sSq;
      const tol = deltaF / t + 2 * nGrad * EPS64 * gScale[j]!;
      if (!(Math.abs(fd - g) <= tol)) {
        throw new Error(
          `∂f/∂${what === 'kernel' ? 'h' : 'x'}[${j}] (x ${x.rows}×${x.cols}, h ${h.rows}×${h.cols}, step ${t}): ` +
            `central difference ${fd}, gradient ${g}, |diff| ${Math.abs(fd - g)} > tol ${tol}`,
        );
      }
    }
  }
}

const combos = MODES.flatMap((mode) => CONVENTIONS.map((convention) => [mode, convention] as const));

describe.each(all.map((b) => [b.name, b] as const))('%s: gradients = central finite differences of objective', (_n, { cg }) => {
  it.each(combos)("mode '%s', convention %s", (mode, convention) => {
    fc.assert(
      fc.property(
        shapesArb(mode, { maxImage: 24 }),
        specArb,
        specArb,
        specArb,
        fc.nat(),
        fc.nat(),
        ({ m, n, k, l }, xs, hs, ys, pickH, pickX) => {
          const xv = fillValues(m * n, xs);
          const hv = fillValues(k * l, hs);
          const x = makeMatrix(m, n, xv, 'float64');
          const h = makeMatrix(k, l, hv, 'float64');
          const cr = O.cropOf('conv', mode, convention, m, n, k, l);
          const yv = fillValues(cr.rows * cr.cols, ys);
          const y = makeMatrix(cr.rows, cr.cols, yv, 'float64');
          const xo = O.omat(m, n, xv);
          const ho = O.omat(k, l, hv);
          const yo = Float64Array.from(yv);

          const Ah = O.kernelOperator(xo, ho, mode, convention);
          const hIdx = [...new Set([0, k * l - 1, pickH % (k * l)])];
          checkEntries('kernel', cg, x, h, y, mode, convention, hIdx, Ah, h, yo);

          const Ax = O.imageOperator(ho, xo, mode, convention);
          const xIdx = [...new Set([0, m * n - 1, pickX % (m * n)])];
          checkEntries('image', cg, x, h, y, mode, convention, xIdx, Ax, x, yo);
        },
      ),
      { numRuns: 25 },
    );
  });
});
